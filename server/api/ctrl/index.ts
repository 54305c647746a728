// The control listener's routes (/ctrl/…): 127.0.0.1 only, bearer secret, never proxied by Caddy.
import type { FastifyInstance } from 'fastify';
import { liveCtrlRoutes } from './live.ts';

export async function registerCtrlRoutes(app: FastifyInstance): Promise<void> {
  app.get('/ctrl/ping', async () => ({ ok: true }));
  await app.register(liveCtrlRoutes);
}
