// Modules through the app API (session): create with lead and members, the name and date rules,
// module_view, guests read only, work items in several modules and counts by state group as they
// move, archive rules, delete by creator or admin, and ids from elsewhere refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildUser } from '../factories/accounts.ts';
import { addProjectMember, buildProject } from '../factories/projects.ts';
import { buildWorkItem } from '../factories/workItems.ts';
import { type ApiHarness, type Body, startApiHarness } from '../helpers/apiHarness.ts';
import { buildTeam, NIL_UUID, type Team } from '../projects/setup.ts';

let h: ApiHarness;
before(async () => {
  h = await startApiHarness();
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
  member_ids: string[];
  archived_at: string | null;
  total_issues: number;
  backlog_issues: number;
  unstarted_issues: number;
  started_issues: number;
  completed_issues: number;
  cancelled_issues: number;
};

async function stateOf(team: Team, group: string): Promise<string> {
  const { rows } = await h.db.query<{ id: string }>(
    'SELECT id FROM states WHERE project_id = $1 AND "group" = $2 AND deleted_at IS NULL ORDER BY sequence LIMIT 1',
    [team.project.id, group],
  );
  assert.ok(rows[0], `a ${group} state`);
  return rows[0].id;
}

async function linkCount(moduleId: string): Promise<number> {
  const { rows } = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM module_issues WHERE module_id = $1', [moduleId]);
  return rows[0]?.n ?? -1;
}

describe('modules (app API)', () => {
  it('creates (201) with every field, lead and members; forbidden fields are ignored; lists and reads it', async () => {
    const team = await buildTeam(h);
    const created = await team.as.member.post<Module>(`${team.base}/modules/`, {
      name: ' Launch ',
      description: 'The launch',
      description_html: '<p>plan</p><script>alert(1)</script>',
      start_date: '2025-01-01',
      target_date: '2025-02-01',
      status: 'in-progress',
      lead: team.admin.id,
      members: [team.member.id, team.guest.id, team.member.id],
      view_props: { full: true },
      logo_props: { emoji: '🚀' },
      external_source: 'jira',
      external_id: 'M-1',
      id: NIL_UUID,
      project: NIL_UUID,
      workspace: NIL_UUID,
      archived_at: '2001-01-01T00:00:00Z',
      created_by: team.guest.id,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const m = created.body;
    assert.notEqual(m.id, NIL_UUID);
    assert.equal(m.name, 'Launch');
    assert.equal(m.status, 'in-progress');
    assert.equal(m.start_date, '2025-01-01');
    assert.equal(m.target_date, '2025-02-01');
    assert.equal(m.lead, team.admin.id);
    assert.deepEqual([...m.members].sort(), [team.member.id, team.guest.id].sort());
    assert.deepEqual(m.member_ids, m.members);
    assert.equal(m.project, team.project.id);
    assert.equal(m.workspace, team.workspace.id);
    assert.equal(m.created_by, team.member.id);
    assert.equal(m.archived_at, null);
    assert.deepEqual(m.view_props, { full: true });
    assert.deepEqual(m.logo_props, { emoji: '🚀' });
    assert.ok(!String(m.description_html).includes('<script'), String(m.description_html));
    assert.equal(m.total_issues, 0);

    const plain = await team.as.member.post<Module>(`${team.base}/modules`, { name: 'Plain' });
    assert.equal(plain.status, 201);
    assert.equal(plain.body.status, 'planned');
    assert.equal(plain.body.lead, null);
    assert.deepEqual(plain.body.members, []);
    assert.ok(Number(plain.body.sort_order) > Number(m.sort_order), 'a new module sorts after the last one');

    const list = await team.as.guest.get<Module[]>(`${team.base}/modules`);
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.map((x) => x.name),
      ['Plain', 'Launch'],
    );
    const one = await team.as.guest.get<Module>(`${team.base}/modules/${m.id.toUpperCase()}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.id, m.id);
  });

  it('refuses a taken name (400 name), dates out of order, a bad status, and creates nothing', async () => {
    const team = await buildTeam(h);
    assert.equal((await team.as.member.post(`${team.base}/modules`, { name: 'Alpha' })).status, 201);
    const dup = await team.as.member.post(`${team.base}/modules`, { name: 'ALPHA' });
    assert.equal(dup.status, 400);
    assert.deepEqual(dup.body.name, ['Module with this name already exists']);
    const dates = await team.as.member.post(`${team.base}/modules`, { name: 'Beta', start_date: '2025-03-02', target_date: '2025-03-01' });
    assert.equal(dates.status, 400);
    assert.ok(Array.isArray(dates.body.start_date));
    assert.equal((await team.as.member.post(`${team.base}/modules`, { name: 'Gamma', status: 'done' })).status, 400);
    assert.equal((await team.as.member.post(`${team.base}/modules`, { name: '   ' })).status, 400);
    assert.equal((await team.as.member.post(`${team.base}/modules`, { name: 'Delta', status: null })).status, 400);
    const { rows } = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM modules WHERE project_id = $1', [team.project.id]);
    assert.equal(rows[0]?.n, 1);

    // A PATCH that puts the target before the stored start is refused too; renaming onto a taken name as well.
    const beta = await team.as.member.post<Module>(`${team.base}/modules`, { name: 'Beta', start_date: '2025-03-02' });
    assert.equal(beta.status, 201);
    const url = `${team.base}/modules/${beta.body.id}`;
    assert.equal((await team.as.member.patch(url, { target_date: '2025-03-01' })).status, 400);
    assert.equal((await team.as.member.patch(url, { name: 'alpha' })).status, 400);
    const ok = await team.as.member.patch<Module>(url, { target_date: '2025-03-05', name: 'Beta 2', lead_id: team.member.id });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.target_date, '2025-03-05');
    assert.equal(ok.body.name, 'Beta 2');
    assert.equal(ok.body.lead, team.member.id);
  });

  it('lead and members must be project members: workspace members outside it and other workspaces are refused', async () => {
    const team = await buildTeam(h);
    const elsewhere = await buildProject(h.db);
    for (const body of [
      { name: 'M', lead: team.outsider.id },
      { name: 'M', lead: elsewhere.creator.id },
      { name: 'M', members: [team.member.id, team.outsider.id] },
      { name: 'M', member_ids: [elsewhere.creator.id] },
      { name: 'M', lead: NIL_UUID },
    ]) {
      const res = await team.as.admin.post(`${team.base}/modules`, body);
      assert.equal(res.status, 400, JSON.stringify(body));
    }
    const created = await team.as.admin.post<Module>(`${team.base}/modules`, { name: 'M', members: [team.member.id] });
    assert.equal(created.status, 201);
    const patched = await team.as.admin.patch(`${team.base}/modules/${created.body.id}`, { members: [elsewhere.creator.id] });
    assert.equal(patched.status, 400);
    const { rows } = await h.db.query<{ member_id: string }>('SELECT member_id FROM module_members WHERE module_id = $1', [
      created.body.id,
    ]);
    assert.deepEqual(
      rows.map((r) => r.member_id),
      [team.member.id],
    );
  });

  it('members replace the set on PATCH; an empty list clears it', async () => {
    const team = await buildTeam(h);
    const m = (await team.as.admin.post<Module>(`${team.base}/modules`, { name: 'Set', members: [team.member.id, team.guest.id] })).body;
    const url = `${team.base}/modules/${m.id}`;
    const replaced = await team.as.admin.patch<Module>(url, { members: [team.admin.id] });
    assert.deepEqual(replaced.body.members, [team.admin.id]);
    const untouched = await team.as.admin.patch<Module>(url, { description: 'x' });
    assert.deepEqual(untouched.body.members, [team.admin.id]);
    const cleared = await team.as.admin.patch<Module>(url, { members: [] });
    assert.deepEqual(cleared.body.members, []);
  });

  it('module_view off: creating is refused (400)', async () => {
    const team = await buildTeam(h);
    await h.db.query('UPDATE projects SET module_view = false WHERE id = $1', [team.project.id]);
    const res = await team.as.admin.post(`${team.base}/modules`, { name: 'Nope' });
    assert.equal(res.status, 400);
    assert.match(String(res.body.error), /module/i);
  });

  it('guests read but cannot write; workspace members outside the project see nothing', async () => {
    const team = await buildTeam(h);
    const m = (await team.as.admin.post<Module>(`${team.base}/modules`, { name: 'Guarded' })).body;
    const url = `${team.base}/modules/${m.id}`;
    assert.equal((await team.as.guest.get(url)).status, 200);
    assert.equal((await team.as.guest.post(`${team.base}/modules`, { name: 'G' })).status, 403);
    assert.equal((await team.as.guest.patch(url, { name: 'G' })).status, 403);
    assert.equal((await team.as.guest.delete(url)).status, 403);
    assert.equal((await team.as.outsider.get(url)).status, 404);
    assert.equal((await team.as.outsider.get(`${team.base}/modules`)).status, 404);
    assert.equal((await team.as.admin.get(`${team.base}/modules/not-a-uuid`)).status, 404);
  });

  it('work items: added to several modules, listed, counted by state group as they move, removed', async () => {
    const team = await buildTeam(h);
    const one = (await team.as.member.post<Module>(`${team.base}/modules`, { name: 'One' })).body;
    const two = (await team.as.member.post<Module>(`${team.base}/modules`, { name: 'Two' })).body;
    const backlog = await stateOf(team, 'backlog');
    const started = await stateOf(team, 'started');
    const completed = await stateOf(team, 'completed');
    const cancelled = await stateOf(team, 'cancelled');
    const a = await buildWorkItem(h.db, { project: team.project, state_id: backlog });
    const b = await buildWorkItem(h.db, { project: team.project, state_id: started });
    const c = await buildWorkItem(h.db, { project: team.project, state_id: completed });
    const urlOne = `${team.base}/modules/${one.id}`;

    const added = await team.as.member.post<Array<Body & { module: string; issue: string }>>(`${urlOne}/module-issues`, {
      issues: [a.id, b.id, c.id.toUpperCase(), a.id],
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.deepEqual(added.body.map((r) => r.issue).sort(), [a.id, b.id, c.id].sort());
    assert.ok(added.body.every((r) => r.module === one.id));
    // The same item in a second module.
    assert.equal((await team.as.member.post(`${team.base}/modules/${two.id}/module-issues`, { issues: [a.id] })).status, 201);
    // Adding again changes nothing.
    assert.equal((await team.as.member.post(`${urlOne}/module-issues`, { issues: [a.id] })).status, 201);
    assert.equal(await linkCount(one.id), 3);

    const items = await team.as.guest.get<Array<Body & { id: string }>>(`${urlOne}/module-issues`);
    assert.equal(items.status, 200);
    // A guest without guest_view_all_features sees only their own items: none here.
    assert.deepEqual(items.body, []);
    const all = await team.as.member.get<Array<Body & { id: string }>>(`${urlOne}/module-issues`);
    assert.deepEqual(all.body.map((i) => i.id).sort(), [a.id, b.id, c.id].sort());

    let counts = (await team.as.member.get<Module>(urlOne)).body;
    assert.deepEqual(
      [counts.total_issues, counts.backlog_issues, counts.started_issues, counts.completed_issues, counts.cancelled_issues],
      [3, 1, 1, 1, 0],
    );
    // Items move between states (through the work-item API): the counts follow.
    const moved = await team.as.member.patch(`${team.base}/issues/${a.id}`, { state_id: cancelled });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal((await team.as.member.patch(`${team.base}/issues/${b.id}`, { state_id: completed })).status, 200);
    counts = (await team.as.member.get<Module>(urlOne)).body;
    assert.deepEqual(
      [counts.total_issues, counts.backlog_issues, counts.started_issues, counts.completed_issues, counts.cancelled_issues],
      [3, 0, 0, 2, 1],
    );
    // Archived and deleted items are not counted (nor listed).
    assert.equal((await team.as.member.post(`${team.base}/issues/${c.id}/archive`)).status, 200);
    assert.equal((await team.as.member.delete(`${team.base}/issues/${b.id}`)).status, 204);
    counts = (await team.as.member.get<Module>(urlOne)).body;
    assert.deepEqual([counts.total_issues, counts.completed_issues, counts.cancelled_issues], [1, 0, 1]);
    assert.deepEqual(
      (await team.as.member.get<Array<{ id: string }>>(`${urlOne}/module-issues`)).body.map((i) => i.id),
      [a.id],
    );

    // Removing: 204, then the item is not in it any more (404), and the other module still has it.
    assert.equal((await team.as.member.delete(`${urlOne}/module-issues/${a.id}`)).status, 204);
    assert.equal((await team.as.member.delete(`${urlOne}/module-issues/${a.id}`)).status, 404);
    assert.equal((await team.as.member.get<Module>(`${team.base}/modules/${two.id}`)).body.total_issues, 1);
    const { rows } = await h.db.query<{ verb: string }>(
      `SELECT verb FROM issue_activities WHERE issue_id = $1 AND field = 'module' ORDER BY created_at`,
      [a.id],
    );
    assert.deepEqual(
      rows.map((r) => r.verb),
      ['updated', 'updated', 'deleted'],
    );
  });

  it('refuses work items of another project or workspace, linking none of the batch', async () => {
    const team = await buildTeam(h);
    const m = (await team.as.member.post<Module>(`${team.base}/modules`, { name: 'Scoped' })).body;
    const mine = await buildWorkItem(h.db, { project: team.project });
    const sameWorkspace = await buildProject(h.db, { workspace: team.workspace });
    const otherProject = await buildWorkItem(h.db, { project: sameWorkspace });
    const otherWorkspace = await buildWorkItem(h.db);
    for (const foreign of [otherProject.id, otherWorkspace.id, NIL_UUID]) {
      const res = await team.as.member.post(`${team.base}/modules/${m.id}/module-issues`, { issues: [mine.id, foreign] });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.ok(!JSON.stringify(res.body).includes(foreign), 'the error does not echo the foreign id');
    }
    assert.equal((await team.as.member.post(`${team.base}/modules/${m.id}/module-issues`, { issues: [] })).status, 400);
    assert.equal(await linkCount(m.id), 0);
    // A module of another project is not found through this project.
    const other = await buildProject(h.db, { workspace: team.workspace, creator: team.admin });
    const otherModule = await team.as.admin.post<Module>(`/api/workspaces/${team.workspace.slug}/projects/${other.id}/modules`, {
      name: 'Theirs',
    });
    assert.equal(otherModule.status, 201);
    assert.equal((await team.as.admin.get(`${team.base}/modules/${otherModule.body.id}`)).status, 404);
    assert.equal(
      (await team.as.admin.post(`${team.base}/modules/${otherModule.body.id}/module-issues`, { issues: [mine.id] })).status,
      404,
    );
  });

  it('archives only completed or cancelled modules; archived ones are read-only and listed apart; unarchive restores', async () => {
    const team = await buildTeam(h);
    const m = (await team.as.member.post<Module>(`${team.base}/modules`, { name: 'Old' })).body;
    const url = `${team.base}/modules/${m.id}`;
    const refused = await team.as.member.post(`${url}/archive`);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error, 'Only completed or cancelled modules can be archived');
    assert.equal((await team.as.member.patch(url, { status: 'cancelled' })).status, 200);
    assert.equal((await team.as.member.post(`${url}/archive`)).status, 204);
    const read = (await team.as.member.get<Module>(url)).body;
    assert.ok(read.archived_at);
    assert.deepEqual((await team.as.member.get<Module[]>(`${team.base}/modules`)).body, []);
    assert.deepEqual(
      (await team.as.guest.get<Module[]>(`${team.base}/archived-modules`)).body.map((x) => x.id),
      [m.id],
    );
    assert.equal((await team.as.member.patch(url, { name: 'New' })).status, 400);
    const item = await buildWorkItem(h.db, { project: team.project });
    assert.equal((await team.as.member.post(`${url}/module-issues`, { issues: [item.id] })).status, 400);
    assert.equal((await team.as.guest.delete(`${url}/archive`)).status, 403);
    assert.equal((await team.as.member.delete(`${url}/archive`)).status, 204);
    assert.equal((await team.as.member.get<Module>(url)).body.archived_at, null);
    assert.deepEqual(
      (await team.as.member.get<Module[]>(`${team.base}/modules`)).body.map((x) => x.id),
      [m.id],
    );
    assert.deepEqual((await team.as.member.get<Module[]>(`${team.base}/archived-modules`)).body, []);
  });

  it('deletes (204) by its creator or a project admin, not by another member; the name is free again', async () => {
    const team = await buildTeam(h);
    const other = await buildUser(h.db);
    await addProjectMember(h.db, team.project, other, 15);
    const otherClient = await h.as(other.id);
    const m = (await team.as.member.post<Module>(`${team.base}/modules`, { name: 'Doomed' })).body;
    const item = await buildWorkItem(h.db, { project: team.project });
    await team.as.member.post(`${team.base}/modules/${m.id}/module-issues`, { issues: [item.id] });
    const url = `${team.base}/modules/${m.id}`;
    const denied = await otherClient.delete(url);
    assert.equal(denied.status, 403);
    assert.equal((await team.as.member.delete(url)).status, 204);
    assert.equal((await team.as.member.get(url)).status, 404);
    assert.equal((await team.as.member.delete(url)).status, 404);
    assert.equal(await linkCount(m.id), 0);
    assert.equal((await team.as.member.get(`${team.base}/issues/${item.id}`)).status, 200, 'the work item stays');
    assert.equal((await team.as.member.post(`${team.base}/modules`, { name: 'Doomed' })).status, 201);
    const byOther = (await otherClient.post<Module>(`${team.base}/modules`, { name: 'Theirs' })).body;
    assert.equal((await team.as.admin.delete(`${team.base}/modules/${byOther.id}`)).status, 204, 'an admin may delete any');
  });
});
