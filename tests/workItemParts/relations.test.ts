// Relations: stored once, read from both sides, replaced per pair, removable; scoped to the project.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildProject } from '../factories/projects.ts';
import { buildWorkItem } from '../factories/workItems.ts';
import { type ApiHarness, startApiHarness } from '../helpers/apiHarness.ts';
import { buildWorld, list, rec, type World } from './world.ts';

let h: ApiHarness;
let w: World;

before(async () => {
  h = await startApiHarness();
  w = await buildWorld(h);
});
after(async () => h?.close());

const ids = (value: unknown): string[] => list(value).map((r) => String(r.id));

async function relations(client: World['admin'], url: string): Promise<Record<string, unknown>> {
  const res = await client.get(`${url}/relations/`);
  assert.equal(res.status, 200);
  return rec(res.body);
}

test('blocked_by on A reads as blocking on B; stored once; activity on both sides', async () => {
  const a = await buildWorkItem(h.db, { project: w.project });
  const b = await buildWorkItem(h.db, { project: w.project });
  const res = await w.member.post(`${w.url(a)}/relations/`, { relation_type: 'blocked_by', issues: [b.id] });
  assert.equal(res.status, 201);
  const created = list(res.body);
  assert.equal(created.length, 1);
  assert.equal(created[0]?.relation_type, 'blocked_by');
  assert.equal(rec(created[0]?.related_issue_detail).sequence_id, b.sequence_id);

  const fromA = await relations(w.member, w.url(a));
  assert.deepEqual(Object.keys(fromA).sort(), [
    'blocked_by',
    'blocking',
    'duplicate',
    'finish_after',
    'finish_before',
    'relates_to',
    'start_after',
    'start_before',
  ]);
  assert.deepEqual(ids(fromA.blocked_by), [b.id]);
  assert.deepEqual(ids(fromA.blocking), []);
  const fromB = await relations(w.member, w.url(b));
  assert.deepEqual(ids(fromB.blocking), [a.id]);
  assert.deepEqual(ids(fromB.blocked_by), []);
  const lite = rec(list(fromB.blocking)[0]);
  assert.equal(lite.name, a.name);
  assert.equal(lite.project_id, w.project.id);
  assert.equal(typeof lite.state_group, 'string');

  const stored = await h.db.query(
    'SELECT issue_id, related_issue_id, relation_type FROM issue_relations WHERE $1 IN (issue_id, related_issue_id)',
    [a.id],
  );
  assert.deepEqual(stored.rows, [{ issue_id: a.id, related_issue_id: b.id, relation_type: 'blocked_by' }]);

  const acts = await h.db.query<{ issue_id: string; field: string; verb: string; new_identifier: string }>(
    "SELECT issue_id, field, verb, new_identifier FROM issue_activities WHERE field IN ('blocked_by', 'blocking') AND issue_id = ANY($1) ORDER BY issue_id",
    [[a.id, b.id]],
  );
  assert.deepEqual(
    acts.rows.map((r) => [r.issue_id, r.field, r.verb, r.new_identifier]).sort(),
    [
      [a.id, 'blocked_by', 'created', b.id],
      [b.id, 'blocking', 'created', a.id],
    ].sort(),
  );
});

test('every type reads back with its inverse on the other side; symmetric ones on both', async () => {
  const pairs: [string, string][] = [
    ['blocking', 'blocked_by'],
    ['start_before', 'start_after'],
    ['start_after', 'start_before'],
    ['finish_before', 'finish_after'],
    ['finish_after', 'finish_before'],
    ['duplicate', 'duplicate'],
    ['relates_to', 'relates_to'],
  ];
  for (const [type, inverse] of pairs) {
    const a = await buildWorkItem(h.db, { project: w.project });
    const b = await buildWorkItem(h.db, { project: w.project });
    assert.equal((await w.member.post(`${w.url(a)}/relations/`, { relation_type: type, issues: [b.id] })).status, 201, type);
    assert.deepEqual(ids((await relations(w.member, w.url(a)))[type]), [b.id], `${type} from A`);
    assert.deepEqual(ids((await relations(w.member, w.url(b)))[inverse]), [a.id], `${inverse} from B`);
  }
});

test('relating an already related pair replaces the relation (one row per pair); the same again is a no-op', async () => {
  const a = await buildWorkItem(h.db, { project: w.project });
  const b = await buildWorkItem(h.db, { project: w.project });
  assert.equal((await w.member.post(`${w.url(a)}/relations/`, { relation_type: 'relates_to', issues: [b.id] })).status, 201);
  // From B's side this time: B blocking A.
  assert.equal((await w.member.post(`${w.url(b)}/relations/`, { relation_type: 'blocking', issues: [a.id] })).status, 201);
  const fromA = await relations(w.member, w.url(a));
  assert.deepEqual(ids(fromA.relates_to), []);
  assert.deepEqual(ids(fromA.blocked_by), [b.id]);
  const count = await h.db.query('SELECT count(*)::int AS n FROM issue_relations WHERE $1 IN (issue_id, related_issue_id)', [a.id]);
  assert.equal(count.rows[0]?.n, 1);
  const again = await w.member.post(`${w.url(a)}/relations/`, { relation_type: 'blocked_by', issues: [b.id] });
  assert.equal(again.status, 201);
  const acts = await h.db.query("SELECT count(*)::int AS n FROM issue_activities WHERE issue_id = $1 AND field = 'blocked_by'", [a.id]);
  assert.equal(acts.rows[0]?.n, 1, 'the no-op wrote no activity');
});

test('several items at once; remove from either side → gone from both', async () => {
  const a = await buildWorkItem(h.db, { project: w.project });
  const b = await buildWorkItem(h.db, { project: w.project });
  const c = await buildWorkItem(h.db, { project: w.project });
  const res = await w.member.post(`${w.url(a)}/relations/`, { relation_type: 'relates_to', issues: [b.id, c.id] });
  assert.equal(res.status, 201);
  assert.deepEqual(ids((await relations(w.member, w.url(a))).relates_to).sort(), [b.id, c.id].sort());

  const removed = await w.member.post(`${w.url(b)}/relations/remove/`, { related_issue: a.id });
  assert.equal(removed.status, 204);
  assert.deepEqual(ids((await relations(w.member, w.url(a))).relates_to), [c.id]);
  assert.deepEqual(ids((await relations(w.member, w.url(b))).relates_to), []);
  const acts = await h.db.query(
    "SELECT verb, old_identifier FROM issue_activities WHERE issue_id = $1 AND field = 'relates_to' AND verb = 'deleted'",
    [a.id],
  );
  assert.deepEqual(acts.rows, [{ verb: 'deleted', old_identifier: b.id }]);

  const again = await w.member.post(`${w.url(b)}/relations/remove/`, { related_issue: a.id });
  assert.equal(again.status, 404);
});

test('a deleted related item drops out of the lists', async () => {
  const a = await buildWorkItem(h.db, { project: w.project });
  const b = await buildWorkItem(h.db, { project: w.project });
  await w.member.post(`${w.url(a)}/relations/`, { relation_type: 'duplicate', issues: [b.id] });
  await h.db.query('UPDATE issues SET deleted_at = now() WHERE id = $1', [b.id]);
  assert.deepEqual(ids((await relations(w.member, w.url(a))).duplicate), []);
});

test('bad input → 4xx: self, unknown type, not a uuid, empty list, other project, other workspace, unknown id', async () => {
  const a = await buildWorkItem(h.db, { project: w.project });
  const url = `${w.url(a)}/relations/`;
  const self = await w.member.post(url, { relation_type: 'relates_to', issues: [a.id] });
  assert.equal(self.status, 400);
  assert.match(String(rec(self.body).error), /itself/);
  assert.equal((await w.member.post(url, { relation_type: 'parent_of', issues: [w.item.id] })).status, 400);
  assert.equal((await w.member.post(url, { relation_type: 'relates_to', issues: ['nope'] })).status, 400);
  assert.equal((await w.member.post(url, { relation_type: 'relates_to', issues: [] })).status, 400);
  assert.equal((await w.member.post(url, { relation_type: 'relates_to' })).status, 400);

  // Another project of the same workspace, which the member is not in.
  const sibling = await buildWorkItem(h.db, { project: await buildProject(h.db, { workspace: w.project.workspace }) });
  const cross = await w.member.post(url, { relation_type: 'relates_to', issues: [sibling.id] });
  assert.equal(cross.status, 400);
  assert.match(String(rec(cross.body).error), /this project/);
  assert.equal((await w.member.post(url, { relation_type: 'relates_to', issues: [w.other.item.id] })).status, 400);
  assert.equal((await w.member.post(url, { relation_type: 'relates_to', issues: ['00000000-0000-4000-8000-000000000000'] })).status, 400);
  const none = await h.db.query('SELECT count(*)::int AS n FROM issue_relations WHERE $1 IN (issue_id, related_issue_id)', [a.id]);
  assert.equal(none.rows[0]?.n, 0);
  assert.equal((await w.member.post(`${url}remove/`, { related_issue: 'x' })).status, 400);
});

test('roles and scoping: guests read but cannot relate; outsiders and other workspaces get 404', async () => {
  const a = await buildWorkItem(h.db, { project: w.project });
  const b = await buildWorkItem(h.db, { project: w.project });
  // The project lets guests see every item (else a guest only sees items they created).
  await h.db.query('UPDATE projects SET guest_view_all_features = true WHERE id = $1', [w.project.id]);
  try {
    assert.equal((await w.guest.get(`${w.url(a)}/relations/`)).status, 200);
    assert.equal((await w.guest.post(`${w.url(a)}/relations/`, { relation_type: 'relates_to', issues: [b.id] })).status, 403);
  } finally {
    await h.db.query('UPDATE projects SET guest_view_all_features = false WHERE id = $1', [w.project.id]);
  }
  assert.equal((await w.guest.get(`${w.url(a)}/relations/`)).status, 404, 'not their item');
  assert.equal((await w.outsider.get(`${w.url(a)}/relations/`)).status, 404);
  assert.equal((await w.outsider.post(`${w.url(a)}/relations/`, { relation_type: 'relates_to', issues: [b.id] })).status, 404);
  // The outsider's own item under our project's URL: not found.
  const mixed = `/api/workspaces/${w.project.workspace.slug}/projects/${w.project.id}/issues/${w.other.item.id}/relations/`;
  assert.equal((await w.admin.get(mixed)).status, 404);
  assert.equal((await h.anonymous.get(`${w.url(a)}/relations/`)).status, 401);
  assert.equal(
    (await w.admin.get(`/api/workspaces/${w.project.workspace.slug}/projects/${w.project.id}/issues/not-a-uuid/relations/`)).status,
    404,
  );
});
