// purge-expired-sessions, run inline through the same code path a worker thread uses.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createPool, type Pool } from '../../server/db/pool.ts';
import { runTaskInline } from '../../server/jobs/executeTask.ts';
import { registry } from '../../server/jobs/tasks/index.ts';
import { startTestPostgres, type TestPostgres } from '../helpers/testPostgres.ts';

let postgres: TestPostgres;
let db: Pool;

before(async () => {
  postgres = await startTestPostgres();
  db = createPool(await postgres.createDatabase({ migrate: true }), 2);
});

after(async () => {
  await db?.end();
  await postgres?.stop();
});

async function seedSessions(userId: string, prefix: string, count: number, expiresIn: string): Promise<void> {
  await db.query(
    `INSERT INTO sessions (token_hash, user_id, expires_at)
     SELECT sha256(convert_to($2 || i, 'UTF8')), $1, now() + $4::interval FROM generate_series(1, $3) AS i`,
    [userId, prefix, count, expiresIn],
  );
}

test('purge-expired-sessions deletes only expired sessions, in batches, and is idempotent', async () => {
  const { rows } = await db.query<{ id: string }>("INSERT INTO users (email) VALUES ('purge@example.com') RETURNING id");
  const userId = rows[0]?.id;
  assert.ok(userId);
  await seedSessions(userId, 'expired-', 7, '-1 hour');
  await seedSessions(userId, 'barely-expired-', 1, '-1 second');
  await seedSessions(userId, 'live-', 3, '1 day');

  const first = await runTaskInline(registry, 'purge-expired-sessions', { batchSize: 3 }, { db });
  assert.deepEqual(first, { deleted: 8 });
  const left = await db.query<{ live: boolean }>('SELECT expires_at > now() AS live FROM sessions');
  assert.equal(left.rowCount, 3);
  assert.ok(left.rows.every((row) => row.live));

  const again = await runTaskInline(registry, 'purge-expired-sessions', {}, { db });
  assert.deepEqual(again, { deleted: 0 });
});

test('purge-expired-sessions stops after maxBatches; the next run continues', async () => {
  const { rows } = await db.query<{ id: string }>("INSERT INTO users (email) VALUES ('batches@example.com') RETURNING id");
  const userId = rows[0]?.id;
  assert.ok(userId);
  await seedSessions(userId, 'old-', 5, '-1 day');
  assert.deepEqual(await runTaskInline(registry, 'purge-expired-sessions', { batchSize: 2, maxBatches: 1 }, { db }), { deleted: 2 });
  assert.deepEqual(await runTaskInline(registry, 'purge-expired-sessions', { batchSize: 2 }, { db }), { deleted: 3 });
});
