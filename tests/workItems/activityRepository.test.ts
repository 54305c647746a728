// recordActivities writes rows in the caller's transaction, in the listed order; listActivities is scoped.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createPool, inTransaction, type Pool } from '../../server/db/pool.ts';
import { listActivities, recordActivities, recordActivity } from '../../server/repositories/activityRepository.ts';
import { buildUser, buildWorkspace } from '../factories/accounts.ts';
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

async function seedIssue(): Promise<{ workspaceId: string; projectId: string; issueId: string; userId: string }> {
  const user = await buildUser(db);
  const ws = await buildWorkspace(db, { owner: user });
  const p = await db.query<{ id: string }>("INSERT INTO projects (workspace_id, name, identifier) VALUES ($1, 'P', 'ACT') RETURNING id", [
    ws.id,
  ]);
  const projectId = p.rows[0]?.id ?? '';
  const i = await db.query<{ id: string }>(
    "INSERT INTO issues (workspace_id, project_id, sequence_id, name) VALUES ($1, $2, 1, 'x') RETURNING id",
    [ws.id, projectId],
  );
  return { workspaceId: ws.id, projectId, issueId: i.rows[0]?.id ?? '', userId: user.id };
}

test('recordActivities keeps the listed order and every column; a rollback writes nothing', async () => {
  const s = await seedIssue();
  const base = { issueId: s.issueId, projectId: s.projectId, workspaceId: s.workspaceId, actorId: s.userId };
  await inTransaction(db, async (tx) => {
    await recordActivity(tx, { ...base, verb: 'created', comment: 'created the work item' });
    await recordActivities(tx, [
      { ...base, verb: 'updated', field: 'name', oldValue: 'x', newValue: 'y' },
      { ...base, verb: 'updated', field: 'state', oldValue: 'Todo', newValue: 'Done', oldIdentifier: s.userId, newIdentifier: s.issueId },
      { ...base, verb: 'updated', field: 'attachment', attachments: ['a.png', 'b.png'] },
    ]);
  });
  await assert.rejects(
    inTransaction(db, async (tx) => {
      await recordActivity(tx, { ...base, verb: 'updated', field: 'priority' });
      throw new Error('boom');
    }),
  );
  const rows = await listActivities(db, { projectId: s.projectId, issueId: s.issueId });
  assert.deepEqual(
    rows.map((r) => [r.verb, r.field]),
    [
      ['created', null],
      ['updated', 'name'],
      ['updated', 'state'],
      ['updated', 'attachment'],
    ],
  );
  assert.equal(rows[0]?.comment, 'created the work item');
  assert.equal(rows[2]?.old_value, 'Todo');
  assert.equal(rows[2]?.new_identifier, s.issueId);
  assert.deepEqual(rows[3]?.attachments, ['a.png', 'b.png']);
  assert.deepEqual(rows[1]?.attachments, []);
  const other = await seedIssue();
  assert.deepEqual(await listActivities(db, { projectId: other.projectId, issueId: s.issueId }), []);
});
