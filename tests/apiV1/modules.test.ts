// /api/v1 modules: every route with Plane's codes and shapes (each answer checked against the route's
// documented schema), the envelope, external ids, members replaced, counts as items move between
// states, archive rules, and ids of other workspaces in `issues` / `members` / `lead` refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildUser } from '../factories/accounts.ts';
import { addProjectMember, buildProject } from '../factories/projects.ts';
import { buildWorkItem } from '../factories/workItems.ts';
import { type ApiHarness, type Body, type Response, startApiHarness } from '../helpers/apiHarness.ts';
import { SchemaChecker, type V1Client, v1As } from '../helpers/v1Harness.ts';
import { buildTeam, NIL_UUID, type Team } from '../projects/setup.ts';

let h: ApiHarness;
let checker: SchemaChecker;
before(async () => {
  h = await startApiHarness();
  checker = await SchemaChecker.load(h.app);
});
after(async () => {
  await h.close();
});

type Module = Body & {
  id: string;
  name: string;
  status: string;
  lead: string | null;
  members: string[];
  archived_at: string | null;
  total_issues: number;
  backlog_issues: number;
  unstarted_issues: number;
  started_issues: number;
  completed_issues: number;
  cancelled_issues: number;
};
type Envelope<T> = Body & { results: T[]; total_count: number; count: number; next_page_results: boolean; next_cursor: string };

interface V1Team extends Team {
  v1: { admin: V1Client; member: V1Client; guest: V1Client };
  /** `/workspaces/<slug>/projects/<id>` (relative to /api/v1) */
  p: string;
}

async function v1Team(): Promise<V1Team> {
  const team = await buildTeam(h);
  return {
    ...team,
    v1: { admin: await v1As(h, team.admin.id), member: await v1As(h, team.member.id), guest: await v1As(h, team.guest.id) },
    p: `/workspaces/${team.workspace.slug}/projects/${team.project.id}`,
  };
}

/** Sends, checks the answer against the documented schema for its status, returns it. */
async function call<T = Body>(client: V1Client, method: string, path: string, body?: unknown): Promise<Response<T>> {
  const res = await client.request<T>(method, path, body);
  checker.check(method, path, res.status, res.status === 204 ? null : res.body);
  return res;
}

async function stateOf(team: Team, group: string): Promise<string> {
  const { rows } = await h.db.query<{ id: string }>(
    'SELECT id FROM states WHERE project_id = $1 AND "group" = $2 AND deleted_at IS NULL ORDER BY sequence LIMIT 1',
    [team.project.id, group],
  );
  assert.ok(rows[0]);
  return rows[0].id;
}

const counts = (m: Module): number[] => [
  m.total_issues,
  m.backlog_issues,
  m.unstarted_issues,
  m.started_issues,
  m.completed_issues,
  m.cancelled_issues,
];

describe('/api/v1 modules', () => {
  it('create → 201, list (envelope), get, patch, delete → 204, all in Plane shapes', async () => {
    const t = await v1Team();
    const created = await call<Module>(t.v1.member, 'POST', `${t.p}/modules/`, {
      name: 'Launch',
      description: 'd',
      start_date: '2025-01-01',
      target_date: '2025-01-31',
      status: 'backlog',
      lead: t.admin.id,
      members: [t.member.id],
      workspace: NIL_UUID,
      created_by: t.guest.id,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const m = created.body;
    assert.equal(m.status, 'backlog');
    assert.equal(m.lead, t.admin.id);
    assert.deepEqual(m.members, [t.member.id]);
    assert.equal(m.project, t.project.id);
    assert.equal(m.workspace, t.workspace.id);
    assert.equal(m.created_by, t.member.id);
    assert.equal(m.deleted_at, null);
    assert.deepEqual(counts(m), [0, 0, 0, 0, 0, 0]);

    await call(t.v1.member, 'POST', `${t.p}/modules/`, { name: 'Second' });
    const list = await call<Envelope<Module>>(t.v1.guest, 'GET', `${t.p}/modules/`);
    assert.equal(list.status, 200);
    assert.equal(list.body.total_count, 2);
    assert.deepEqual(
      list.body.results.map((x) => x.name),
      ['Second', 'Launch'],
    );
    const paged = await call<Envelope<Module>>(t.v1.guest, 'GET', `${t.p}/modules/?per_page=1`);
    assert.equal(paged.body.count, 1);
    assert.equal(paged.body.next_page_results, true);
    const page2 = await call<Envelope<Module>>(t.v1.guest, 'GET', `${t.p}/modules/?cursor=${paged.body.next_cursor}`);
    assert.deepEqual(
      page2.body.results.map((x) => x.name),
      ['Launch'],
    );

    const one = await call<Module>(t.v1.guest, 'GET', `${t.p}/modules/${m.id}/`);
    assert.equal(one.status, 200);
    assert.equal(one.body.name, 'Launch');
    // ?fields answers only some keys: not the documented whole object, so not schema-checked.
    const shaped = await t.v1.guest.get<Body>(`${t.p}/modules/${m.id}/?fields=id,name,lead&expand=lead`);
    assert.deepEqual(Object.keys(shaped.body).sort(), ['id', 'lead', 'name']);
    assert.equal((shaped.body.lead as Body).email, t.admin.email);
    const expanded = await call<Envelope<Body>>(t.v1.guest, 'GET', `${t.p}/modules/?expand=members`);
    const launch = expanded.body.results.find((x) => x.id === m.id);
    assert.ok(launch);
    assert.equal(((launch.members as Body[])[0] as Body).id, t.member.id);

    const patched = await call<Module>(t.v1.member, 'PATCH', `${t.p}/modules/${m.id}/`, { name: 'Launch 2', status: 'paused', lead: null });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(patched.body.name, 'Launch 2');
    assert.equal(patched.body.status, 'paused');
    assert.equal(patched.body.lead, null);
    assert.equal((await call(t.v1.guest, 'PATCH', `${t.p}/modules/${m.id}/`, { name: 'x' })).status, 403);

    assert.equal((await call(t.v1.guest, 'DELETE', `${t.p}/modules/${m.id}/`)).status, 403);
    assert.equal((await call(t.v1.member, 'DELETE', `${t.p}/modules/${m.id}/`)).status, 204);
    const gone = await call(t.v1.member, 'GET', `${t.p}/modules/${m.id}/`);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.error, 'The requested resource does not exist.');
    assert.equal((await call(t.v1.member, 'GET', `${t.p}/modules/not-a-uuid/`)).status, 404);
  });

  it('rules: 400 on module_view off, a taken name, dates out of order, a bad status; members replace the set', async () => {
    const t = await v1Team();
    const taken = await call(t.v1.member, 'POST', `${t.p}/modules/`, { name: 'Alpha' });
    assert.equal(taken.status, 201);
    const dup = await call(t.v1.member, 'POST', `${t.p}/modules/`, { name: 'Alpha' });
    assert.equal(dup.status, 400);
    assert.deepEqual(dup.body.name, ['Module with this name already exists']);
    assert.equal(
      (await call(t.v1.member, 'POST', `${t.p}/modules/`, { name: 'B', start_date: '2025-02-02', target_date: '2025-02-01' })).status,
      400,
    );
    assert.equal((await call(t.v1.member, 'POST', `${t.p}/modules/`, { name: 'C', status: 'started' })).status, 400);
    assert.equal((await call(t.v1.member, 'POST', `${t.p}/modules/`, { description: 'no name' })).status, 400);

    const m = (await call<Module>(t.v1.member, 'POST', `${t.p}/modules/`, { name: 'Team', members: [t.member.id, t.guest.id] })).body;
    const replaced = await call<Module>(t.v1.member, 'PATCH', `${t.p}/modules/${m.id}/`, { members: [t.admin.id] });
    assert.deepEqual(replaced.body.members, [t.admin.id]);
    const { rows } = await h.db.query<{ member_id: string }>('SELECT member_id FROM module_members WHERE module_id = $1', [m.id]);
    assert.deepEqual(
      rows.map((r) => r.member_id),
      [t.admin.id],
    );

    await h.db.query('UPDATE projects SET module_view = false WHERE id = $1', [t.project.id]);
    const off = await call(t.v1.member, 'POST', `${t.p}/modules/`, { name: 'Off' });
    assert.equal(off.status, 400);
    assert.equal(typeof off.body.error, 'string');
  });

  it('external ids: a repeated pair → 409 {error, id}; ?external_id=&external_source= answers that module', async () => {
    const t = await v1Team();
    const first = await call<Module>(t.v1.member, 'POST', `${t.p}/modules/`, {
      name: 'Imported',
      external_source: 'jira',
      external_id: 'EPIC-1',
    });
    assert.equal(first.status, 201);
    const again = await call(t.v1.member, 'POST', `${t.p}/modules/`, {
      name: 'Imported again',
      external_source: 'jira',
      external_id: 'EPIC-1',
    });
    assert.equal(again.status, 409);
    assert.equal(again.body.id, first.body.id);
    assert.equal(typeof again.body.error, 'string');
    const found = await call<Module>(t.v1.guest, 'GET', `${t.p}/modules/?external_id=EPIC-1&external_source=jira`);
    assert.equal(found.status, 200);
    assert.equal(found.body.id, first.body.id);
    assert.equal((await call(t.v1.guest, 'GET', `${t.p}/modules/?external_id=EPIC-2&external_source=jira`)).status, 404);
    // A PATCH onto another module's pair is a conflict as well.
    const other = (await call<Module>(t.v1.member, 'POST', `${t.p}/modules/`, { name: 'Other' })).body;
    const clash = await call(t.v1.member, 'PATCH', `${t.p}/modules/${other.id}/`, { external_source: 'jira', external_id: 'EPIC-1' });
    assert.equal(clash.status, 409);
    assert.equal(clash.body.id, first.body.id);
  });

  it('module-issues: POST {issues} → 201 rows, GET envelope of work items, counts follow state moves, DELETE → 204', async () => {
    const t = await v1Team();
    const m = (await call<Module>(t.v1.member, 'POST', `${t.p}/modules/`, { name: 'Work' })).body;
    const url = `${t.p}/modules/${m.id}/module-issues/`;
    const [backlog, unstarted, started, completed, cancelled] = await Promise.all(
      ['backlog', 'unstarted', 'started', 'completed', 'cancelled'].map((g) => stateOf(t, g)),
    );
    const a = await buildWorkItem(h.db, { project: t.project, state_id: backlog });
    const b = await buildWorkItem(h.db, { project: t.project, state_id: unstarted });
    const c = await buildWorkItem(h.db, { project: t.project, state_id: started });

    const added = await call<Array<Body & { module: string; issue: string; project: string; workspace: string }>>(
      t.v1.member,
      'POST',
      url,
      {
        issues: [a.id, b.id, c.id],
      },
    );
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.equal(added.body.length, 3);
    for (const row of added.body) {
      assert.equal(row.module, m.id);
      assert.equal(row.project, t.project.id);
      assert.equal(row.workspace, t.workspace.id);
    }
    assert.deepEqual(counts((await call<Module>(t.v1.member, 'GET', `${t.p}/modules/${m.id}/`)).body), [3, 1, 1, 1, 0, 0]);

    const items = await call<Envelope<Body & { id: string; project: string }>>(t.v1.member, 'GET', url);
    assert.equal(items.status, 200);
    assert.equal(items.body.total_count, 3);
    assert.deepEqual(items.body.results.map((i) => i.id).sort(), [a.id, b.id, c.id].sort());
    const page = await call<Envelope<Body>>(t.v1.member, 'GET', `${url}?per_page=2&expand=state`);
    assert.equal(page.body.count, 2);
    assert.equal(page.body.next_page_results, true);
    const first = page.body.results[0];
    assert.ok(first);
    assert.equal(typeof (first.state as Body).group, 'string');
    const rest = await call<Envelope<Body>>(t.v1.member, 'GET', `${url}?cursor=${page.body.next_cursor}`);
    assert.equal(rest.body.count, 1);

    // Moves: a → completed, b → cancelled, c → completed.
    await h.db.query('UPDATE issues SET state_id = $2 WHERE id = $1', [a.id, completed]);
    await h.db.query('UPDATE issues SET state_id = $2 WHERE id = $1', [b.id, cancelled]);
    const moved = await (await h.as(t.member.id)).patch(`/api/workspaces/${t.workspace.slug}/projects/${t.project.id}/issues/${c.id}`, {
      state_id: completed,
    });
    assert.equal(moved.status, 200);
    assert.deepEqual(counts((await call<Module>(t.v1.member, 'GET', `${t.p}/modules/${m.id}/`)).body), [3, 0, 0, 0, 2, 1]);
    const listed = (await call<Envelope<Module>>(t.v1.member, 'GET', `${t.p}/modules/`)).body.results[0];
    assert.ok(listed);
    assert.deepEqual(counts(listed), [3, 0, 0, 0, 2, 1], 'the list carries the same counts');

    assert.equal((await call(t.v1.guest, 'DELETE', `${url}${a.id}/`)).status, 403);
    assert.equal((await call(t.v1.member, 'DELETE', `${url}${a.id}/`)).status, 204);
    assert.equal((await call(t.v1.member, 'DELETE', `${url}${a.id}/`)).status, 404);
    assert.equal((await call<Module>(t.v1.member, 'GET', `${t.p}/modules/${m.id}/`)).body.total_issues, 2);
    assert.equal((await call(t.v1.member, 'POST', url, { issues: [] })).status, 400);
    assert.equal((await call(t.v1.member, 'POST', url, { issues: ['nope'] })).status, 400);
  });

  it('ids from another workspace in issues / members / lead are refused (400) and never stored', async () => {
    const t = await v1Team();
    const foreign = await buildProject(h.db);
    const foreignItem = await buildWorkItem(h.db, { project: foreign });
    const sameWorkspace = await buildProject(h.db, { workspace: t.workspace, creator: t.admin });
    const otherProjectItem = await buildWorkItem(h.db, { project: sameWorkspace });
    const mine = await buildWorkItem(h.db, { project: t.project });
    const m = (await call<Module>(t.v1.admin, 'POST', `${t.p}/modules/`, { name: 'Safe' })).body;

    for (const id of [foreignItem.id, otherProjectItem.id]) {
      const res = await call(t.v1.admin, 'POST', `${t.p}/modules/${m.id}/module-issues/`, { issues: [mine.id, id] });
      assert.equal(res.status, 400, JSON.stringify(res.body));
    }
    for (const body of [{ lead: foreign.creator.id }, { members: [foreign.creator.id] }, { members: [t.member.id, foreign.creator.id] }]) {
      assert.equal((await call(t.v1.admin, 'POST', `${t.p}/modules/`, { name: 'Leak', ...body })).status, 400, JSON.stringify(body));
      assert.equal((await call(t.v1.admin, 'PATCH', `${t.p}/modules/${m.id}/`, body)).status, 400, JSON.stringify(body));
    }
    const links = await h.db.query('SELECT 1 FROM module_issues WHERE module_id = $1', [m.id]);
    assert.equal(links.rows.length, 0);
    const refs = await h.db.query(
      `SELECT 1 FROM modules WHERE project_id = $1 AND (lead = $2 OR name = 'Leak')
       UNION ALL SELECT 1 FROM module_members WHERE project_id = $1`,
      [t.project.id, foreign.creator.id],
    );
    assert.equal(refs.rows.length, 0);

    // Another workspace's module through this project, and this module through a token bound elsewhere: not found.
    const theirs = await call<Module>(
      await v1As(h, foreign.creator.id),
      'POST',
      `/workspaces/${foreign.workspace.slug}/projects/${foreign.id}/modules/`,
      {
        name: 'Theirs',
      },
    );
    assert.equal(theirs.status, 201);
    assert.equal((await call(t.v1.admin, 'GET', `${t.p}/modules/${theirs.body.id}/`)).status, 404);
    assert.equal((await call(t.v1.admin, 'POST', `${t.p}/modules/${theirs.body.id}/archive/`)).status, 404);
    const bound = await v1As(h, t.admin.id, { workspaceId: foreign.workspace_id });
    assert.equal((await call(bound, 'GET', `${t.p}/modules/${m.id}/`)).status, 404);
  });

  it('archive: only completed or cancelled (400 else) → 204; archived list; read-only; unarchive → 204', async () => {
    const t = await v1Team();
    const m = (await call<Module>(t.v1.member, 'POST', `${t.p}/modules/`, { name: 'Done soon' })).body;
    const refused = await call(t.v1.member, 'POST', `${t.p}/modules/${m.id}/archive/`);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error, 'Only completed or cancelled modules can be archived');
    await call(t.v1.member, 'PATCH', `${t.p}/modules/${m.id}/`, { status: 'completed' });
    assert.equal((await call(t.v1.guest, 'POST', `${t.p}/modules/${m.id}/archive/`)).status, 403);
    assert.equal((await call(t.v1.member, 'POST', `${t.p}/modules/${m.id}/archive/`)).status, 204);

    assert.equal((await call<Envelope<Module>>(t.v1.member, 'GET', `${t.p}/modules/`)).body.total_count, 0);
    const archived = await call<Envelope<Module>>(t.v1.guest, 'GET', `${t.p}/archived-modules/`);
    assert.equal(archived.status, 200);
    assert.deepEqual(
      archived.body.results.map((x) => x.id),
      [m.id],
    );
    assert.ok(archived.body.results[0]?.archived_at);
    const edit = await call(t.v1.member, 'PATCH', `${t.p}/modules/${m.id}/`, { name: 'Changed' });
    assert.equal(edit.status, 400);
    assert.equal(edit.body.error, 'Archived module cannot be edited');

    assert.equal((await call(t.v1.guest, 'DELETE', `${t.p}/archived-modules/${m.id}/unarchive/`)).status, 403);
    assert.equal((await call(t.v1.member, 'DELETE', `${t.p}/archived-modules/${m.id}/unarchive/`)).status, 204);
    assert.equal((await call<Envelope<Module>>(t.v1.member, 'GET', `${t.p}/archived-modules/`)).body.total_count, 0);
    assert.deepEqual(
      (await call<Envelope<Module>>(t.v1.member, 'GET', `${t.p}/modules/`)).body.results.map((x) => x.id),
      [m.id],
    );
    assert.equal((await call(t.v1.member, 'DELETE', `${t.p}/archived-modules/${NIL_UUID}/unarchive/`)).status, 404);
  });

  it('delete: only the creator or a project admin (403 for another member)', async () => {
    const t = await v1Team();
    const m = (await call<Module>(t.v1.admin, 'POST', `${t.p}/modules/`, { name: 'Admins' })).body;
    const denied = await call(t.v1.member, 'DELETE', `${t.p}/modules/${m.id}/`);
    assert.equal(denied.status, 403);
    assert.equal(typeof denied.body.detail, 'string');
    const mine = (await call<Module>(t.v1.member, 'POST', `${t.p}/modules/`, { name: 'Mine' })).body;
    const secondAdmin = await buildUser(h.db);
    await addProjectMember(h.db, t.project, secondAdmin, 20);
    const other = await v1As(h, secondAdmin.id);
    assert.equal((await call(other, 'DELETE', `${t.p}/modules/${mine.id}/`)).status, 204, 'another admin may delete it');
    assert.equal((await call(t.v1.admin, 'DELETE', `${t.p}/modules/${m.id}/`)).status, 204);
    assert.ok(checker.checked > 0);
  });
});
