// v1 intake (plane-api-v1.md "intake issue"): submit (201, 400 while intake_view is off), the
// envelope and its schema, pending / snoozed items kept out of the ordinary v1 and app work-item lists
// (and their counts) until accepted, triage rules (admins only; duplicate_to of the same project;
// snooze needs snoozed_till), guests seeing and editing only what they submitted, and delete.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addProjectMember, buildProject, type ProjectFixture } from '../factories/projects.ts';
import { buildUser, type UserRow } from '../factories/accounts.ts';
import { buildWorkItem } from '../factories/workItems.ts';
import { type ApiHarness, type Body, type Client, startApiHarness } from '../helpers/apiHarness.ts';
import { SchemaChecker, type V1Client, v1As } from '../helpers/v1Harness.ts';

type Envelope = { results: Body[]; total_count: number; count: number };
type IntakeJson = Body & { issue_detail: Body & { state: string; name: string; priority: string } };

describe('/api/v1 intake', () => {
  let h: ApiHarness;
  let checker: SchemaChecker;
  let project: ProjectFixture;
  let admin: V1Client;
  let adminApp: Client;
  let member: UserRow;
  let memberV1: V1Client;
  let guest: UserRow;
  let guestV1: V1Client;
  let base: string;
  let states: Record<string, string>;

  const v1Path = (p: ProjectFixture, suffix = '') => `/workspaces/${p.workspace.slug}/projects/${p.id}${suffix}`;
  const appPath = (p: ProjectFixture, suffix = '') => `/api/workspaces/${p.workspace.slug}/projects/${p.id}${suffix}`;

  async function submit(client: V1Client, name: string, extra: Body = {}): Promise<IntakeJson> {
    const res = await client.post<IntakeJson>(`${base}/`, { issue: { name, ...extra } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    checker.check('POST', `${base}/`, 201, res.body);
    return res.body;
  }

  async function v1ListIds(): Promise<{ ids: string[]; total: number }> {
    const res = await admin.get<Envelope>(v1Path(project, '/work-items/'));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return { ids: res.body.results.map((r) => String(r.id)), total: res.body.total_count };
  }

  async function appListIds(query = ''): Promise<{ ids: string[]; total: number }> {
    const res = await adminApp.get<Envelope>(appPath(project, `/issues/${query}`));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return { ids: res.body.results.map((r) => String(r.id)), total: res.body.total_count };
  }

  before(async () => {
    h = await startApiHarness();
    checker = await SchemaChecker.load(h.app);
    project = await buildProject(h.db);
    admin = await v1As(h, project.creator.id);
    adminApp = await h.as(project.creator.id);
    member = await buildUser(h.db);
    await addProjectMember(h.db, project, member, 15);
    memberV1 = await v1As(h, member.id);
    guest = await buildUser(h.db);
    await addProjectMember(h.db, project, guest, 5);
    guestV1 = await v1As(h, guest.id);
    base = v1Path(project, '/intake-issues');
    const { rows } = await h.db.query<{ id: string; group: string; default: boolean }>(
      'SELECT id, "group", "default" FROM states WHERE project_id = $1',
      [project.id],
    );
    states = Object.fromEntries(rows.map((r) => [r.default ? 'default' : r.group, r.id]));
  });
  after(() => h.close());

  it('refuses submissions while the project’s intake_view is off, then takes them (201) in Triage', async () => {
    const off = await admin.post(`${base}/`, { issue: { name: 'Too early' } });
    assert.equal(off.status, 400);
    assert.equal(typeof off.body.error, 'string');
    const on = await adminApp.patch(appPath(project), { intake_view: true });
    assert.equal(on.status, 200, JSON.stringify(on.body));

    const noName = await admin.post(`${base}/`, { issue: { description_html: '<p>x</p>' } });
    assert.equal(noName.status, 400);
    const badPriority = await admin.post(`${base}/`, { issue: { name: 'x', priority: 'asap' } });
    assert.equal(badPriority.status, 400);

    const made = await submit(admin, 'Printer is on fire', { priority: 'high', description_html: '<p>smoke</p>' });
    assert.equal(made.status, -2);
    assert.equal(made.source, 'IN_APP');
    assert.equal(made.issue, made.issue_detail.id);
    assert.equal(made.inbox, made.intake);
    assert.equal(made.project, project.id);
    assert.equal(made.workspace, project.workspace_id);
    assert.equal(made.issue_detail.name, 'Printer is on fire');
    assert.equal(made.issue_detail.priority, 'high');
    assert.equal(made.issue_detail.state, states.triage);

    const one = await admin.get<IntakeJson>(`${base}/${made.issue}/`);
    assert.equal(one.status, 200);
    checker.check('GET', `${base}/${made.issue}/`, 200, one.body);
    assert.equal(one.body.id, made.id);
    // The id in the path is the work item's, not the intake row's.
    assert.equal((await admin.get(`${base}/${made.id}/`)).status, 404);
    const ordinary = await buildWorkItem(h.db, { project });
    assert.equal((await admin.get(`${base}/${ordinary.id}/`)).status, 404);
  });

  it('lists intake items in the envelope, newest first, with fields and expand', async () => {
    const first = await submit(admin, 'List one');
    const second = await submit(admin, 'List two');
    const page = await admin.get<Envelope>(`${base}/?per_page=2`);
    assert.equal(page.status, 200);
    checker.check('GET', `${base}/`, 200, page.body);
    assert.deepEqual(
      page.body.results.map((r) => r.issue),
      [second.issue, first.issue],
    );
    assert.ok(page.body.total_count >= 3);
    const slim = await admin.get<Envelope>(`${base}/?fields=id,status&expand=created_by`);
    assert.deepEqual(Object.keys(slim.body.results[0] ?? {}).sort(), ['id', 'status']);
    const expanded = await admin.get<Envelope>(`${base}/?expand=created_by`);
    assert.equal((expanded.body.results[0]?.created_by as Body | undefined)?.email, project.creator.email);
  });

  it('keeps pending items out of the v1 and app work-item lists (and their counts) until accepted', async () => {
    const before = { v1: await v1ListIds(), app: await appListIds() };
    const made = await submit(memberV1, 'Hidden until accepted');
    const pending = { v1: await v1ListIds(), app: await appListIds() };
    assert.ok(!pending.v1.ids.includes(String(made.issue)));
    assert.ok(!pending.app.ids.includes(String(made.issue)));
    assert.equal(pending.v1.total, before.v1.total);
    assert.equal(pending.app.total, before.app.total);
    // Nor on a board grouped by state.
    const board = await adminApp.get<{ groups: Array<{ results: Body[] }> }>(appPath(project, '/issues/?group_by=state'));
    assert.ok(!board.body.groups.some((g) => g.results.some((r) => r.id === made.issue)));

    // Its state cannot be changed around intake through the ordinary work-item routes.
    const sneak = await adminApp.patch(appPath(project, `/issues/${made.issue}/`), { state: states.started });
    assert.equal(sneak.status, 400);
    assert.equal((await v1ListIds()).ids.includes(String(made.issue)), false);

    const accepted = await admin.patch<IntakeJson>(`${base}/${made.issue}/`, { status: 1 });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    checker.check('PATCH', `${base}/${made.issue}/`, 200, accepted.body);
    assert.equal(accepted.body.status, 1);
    assert.equal(accepted.body.issue_detail.state, states.default);
    const after = { v1: await v1ListIds(), app: await appListIds() };
    assert.ok(after.v1.ids.includes(String(made.issue)));
    assert.ok(after.app.ids.includes(String(made.issue)));
    assert.equal(after.v1.total, before.v1.total + 1);
    assert.equal(after.app.total, before.app.total + 1);
  });

  it('only project admins triage; members edit the work item; a duplicate must be in the same project', async () => {
    const made = await submit(memberV1, 'Needs triage');
    const path = `${base}/${made.issue}/`;
    const byMember = await memberV1.patch(path, { status: 1 });
    assert.equal(byMember.status, 403);
    const edited = await memberV1.patch<IntakeJson>(path, { issue: { name: 'Needs triage (edited)', priority: 'low' } });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal(edited.body.issue_detail.name, 'Needs triage (edited)');
    assert.equal(edited.body.issue_detail.priority, 'low');
    assert.equal(edited.body.status, -2);

    const elsewhere = await buildProject(h.db, { workspace: project.workspace, creator: project.creator });
    const foreign = await buildWorkItem(h.db, { project: elsewhere });
    const otherWorkspace = await buildWorkItem(h.db);
    for (const target of [foreign.id, otherWorkspace.id, made.issue, '00000000-0000-4000-8000-000000000000']) {
      const res = await admin.patch(path, { status: 2, duplicate_to: target });
      assert.equal(res.status, 400, `duplicate_to ${target}: ${JSON.stringify(res.body)}`);
    }
    assert.equal((await admin.patch(path, { status: 2 })).status, 400, 'a duplicate needs duplicate_to');
    const { rows } = await h.db.query('SELECT status, duplicate_to FROM intake_issues WHERE issue_id = $1', [made.issue]);
    assert.deepEqual(rows[0], { status: -2, duplicate_to: null });

    const original = await buildWorkItem(h.db, { project });
    const dup = await admin.patch<IntakeJson>(path, { status: 2, duplicate_to: original.id });
    assert.equal(dup.status, 200, JSON.stringify(dup.body));
    assert.equal(dup.body.status, 2);
    assert.equal(dup.body.duplicate_to, original.id);
    assert.equal(dup.body.issue_detail.state, states.cancelled);
  });

  it('snoozes with snoozed_till (still hidden) and rejects into a cancelled state', async () => {
    const made = await submit(admin, 'Later maybe');
    const path = `${base}/${made.issue}/`;
    assert.equal((await admin.patch(path, { status: 0 })).status, 400, 'snoozing needs snoozed_till');
    assert.equal((await admin.patch(path, { status: 0, snoozed_till: 'next tuesday' })).status, 400);
    const till = new Date(Date.now() + 86_400_000).toISOString();
    const snoozed = await admin.patch<IntakeJson>(path, { status: 0, snoozed_till: till });
    assert.equal(snoozed.status, 200, JSON.stringify(snoozed.body));
    assert.equal(snoozed.body.status, 0);
    assert.equal(snoozed.body.snoozed_till, till);
    assert.equal(snoozed.body.issue_detail.state, states.triage);
    assert.ok(!(await v1ListIds()).ids.includes(String(made.issue)));

    const rejected = await admin.patch<IntakeJson>(path, { status: -1 });
    assert.equal(rejected.status, 200);
    assert.equal(rejected.body.status, -1);
    assert.equal(rejected.body.snoozed_till, null);
    assert.equal(rejected.body.issue_detail.state, states.cancelled);
    // As in Plane, a triaged (rejected / duplicate) item is an ordinary, cancelled work item again.
    assert.ok((await v1ListIds()).ids.includes(String(made.issue)));
    assert.equal((await admin.patch(path, { status: 7 })).status, 400);
  });

  it('guests submit, see and edit only their own pending items, and never triage', async () => {
    const adminItem = await submit(admin, 'Admin only');
    const mine = await submit(guestV1, 'Guest request', { priority: 'urgent' });
    const list = await guestV1.get<Envelope>(`${base}/`);
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.results.map((r) => r.issue),
      [mine.issue],
    );
    assert.equal((await guestV1.get(`${base}/${adminItem.issue}/`)).status, 404);
    assert.equal((await guestV1.patch(`${base}/${adminItem.issue}/`, { issue: { name: 'hijack' } })).status, 404);
    const renamed = await guestV1.patch<IntakeJson>(`${base}/${mine.issue}/`, { issue: { name: 'Guest request v2', priority: 'none' } });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.issue_detail.name, 'Guest request v2');
    assert.equal(renamed.body.issue_detail.priority, 'urgent', 'guests change name and description only');
    assert.equal((await guestV1.patch(`${base}/${mine.issue}/`, { status: 1 })).status, 403);
    assert.equal((await admin.patch(`${base}/${mine.issue}/`, { status: -1 })).status, 200);
    assert.equal((await guestV1.patch(`${base}/${mine.issue}/`, { issue: { name: 'after rejection' } })).status, 403);
  });

  it('deletes a pending item with its work item, an accepted one leaving the work item', async () => {
    const pending = await submit(admin, 'Delete me');
    assert.equal((await memberV1.delete(`${base}/${pending.issue}/`)).status, 403, 'neither admin nor submitter');
    const gone = await admin.delete(`${base}/${pending.issue}/`);
    assert.equal(gone.status, 204);
    assert.equal((await admin.get(`${base}/${pending.issue}/`)).status, 404);
    assert.equal((await adminApp.get(appPath(project, `/issues/${pending.issue}/`))).status, 404);

    const kept = await submit(memberV1, 'Keep the work item');
    assert.equal((await admin.patch(`${base}/${kept.issue}/`, { status: 1 })).status, 200);
    assert.equal((await memberV1.delete(`${base}/${kept.issue}/`)).status, 204, 'the submitter may delete');
    assert.equal((await admin.get(`${base}/${kept.issue}/`)).status, 404);
    assert.equal((await adminApp.get(appPath(project, `/issues/${kept.issue}/`))).status, 200);
  });

  it('another workspace’s caller finds nothing, and the app API answers the same intake', async () => {
    const made = await submit(admin, 'App and v1 agree');
    const stranger = await buildProject(h.db);
    const other = await v1As(h, stranger.creator.id);
    assert.equal((await other.get(`${base}/`)).status, 404);
    assert.equal((await other.get(`${base}/${made.issue}/`)).status, 404);
    assert.equal((await other.post(`${base}/`, { issue: { name: 'x' } })).status, 404);

    const viaApp = await adminApp.get<IntakeJson>(appPath(project, `/intake-issues/${made.issue}/`));
    assert.equal(viaApp.status, 200);
    assert.equal(viaApp.body.id, made.id);
    const pendingOnly = await adminApp.get<IntakeJson[]>(appPath(project, '/intake-issues/?status=-2'));
    assert.ok(pendingOnly.body.every((r) => r.status === -2));
    assert.ok(pendingOnly.body.some((r) => r.id === made.id));
    const created = await adminApp.post<IntakeJson>(appPath(project, '/intake-issues/'), { issue: { name: 'From the app' } });
    assert.equal(created.status, 201);
    assert.equal(created.body.issue_detail.state, states.triage);
  });
});
