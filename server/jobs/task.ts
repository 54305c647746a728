// What a job is: a named task with typed props, retry options and an optional cron schedule.
// Tasks live one per file in ./tasks/ and are registered in the one explicit list ./tasks/index.ts.
import type { Pool } from '../db/pool.ts';
import type { Logger } from '../runtime/logger.ts';

/** Retry policy, applied to the task's pg-boss queue (and so to every job sent to it). */
export interface RetryOptions {
  /** Attempts after the first before the job is dead-lettered. */
  retryLimit: number;
  /** Seconds before the first retry. */
  retryDelay: number;
  /** Exponential backoff from `retryDelay` (roughly retryDelay * 2^attempt, with jitter). */
  retryBackoff: boolean;
  /** Ceiling for a backed-off delay, in seconds. */
  retryDelayMax?: number;
}

export interface TaskSchedule<P> {
  /** Five-field cron expression, read in the machine's local time zone. */
  cron: string;
  /** The props each scheduled job carries. */
  props: P;
}

/** What a handler gets besides its props. */
export interface TaskContext {
  /** The worker thread's own pg pool, opened on first use. */
  readonly db: Pool;
  /** Where attachments live in local-disk mode (tasks that remove files need it). */
  filesDir: string;
  log: Logger;
  /** `worker_threads.threadId` of the thread running the task (0 = main thread, i.e. run inline). */
  threadId: number;
  job: { id: string; retryCount: number };
}

/**
 * Delivery is at-least-once (a job whose thread or process dies mid-run runs again), so `run` must be
 * idempotent: deletes and upserts, or an idempotency key for side effects outside the database.
 * Props and the result cross a thread boundary and are stored as JSON: plain data only.
 */
export interface TaskDefinition<Name extends string = string, P extends object = object, R = unknown> {
  name: Name;
  retry: RetryOptions;
  /** Seconds a running job may take before pg-boss counts it as failed (and retries it). */
  expireInSeconds: number;
  /** Jobs of this task this process runs at once (the thread pool bounds the total). Default 1. */
  concurrency?: number;
  schedule?: TaskSchedule<P>;
  // Method syntax on purpose: it lets a list of tasks with different props share one element type.
  run(props: P, ctx: TaskContext): Promise<R>;
}

export type AnyTask = TaskDefinition<string, object, unknown>;

export function defineTask<const Name extends string, P extends object, R>(task: TaskDefinition<Name, P, R>): TaskDefinition<Name, P, R> {
  return task;
}

/**
 * A list of tasks plus the URL of the module that exports it as `registry`, so a worker thread can
 * load the same list by itself (functions cannot be posted to a thread).
 */
export interface TaskRegistry<Tasks extends readonly AnyTask[] = readonly AnyTask[]> {
  moduleUrl: string;
  tasks: Tasks;
}

export function defineRegistry<const Tasks extends readonly AnyTask[]>(moduleUrl: string, tasks: Tasks): TaskRegistry<Tasks> {
  const names = new Set<string>();
  for (const task of tasks) {
    if (names.has(task.name)) throw new Error(`job task "${task.name}" is registered twice`);
    names.add(task.name);
  }
  return { moduleUrl, tasks };
}

export type TaskName<Tasks extends readonly AnyTask[]> = Tasks[number]['name'];
export type PropsOf<Tasks extends readonly AnyTask[], N extends string> =
  Extract<Tasks[number], { name: N }> extends TaskDefinition<N, infer P, unknown> ? P : never;
export type ResultOf<Tasks extends readonly AnyTask[], N extends string> =
  Extract<Tasks[number], { name: N }> extends TaskDefinition<N, object, infer R> ? R : never;

/** The queue a task's jobs land in once their retries are used up. */
export function deadLetterQueueOf(taskName: string): string {
  return `${taskName}.dead`;
}
