// The single-work-item app API: create (sequence ids, defaults, checks), read (by id and by key),
// update (per-field activity, set replacement, parent cycles), drafts, archive, soft delete, guests,
// cross-workspace isolation and mass assignment.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createWorkItem } from '../../server/commands/workItemCreator.ts';
import { buildUser, type UserRow } from '../factories/accounts.ts';
import { addProjectMember, buildLabel, buildProject, buildState, type ProjectFixture } from '../factories/projects.ts';
import { buildWorkItem } from '../factories/workItems.ts';
import { type ApiHarness, type Body, type Client, startApiHarness } from '../helpers/apiHarness.ts';

let h: ApiHarness;
before(async () => {
  h = await startApiHarness();
});
after(async () => {
  await h.close();
});

interface Item {
  id: string;
  name: string;
  sequence_id: number;
  sequence: string;
  project__identifier: string;
  sort_order: number;
  state: string | null;
  parent: string | null;
  priority: string;
  assignees: string[];
  labels: string[];
  start_date: string | null;
  target_date: string | null;
  completed_at: string | null;
  archived_at: string | null;
  is_draft: boolean;
  project: string;
  workspace: string;
  created_by: string;
  updated_by: string;
  description_html: string;
  description_stripped: string | null;
  description_binary: string | null;
  point: number | null;
  deleted_at: string | null;
  external_id: string | null;
  external_source: string | null;
}

interface Activity {
  verb: string;
  field: string | null;
  old_value: string | null;
  new_value: string | null;
  old_identifier: string | null;
  new_identifier: string | null;
  actor: string;
  issue: string;
}

const issuesUrl = (p: ProjectFixture): string => `/api/workspaces/${p.workspace.slug}/projects/${p.id}/issues/`;
const itemUrl = (p: ProjectFixture, id: string, suffix = ''): string => `${issuesUrl(p)}${id}/${suffix}`;

async function stateOf(p: ProjectFixture, name: string): Promise<string> {
  const { rows } = await h.db.query<{ id: string }>('SELECT id FROM states WHERE project_id = $1 AND name = $2', [p.id, name]);
  const id = rows[0]?.id;
  assert.ok(id, `state ${name}`);
  return id;
}

async function setup(): Promise<{ p: ProjectFixture; admin: Client; owner: UserRow }> {
  const p = await buildProject(h.db);
  return { p, admin: await h.as(p.creator.id), owner: p.creator };
}

async function activities(p: ProjectFixture, client: Client, id: string): Promise<Activity[]> {
  const res = await client.get<Activity[]>(itemUrl(p, id, 'activities/'));
  assert.equal(res.status, 200);
  return res.body;
}

describe('create', () => {
  it('creates with defaults: next KEY-n, default state, sort order after the last, a "created" activity', async () => {
    const { p, admin, owner } = await setup();
    const first = await admin.post<Item>(issuesUrl(p), { name: '  First  ', description_html: '<p>Hello <b>world</b> &amp; co</p>' });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const a = first.body;
    assert.equal(a.name, 'First');
    assert.equal(a.sequence_id, 1);
    assert.equal(a.sequence, `${p.identifier}-1`);
    assert.equal(a.project__identifier, p.identifier);
    assert.equal(a.state, await stateOf(p, 'Backlog'));
    assert.equal(a.priority, 'none');
    assert.equal(a.project, p.id);
    assert.equal(a.workspace, p.workspace.id);
    assert.equal(a.created_by, owner.id);
    assert.equal(a.is_draft, false);
    assert.equal(a.completed_at, null);
    assert.equal(a.description_stripped, 'Hello world & co');
    assert.deepEqual(a.assignees, []);
    assert.deepEqual(a.labels, []);
    const second = await admin.post<Item>(issuesUrl(p), { name: 'Second' });
    assert.equal(second.body.sequence_id, 2);
    assert.ok(second.body.sort_order > a.sort_order, 'a new item goes after the last one');
    assert.equal(second.body.sort_order - a.sort_order, 65535);
    const acts = await activities(p, admin, a.id);
    assert.deepEqual(
      acts.map((x) => [x.verb, x.actor, x.issue]),
      [['created', owner.id, a.id]],
    );
  });

  it('stores every writable field, and completed_at for a completed state', async () => {
    const { p, admin } = await setup();
    const member = await buildUser(h.db);
    await addProjectMember(h.db, p, member, 15);
    const label = await buildLabel(h.db, p);
    const parent = await buildWorkItem(h.db, { project: p });
    const done = await stateOf(p, 'Done');
    const res = await admin.post<Item>(issuesUrl(p), {
      name: 'Full',
      priority: 'urgent',
      state: done,
      parent: parent.id,
      assignees: [member.id, p.creator.id, member.id],
      labels: [label.id],
      start_date: '2025-01-02',
      target_date: '2025-01-02',
      point: 3,
      sort_order: 12.5,
      external_source: 'github',
      external_id: '42',
      description_binary: Buffer.from('yjs-bytes').toString('base64'),
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const item = res.body;
    assert.equal(item.priority, 'urgent');
    assert.equal(item.state, done);
    assert.ok(item.completed_at);
    assert.equal(item.parent, parent.id);
    assert.deepEqual(new Set(item.assignees), new Set([member.id, p.creator.id]));
    assert.equal(item.assignees.length, 2);
    assert.deepEqual(item.labels, [label.id]);
    assert.equal(item.start_date, '2025-01-02');
    assert.equal(item.target_date, '2025-01-02');
    assert.equal(item.point, 3);
    assert.equal(item.sort_order, 12.5);
    assert.equal(Buffer.from(item.description_binary ?? '', 'base64').toString(), 'yjs-bytes');
    const again = await admin.get<Item>(itemUrl(p, item.id));
    assert.deepEqual(again.body, item);
    // The same external id again → 409 with the existing id (Plane's shape).
    const dup = await admin.post(issuesUrl(p), { name: 'Dup', external_source: 'github', external_id: '42' });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.id, item.id);
  });

  it('stores the description sanitized (no script survives), on create and on update', async () => {
    const { p, admin } = await setup();
    const res = await admin.post<Item>(issuesUrl(p), {
      name: 'XSS',
      description_html: '<p onclick="steal()">hi<script>alert(1)</script> <a href="javascript:alert(1)">x</a></p>',
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.description_html, '<p>hi <a>x</a></p>');
    const upd = await admin.patch<Item>(itemUrl(p, res.body.id), { description_html: '<img src=x onerror=alert(1)><p>ok</p>' });
    assert.equal(upd.body.description_html, '<img src="x"><p>ok</p>');
    const stored = await h.db.query('SELECT description_html, description_stripped FROM issues WHERE id = $1', [res.body.id]);
    assert.deepEqual(stored.rows[0], { description_html: '<img src="x"><p>ok</p>', description_stripped: 'ok' });
  });

  it('also accepts the web app names state_id / assignee_ids / label_ids / parent_id', async () => {
    const { p, admin } = await setup();
    const label = await buildLabel(h.db, p);
    const parent = await buildWorkItem(h.db, { project: p });
    const todo = await stateOf(p, 'Todo');
    const res = await admin.post<Item>(issuesUrl(p), {
      name: 'Web names',
      state_id: todo,
      parent_id: parent.id,
      assignee_ids: [p.creator.id],
      label_ids: [label.id],
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.state, todo);
    assert.equal(res.body.parent, parent.id);
    assert.deepEqual(res.body.assignees, [p.creator.id]);
    assert.deepEqual(res.body.labels, [label.id]);
  });

  it('ignores fields the caller may not set (id, sequence_id, project, workspace, created_by, …)', async () => {
    const { p, admin, owner } = await setup();
    const other = await buildProject(h.db);
    const stranger = await buildUser(h.db);
    const forged = '00000000-0000-4000-8000-000000000001';
    const res = await admin.post<Item>(issuesUrl(p), {
      name: 'Mass',
      id: forged,
      sequence_id: 999,
      project: other.id,
      project_id: other.id,
      workspace: other.workspace.id,
      workspace_id: other.workspace.id,
      created_by: stranger.id,
      updated_by: stranger.id,
      completed_at: '2020-01-01T00:00:00Z',
      archived_at: '2020-01-01T00:00:00Z',
      deleted_at: '2020-01-01T00:00:00Z',
      created_at: '2000-01-01T00:00:00Z',
    });
    assert.equal(res.status, 201);
    const { rows } = await h.db.query(
      "SELECT id, sequence_id, project_id, workspace_id, created_by, updated_by, completed_at, archived_at, deleted_at, created_at > now() - interval '1 hour' AS fresh FROM issues WHERE name = $1",
      ['Mass'],
    );
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0], {
      id: res.body.id,
      sequence_id: 1,
      project_id: p.id,
      workspace_id: p.workspace.id,
      created_by: owner.id,
      updated_by: owner.id,
      completed_at: null,
      archived_at: null,
      deleted_at: null,
      fresh: true,
    });
    assert.notEqual(res.body.id, forged);
    // The same on PATCH.
    const patched = await admin.patch<Item>(itemUrl(p, res.body.id), {
      sequence_id: 7,
      project: other.id,
      workspace: other.workspace.id,
      created_by: stranger.id,
      id: forged,
      archived_at: '2020-01-01T00:00:00Z',
      name: 'Mass 2',
    });
    assert.equal(patched.status, 200);
    const after = await h.db.query('SELECT id, sequence_id, project_id, workspace_id, created_by, archived_at FROM issues WHERE id = $1', [
      res.body.id,
    ]);
    assert.deepEqual(after.rows[0], {
      id: res.body.id,
      sequence_id: 1,
      project_id: p.id,
      workspace_id: p.workspace.id,
      created_by: owner.id,
      archived_at: null,
    });
  });

  it('answers 400 (never 5xx) for bad input, and a failed create leaves no gap in the numbers', async () => {
    const { p, admin } = await setup();
    const other = await buildProject(h.db);
    const foreignState = await stateOf(other, 'Todo');
    const foreignLabel = await buildLabel(h.db, other);
    const foreignItem = await buildWorkItem(h.db, { project: other });
    const outsider = await buildUser(h.db);
    const guest = await buildUser(h.db);
    await addProjectMember(h.db, p, guest, 5);
    const missing = '00000000-0000-4000-8000-00000000abcd';
    const cases: Array<[string, Body, RegExp?]> = [
      ['no name', {}],
      ['empty name', { name: '' }],
      ['blank name', { name: '   ' }, /name/],
      ['long name', { name: 'x'.repeat(256) }],
      ['name of wrong type', { name: { a: 1 } }],
      ['unknown priority', { name: 'x', priority: 'critical' }],
      ['start after target', { name: 'x', start_date: '2025-02-01', target_date: '2025-01-31' }, /start date/],
      ['impossible date', { name: 'x', start_date: '2025-02-30' }, /start_date/],
      ['not a date', { name: 'x', target_date: 'tomorrow' }],
      ['state not a uuid', { name: 'x', state: 'backlog' }],
      ['unknown state', { name: 'x', state: missing }, /state/],
      ["another project's state", { name: 'x', state: foreignState }, /state/],
      ["another project's label", { name: 'x', labels: [foreignLabel.id] }, /label/],
      ["another project's parent", { name: 'x', parent: foreignItem.id }, /parent/],
      ['assignee not a member', { name: 'x', assignees: [outsider.id] }, /assignee/],
      ['guest as assignee', { name: 'x', assignees: [guest.id] }, /assignee/],
      ['assignees of wrong type', { name: 'x', assignees: 'me' }],
      ['point out of range', { name: 'x', point: 13 }],
      ['bad base64', { name: 'x', description_binary: '***' }, /base64/],
      ['long external id', { name: 'x', external_id: 'e'.repeat(256) }],
    ];
    for (const [label, body, pattern] of cases) {
      const res = await admin.post(issuesUrl(p), body);
      assert.equal(res.status, 400, `${label}: ${res.status} ${JSON.stringify(res.body)}`);
      assert.equal(typeof res.body.error, 'string', label);
      if (pattern) assert.match(JSON.stringify(res.body), pattern, label);
    }
    const fieldShape = await admin.post(issuesUrl(p), { name: 'x', state: foreignState });
    assert.ok(Array.isArray(fieldShape.body.state), "Plane's {field: [msg]} shape");
    const ok = await admin.post<Item>(issuesUrl(p), { name: 'After the failures' });
    assert.equal(ok.body.sequence_id, 1);
    const count = await h.db.query('SELECT count(*)::int AS n FROM issues WHERE project_id = $1', [p.id]);
    assert.deepEqual(count.rows[0], { n: 1 });
  });

  it('50 concurrent creates get 50 distinct consecutive sequence ids', async () => {
    const { p } = await setup();
    const member = await buildUser(h.db);
    await addProjectMember(h.db, p, member, 15);
    const clients = [await h.as(p.creator.id), await h.as(member.id)];
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (clients[i % 2] as Client).post<Item>(issuesUrl(p), { name: `Concurrent ${i}` })),
    );
    for (const res of responses) assert.equal(res.status, 201, JSON.stringify(res.body));
    const ids = responses.map((r) => r.body.sequence_id).sort((x, y) => x - y);
    assert.deepEqual(
      ids,
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    const orders = new Set(responses.map((r) => r.body.sort_order));
    assert.equal(orders.size, 50, 'distinct sort orders');
    const seq = await h.db.query('SELECT last_sequence FROM project_issue_sequences WHERE project_id = $1', [p.id]);
    assert.deepEqual(seq.rows[0], { last_sequence: 50 });
  });

  it('a create that fails after taking its number rolls the number back (no gap)', async () => {
    const { p } = await setup();
    const actor = { userId: p.creator.id, projectId: p.id, workspaceId: p.workspace_id };
    await createWorkItem(h.db, actor, { name: 'one' });
    // Passes the command's checks, fails in the INSERT after the counter was incremented.
    await assert.rejects(createWorkItem(h.db, actor, { name: 'broken', type_id: 'not-a-uuid' }));
    const next = await createWorkItem(h.db, actor, { name: 'two' });
    assert.equal(next.sequence_id, 2);
    const acts = await h.db.query('SELECT count(*)::int AS n FROM issue_activities WHERE project_id = $1', [p.id]);
    assert.deepEqual(acts.rows[0], { n: 2 });
  });

  it('is refused to guests (403), and to non-members and anonymous callers like a missing project', async () => {
    const { p } = await setup();
    const guest = await buildUser(h.db);
    await addProjectMember(h.db, p, guest, 5);
    const res = await (await h.as(guest.id)).post(issuesUrl(p), { name: 'guest' });
    assert.equal(res.status, 403);
    const outsider = await buildUser(h.db);
    assert.equal((await (await h.as(outsider.id)).post(issuesUrl(p), { name: 'x' })).status, 404);
    const anonymous = await h.anonymous.post(issuesUrl(p), { name: 'x' });
    assert.ok([401, 403].includes(anonymous.status), `anonymous: ${anonymous.status}`);
    const count = await h.db.query('SELECT count(*)::int AS n FROM issues WHERE project_id = $1', [p.id]);
    assert.deepEqual(count.rows[0], { n: 0 });
  });
});

describe('read', () => {
  it('by id and by human key; another workspace, a non-member or a wrong id answer 404', async () => {
    const item = await buildWorkItem(h.db);
    const p = item.project;
    const admin = await h.as(p.creator.id);
    const byId = await admin.get<Item>(itemUrl(p, item.id));
    assert.equal(byId.status, 200);
    assert.equal(byId.body.name, item.name);
    const byKey = await admin.get<Item>(
      `/api/workspaces/${p.workspace.slug}/work-items/${p.identifier.toLowerCase()}-${item.sequence_id}/`,
    );
    assert.equal(byKey.status, 200);
    assert.equal(byKey.body.id, item.id);
    assert.equal((await admin.get(`/api/workspaces/${p.workspace.slug}/work-items/${p.identifier}-999/`)).status, 404);
    assert.equal((await admin.get(`/api/workspaces/${p.workspace.slug}/work-items/nonsense/`)).status, 404);
    assert.equal((await admin.get(itemUrl(p, 'not-a-uuid'))).status, 404);
    assert.equal((await admin.get(itemUrl(p, '00000000-0000-4000-8000-000000000000'))).status, 404);

    // Another workspace: its admin sees nothing of ours, through any door.
    const theirs = await buildProject(h.db);
    const them = await h.as(theirs.creator.id);
    assert.equal((await them.get(itemUrl(p, item.id))).status, 404);
    assert.equal((await them.get(itemUrl(theirs, item.id))).status, 404);
    assert.equal((await them.get(`/api/workspaces/${p.workspace.slug}/work-items/${p.identifier}-${item.sequence_id}/`)).status, 404);
    assert.equal((await them.get(`/api/workspaces/${theirs.workspace.slug}/work-items/${p.identifier}-${item.sequence_id}/`)).status, 404);
    assert.equal((await them.patch(itemUrl(theirs, item.id), { name: 'pwned' })).status, 404);
    assert.equal((await them.delete(itemUrl(theirs, item.id))).status, 404);
    assert.equal((await them.post(itemUrl(theirs, item.id, 'archive/'))).status, 404);
    assert.equal((await them.get(itemUrl(theirs, item.id, 'activities/'))).status, 404);
    assert.equal((await them.get(itemUrl(theirs, item.id, 'sub-issues/'))).status, 404);
    // A workspace member who is not in the project: 404 too.
    const wsOnly = await buildUser(h.db);
    await h.db.query('INSERT INTO workspace_members (workspace_id, member_id, role) VALUES ($1, $2, 15)', [p.workspace.id, wsOnly.id]);
    assert.equal((await (await h.as(wsOnly.id)).get(itemUrl(p, item.id))).status, 404);
    assert.equal((await h.anonymous.get(itemUrl(p, item.id))).status, 401);
    const unchanged = await h.db.query('SELECT name, deleted_at, archived_at FROM issues WHERE id = $1', [item.id]);
    assert.deepEqual(unchanged.rows[0], { name: item.name, deleted_at: null, archived_at: null });
  });

  it('guests read only the items they created, unless guest_view_all_features; they never write', async () => {
    const { p, admin } = await setup();
    const guest = await buildUser(h.db);
    await addProjectMember(h.db, p, guest, 5);
    const theirs = await buildWorkItem(h.db, { project: p, creator: guest });
    const others = await buildWorkItem(h.db, { project: p });
    const child = await buildWorkItem(h.db, { project: p, parent_id: theirs.id });
    const g = await h.as(guest.id);
    assert.equal((await g.get(itemUrl(p, theirs.id))).status, 200);
    assert.equal((await g.get(itemUrl(p, others.id))).status, 404);
    assert.equal((await g.get(itemUrl(p, others.id, 'activities/'))).status, 404);
    assert.equal((await g.get(`/api/workspaces/${p.workspace.slug}/work-items/${p.identifier}-${others.sequence_id}/`)).status, 404);
    const subs = await g.get<{ sub_issues: Item[] }>(itemUrl(p, theirs.id, 'sub-issues/'));
    assert.deepEqual(subs.body.sub_issues, [], "someone else's sub-item stays hidden");
    assert.equal((await g.patch(itemUrl(p, theirs.id), { name: 'guest edit' })).status, 403);
    assert.equal((await g.delete(itemUrl(p, theirs.id))).status, 403);
    await h.db.query('UPDATE projects SET guest_view_all_features = true WHERE id = $1', [p.id]);
    assert.equal((await g.get(itemUrl(p, others.id))).status, 200);
    const all = await g.get<{ sub_issues: Item[] }>(itemUrl(p, theirs.id, 'sub-issues/'));
    assert.deepEqual(
      all.body.sub_issues.map((s) => s.id),
      [child.id],
    );
    assert.equal((await admin.get(itemUrl(p, others.id))).status, 200);
  });
});

describe('update', () => {
  it('reorders (sort_order) without writing history', async () => {
    const { p, admin } = await setup();
    const item = await buildWorkItem(h.db, { project: p });
    const before = (await activities(p, admin, item.id)).length;
    const res = await admin.patch<Item>(itemUrl(p, item.id), { sort_order: 7.25 });
    assert.equal(res.status, 200);
    assert.equal(res.body.sort_order, 7.25);
    assert.equal((await admin.get<Item>(itemUrl(p, item.id))).body.sort_order, 7.25, 'stored');
    assert.equal((await activities(p, admin, item.id)).length, before, 'no activity row for a reorder');
  });

  it('writes one activity row per changed field, with names and ids, and nothing for a no-op', async () => {
    const { p, admin, owner } = await setup();
    const item = await buildWorkItem(h.db, { project: p, name: 'Before', priority: 'low' });
    const todo = await stateOf(p, 'Todo');
    const backlog = await stateOf(p, 'Backlog');
    const res = await admin.patch<Item>(itemUrl(p, item.id), {
      name: 'After',
      priority: 'high',
      state: todo,
      start_date: '2025-03-01',
      target_date: '2025-03-10',
      description_html: '<p>new</p>',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.name, 'After');
    assert.equal(res.body.description_stripped, 'new');
    assert.equal(res.body.updated_by, owner.id);
    const acts = (await activities(p, admin, item.id)).filter((a) => a.verb === 'updated');
    const byField = new Map(acts.map((a) => [a.field, a]));
    assert.deepEqual([...byField.keys()].sort(), ['description', 'name', 'priority', 'start_date', 'state', 'target_date']);
    assert.deepEqual({ old: byField.get('name')?.old_value, new: byField.get('name')?.new_value }, { old: 'Before', new: 'After' });
    assert.deepEqual({ old: byField.get('priority')?.old_value, new: byField.get('priority')?.new_value }, { old: 'low', new: 'high' });
    const state = byField.get('state');
    assert.deepEqual(
      [state?.old_value, state?.new_value, state?.old_identifier, state?.new_identifier],
      ['Backlog', 'Todo', backlog, todo],
    );
    assert.equal(byField.get('start_date')?.new_value, '2025-03-01');
    assert.equal(byField.get('start_date')?.old_value, null);
    assert.ok(acts.every((a) => a.actor === owner.id));

    const before = (await activities(p, admin, item.id)).length;
    const same = await admin.patch<Item>(itemUrl(p, item.id), { name: 'After', priority: 'high', state: todo });
    assert.equal(same.status, 200);
    assert.equal((await activities(p, admin, item.id)).length, before, 'a no-op writes no activity');
  });

  it('replaces the assignee and label sets, with a row per added or removed one', async () => {
    const { p, admin } = await setup();
    const [u1, u2] = [await buildUser(h.db, { first_name: 'Ann' }), await buildUser(h.db, { first_name: 'Bob' })];
    await addProjectMember(h.db, p, u1, 15);
    await addProjectMember(h.db, p, u2, 20);
    const [bug, ui] = [await buildLabel(h.db, p, { name: 'bug' }), await buildLabel(h.db, p, { name: 'ui' })];
    const item = await buildWorkItem(h.db, { project: p, assignees: [u1.id], labels: [bug.id] });
    const res = await admin.patch<Item>(itemUrl(p, item.id), { assignees: [u2.id], labels: [bug.id, ui.id] });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.assignees, [u2.id]);
    assert.deepEqual(new Set(res.body.labels), new Set([bug.id, ui.id]));
    const acts = (await activities(p, admin, item.id)).filter((a) => a.verb === 'updated');
    const rows = acts.map((a) => [a.field, a.old_value, a.new_value, a.old_identifier, a.new_identifier]);
    assert.deepEqual(
      rows.sort(),
      [
        ['assignees', 'Ann', null, u1.id, null],
        ['assignees', null, 'Bob', null, u2.id],
        ['labels', null, 'ui', null, ui.id],
      ].sort(),
    );
    const cleared = await admin.patch<Item>(itemUrl(p, item.id), { assignees: [], labels: [] });
    assert.deepEqual(cleared.body.assignees, []);
    assert.deepEqual(cleared.body.labels, []);
    const stored = await h.db.query(
      'SELECT (SELECT count(*) FROM issue_assignees WHERE issue_id = $1)::int AS a, (SELECT count(*) FROM issue_labels WHERE issue_id = $1)::int AS l',
      [item.id],
    );
    assert.deepEqual(stored.rows[0], { a: 0, l: 0 });
    // Bad sets change nothing.
    const outsider = await buildUser(h.db);
    const bad = await admin.patch(itemUrl(p, item.id), { assignees: [u1.id, outsider.id] });
    assert.equal(bad.status, 400);
    assert.deepEqual((await admin.get<Item>(itemUrl(p, item.id))).body.assignees, []);
  });

  it('keeps an assignee who left the project when the set is re-sent; new ones must be members', async () => {
    const { p, admin } = await setup();
    const leaver = await buildUser(h.db);
    const joiner = await buildUser(h.db);
    await addProjectMember(h.db, p, leaver, 15);
    await addProjectMember(h.db, p, joiner, 15);
    const item = await buildWorkItem(h.db, { project: p, assignees: [leaver.id] });
    await h.db.query('UPDATE project_members SET is_active = false WHERE project_id = $1 AND member_id = $2', [p.id, leaver.id]);
    const res = await admin.patch<Item>(itemUrl(p, item.id), { assignees: [leaver.id, joiner.id] });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(new Set(res.body.assignees), new Set([leaver.id, joiner.id]));
    const other = await buildWorkItem(h.db, { project: p });
    assert.equal((await admin.patch(itemUrl(p, other.id), { assignees: [leaver.id] })).status, 400);
  });

  it("assigns the project's default assignee when none is given (Plane's rule)", async () => {
    const { p, admin } = await setup();
    const lead = await buildUser(h.db);
    await addProjectMember(h.db, p, lead, 15);
    await h.db.query('UPDATE projects SET default_assignee = $2 WHERE id = $1', [p.id, lead.id]);
    const res = await admin.post<Item>(issuesUrl(p), { name: 'defaulted' });
    assert.deepEqual(res.body.assignees, [lead.id]);
    const explicit = await admin.post<Item>(issuesUrl(p), { name: 'explicit', assignees: [p.creator.id] });
    assert.deepEqual(explicit.body.assignees, [p.creator.id]);
  });

  it('sets completed_at entering a completed state and clears it leaving', async () => {
    const { p, admin } = await setup();
    const item = await buildWorkItem(h.db, { project: p });
    const done = await admin.patch<Item>(itemUrl(p, item.id), { state: await stateOf(p, 'Done') });
    assert.ok(done.body.completed_at);
    const custom = await buildState(h.db, p, { name: 'Shipped', group: 'completed' });
    const shipped = await admin.patch<Item>(itemUrl(p, item.id), { state: custom.id });
    assert.equal(shipped.body.completed_at, done.body.completed_at, 'completed → completed keeps the time');
    const reopened = await admin.patch<Item>(itemUrl(p, item.id), { state: await stateOf(p, 'In Progress') });
    assert.equal(reopened.body.completed_at, null);
  });

  it('refuses bad values with 400 and leaves the item unchanged', async () => {
    const { p, admin } = await setup();
    const other = await buildProject(h.db);
    const item = await buildWorkItem(h.db, { project: p, start_date: '2025-01-10' });
    const cases: Array<[string, Body]> = [
      ['target before stored start', { target_date: '2025-01-01' }],
      ['empty name', { name: '' }],
      ['long name', { name: 'n'.repeat(256) }],
      ['bad priority', { priority: 'p0' }],
      ['foreign state', { state: await stateOf(other, 'Done') }],
      ['foreign label', { labels: [(await buildLabel(h.db, other)).id] }],
      ['wrong type', { is_draft: 'perhaps' }],
      ['sort order not a number', { sort_order: 'first' }],
    ];
    for (const [label, body] of cases) {
      const res = await admin.patch(itemUrl(p, item.id), body);
      assert.equal(res.status, 400, `${label}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    const now = await admin.get<Item>(itemUrl(p, item.id));
    assert.equal(now.body.name, item.name);
    assert.equal(now.body.start_date, '2025-01-10');
    assert.equal(now.body.target_date, null);
    const acts = await activities(p, admin, item.id);
    assert.equal(acts.length, 1, 'only "created"');
    // Clearing a date with null works.
    const cleared = await admin.patch<Item>(itemUrl(p, item.id), { start_date: null });
    assert.equal(cleared.status, 200);
    assert.equal(cleared.body.start_date, null);
  });

  it('a member may edit; a guest may not', async () => {
    const { p } = await setup();
    const member = await buildUser(h.db);
    await addProjectMember(h.db, p, member, 15);
    const item = await buildWorkItem(h.db, { project: p });
    const res = await (await h.as(member.id)).patch<Item>(itemUrl(p, item.id), { name: 'by member' });
    assert.equal(res.status, 200);
    assert.equal(res.body.updated_by, member.id);
  });
});

describe('parent tree', () => {
  it('sets and clears a parent, refuses itself, a descendant and a foreign item', async () => {
    const { p, admin } = await setup();
    const root = await buildWorkItem(h.db, { project: p });
    const child = await buildWorkItem(h.db, { project: p, parent_id: root.id });
    const grandchild = await buildWorkItem(h.db, { project: p, parent_id: child.id });
    const loose = await buildWorkItem(h.db, { project: p });

    assert.equal((await admin.patch(itemUrl(p, root.id), { parent: root.id })).status, 400);
    const cycle = await admin.patch(itemUrl(p, root.id), { parent: grandchild.id });
    assert.equal(cycle.status, 400);
    assert.match(JSON.stringify(cycle.body), /parent/);
    assert.equal((await admin.patch(itemUrl(p, root.id), { parent: child.id })).status, 400);
    const foreign = await buildWorkItem(h.db);
    assert.equal((await admin.patch(itemUrl(p, loose.id), { parent: foreign.id })).status, 400);

    const moved = await admin.patch<Item>(itemUrl(p, grandchild.id), { parent: loose.id });
    assert.equal(moved.status, 200);
    assert.equal(moved.body.parent, loose.id);
    const act = (await activities(p, admin, grandchild.id)).find((a) => a.field === 'parent');
    assert.deepEqual(
      [act?.old_value, act?.new_value, act?.old_identifier, act?.new_identifier],
      [`${p.identifier}-${child.sequence_id}`, `${p.identifier}-${loose.sequence_id}`, child.id, loose.id],
    );
    // Now root → loose is fine (loose is not under root any more... it never was).
    assert.equal((await admin.patch(itemUrl(p, loose.id), { parent: root.id })).status, 200);
    // and grandchild's subtree now sits under root: root can't go under grandchild.
    assert.equal((await admin.patch(itemUrl(p, root.id), { parent: grandchild.id })).status, 400);
    const cleared = await admin.patch<Item>(itemUrl(p, grandchild.id), { parent: null });
    assert.equal(cleared.body.parent, null);

    const subs = await admin.get<{ sub_issues: Item[]; state_distribution: Record<string, number> }>(itemUrl(p, root.id, 'sub-issues/'));
    assert.equal(subs.status, 200);
    assert.deepEqual(new Set(subs.body.sub_issues.map((s) => s.id)), new Set([child.id, loose.id]));
    assert.equal(subs.body.state_distribution.backlog, 2);
  });

  it('adds existing items as sub-items in one go, refusing the whole batch on a cycle or a foreign item', async () => {
    const { p, admin } = await setup();
    const parent = await buildWorkItem(h.db, { project: p });
    const [a, b] = [await buildWorkItem(h.db, { project: p }), await buildWorkItem(h.db, { project: p })];
    const res = await admin.post<{ sub_issues: Item[] }>(itemUrl(p, parent.id, 'sub-issues/'), { sub_issue_ids: [a.id, b.id] });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(new Set(res.body.sub_issues.map((s) => s.parent)), new Set([parent.id]));
    const c = await buildWorkItem(h.db, { project: p });
    const foreign = await buildWorkItem(h.db);
    const grandparent = await buildWorkItem(h.db, { project: p });
    await admin.patch(itemUrl(p, parent.id), { parent: grandparent.id });
    for (const ids of [
      [c.id, foreign.id],
      [c.id, grandparent.id],
      [c.id, parent.id],
    ]) {
      const bad = await admin.post(itemUrl(p, parent.id, 'sub-issues/'), { sub_issue_ids: ids });
      assert.equal(bad.status, 400, JSON.stringify(bad.body));
    }
    assert.equal((await admin.get<Item>(itemUrl(p, c.id))).body.parent, null, 'nothing of a refused batch is kept');
    const guest = await buildUser(h.db);
    await addProjectMember(h.db, p, guest, 5);
    assert.equal((await (await h.as(guest.id)).post(itemUrl(p, parent.id, 'sub-issues/'), { sub_issue_ids: [c.id] })).status, 403);
  });

  it('two concurrent re-parentings cannot form a cycle', async () => {
    const { p, admin } = await setup();
    for (let round = 0; round < 5; round += 1) {
      const a = await buildWorkItem(h.db, { project: p });
      const b = await buildWorkItem(h.db, { project: p });
      const [x, y] = await Promise.all([admin.patch(itemUrl(p, a.id), { parent: b.id }), admin.patch(itemUrl(p, b.id), { parent: a.id })]);
      assert.deepEqual([x.status, y.status].sort(), [200, 400]);
    }
  });
});

describe('drafts, archive, delete', () => {
  it('publishes a draft through /publish/ and through PATCH is_draft false', async () => {
    const { p, admin } = await setup();
    const draft = await admin.post<Item>(issuesUrl(p), { name: 'Draft', is_draft: true });
    assert.equal(draft.body.is_draft, true);
    const published = await admin.post<Item>(itemUrl(p, draft.body.id, 'publish/'));
    assert.equal(published.status, 200);
    assert.equal(published.body.is_draft, false);
    const other = await admin.post<Item>(issuesUrl(p), { name: 'Draft 2', is_draft: true });
    const patched = await admin.patch<Item>(itemUrl(p, other.body.id), { is_draft: false });
    assert.equal(patched.body.is_draft, false);
    const act = (await activities(p, admin, draft.body.id)).find((a) => a.field === 'is_draft');
    assert.deepEqual([act?.old_value, act?.new_value], ['true', 'false']);
  });

  it('archives only completed or cancelled items; archived items are read-only until restored', async () => {
    const { p, admin } = await setup();
    const item = await buildWorkItem(h.db, { project: p });
    const refused = await admin.post(itemUrl(p, item.id, 'archive/'));
    assert.equal(refused.status, 400);
    await admin.patch(itemUrl(p, item.id), { state: await stateOf(p, 'Cancelled') });
    const archived = await admin.post<Item>(itemUrl(p, item.id, 'archive/'));
    assert.equal(archived.status, 200);
    assert.ok(archived.body.archived_at);
    assert.equal((await admin.get<Item>(itemUrl(p, item.id))).body.archived_at, archived.body.archived_at);
    assert.equal((await admin.patch(itemUrl(p, item.id), { name: 'edited' })).status, 400);
    const restored = await admin.delete<Item>(itemUrl(p, item.id, 'archive/'));
    assert.equal(restored.status, 200);
    assert.equal(restored.body.archived_at, null);
    const acts = (await activities(p, admin, item.id)).filter((a) => a.field === 'archived_at');
    assert.deepEqual(
      acts.map((a) => a.verb),
      ['archived', 'restored'],
    );
    const member = await buildUser(h.db);
    await addProjectMember(h.db, p, member, 5);
    assert.equal((await (await h.as(member.id)).post(itemUrl(p, item.id, 'archive/'))).status, 403);
  });

  it('soft delete answers 204 and hides the item everywhere; sub-items are detached', async () => {
    const { p, admin } = await setup();
    const parent = await buildWorkItem(h.db, { project: p });
    const child = await buildWorkItem(h.db, { project: p, parent_id: parent.id });
    const doomed = await buildWorkItem(h.db, { project: p, parent_id: parent.id });
    const del = await admin.delete(itemUrl(p, doomed.id));
    assert.equal(del.status, 204);
    assert.equal((await admin.get(itemUrl(p, doomed.id))).status, 404);
    assert.equal((await admin.get(`/api/workspaces/${p.workspace.slug}/work-items/${p.identifier}-${doomed.sequence_id}/`)).status, 404);
    assert.equal((await admin.patch(itemUrl(p, doomed.id), { name: 'zombie' })).status, 404);
    assert.equal((await admin.delete(itemUrl(p, doomed.id))).status, 404);
    assert.equal((await admin.get(itemUrl(p, doomed.id, 'activities/'))).status, 404);
    const subs = await admin.get<{ sub_issues: Item[] }>(itemUrl(p, parent.id, 'sub-issues/'));
    assert.deepEqual(
      subs.body.sub_issues.map((s) => s.id),
      [child.id],
    );
    assert.equal((await admin.patch(itemUrl(p, child.id), { parent: doomed.id })).status, 400, 'a deleted item is no parent');
    const row = await h.db.query<{ deleted: boolean }>('SELECT deleted_at IS NOT NULL AS deleted FROM issues WHERE id = $1', [doomed.id]);
    assert.deepEqual(row.rows[0], { deleted: true });
    const acts = await h.db.query<{ verb: string }>('SELECT verb FROM issue_activities WHERE issue_id = $1 ORDER BY created_at', [
      doomed.id,
    ]);
    assert.deepEqual(
      acts.rows.map((r) => r.verb),
      ['created', 'deleted'],
    );

    assert.equal((await admin.delete(itemUrl(p, parent.id))).status, 204);
    const orphan = await admin.get<Item>(itemUrl(p, child.id));
    assert.equal(orphan.body.parent, null);
    const parentAct = (await activities(p, admin, child.id)).find((a) => a.field === 'parent');
    assert.equal(parentAct?.old_identifier, parent.id);
    // Sequence numbers are never reused.
    const next = await admin.post<Item>(issuesUrl(p), { name: 'next' });
    assert.equal(next.body.sequence_id, 4);
  });
});
