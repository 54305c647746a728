// What every route can reach: decorated onto the Fastify instance (see declare module below).
import type { ServiceStatus } from '../../contracts/services.ts';
import type { Pool } from '../db/pool.ts';
import type { ServerEnv } from '../env.ts';

export interface ApiContext {
  env: ServerEnv;
  db: Pool;
  /** Latest service states pushed by the supervisor over IPC (empty when run without one). */
  services: () => ServiceStatus[];
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: ApiContext;
  }
}
