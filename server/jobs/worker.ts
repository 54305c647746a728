// Piscina worker thread entry: loads the task registry named in workerData and runs one job per call.
// The thread owns a small pg pool, opened on the first task that touches `ctx.db`. Its idle
// connections close after 30 s (server/db/pool.ts), before the runner's thread idle timeout ends the
// thread, so an idle thread holds no connection; a thread ended mid-use just drops its sockets.
import { workerData } from 'node:worker_threads';
import { createPool, type Pool } from '../db/pool.ts';
import { createLogger } from '../runtime/logger.ts';
import { executeTask, type TaskMessage, type TaskResources } from './executeTask.ts';
import type { TaskRegistry } from './task.ts';

export interface WorkerConfig {
  registryUrl: string;
  connectionString: string;
  filesDir: string;
  logLevel: string;
  /** Connections per thread. */
  poolSize: number;
}

const config = workerData as WorkerConfig;
const log = createLogger('jobs', config.logLevel);
let pool: Pool | undefined;
let registry: Promise<TaskRegistry> | undefined;

const resources: TaskResources = {
  db: () => {
    pool ??= createPool(config.connectionString, config.poolSize);
    return pool;
  },
  filesDir: config.filesDir,
  log,
};

async function loadRegistry(): Promise<TaskRegistry> {
  const module = (await import(config.registryUrl)) as { registry?: TaskRegistry };
  if (!module.registry) throw new Error(`${config.registryUrl} does not export a task registry`);
  return module.registry;
}

export default async function runJob(message: TaskMessage): Promise<unknown> {
  registry ??= loadRegistry();
  return executeTask(await registry, message, resources);
}
