// The job runner against a real Postgres: worker threads, retries with backoff, dead letters, cron.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createPool, type Pool } from '../../server/db/pool.ts';
import { type JobRunner, startJobRunner } from '../../server/jobs/jobRunner.ts';
import { deadLetterQueueOf } from '../../server/jobs/task.ts';
import { tasks } from '../../server/jobs/tasks/index.ts';
import { createLogger } from '../../server/runtime/logger.ts';
import { startTestPostgres, type TestPostgres } from '../helpers/testPostgres.ts';
import { fastTuning, registry, TEST_TABLES_SQL } from './fixtures/testTasks.ts';
import { waitFor } from './fixtures/waitFor.ts';

let postgres: TestPostgres;
let db: Pool;
let runner: JobRunner<typeof registry.tasks>;

before(async () => {
  postgres = await startTestPostgres();
  const url = await postgres.createDatabase({ migrate: true });
  db = createPool(url, 2);
  await db.query(TEST_TABLES_SQL);
  runner = await startJobRunner({ connectionString: url, log: createLogger('jobs', 'silent'), workers: 1, registry, tuning: fastTuning });
});

after(async () => {
  await runner?.stop({ graceful: true, timeoutMs: 2_000 });
  await db?.end();
  await postgres?.stop();
});

test('an enqueued job runs in a worker thread, not on the main thread', async () => {
  assert.equal(runner.threadCount(), 0, 'no thread before there is work');
  const id = await runner.enqueue('test-report-thread', {});
  assert.ok(id);
  const job = await waitFor('the job to complete', async () => {
    const [found] = await runner.boss.findJobs<object>('test-report-thread', { id });
    return found?.state === 'completed' ? found : undefined;
  });
  const output = job.output as { threadId?: number };
  assert.equal(typeof output.threadId, 'number');
  assert.notEqual(output.threadId, 0);
});

test('idle worker threads time out', async () => {
  await runner.enqueue('test-record-effect', { key: 'wake-a-thread' });
  await waitFor('the effect', async () =>
    (await db.query("SELECT 1 FROM job_effects WHERE key = 'wake-a-thread'")).rowCount ? true : undefined,
  );
  assert.equal(runner.threadCount(), 1);
  await waitFor(
    'the idle thread to end',
    async () => (runner.threadCount() === 0 ? true : undefined),
    fastTuning.threadIdleTimeoutMs + 5_000,
  );
});

test('a failing task retries with growing delay, then lands in the dead-letter queue', async () => {
  const id = await runner.enqueue('test-always-fails', { key: 'doomed' });
  assert.ok(id);
  const dead = await waitFor(
    'the dead letter',
    async () => {
      const [found] = await runner.boss.findJobs<{ key: string }>(deadLetterQueueOf('test-always-fails'), { data: { key: 'doomed' } });
      return found;
    },
    30_000,
  );
  assert.equal(dead.sourceId, id);
  assert.equal(dead.sourceRetryCount, 2);
  assert.deepEqual(dead.data, { key: 'doomed' });
  const [original] = await runner.boss.findJobs('test-always-fails', { id });
  assert.equal(original?.state, 'failed');

  const { rows } = await db.query<{ attempt: number; ms: number }>(
    "SELECT attempt, (extract(epoch FROM at) * 1000)::float8 AS ms FROM job_attempts WHERE key = 'doomed' ORDER BY at",
  );
  assert.deepEqual(
    rows.map((row) => row.attempt),
    [0, 1, 2],
    'first run + retryLimit (2) retries',
  );
  const [first, second, third] = rows.map((row) => row.ms);
  assert.ok(first !== undefined && second !== undefined && third !== undefined);
  // retryDelay 1 s with backoff: the n-th retry waits retryDelay * (2^n / 2) * (1 + jitter), jitter in [0, 1).
  const gaps = [second - first, third - second];
  assert.ok(gaps[0] !== undefined && gaps[0] >= 950, `first retry after ${gaps[0]} ms, expected >= 1 s`);
  assert.ok(gaps[1] !== undefined && gaps[1] >= 1_950, `second retry after ${gaps[1]} ms, expected >= 2 s`);
});

test('the purge-expired-sessions cron schedule is registered, catching up once on missed slots', async () => {
  const schedule = await runner.boss.getSchedule('purge-expired-sessions');
  assert.ok(schedule, 'schedule exists');
  assert.equal(schedule.cron, '17 3 * * *');
  assert.equal(schedule.options?.missed, 'once');
  assert.equal(schedule.timezone, Intl.DateTimeFormat().resolvedOptions().timeZone);
  const schedules = await runner.boss.getSchedules();
  assert.deepEqual(
    schedules.map((s) => s.name).sort(),
    tasks
      .filter((t) => t.schedule)
      .map((t) => t.name)
      .sort(),
    'every scheduled task, and only those, has a schedule',
  );
  assert.ok(schedules.some((s) => s.name === 'hard-delete-work-items'));
});
