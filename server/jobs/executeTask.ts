// The one code path that runs a task: the worker thread calls it for every job, and tests call it
// inline (on the main thread) through runTaskInline.
import { randomUUID } from 'node:crypto';
import { threadId } from 'node:worker_threads';
import type { Pool } from '../db/pool.ts';
import { createLogger, type Logger } from '../runtime/logger.ts';
import type { AnyTask, PropsOf, ResultOf, TaskContext, TaskName, TaskRegistry } from './task.ts';

/** What the runner posts to a worker thread for one job. */
export interface TaskMessage {
  task: string;
  props: object;
  job: { id: string; retryCount: number };
}

/** What the caller owns and lends to the task: a pool (opened lazily) and a logger. */
export interface TaskResources {
  db: () => Pool;
  filesDir: string;
  log: Logger;
}

export async function executeTask(registry: TaskRegistry, message: TaskMessage, resources: TaskResources): Promise<unknown> {
  const task: AnyTask | undefined = registry.tasks.find((t) => t.name === message.task);
  if (!task) throw new Error(`unknown job task "${message.task}"`);
  const log = resources.log.child({ task: task.name, jobId: message.job.id, attempt: message.job.retryCount });
  const ctx: TaskContext = {
    get db() {
      return resources.db();
    },
    filesDir: resources.filesDir,
    log,
    threadId,
    job: message.job,
  };
  const started = performance.now();
  const result = await task.run(message.props, ctx);
  log.debug({ ms: Math.round(performance.now() - started) }, 'job task done');
  return result;
}

/** Runs a task on the calling thread, exactly as a worker would, with a pool the caller owns. */
export async function runTaskInline<const Tasks extends readonly AnyTask[], N extends TaskName<Tasks>>(
  registry: TaskRegistry<Tasks>,
  name: N,
  props: PropsOf<Tasks, N>,
  resources: { db: Pool; filesDir?: string; log?: Logger },
): Promise<ResultOf<Tasks, N>> {
  const log = resources.log ?? createLogger('jobs', 'silent');
  const message: TaskMessage = { task: name, props, job: { id: `inline-${randomUUID()}`, retryCount: 0 } };
  return (await executeTask(registry, message, { db: () => resources.db, filesDir: resources.filesDir ?? '', log })) as ResultOf<Tasks, N>;
}
