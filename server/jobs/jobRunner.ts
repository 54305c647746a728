// The api child's job runner, replacing Plane's Celery worker + beat + RabbitMQ + Redis: pg-boss keeps
// queues, retries, dead letters and cron schedules in Postgres (schema `pgboss`); each job's handler
// runs in a piscina worker thread (./worker.ts) so a slow task never blocks the request loop.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { PgBoss, type Queue } from 'pg-boss';
import { Piscina } from 'piscina';
import type { Logger } from '../runtime/logger.ts';
import type { TaskMessage } from './executeTask.ts';
import { type AnyTask, deadLetterQueueOf, type PropsOf, type RetryOptions, type TaskName, type TaskRegistry } from './task.ts';
import { registry as defaultRegistry, type tasks as defaultTasks } from './tasks/index.ts';
import type { WorkerConfig } from './worker.ts';

export const JOBS_SCHEMA = 'pgboss';
/** Dead-lettered jobs are kept this long for someone to look at (and `boss.redrive()`). */
const DEAD_LETTER_RETENTION_SECONDS = 30 * 24 * 3600;

/** Knobs with production defaults; tests shorten them. */
export interface JobRunnerTuning {
  /** Poll interval per queue when LISTEN/NOTIFY is down, and for retries (which do not notify). */
  pollingIntervalSeconds?: number;
  /** Backstop poll while LISTEN/NOTIFY wakes workers on new jobs. */
  notifyPollingIntervalSeconds?: number;
  /** How often pg-boss expires jobs whose process died mid-run (supervise + monitor, default 60). */
  superviseIntervalSeconds?: number;
  /** How often pg-boss looks for due cron slots (default 30). */
  cronMonitorIntervalSeconds?: number;
  /** An idle worker thread ends after this long (default 60 s). */
  threadIdleTimeoutMs?: number;
}

export interface JobRunnerOptions<Tasks extends readonly AnyTask[]> {
  connectionString: string;
  /** Attachments folder (local-disk mode), handed to tasks. */
  filesDir?: string;
  log: Logger;
  /** Worker threads; 0 picks from the CPU count (at most 2: the appliance's memory budget is tight). */
  workers: number;
  /** Defaults to the production list, ./tasks/index.ts. */
  registry?: TaskRegistry<Tasks>;
  tuning?: JobRunnerTuning;
}

/** Retry options given here override the task's (queue's) for this one job. */
export interface EnqueueOptions extends Partial<RetryOptions> {
  /** Job id (a UUID); sending the same id twice creates one job. */
  id?: string;
  /** Seconds from now, an ISO date string, or a Date. */
  startAfter?: number | string | Date;
  priority?: number;
  singletonKey?: string;
}

export interface JobRunner<Tasks extends readonly AnyTask[]> {
  /** Queues a job; resolves to its id (null when pg-boss dropped it as a duplicate). */
  enqueue<N extends TaskName<Tasks>>(name: N, props: PropsOf<Tasks, N>, options?: EnqueueOptions): Promise<string | null>;
  /**
   * Stops fetching, lets running jobs finish within `timeoutMs` (graceful) — jobs still running then
   * are failed back to pg-boss and retried later — then ends the worker threads and closes pg-boss's pool.
   */
  stop(options?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
  /** For inspection (schedules, dead letters, redrive); not for sending: use `enqueue`. */
  readonly boss: PgBoss;
  /** Live worker threads (0 when idle long enough). */
  threadCount(): number;
}

export function resolveWorkerCount(requested: number): number {
  if (requested > 0) return requested;
  return Math.max(1, Math.min(2, availableParallelism() - 1));
}

/** Creates the queue, or brings an existing one's options in line with the task definition. */
async function ensureQueue(boss: PgBoss, name: string, options: Omit<Queue, 'name' | 'policy' | 'partition'>): Promise<void> {
  if (await boss.getQueue(name)) await boss.updateQueue(name, options);
  else await boss.createQueue(name, options);
}

export async function startJobRunner<const Tasks extends readonly AnyTask[] = typeof defaultTasks>(
  options: JobRunnerOptions<Tasks>,
): Promise<JobRunner<Tasks>> {
  const { connectionString, log, tuning = {} } = options;
  const registry = (options.registry ?? defaultRegistry) as TaskRegistry<Tasks>;
  const workers = resolveWorkerCount(options.workers);

  const boss = new PgBoss({
    connectionString,
    schema: JOBS_SCHEMA,
    max: 4,
    application_name: 'hangar-jobs',
    // New jobs wake their worker at once; polling stays as the backstop.
    useListenNotify: true,
    registerInstance: false,
    openTelemetry: { enabled: false },
    superviseIntervalSeconds: tuning.superviseIntervalSeconds ?? 60,
    monitorIntervalSeconds: tuning.superviseIntervalSeconds ?? 60,
    cronMonitorIntervalSeconds: tuning.cronMonitorIntervalSeconds ?? 30,
  });
  boss.on('error', (error) => log.error({ err: error }, 'pg-boss error'));
  boss.on('warning', (warning) => log.warn({ data: warning.data }, `pg-boss: ${warning.message}`));
  await boss.start();

  const pool = new Piscina<TaskMessage, unknown>({
    filename: fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url)),
    minThreads: 0,
    maxThreads: workers,
    idleTimeout: tuning.threadIdleTimeoutMs ?? 60_000,
    concurrentTasksPerWorker: 1,
    resourceLimits: { maxOldGenerationSizeMb: 128 },
    workerData: {
      registryUrl: registry.moduleUrl,
      connectionString,
      filesDir: options.filesDir ?? '',
      logLevel: log.level,
      poolSize: 2,
    } satisfies WorkerConfig,
  });

  try {
    for (const task of registry.tasks) {
      const deadLetter = deadLetterQueueOf(task.name);
      await ensureQueue(boss, deadLetter, {
        retentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
        deleteAfterSeconds: DEAD_LETTER_RETENTION_SECONDS,
      });
      await ensureQueue(boss, task.name, { ...task.retry, expireInSeconds: task.expireInSeconds, deadLetter, notify: true });
    }
    await syncSchedules(boss, registry.tasks);
    for (const task of registry.tasks) {
      await boss.work<object>(
        task.name,
        {
          batchSize: 1,
          localConcurrency: task.concurrency ?? 1,
          pollingIntervalSeconds: tuning.pollingIntervalSeconds ?? 2,
          notifyPollingIntervalSeconds: tuning.notifyPollingIntervalSeconds ?? 30,
        },
        async ([job]) => {
          if (!job) return null;
          const message: TaskMessage = { task: task.name, props: job.data ?? {}, job: { id: job.id, retryCount: job.retryCount } };
          try {
            // An aborted signal (job expired, or shutdown past its deadline) ends the thread running it.
            return await pool.run(message, { signal: job.signal });
          } catch (error) {
            log.warn({ err: error, task: task.name, jobId: job.id, attempt: job.retryCount }, 'job failed');
            throw error;
          }
        },
      );
    }
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => undefined);
    await pool.destroy();
    throw error;
  }
  log.info({ tasks: registry.tasks.length, workers }, 'job runner started');

  let stopping: Promise<void> | undefined;
  return {
    boss,
    enqueue(name, props, sendOptions = {}) {
      return boss.send(name, props, sendOptions);
    },
    stop({ graceful = true, timeoutMs = 10_000 } = {}) {
      stopping ??= (async () => {
        // pg-boss: stop fetching, wait (up to timeoutMs) for running handlers, fail the rest, close its pool.
        await boss.stop({ graceful, timeout: timeoutMs, close: true });
        // Nothing of ours is still running now (or it was failed back to the queue): end the threads.
        await pool.destroy();
        log.info('job runner stopped');
      })();
      return stopping;
    },
    threadCount: () => pool.threads.length,
  };
}

/**
 * Schedules every task that has a cron; removes schedules whose task is gone or lost its cron.
 *
 * Missed slots (the appliance was off or asleep when a slot came due): `missed: 'once'`. pg-boss
 * records when its last cron pass ran; the first pass after start-up sees the gap and sends one job
 * for the most recent missed slot, however many were missed. A fresh install owes nothing.
 * Time zone: the machine's, so "03:17" is the user's night.
 */
async function syncSchedules(boss: PgBoss, tasks: readonly AnyTask[]): Promise<void> {
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const wanted = new Set<string>();
  for (const task of tasks) {
    if (!task.schedule) continue;
    wanted.add(task.name);
    await boss.schedule(task.name, task.schedule.cron, task.schedule.props, { tz, missed: 'once' });
  }
  for (const schedule of await boss.getSchedules()) {
    if (!wanted.has(schedule.name)) await boss.unschedule(schedule.name, schedule.key);
  }
}
