import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addWorkspaceMember, buildUser, buildWorkspace, type UserRow, type WorkspaceRow } from '../factories/accounts.ts';
import { type ApiHarness, type Body, type Client, startApiHarness } from '../helpers/apiHarness.ts';
import { activeProjectMembership, anonymousWrite, insertProject } from './helpers.ts';

let h: ApiHarness;

before(async () => {
  h = await startApiHarness();
});
after(() => h.close());

interface Team {
  ws: WorkspaceRow;
  admin: UserRow;
  member: UserRow;
  guest: UserRow;
  asAdmin: Client;
  asMember: Client;
  asGuest: Client;
}

async function team(): Promise<Team> {
  const ws = await buildWorkspace(h.db);
  const member = await buildUser(h.db, { first_name: 'Mia' });
  const guest = await buildUser(h.db, { first_name: 'Gus' });
  await addWorkspaceMember(h.db, ws, member, 15);
  await addWorkspaceMember(h.db, ws, guest, 5);
  return {
    ws,
    admin: ws.owner,
    member,
    guest,
    asAdmin: await h.as(ws.owner.id),
    asMember: await h.as(member.id),
    asGuest: await h.as(guest.id),
  };
}

async function roleOf(ws: { id: string }, user: { id: string }): Promise<number | null> {
  const { rows } = await h.db.query<{ role: number }>('SELECT role FROM workspace_members WHERE workspace_id = $1 AND member_id = $2', [
    ws.id,
    user.id,
  ]);
  return rows[0]?.role ?? null;
}

describe('GET /api/workspaces/:slug/members/', () => {
  test('lists user lite + role; guests read it without emails', async () => {
    const t = await team();
    const res = await t.asAdmin.get<Body[]>(`/api/workspaces/${t.ws.slug}/members/`);
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.map((m) => [m.id, m.role]),
      [
        [t.admin.id, 20],
        [t.member.id, 15],
        [t.guest.id, 5],
      ],
    );
    assert.deepEqual(Object.keys(res.body[1] ?? {}).sort(), [
      'avatar',
      'avatar_url',
      'display_name',
      'email',
      'first_name',
      'id',
      'last_name',
      'role',
    ]);
    assert.equal(res.body[1]?.email, t.member.email);
    assert.equal(res.body[1]?.first_name, 'Mia');

    const asGuest = await t.asGuest.get<Body[]>(`/api/workspaces/${t.ws.slug}/members/`);
    assert.equal(asGuest.status, 200);
    assert.equal(asGuest.body.length, 3);
    assert.ok(asGuest.body.every((m) => !('email' in m)));
  });

  test('non-members get 404, anonymous 401', async () => {
    const t = await team();
    const stranger = await h.as((await buildUser(h.db)).id);
    assert.equal((await stranger.get(`/api/workspaces/${t.ws.slug}/members/`)).status, 404);
    assert.equal((await h.anonymous.get(`/api/workspaces/${t.ws.slug}/members/`)).status, 401);
  });
});

describe('PATCH /api/workspaces/:slug/members/:memberId/', () => {
  test('an admin changes a role; other fields are ignored', async () => {
    const t = await team();
    const other = await buildWorkspace(h.db);
    const res = await t.asAdmin.patch(`/api/workspaces/${t.ws.slug}/members/${t.guest.id}/`, {
      role: 15,
      member_id: t.admin.id,
      workspace_id: other.id,
      id: t.admin.id,
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.id, t.guest.id);
    assert.equal(res.body.role, 15);
    assert.equal(await roleOf(t.ws, t.guest), 15);
    assert.equal(await roleOf(t.ws, t.admin), 20);
    assert.equal(await roleOf(other, t.guest), null);

    const promoted = await t.asAdmin.patch(`/api/workspaces/${t.ws.slug}/members/${t.member.id}`, { role: '20' });
    assert.equal(promoted.status, 200);
    assert.equal(await roleOf(t.ws, t.member), 20);
  });

  test('members and guests cannot change roles (no self-promotion)', async () => {
    const t = await team();
    for (const [client, target] of [
      [t.asMember, t.member],
      [t.asMember, t.guest],
      [t.asGuest, t.guest],
      [t.asMember, t.admin],
    ] as const) {
      const res = await client.patch(`/api/workspaces/${t.ws.slug}/members/${target.id}/`, { role: 20 });
      assert.equal(res.status, 403);
    }
    assert.equal(await roleOf(t.ws, t.member), 15);
    assert.equal(await roleOf(t.ws, t.guest), 5);
    assert.equal(await roleOf(t.ws, t.admin), 20);
  });

  test('bad roles are 400; unknown, malformed or other-workspace members 404', async () => {
    const t = await team();
    for (const body of [{ role: 10 }, { role: 25 }, { role: 'admin' }, { role: 15.5 }, {}, { role: null }]) {
      const res = await t.asAdmin.patch(`/api/workspaces/${t.ws.slug}/members/${t.member.id}/`, body);
      assert.equal(res.status, 400, JSON.stringify(body));
    }
    const outsider = await buildUser(h.db);
    const elsewhere = await buildWorkspace(h.db);
    for (const id of [outsider.id, elsewhere.owner.id, 'not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      assert.equal((await t.asAdmin.patch(`/api/workspaces/${t.ws.slug}/members/${id}/`, { role: 5 })).status, 404, id);
      assert.equal((await t.asAdmin.delete(`/api/workspaces/${t.ws.slug}/members/${id}/`)).status, 404, id);
    }
    // An admin of another workspace cannot touch this one's members.
    const otherAdmin = await h.as(elsewhere.owner.id);
    assert.equal((await otherAdmin.patch(`/api/workspaces/${t.ws.slug}/members/${t.member.id}/`, { role: 5 })).status, 404);
    assert.equal((await otherAdmin.delete(`/api/workspaces/${t.ws.slug}/members/${t.member.id}/`)).status, 404);
    assert.equal(await roleOf(t.ws, t.member), 15);
    assert.equal((await anonymousWrite(h, 'PATCH', `/api/workspaces/${t.ws.slug}/members/${t.member.id}/`, { role: 5 })).status, 401);
  });

  test('the last admin cannot be demoted; with a second admin they can step down', async () => {
    const t = await team();
    const res = await t.asAdmin.patch(`/api/workspaces/${t.ws.slug}/members/${t.admin.id}/`, { role: 15 });
    assert.equal(res.status, 400);
    assert.match(String(res.body.error), /last admin/);
    assert.equal(await roleOf(t.ws, t.admin), 20);

    await addWorkspaceMember(h.db, t.ws, t.member, 20);
    assert.equal((await t.asAdmin.patch(`/api/workspaces/${t.ws.slug}/members/${t.admin.id}/`, { role: 15 })).status, 200);
    assert.equal(await roleOf(t.ws, t.admin), 15);
    // Now a member, the former admin can no longer change roles.
    assert.equal((await t.asAdmin.patch(`/api/workspaces/${t.ws.slug}/members/${t.admin.id}/`, { role: 20 })).status, 403);
  });

  test('two admins demoting each other at once leave exactly one admin', async () => {
    const t = await team();
    await addWorkspaceMember(h.db, t.ws, t.member, 20);
    const results = await Promise.all([
      t.asAdmin.patch(`/api/workspaces/${t.ws.slug}/members/${t.member.id}/`, { role: 15 }),
      t.asMember.patch(`/api/workspaces/${t.ws.slug}/members/${t.admin.id}/`, { role: 15 }),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 403]);
    const { rows } = await h.db.query('SELECT count(*)::int AS n FROM workspace_members WHERE workspace_id = $1 AND role = 20', [t.ws.id]);
    assert.equal(rows[0].n, 1);
  });
});

describe('DELETE /api/workspaces/:slug/members/:memberId/', () => {
  test('an admin removes a member (204), also from the workspace projects', async () => {
    const t = await team();
    const project = await insertProject(h, t.ws.id, [
      { id: t.admin.id, role: 20 },
      { id: t.member.id, role: 15 },
    ]);
    const elsewhere = await buildWorkspace(h.db);
    await addWorkspaceMember(h.db, elsewhere, t.member, 15);
    const otherProject = await insertProject(h, elsewhere.id, [{ id: t.member.id, role: 20 }]);

    assert.equal((await t.asAdmin.delete(`/api/workspaces/${t.ws.slug}/members/${t.member.id}/`)).status, 204);
    assert.equal(await roleOf(t.ws, t.member), null);
    assert.equal(await activeProjectMembership(h, project, t.member.id), false);
    assert.equal(await activeProjectMembership(h, project, t.admin.id), true);
    // Their membership of another workspace is untouched.
    assert.equal(await roleOf(elsewhere, t.member), 15);
    assert.equal(await activeProjectMembership(h, otherProject, t.member.id), true);
    assert.equal((await t.asMember.get(`/api/workspaces/${t.ws.slug}/`)).status, 404);
  });

  test('members and guests cannot remove anyone; an admin cannot remove themselves', async () => {
    const t = await team();
    assert.equal((await t.asMember.delete(`/api/workspaces/${t.ws.slug}/members/${t.guest.id}/`)).status, 403);
    assert.equal((await t.asGuest.delete(`/api/workspaces/${t.ws.slug}/members/${t.member.id}/`)).status, 403);
    const self = await t.asAdmin.delete(`/api/workspaces/${t.ws.slug}/members/${t.admin.id}/`);
    assert.equal(self.status, 400);
    assert.match(String(self.body.error), /leave/);
    assert.equal(await roleOf(t.ws, t.guest), 5);
    assert.equal(await roleOf(t.ws, t.admin), 20);
  });

  test('a member who is the only admin of a project cannot be removed until that changes', async () => {
    const t = await team();
    const project = await insertProject(h, t.ws.id, [{ id: t.member.id, role: 20 }]);
    const res = await t.asAdmin.delete(`/api/workspaces/${t.ws.slug}/members/${t.member.id}/`);
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.projects, [project]);
    assert.equal(await roleOf(t.ws, t.member), 15);
    await h.db.query('INSERT INTO project_members (workspace_id, project_id, member_id, role) VALUES ($1, $2, $3, 20)', [
      t.ws.id,
      project,
      t.admin.id,
    ]);
    assert.equal((await t.asAdmin.delete(`/api/workspaces/${t.ws.slug}/members/${t.member.id}/`)).status, 204);
  });

  test('an admin can remove another admin while one remains', async () => {
    const t = await team();
    await addWorkspaceMember(h.db, t.ws, t.member, 20);
    assert.equal((await t.asAdmin.delete(`/api/workspaces/${t.ws.slug}/members/${t.member.id}/`)).status, 204);
    const { rows } = await h.db.query('SELECT count(*)::int AS n FROM workspace_members WHERE workspace_id = $1 AND role = 20', [t.ws.id]);
    assert.equal(rows[0].n, 1);
  });
});

describe('POST /api/workspaces/:slug/members/leave/', () => {
  test('the last admin cannot leave, with a clear message', async () => {
    const t = await team();
    const res = await t.asAdmin.post(`/api/workspaces/${t.ws.slug}/members/leave/`);
    assert.equal(res.status, 400);
    assert.match(String(res.body.error), /only admin/);
    assert.equal(await roleOf(t.ws, t.admin), 20);
  });

  test('members and guests leave (204) and lose the workspace and its projects', async () => {
    const t = await team();
    const project = await insertProject(h, t.ws.id, [
      { id: t.admin.id, role: 20 },
      { id: t.guest.id, role: 5 },
    ]);
    assert.equal((await t.asGuest.post(`/api/workspaces/${t.ws.slug}/members/leave/`)).status, 204);
    assert.equal(await roleOf(t.ws, t.guest), null);
    assert.equal(await activeProjectMembership(h, project, t.guest.id), false);
    assert.equal((await t.asGuest.get(`/api/workspaces/${t.ws.slug}/`)).status, 404);
    assert.equal((await t.asGuest.post(`/api/workspaces/${t.ws.slug}/members/leave/`)).status, 404);
    assert.equal((await t.asMember.post(`/api/workspaces/${t.ws.slug}/members/leave/`)).status, 204);
  });

  test('an admin leaves when another admin remains; the only admin of a project must hand it over first', async () => {
    const t = await team();
    await addWorkspaceMember(h.db, t.ws, t.member, 20);
    const project = await insertProject(h, t.ws.id, [{ id: t.admin.id, role: 20 }]);
    const blocked = await t.asAdmin.post(`/api/workspaces/${t.ws.slug}/members/leave/`);
    assert.equal(blocked.status, 400);
    assert.match(String(blocked.body.error), /only admin of some projects/);
    await h.db.query('UPDATE project_members SET is_active = false WHERE project_id = $1', [project]);
    assert.equal((await t.asAdmin.post(`/api/workspaces/${t.ws.slug}/members/leave/`)).status, 204);
    assert.equal(await roleOf(t.ws, t.admin), null);
  });

  test('non-members 404, anonymous 401', async () => {
    const t = await team();
    const stranger = await h.as((await buildUser(h.db)).id);
    assert.equal((await stranger.post(`/api/workspaces/${t.ws.slug}/members/leave/`)).status, 404);
    assert.equal((await anonymousWrite(h, 'POST', `/api/workspaces/${t.ws.slug}/members/leave/`)).status, 401);
  });
});
