// The /api/v1 route modules, in one explicit list (registered behind X-Api-Key auth).
import type { FastifyInstance } from 'fastify';
import { v1ModuleRoutes } from './modules.ts';
import { v1StateRoutes } from './states.ts';

export const V1_ROUTE_MODULES: Array<(app: FastifyInstance) => Promise<void>> = [v1StateRoutes, v1ModuleRoutes];
