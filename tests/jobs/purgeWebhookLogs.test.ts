// purge-webhook-logs keeps the last 30 days of delivery attempts and deletes older ones, in batches.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createPool, type Pool } from '../../server/db/pool.ts';
import { runTaskInline } from '../../server/jobs/executeTask.ts';
import { registry } from '../../server/jobs/tasks/index.ts';
import { buildWorkspace } from '../factories/accounts.ts';
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

test('purge-webhook-logs deletes attempts older than the retention, keeps recent ones, and is idempotent', async () => {
  const workspace = await buildWorkspace(db);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO webhooks (workspace_id, url, secret) VALUES ($1, 'https://hooks.example.com/x', 'not-a-real-secret') RETURNING id`,
    [workspace.id],
  );
  const webhookId = rows[0]?.id;
  assert.ok(webhookId);
  const insert = (count: number, age: string) =>
    db.query(
      `INSERT INTO webhook_logs (webhook_id, workspace_id, event, action, delivery_id, attempt, request_body, created_at)
       SELECT $1, $2, 'issue', 'create', gen_random_uuid(), 1, '{}', now() - $4::interval FROM generate_series(1, $3)`,
      [webhookId, workspace.id, count, age],
    );
  await insert(7, '31 days');
  await insert(4, '29 days');
  await insert(2, '1 minute');
  assert.deepEqual(await runTaskInline(registry, 'purge-webhook-logs', { batchSize: 3 }, { db }), { deleted: 7 });
  const left = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_logs');
  assert.equal(left.rows[0]?.n, 6);
  assert.deepEqual(await runTaskInline(registry, 'purge-webhook-logs', {}, { db }), { deleted: 0 });
  assert.deepEqual(await runTaskInline(registry, 'purge-webhook-logs', { keepDays: 7 }, { db }), { deleted: 4 });
});
