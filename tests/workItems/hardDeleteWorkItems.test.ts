// hard-delete-work-items, run inline through the same code path a worker thread uses.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { deleteWorkItem } from '../../server/commands/workItemDeleter.ts';
import { createPool, type Pool } from '../../server/db/pool.ts';
import { runTaskInline } from '../../server/jobs/executeTask.ts';
import { registry } from '../../server/jobs/tasks/index.ts';
import { buildProject } from '../factories/projects.ts';
import { buildWorkItem } from '../factories/workItems.ts';
import { startTestPostgres, type TestPostgres } from '../helpers/testPostgres.ts';

let postgres: TestPostgres;
let db: Pool;

before(async () => {
  postgres = await startTestPostgres();
  db = createPool(await postgres.createDatabase({ migrate: true }), 3);
});

after(async () => {
  await db?.end();
  await postgres?.stop();
});

async function softDeletedAgo(project: Awaited<ReturnType<typeof buildProject>>, days: number): Promise<string> {
  const item = await buildWorkItem(db, { project });
  await deleteWorkItem(db, { userId: project.creator.id, projectId: project.id, workspaceId: project.workspace_id }, item.id);
  await db.query("UPDATE issues SET deleted_at = now() - make_interval(days => $2) - interval '1 minute' WHERE id = $1", [item.id, days]);
  return item.id;
}

const exists = async (ids: string[]): Promise<boolean[]> => {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM issues WHERE id = ANY($1::uuid[])', [ids]);
  const found = new Set(rows.map((r) => r.id));
  return ids.map((id) => found.has(id));
};

test('removes only items soft-deleted longer ago than the setting (default 30 days), in batches, idempotently', async () => {
  const project = await buildProject(db);
  const live = await buildWorkItem(db, { project });
  const old = [await softDeletedAgo(project, 31), await softDeletedAgo(project, 45), await softDeletedAgo(project, 400)];
  const recent = await softDeletedAgo(project, 10);
  // The old ones' children, links and activity go with them; a live child survives, detached.
  const child = await buildWorkItem(db, { project, parent_id: live.id });
  await db.query('UPDATE issues SET parent_id = $1 WHERE id = $2', [old[0], child.id]);

  const first = await runTaskInline(registry, 'hard-delete-work-items', { batchSize: 2 }, { db });
  assert.deepEqual(first, { deleted: 3, afterDays: 30 });
  assert.deepEqual(await exists([live.id, recent, child.id, ...old]), [true, true, true, false, false, false]);
  const orphan = await db.query('SELECT parent_id FROM issues WHERE id = $1', [child.id]);
  assert.deepEqual(orphan.rows[0], { parent_id: null });
  const acts = await db.query('SELECT count(*)::int AS n FROM issue_activities WHERE issue_id = ANY($1::uuid[])', [old]);
  assert.deepEqual(acts.rows[0], { n: 0 });

  assert.deepEqual(await runTaskInline(registry, 'hard-delete-work-items', {}, { db }), { deleted: 0, afterDays: 30 });

  // A shorter delay from instance_settings; a nonsense value falls back to the default.
  await db.query("INSERT INTO instance_settings (key, value) VALUES ('hard_delete_after_days', '7'::jsonb)");
  assert.deepEqual(await runTaskInline(registry, 'hard-delete-work-items', {}, { db }), { deleted: 1, afterDays: 7 });
  assert.deepEqual(await exists([recent, live.id]), [false, true]);
  await db.query("UPDATE instance_settings SET value = '\"soon\"'::jsonb WHERE key = 'hard_delete_after_days'");
  const fallback = await softDeletedAgo(project, 20);
  assert.deepEqual(await runTaskInline(registry, 'hard-delete-work-items', {}, { db }), { deleted: 0, afterDays: 30 });
  assert.deepEqual(await exists([fallback]), [true]);
});

test('stops after maxBatches; the next run continues', async () => {
  const project = await buildProject(db);
  const ids = [];
  for (let i = 0; i < 5; i += 1) ids.push(await softDeletedAgo(project, 60));
  await db.query("DELETE FROM instance_settings WHERE key = 'hard_delete_after_days'");
  assert.deepEqual(await runTaskInline(registry, 'hard-delete-work-items', { batchSize: 2, maxBatches: 1 }, { db }), {
    deleted: 2,
    afterDays: 30,
  });
  assert.deepEqual(await runTaskInline(registry, 'hard-delete-work-items', { batchSize: 2 }, { db }), { deleted: 3, afterDays: 30 });
  assert.deepEqual(await exists(ids), [false, false, false, false, false]);
});

test('is registered with a daily schedule', () => {
  const task = registry.tasks.find((t) => t.name === 'hard-delete-work-items');
  assert.ok(task?.schedule);
  assert.match(task.schedule.cron, /^\d+ \d+ \* \* \*$/);
});
