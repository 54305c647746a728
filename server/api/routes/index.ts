// The public listener's routes, in one explicit list (no directory scanning).
import type { FastifyInstance } from 'fastify';
import { authRoutes } from './auth/index.ts';
import { healthRoutes } from './health/index.ts';
import { instanceRoutes } from './instance/index.ts';
import { pubRoutes } from './pub/index.ts';
import { userRoutes } from './users/index.ts';

export async function registerPublicRoutes(app: FastifyInstance): Promise<void> {
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(instanceRoutes);
  await app.register(userRoutes);
  await app.register(pubRoutes);
}
