// /api/v1 workspace- and project-level routes: users/me, workspace members, projects (+ archive),
// labels, project members, invitations and stickies. Every answer is validated against the schema its
// route documents; lists are checked for envelope vs bare array; 409s carry the existing id.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addWorkspaceMember, buildUser, buildWorkspace } from '../factories/accounts.ts';
import { addProjectMember, buildLabel, buildProject, type ProjectFixture } from '../factories/projects.ts';
import type { ApiHarness, Body, Response } from '../helpers/apiHarness.ts';
import { startApiHarness } from '../helpers/apiHarness.ts';
import { SchemaChecker, type V1Client, v1As } from '../helpers/v1Harness.ts';

type Envelope = { results: Body[]; total_count: number; count: number; next_page_results: boolean; next_cursor: string };

let h: ApiHarness;
let checker: SchemaChecker;

before(async () => {
  h = await startApiHarness();
  checker = await SchemaChecker.load(h.app);
});
after(() => h.close());

/** A v1 call whose answer must match the schema its route documents for that status. */
async function send<T = Body>(client: V1Client, method: string, path: string, body?: unknown): Promise<Response<T>> {
  const res = await client.request<T>(method, path, body ?? (method === 'POST' || method === 'PATCH' ? {} : undefined));
  checker.check(method, path, res.status, res.body);
  return res;
}

const isEnvelope = (body: unknown): body is Envelope =>
  typeof body === 'object' && body !== null && !Array.isArray(body) && Array.isArray((body as Envelope).results);

/** A project whose workspace has an admin (the creator), a member and a guest, all in the project. */
async function team(): Promise<{
  project: ProjectFixture;
  ws: string;
  base: string;
  admin: V1Client;
  member: V1Client;
  guest: V1Client;
  ids: { admin: string; member: string; guest: string };
}> {
  const project = await buildProject(h.db);
  const member = await buildUser(h.db);
  const guest = await buildUser(h.db);
  await addProjectMember(h.db, project, member, 15);
  await addProjectMember(h.db, project, guest, 5);
  return {
    project,
    ws: project.workspace.slug,
    base: `/workspaces/${project.workspace.slug}/projects/${project.id}`,
    admin: await v1As(h, project.creator.id),
    member: await v1As(h, member.id),
    guest: await v1As(h, guest.id),
    ids: { admin: project.creator.id, member: member.id, guest: guest.id },
  };
}

describe('v1 users/me and workspace members', () => {
  it('users/me answers the key owner as Plane user object', async () => {
    const user = await buildUser(h.db, { first_name: 'Ada' });
    const client = await v1As(h, user.id);
    const me = await send(client, 'GET', '/users/me/');
    assert.equal(me.status, 200);
    assert.equal(me.body.id, user.id);
    assert.equal(me.body.email, user.email);
    assert.equal(me.body.first_name, 'Ada');
    for (const key of ['last_name', 'avatar', 'avatar_url', 'display_name']) assert.ok(key in me.body, key);
    assert.ok(!('password_hash' in me.body));
    assert.equal((await send(client, 'GET', '/users/me')).status, 200);
  });

  it('workspace members is a bare array of user lite + role; guests see no emails; outsiders get 404', async () => {
    const t = await team();
    const list = await send<Body[]>(t.admin, 'GET', `/workspaces/${t.ws}/members/`);
    assert.equal(list.status, 200);
    assert.ok(Array.isArray(list.body));
    const byId = new Map(list.body.map((m) => [m.id, m]));
    assert.equal(byId.get(t.ids.admin)?.role, 20);
    assert.equal(byId.get(t.ids.member)?.role, 15);
    assert.equal(byId.get(t.ids.guest)?.role, 5);
    assert.equal(byId.get(t.ids.admin)?.email, t.project.creator.email);
    for (const key of ['first_name', 'last_name', 'avatar', 'avatar_url', 'display_name']) assert.ok(key in (list.body[0] ?? {}), key);
    const asGuest = await send<Body[]>(t.guest, 'GET', `/workspaces/${t.ws}/members/`);
    assert.equal(asGuest.status, 200);
    assert.ok(asGuest.body.every((m) => !('email' in m)));
    const outsider = await v1As(h, (await buildUser(h.db)).id);
    const res = await send(outsider, 'GET', `/workspaces/${t.ws}/members/`);
    assert.equal(res.status, 404);
    assert.equal(res.body.error, 'The requested resource does not exist.');
  });
});

describe('v1 projects', () => {
  it('creates (201): creator is admin, default states made, forbidden fields ignored; lists in the envelope', async () => {
    const workspace = await buildWorkspace(h.db);
    const other = await buildWorkspace(h.db);
    const client = await v1As(h, workspace.owner.id);
    const path = `/workspaces/${workspace.slug}/projects/`;
    const made = await send(client, 'POST', path, {
      name: 'Apollo',
      identifier: 'apo',
      network: 0,
      description: 'Moon',
      workspace: other.id,
      id: '00000000-0000-4000-8000-000000000001',
      created_by: '00000000-0000-4000-8000-000000000002',
      total_members: 99,
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.identifier, 'APO');
    assert.equal(made.body.workspace, workspace.id);
    assert.equal(made.body.created_by, workspace.owner.id);
    assert.notEqual(made.body.id, '00000000-0000-4000-8000-000000000001');
    assert.equal(made.body.member_role, 20);
    assert.equal(made.body.total_members, 1);
    assert.equal(made.body.is_member, true);
    const projectId = String(made.body.id);
    const states = await client.get<Envelope>(`${path}${projectId}/states/`);
    assert.deepEqual(states.body.results.map((s) => s.name).sort(), ['Backlog', 'Cancelled', 'Done', 'In Progress', 'Todo']);
    assert.equal(states.body.results.find((s) => s.default)?.name, 'Backlog');
    assert.equal(made.body.default_state, states.body.results.find((s) => s.default)?.id);
    const members = await send<Body[]>(client, 'GET', `${path}${projectId}/members/`);
    assert.deepEqual(
      members.body.map((m) => [m.id, m.role]),
      [[workspace.owner.id, 20]],
    );

    const list = await send(client, 'GET', path);
    assert.equal(list.status, 200);
    assert.ok(isEnvelope(list.body));
    assert.deepEqual(
      list.body.results.map((p) => p.id),
      [projectId],
    );
    assert.equal(list.body.total_count, 1);
    // ?fields= trims the documented shape on purpose: no schema check.
    const slim = await client.get<Envelope>(`${path}?fields=id,identifier`);
    assert.deepEqual(Object.keys(slim.body.results[0] ?? {}).sort(), ['id', 'identifier']);
  });

  it('answers 409 with Plane wording and the existing id on a taken name, identifier or external id', async () => {
    const t = await team();
    const path = `/workspaces/${t.ws}/projects/`;
    const first = await send(t.admin, 'POST', path, { name: 'Gemini', identifier: 'GEM', external_id: 'p-1', external_source: 'jira' });
    assert.equal(first.status, 201);
    const sameName = await send(t.admin, 'POST', path, { name: 'gemini', identifier: 'GEM2' });
    assert.equal(sameName.status, 409);
    assert.equal(sameName.body.error, 'Project name is already taken');
    assert.equal(sameName.body.id, first.body.id);
    const sameIdentifier = await send(t.admin, 'POST', path, { name: 'Gemini 2', identifier: 'gem' });
    assert.equal(sameIdentifier.status, 409);
    assert.equal(sameIdentifier.body.error, 'Project identifier is already taken');
    assert.equal(sameIdentifier.body.id, first.body.id);
    const sameExternal = await send(t.admin, 'POST', path, {
      name: 'Gemini 3',
      identifier: 'GEM3',
      external_id: 'p-1',
      external_source: 'jira',
    });
    assert.equal(sameExternal.status, 409);
    assert.equal(sameExternal.body.id, first.body.id);
    const byExternal = await send(t.admin, 'GET', `${path}?external_id=p-1&external_source=jira`);
    assert.equal(byExternal.status, 200);
    assert.equal(byExternal.body.id, first.body.id);
    assert.equal((await send(t.admin, 'GET', `${path}?external_id=nope&external_source=jira`)).status, 404);
    // An update onto another project's name or identifier is refused the same way.
    const rename = await send(t.admin, 'PATCH', `${path}${t.project.id}/`, { name: 'GEMINI' });
    assert.equal(rename.status, 409);
    assert.equal(rename.body.error, 'Project name is already taken');
    assert.equal(rename.body.id, first.body.id);
    const reIdentify = await send(t.admin, 'PATCH', `${path}${t.project.id}/`, { identifier: 'GEM' });
    assert.equal(reIdentify.status, 409);
    assert.equal(reIdentify.body.error, 'Project identifier is already taken');
    const reExternal = await send(t.admin, 'PATCH', `${path}${t.project.id}/`, { external_id: 'p-1', external_source: 'jira' });
    assert.equal(reExternal.status, 409);
    assert.equal(reExternal.body.id, first.body.id);
    const bad = await send(t.admin, 'POST', path, { name: 'Bad', identifier: 'way-too-long-identifier' });
    assert.equal(bad.status, 400);
    assert.ok(Array.isArray(bad.body.identifier));
  });

  it('reads, updates (admins only), archives / restores (204) and deletes (204)', async () => {
    const t = await team();
    const one = `${t.base}/`;
    const got = await send(t.member, 'GET', one);
    assert.equal(got.status, 200);
    assert.equal(got.body.id, t.project.id);
    assert.equal(got.body.member_role, 15);
    const expanded = await send(t.member, 'GET', `${t.base}?expand=workspace`);
    assert.equal((expanded.body.workspace as Body).slug, t.ws);
    const patched = await send(t.admin, 'PATCH', one, { description: 'Updated', cycle_view: false, workspace: crypto.randomUUID() });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.description, 'Updated');
    assert.equal(patched.body.cycle_view, false);
    assert.equal(patched.body.workspace, t.project.workspace_id);
    assert.equal((await send(t.member, 'PATCH', one, { description: 'x' })).status, 403);
    assert.equal((await send(t.guest, 'PATCH', one, { description: 'x' })).status, 403);
    assert.equal((await send(t.member, 'POST', `${t.base}/archive/`)).status, 403);

    assert.equal((await send(t.admin, 'POST', `${t.base}/archive/`)).status, 204);
    assert.equal((await send(t.admin, 'GET', one)).status, 404);
    const list = await send<Envelope>(t.admin, 'GET', `/workspaces/${t.ws}/projects/`);
    assert.ok(!list.body.results.some((p) => p.id === t.project.id));
    const { rows } = await h.db.query('SELECT archived_at FROM projects WHERE id = $1', [t.project.id]);
    assert.ok(rows[0]?.archived_at);
    assert.equal((await send(t.admin, 'DELETE', `${t.base}/archive/`)).status, 204);
    assert.equal((await send(t.admin, 'GET', one)).status, 200);

    assert.equal((await send(t.member, 'DELETE', one)).status, 403);
    assert.equal((await send(t.admin, 'DELETE', one)).status, 204);
    assert.equal((await send(t.admin, 'GET', one)).status, 404);
  });

  it('guests cannot create; other workspaces and non-members see nothing', async () => {
    const t = await team();
    assert.equal((await send(t.guest, 'POST', `/workspaces/${t.ws}/projects/`, { name: 'G', identifier: 'GG' })).status, 403);
    const member = await send(t.member, 'POST', `/workspaces/${t.ws}/projects/`, { name: 'By member', identifier: 'BYM' });
    assert.equal(member.status, 201);
    // The member's new project is secret: the guest (not in it) does not list it and cannot open it.
    const guestList = await send<Envelope>(t.guest, 'GET', `/workspaces/${t.ws}/projects/`);
    assert.deepEqual(
      guestList.body.results.map((p) => p.id),
      [t.project.id],
    );
    assert.equal((await send(t.guest, 'GET', `/workspaces/${t.ws}/projects/${member.body.id}/`)).status, 404);
    const elsewhere = await buildProject(h.db);
    assert.equal((await send(t.admin, 'GET', `/workspaces/${elsewhere.workspace.slug}/projects/${elsewhere.id}/`)).status, 404);
    assert.equal((await send(t.admin, 'GET', `/workspaces/${t.ws}/projects/${elsewhere.id}/`)).status, 404);
    assert.equal((await send(t.admin, 'DELETE', `/workspaces/${t.ws}/projects/${elsewhere.id}/`)).status, 404);
    assert.equal((await send(t.admin, 'POST', `/workspaces/${t.ws}/projects/${elsewhere.id}/archive/`)).status, 404);
    const { rows } = await h.db.query('SELECT deleted_at, archived_at FROM projects WHERE id = $1', [elsewhere.id]);
    assert.deepEqual(rows[0], { deleted_at: null, archived_at: null });
  });
});

describe('v1 labels', () => {
  it('creates (201), refuses a duplicate name or external id with 409 + the existing id, reads, updates, deletes', async () => {
    const t = await team();
    const path = `${t.base}/labels/`;
    const made = await send(t.member, 'POST', path, {
      name: 'Bug',
      color: '#FF0000',
      external_id: 'l-1',
      external_source: 'jira',
      project: crypto.randomUUID(),
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.project, t.project.id);
    assert.equal(made.body.workspace, t.project.workspace_id);
    const dup = await send(t.member, 'POST', path, { name: 'bug' });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.id, made.body.id);
    assert.equal(dup.body.error, 'Label with the same name already exists in the project');
    const dupExternal = await send(t.member, 'POST', path, { name: 'Other', external_id: 'l-1', external_source: 'jira' });
    assert.equal(dupExternal.status, 409);
    assert.equal(dupExternal.body.id, made.body.id);
    const child = await send(t.member, 'POST', path, { name: 'UI bug', parent: made.body.id });
    assert.equal(child.status, 201);
    assert.equal(child.body.parent, made.body.id);

    const list = await send(t.guest, 'GET', path);
    assert.ok(isEnvelope(list.body));
    assert.deepEqual(list.body.results.map((l) => l.name).sort(), ['Bug', 'UI bug']);
    const byExternal = await send(t.guest, 'GET', `${path}?external_id=l-1&external_source=jira`);
    assert.equal(byExternal.body.id, made.body.id);
    const expanded = await send(t.guest, 'GET', `${path}${child.body.id}/?expand=parent`);
    assert.equal(expanded.status, 200);
    const one = `${path}${made.body.id}/`;
    assert.equal((await send(t.guest, 'GET', one)).body.name, 'Bug');
    assert.equal((await send(t.guest, 'POST', path, { name: 'By guest' })).status, 403);
    assert.equal((await send(t.guest, 'PATCH', one, { name: 'x' })).status, 403);
    assert.equal((await send(t.guest, 'DELETE', one)).status, 403);

    const renamed = await send(t.member, 'PATCH', one, { name: 'Defect', color: '#00FF00' });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.name, 'Defect');
    const clash = await send(t.member, 'PATCH', one, { name: 'ui BUG' });
    assert.equal(clash.status, 409);
    assert.equal(clash.body.id, child.body.id);
    assert.equal((await send(t.member, 'PATCH', one, { color: 'red' })).status, 400);
    assert.equal((await send(t.member, 'DELETE', one)).status, 204);
    assert.equal((await send(t.member, 'GET', one)).status, 404);
    // Sub-labels go with their parent.
    assert.equal((await send(t.member, 'GET', `${path}${child.body.id}/`)).status, 404);
  });

  it("another project's label is not found, and its project cannot be the parent", async () => {
    const t = await team();
    const elsewhere = await buildProject(h.db, { workspace: t.project.workspace, creator: t.project.creator });
    const foreign = await buildLabel(h.db, elsewhere);
    const path = `${t.base}/labels/`;
    assert.equal((await send(t.admin, 'GET', `${path}${foreign.id}/`)).status, 404);
    assert.equal((await send(t.admin, 'PATCH', `${path}${foreign.id}/`, { name: 'x' })).status, 404);
    assert.equal((await send(t.admin, 'DELETE', `${path}${foreign.id}/`)).status, 404);
    assert.equal((await send(t.admin, 'POST', path, { name: 'Child', parent: foreign.id })).status, 400);
    assert.equal((await send(t.admin, 'GET', `${path}not-a-uuid/`)).status, 404);
  });
});

describe('v1 project members', () => {
  it('lists a bare array of user lite + role under both spellings; adds {member, role} → 201', async () => {
    const t = await team();
    for (const base of [`${t.base}/members/`, `${t.base}/project-members/`]) {
      const list = await send<Body[]>(t.admin, 'GET', base);
      assert.equal(list.status, 200);
      assert.ok(Array.isArray(list.body));
      assert.deepEqual(
        new Map(list.body.map((m) => [m.id, m.role])),
        new Map([
          [t.ids.admin, 20],
          [t.ids.member, 15],
          [t.ids.guest, 5],
        ]),
      );
      assert.ok(list.body.every((m) => typeof m.email === 'string' && 'display_name' in m && 'avatar_url' in m));
    }
    const asGuest = await send<Body[]>(t.guest, 'GET', `${t.base}/members/`);
    assert.equal(asGuest.status, 200);
    assert.ok(asGuest.body.every((m) => !('email' in m)));

    const newcomer = await buildUser(h.db);
    await addWorkspaceMember(h.db, { id: t.project.workspace_id }, newcomer, 15);
    assert.equal((await send(t.member, 'POST', `${t.base}/members/`, { member: newcomer.id, role: 15 })).status, 403);
    const added = await send(t.admin, 'POST', `${t.base}/project-members/`, {
      member: newcomer.id,
      role: 15,
      project: crypto.randomUUID(),
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.equal(added.body.member, newcomer.id);
    assert.equal(added.body.role, 15);
    assert.equal(added.body.project, t.project.id);
    const again = await send(t.admin, 'POST', `${t.base}/members/`, { member: newcomer.id, role: 15 });
    assert.equal(again.status, 409);
    assert.equal(again.body.id, added.body.id);
    // A workspace guest cannot be more than a project guest.
    const wsGuest = await buildUser(h.db);
    await addWorkspaceMember(h.db, { id: t.project.workspace_id }, wsGuest, 5);
    assert.equal((await send(t.admin, 'POST', `${t.base}/members/`, { member: wsGuest.id, role: 15 })).status, 400);
  });

  it("refuses another workspace's user (400) and never adds them", async () => {
    const t = await team();
    const stranger = await buildWorkspace(h.db);
    const res = await send(t.admin, 'POST', `${t.base}/members/`, { member: stranger.owner.id, role: 15 });
    assert.equal(res.status, 400);
    assert.ok(Array.isArray(res.body.member), JSON.stringify(res.body));
    const { rows } = await h.db.query('SELECT 1 FROM project_members WHERE project_id = $1 AND member_id = $2', [
      t.project.id,
      stranger.owner.id,
    ]);
    assert.equal(rows.length, 0);
    assert.equal((await send(t.admin, 'POST', `${t.base}/members/`, { member: 'not-a-uuid', role: 15 })).status, 400);
  });

  it('reads, changes and removes one membership by membership id or user id; members may leave', async () => {
    const t = await team();
    const { rows } = await h.db.query<{ id: string }>('SELECT id FROM project_members WHERE project_id = $1 AND member_id = $2', [
      t.project.id,
      t.ids.member,
    ]);
    const membershipId = rows[0]?.id ?? '';
    const byMembership = await send(t.guest, 'GET', `${t.base}/members/${membershipId}/`);
    assert.equal(byMembership.status, 200);
    assert.equal(byMembership.body.member, t.ids.member);
    assert.ok(!('email' in (byMembership.body.member_detail as Body)));
    const byUser = await send(t.admin, 'GET', `${t.base}/project-members/${t.ids.member}/`);
    assert.equal(byUser.body.id, membershipId);
    assert.equal((byUser.body.member_detail as Body).email !== undefined, true);

    assert.equal((await send(t.member, 'PATCH', `${t.base}/members/${t.ids.guest}/`, { role: 15 })).status, 403);
    const demoted = await send(t.admin, 'PATCH', `${t.base}/members/${membershipId}/`, { role: 5, member: crypto.randomUUID() });
    assert.equal(demoted.status, 200);
    assert.equal(demoted.body.role, 5);
    assert.equal(demoted.body.member, t.ids.member);
    // Never above the workspace role (the member is a workspace member, the guest a workspace guest).
    assert.equal((await send(t.admin, 'PATCH', `${t.base}/members/${membershipId}/`, { role: 20 })).status, 400);
    assert.equal((await send(t.admin, 'PATCH', `${t.base}/members/${t.ids.guest}/`, { role: 15 })).status, 400);

    assert.equal((await send(t.guest, 'DELETE', `${t.base}/members/${t.ids.member}/`)).status, 403);
    assert.equal((await send(t.admin, 'DELETE', `${t.base}/members/${t.ids.member}/`)).status, 204);
    // The guest removes themself: leaving is open to anyone.
    assert.equal((await send(t.guest, 'DELETE', `${t.base}/project-members/${t.ids.guest}/`)).status, 204);
    const left = await send<Body[]>(t.admin, 'GET', `${t.base}/members/`);
    assert.deepEqual(
      left.body.map((m) => m.id),
      [t.ids.admin],
    );
    // The last admin cannot go.
    assert.equal((await send(t.admin, 'DELETE', `${t.base}/members/${t.ids.admin}/`)).status, 400);
    assert.equal((await send(t.admin, 'GET', `${t.base}/members/${crypto.randomUUID()}/`)).status, 404);
  });
});

describe('v1 invitations', () => {
  it('lists a bare array; admins invite {email, role, message} → 201, update, delete; members read only; guests nothing', async () => {
    const t = await team();
    const path = `/workspaces/${t.ws}/invitations/`;
    const empty = await send<Body[]>(t.admin, 'GET', path);
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.body, []);
    assert.equal((await send(t.member, 'POST', path, { email: 'm@example.com', role: 5 })).status, 403);
    const made = await send(t.admin, 'POST', path, {
      email: 'Invitee@Example.com',
      role: 15,
      message: 'Join us',
      accepted: true,
      workspace: crypto.randomUUID(),
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.email, 'invitee@example.com');
    assert.equal(made.body.role, 15);
    assert.equal(made.body.message, 'Join us');
    assert.equal(made.body.accepted, false);
    assert.equal(made.body.workspace, t.project.workspace_id);
    assert.ok(!('token' in made.body) && !('token_hash' in made.body));
    const { rows: mail } = await h.db.query<{ body_text: string }>('SELECT body_text FROM email_outbox WHERE to_email = $1', [
      'invitee@example.com',
    ]);
    assert.equal(mail.length, 1);
    assert.match(mail[0]?.body_text ?? '', /Join us/);

    const again = await send(t.admin, 'POST', path, { email: 'invitee@example.com', role: 5 });
    assert.equal(again.status, 409);
    const already = await send(t.admin, 'POST', path, { email: t.project.creator.email, role: 5 });
    assert.equal(already.status, 400);
    assert.equal((await send(t.admin, 'POST', path, { email: 'not an email', role: 5 })).status, 400);
    assert.equal((await send(t.admin, 'POST', path, { email: 'x@example.com', role: 7 })).status, 400);

    const list = await send<Body[]>(t.member, 'GET', path);
    assert.ok(Array.isArray(list.body));
    assert.deepEqual(
      list.body.map((i) => i.id),
      [made.body.id],
    );
    assert.equal((await send(t.guest, 'GET', path)).status, 403);
    const one = `${path}${made.body.id}/`;
    assert.equal((await send(t.member, 'GET', one)).body.email, 'invitee@example.com');
    assert.equal((await send(t.guest, 'GET', one)).status, 403);

    assert.equal((await send(t.member, 'PATCH', one, { role: 5 })).status, 403);
    const patched = await send(t.admin, 'PATCH', one, { role: 5, message: 'Come along', email: 'other@example.com' });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.role, 5);
    assert.equal(patched.body.message, 'Come along');
    assert.equal(patched.body.email, 'invitee@example.com');
    assert.equal((await send(t.admin, 'PATCH', one, { role: 99 })).status, 400);

    assert.equal((await send(t.member, 'DELETE', one)).status, 403);
    assert.equal((await send(t.admin, 'DELETE', one)).status, 204);
    assert.equal((await send(t.admin, 'GET', one)).status, 404);
  });

  it("another workspace's invitation is not found and stays untouched", async () => {
    const t = await team();
    const other = await team();
    const theirs = await send(other.admin, 'POST', `/workspaces/${other.ws}/invitations/`, { email: 'theirs@example.com', role: 15 });
    assert.equal(theirs.status, 201);
    const path = `/workspaces/${t.ws}/invitations/${theirs.body.id}/`;
    assert.equal((await send(t.admin, 'GET', path)).status, 404);
    assert.equal((await send(t.admin, 'PATCH', path, { role: 5 })).status, 404);
    assert.equal((await send(t.admin, 'DELETE', path)).status, 404);
    assert.equal((await send(t.admin, 'GET', `/workspaces/${other.ws}/invitations/`)).status, 404);
    const still = await send(other.admin, 'GET', `/workspaces/${other.ws}/invitations/${theirs.body.id}/`);
    assert.equal(still.body.role, 15);
  });
});

describe('v1 stickies', () => {
  it("creates (201) with Plane's sticky fields, sanitised HTML and its text; lists newest first in the envelope", async () => {
    const t = await team();
    const path = `/workspaces/${t.ws}/stickies/`;
    const made = await send(t.member, 'POST', path, {
      name: 'Groceries',
      description_html: '<p>Buy <b>milk</b><script>alert(1)</script></p>',
      description: { type: 'doc' },
      description_binary: Buffer.from('yjs-state').toString('base64'),
      logo_props: { emoji: '🥛' },
      color: 'gray',
      background_color: 'peach',
      owner: t.ids.admin,
      workspace: crypto.randomUUID(),
      created_by: t.ids.admin,
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const body = made.body;
    for (const key of [
      'id',
      'name',
      'description',
      'description_html',
      'description_stripped',
      'description_binary',
      'logo_props',
      'color',
      'background_color',
      'workspace',
      'owner',
      'sort_order',
      'created_at',
      'updated_at',
      'created_by',
      'updated_by',
      'deleted_at',
    ])
      assert.ok(key in body, key);
    assert.equal(body.owner, t.ids.member);
    assert.equal(body.created_by, t.ids.member);
    assert.equal(body.workspace, t.project.workspace_id);
    assert.doesNotMatch(String(body.description_html), /script/);
    assert.equal(body.description_stripped, 'Buy milk');
    assert.deepEqual(body.description, { type: 'doc' });
    assert.deepEqual(body.logo_props, { emoji: '🥛' });
    assert.equal(Buffer.from(String(body.description_binary), 'base64').toString(), 'yjs-state');
    assert.equal(body.background_color, 'peach');

    const second = await send(t.member, 'POST', path, { name: 'Ideas', description_html: '<p>Rocket fuel</p>' });
    assert.equal(second.status, 201);
    assert.ok(Number(second.body.sort_order) > Number(body.sort_order));
    const list = await send(t.member, 'GET', path);
    assert.ok(isEnvelope(list.body));
    assert.deepEqual(
      list.body.results.map((s) => s.name),
      ['Ideas', 'Groceries'],
    );
    const found = await send<Envelope>(t.member, 'GET', `${path}?query=MILK`);
    assert.deepEqual(
      found.body.results.map((s) => s.id),
      [body.id],
    );
    const byName = await send<Envelope>(t.member, 'GET', `${path}?query=idea`);
    assert.deepEqual(
      byName.body.results.map((s) => s.id),
      [second.body.id],
    );
    assert.equal((await send<Envelope>(t.member, 'GET', `${path}?query=%25`)).body.total_count, 0);
    const paged = await send<Envelope>(t.member, 'GET', `${path}?per_page=1`);
    assert.equal(paged.body.count, 1);
    assert.equal(paged.body.total_count, 2);
    assert.equal(paged.body.next_page_results, true);
    const next = await send<Envelope>(t.member, 'GET', `${path}?per_page=1&cursor=${paged.body.next_cursor}`);
    assert.deepEqual(
      next.body.results.map((s) => s.id),
      [body.id],
    );
    assert.equal((await send(t.member, 'POST', path, { description_binary: 'not base64!' })).status, 400);
    assert.equal((await send(t.member, 'POST', path, { name: 12, logo_props: 'x' })).status, 400);
  });

  it('a sticky is private: another member (even an admin) neither lists, reads, changes nor deletes it', async () => {
    const t = await team();
    const path = `/workspaces/${t.ws}/stickies/`;
    const mine = await send(t.member, 'POST', path, { name: 'Private', description_html: '<p>secret plan</p>' });
    const one = `${path}${mine.body.id}/`;
    const adminList = await send<Envelope>(t.admin, 'GET', path);
    assert.equal(adminList.status, 200);
    assert.equal(adminList.body.total_count, 0);
    assert.equal((await send<Envelope>(t.admin, 'GET', `${path}?query=secret`)).body.total_count, 0);
    const read = await send(t.admin, 'GET', one);
    const missing = await send(t.admin, 'GET', `${path}${crypto.randomUUID()}/`);
    assert.equal(read.status, 404);
    assert.deepEqual(read.body, missing.body);
    assert.equal((await send(t.admin, 'PATCH', one, { name: 'Mine now' })).status, 404);
    assert.equal((await send(t.admin, 'DELETE', one)).status, 404);
    const still = await send(t.member, 'GET', one);
    assert.equal(still.status, 200);
    assert.equal(still.body.name, 'Private');
    // The same person in another workspace does not see it there either.
    const elsewhere = await buildWorkspace(h.db);
    await addWorkspaceMember(h.db, elsewhere, { id: t.ids.member }, 15);
    assert.equal((await send(t.member, 'GET', `/workspaces/${elsewhere.slug}/stickies/${mine.body.id}/`)).status, 404);
    assert.equal((await send<Envelope>(t.member, 'GET', `/workspaces/${elsewhere.slug}/stickies/`)).body.total_count, 0);
  });

  it('updates and deletes (204) the owner’s sticky; guests have no stickies (403); outsiders 404', async () => {
    const t = await team();
    const path = `/workspaces/${t.ws}/stickies/`;
    const made = await send(t.admin, 'POST', path, { name: 'Todo', description_html: '<p>one</p>' });
    const one = `${path}${made.body.id}/`;
    const patched = await send(t.admin, 'PATCH', one, {
      description_html: '<p>two <i>things</i></p>',
      color: null,
      sort_order: 5,
      owner: t.ids.member,
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.description_stripped, 'two things');
    assert.equal(patched.body.color, null);
    assert.equal(patched.body.sort_order, 5);
    assert.equal(patched.body.owner, t.ids.admin);
    assert.equal(patched.body.name, 'Todo');
    assert.equal((await send(t.admin, 'PATCH', one, { sort_order: null })).status, 400);
    assert.deepEqual((await t.admin.get(`${one}?fields=id,name`)).body, { id: made.body.id, name: 'Todo' });

    assert.equal((await send(t.guest, 'GET', path)).status, 403);
    assert.equal((await send(t.guest, 'POST', path, { name: 'g' })).status, 403);
    assert.equal((await send(t.guest, 'GET', one)).status, 403);
    const outsider = await v1As(h, (await buildUser(h.db)).id);
    assert.equal((await send(outsider, 'GET', path)).status, 404);
    assert.equal((await send(outsider, 'POST', path, { name: 'x' })).status, 404);

    assert.equal((await send(t.admin, 'DELETE', one)).status, 204);
    assert.equal((await send(t.admin, 'GET', one)).status, 404);
    assert.equal((await send(t.admin, 'DELETE', one)).status, 404);
    assert.equal((await send(t.admin, 'GET', `${path}not-a-uuid/`)).status, 404);
    assert.equal((await send(t.admin, 'GET', path.slice(0, -1))).status, 200);
  });
});
