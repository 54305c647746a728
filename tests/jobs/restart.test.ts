// Queued jobs survive a crash of the api child: a runner in a real child process is killed with
// SIGKILL while busy, more jobs are queued while no runner is up, and a fresh child finishes them all.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { PgBoss } from 'pg-boss';
import { createPool, type Pool } from '../../server/db/pool.ts';
import { JOBS_SCHEMA } from '../../server/jobs/jobRunner.ts';
import { startTestPostgres, type TestPostgres } from '../helpers/testPostgres.ts';
import type { ChildCommand, ChildReport } from './fixtures/runnerChild.ts';
import { TEST_TABLES_SQL } from './fixtures/testTasks.ts';
import { waitFor } from './fixtures/waitFor.ts';

const childScript = fileURLToPath(new URL('./fixtures/runnerChild.ts', import.meta.url));
let postgres: TestPostgres;
let url: string;
let db: Pool;
const children: ChildProcess[] = [];

before(async () => {
  postgres = await startTestPostgres();
  url = await postgres.createDatabase({ migrate: true });
  db = createPool(url, 2);
  await db.query(TEST_TABLES_SQL);
});

after(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await db?.end();
  await postgres?.stop();
});

function nextReport<T extends ChildReport['type']>(child: ChildProcess, type: T): Promise<Extract<ChildReport, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ChildReport): void => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as Extract<ChildReport, { type: T }>);
    };
    const onExit = (code: number | null): void => reject(new Error(`runner child exited (${code}) before reporting ${type}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function startChild(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [childScript, url], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  await nextReport(child, 'ready');
  return child;
}

const send = (child: ChildProcess, command: ChildCommand): boolean => child.send(command);
const effectCount = async (): Promise<number> =>
  Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM job_effects')).rows[0]?.n);

test('queued jobs survive kill -9 of the runner process, and each effect happens exactly once', async (t) => {
  const busyKeys = Array.from({ length: 8 }, (_, i) => `busy-${i}`);
  const downKeys = Array.from({ length: 4 }, (_, i) => `down-${i}`);

  // 1. A runner that is busy: one thread, 500 ms per job, eight jobs queued through it.
  const first = await startChild();
  const enqueued = nextReport(first, 'enqueued');
  send(first, { type: 'enqueue', keys: busyKeys, delayMs: 500 });
  assert.ok((await enqueued).ids.every((id) => typeof id === 'string'));
  // 2. Crash it while a job is mid-run: its attempt is logged, its effect (500 ms later) is not.
  const inFlight = await waitFor('a job in flight after some are done', async () => {
    const { rows } = await db.query<{ key: string }>(
      `SELECT a.key FROM job_attempts a WHERE NOT EXISTS (SELECT 1 FROM job_effects e WHERE e.key = a.key)
         AND (SELECT count(*) FROM job_effects) >= 2`,
    );
    return rows[0]?.key;
  });
  const exited = once(first, 'exit');
  first.kill('SIGKILL');
  await exited;
  const doneBeforeCrash = await effectCount();
  assert.ok(doneBeforeCrash < busyKeys.length, `the crash left work queued (${doneBeforeCrash} done)`);

  // 3. Jobs queued while no runner is up (any producer: here a bare pg-boss client).
  const producer = new PgBoss({
    connectionString: url,
    schema: JOBS_SCHEMA,
    supervise: false,
    schedule: false,
    migrate: false,
    registerInstance: false,
    max: 1,
  });
  producer.on('error', () => undefined);
  await producer.start();
  for (const key of downKeys) assert.ok(await producer.send('test-record-effect', { key, delayMs: 0 }));
  await producer.stop({ graceful: false });

  // 4. A fresh runner finishes everything: queued jobs, and the job the crash left active once it expires.
  const second = await startChild();
  const all = [...busyKeys, ...downKeys];
  await waitFor('every effect', async () => ((await effectCount()) === all.length ? true : undefined), 30_000);

  const effects = await db.query<{ key: string }>('SELECT key FROM job_effects ORDER BY key');
  assert.deepEqual(
    effects.rows.map((row) => row.key),
    [...all].sort(),
  );
  // At-least-once: the job killed mid-run ran again, and its idempotent insert made that harmless.
  const reruns = await db.query<{ n: string }>('SELECT count(*) AS n FROM job_attempts WHERE key = $1', [inFlight]);
  assert.ok(Number(reruns.rows[0]?.n) >= 2, `${inFlight} was attempted again after the crash`);
  t.diagnostic(`${inFlight} was in flight at the crash and ran ${reruns.rows[0]?.n} times; its effect exists once`);

  // 5. Every job is settled as completed, none lost or stuck.
  let states: Array<{ state: string; n: string }> = [];
  await waitFor(
    'all jobs completed',
    async () => {
      states = (
        await db.query<{ state: string; n: string }>(
          `SELECT state::text, count(*) AS n FROM ${JOBS_SCHEMA}.job WHERE name = 'test-record-effect' GROUP BY state`,
        )
      ).rows;
      return states.length === 1 && states[0]?.state === 'completed' && Number(states[0].n) === all.length ? true : undefined;
    },
    10_000,
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}; job states: ${JSON.stringify(states)}`);
  });

  // 6. A graceful stop of the second runner exits cleanly.
  const stopped = once(second, 'exit');
  send(second, { type: 'stop' });
  const [code] = await stopped;
  assert.equal(code, 0);
});
