// The public listener's routes, in one explicit list (no directory scanning).
import type { FastifyInstance } from 'fastify';
import { healthRoutes } from './health/index.ts';

export async function registerPublicRoutes(app: FastifyInstance): Promise<void> {
  await app.register(healthRoutes);
}
