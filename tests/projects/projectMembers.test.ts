// Project members: list, add, change role, remove, leave; workspace-role caps and the last-admin rule.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildUser } from '../factories/accounts.ts';
import { type ApiHarness, type Body, startApiHarness } from '../helpers/apiHarness.ts';
import { buildTeam, NIL_UUID, type Team, userIn } from './setup.ts';

let h: ApiHarness;
before(async () => {
  h = await startApiHarness();
});
after(async () => {
  await h.close();
});

type Member = Body & { id: string; member: string; role: number; member_detail: Record<string, unknown> };

const membershipOf = async (team: Team, userId: string): Promise<Member> => {
  const res = await team.as.admin.get<Member[]>(`${team.base}/members/`);
  const found = res.body.find((m) => m.member === userId);
  assert.ok(found, 'membership exists');
  return found;
};

describe('GET /members', () => {
  it('lists active members as an array with a user lite; guests do not see emails', async () => {
    const team = await buildTeam(h);
    const res = await team.as.member.get<Member[]>(`${team.base}/members`);
    assert.equal(res.status, 200);
    assert.ok(Array.isArray(res.body));
    assert.deepEqual(new Set(res.body.map((m) => m.member)), new Set([team.admin.id, team.member.id, team.guest.id]));
    const admin = res.body.find((m) => m.member === team.admin.id);
    assert.equal(admin?.role, 20);
    assert.equal(admin?.project, team.project.id);
    assert.equal(admin?.workspace, team.workspace.id);
    assert.equal(admin?.member_detail.email, team.admin.email);
    assert.equal(admin?.member_detail.id, team.admin.id);
    const asGuest = await team.as.guest.get<Member[]>(`${team.base}/project-members/`);
    assert.equal(asGuest.status, 200);
    assert.equal(asGuest.body.length, 3);
    assert.ok(asGuest.body.every((m) => !('email' in m.member_detail)));
    assert.equal((await team.as.outsider.get(`${team.base}/members`)).status, 404);
    const me = await team.as.member.get<Member>(`${team.base}/members/me`);
    assert.equal(me.status, 200);
    assert.equal(me.body.member, team.member.id);
  });
});

describe('POST /members', () => {
  it('adds a workspace member (201) with the given role; re-adding answers 409', async () => {
    const team = await buildTeam(h);
    const res = await team.as.admin.post<Member>(`${team.base}/members/`, { member: team.outsider.id, role: 15 });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.member, team.outsider.id);
    assert.equal(res.body.role, 15);
    assert.equal((await team.as.outsider.get(team.base)).status, 200);
    const again = await team.as.admin.post(`${team.base}/members/`, { member: team.outsider.id, role: 5 });
    assert.equal(again.status, 409);
    assert.equal(again.body.id, res.body.id);
  });

  it('defaults to member, caps the role at the workspace role, and refuses non-workspace people', async () => {
    const team = await buildTeam(h);
    const wsMember = await userIn(h, team.workspace, 15);
    const added = await team.as.admin.post<Member>(`${team.base}/members`, { member: wsMember.user.id });
    assert.equal(added.status, 201);
    assert.equal(added.body.role, 15);
    const another = await userIn(h, team.workspace, 15);
    const tooHigh = await team.as.admin.post(`${team.base}/members`, { member: another.user.id, role: 20 });
    assert.equal(tooHigh.status, 400);
    assert.match(String(tooHigh.body.error), /higher than/);
    const wsGuest = await userIn(h, team.workspace, 5);
    const guestAsMember = await team.as.admin.post(`${team.base}/members`, { member: wsGuest.user.id, role: 15 });
    assert.equal(guestAsMember.status, 400);
    assert.match(String(guestAsMember.body.error), /guest/);
    assert.equal((await team.as.admin.post(`${team.base}/members`, { member: wsGuest.user.id, role: 5 })).status, 201);
    const stranger = await buildUser(h.db);
    const notInWs = await team.as.admin.post(`${team.base}/members`, { member: stranger.id, role: 5 });
    assert.equal(notInWs.status, 400);
    assert.match(String(notInWs.body.error), /not a member of the workspace/);
    const other = await buildTeam(h);
    assert.equal((await team.as.admin.post(`${team.base}/members`, { member: other.admin.id, role: 5 })).status, 400);
    for (const body of [
      { member: 'nope', role: 5 },
      { member: another.user.id, role: 10 },
      { member: another.user.id, role: 'admin' },
      { role: 5 },
      { member: {} },
    ]) {
      const res = await team.as.admin.post(`${team.base}/members`, body);
      assert.equal(res.status, 400, `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
    }
    const { rows } = await h.db.query('SELECT count(*)::int AS n FROM project_members WHERE project_id = $1 AND member_id = $2', [
      team.project.id,
      another.user.id,
    ]);
    assert.equal(rows[0].n, 0);
  });

  it('needs a project admin', async () => {
    const team = await buildTeam(h);
    assert.equal((await team.as.member.post(`${team.base}/members`, { member: team.outsider.id, role: 15 })).status, 403);
    assert.equal((await team.as.guest.post(`${team.base}/members`, { member: team.outsider.id, role: 5 })).status, 403);
    assert.equal((await team.as.outsider.post(`${team.base}/members`, { member: team.outsider.id, role: 15 })).status, 404);
  });
});

describe('PATCH /members/:memberId', () => {
  it('changes a role within the workspace role, only for project admins', async () => {
    const team = await buildTeam(h);
    const member = await membershipOf(team, team.member.id);
    const guest = await membershipOf(team, team.guest.id);
    assert.equal((await team.as.member.patch(`${team.base}/members/${guest.id}`, { role: 15 })).status, 403);
    const demoted = await team.as.admin.patch<Member>(`${team.base}/members/${member.id}/`, { role: 5 });
    assert.equal(demoted.status, 200);
    assert.equal(demoted.body.role, 5);
    assert.equal((await h.db.query('SELECT role FROM project_members WHERE id = $1', [member.id])).rows[0].role, 5);
    // The guest is a workspace guest: they cannot become a project member.
    const up = await team.as.admin.patch(`${team.base}/members/${guest.id}`, { role: 15 });
    assert.equal(up.status, 400);
    for (const body of [{ role: 7 }, { role: 'x' }, {}])
      assert.equal((await team.as.admin.patch(`${team.base}/members/${member.id}`, body)).status, 400);
    assert.equal((await team.as.admin.patch(`${team.base}/members/${NIL_UUID}`, { role: 5 })).status, 404);
    assert.equal((await team.as.admin.patch(`${team.base}/members/not-an-id`, { role: 5 })).status, 404);
    const other = await buildTeam(h);
    const otherMembership = await membershipOf(other, other.member.id);
    assert.equal((await team.as.admin.patch(`${team.base}/members/${otherMembership.id}`, { role: 5 })).status, 404);
    assert.equal((await h.db.query('SELECT role FROM project_members WHERE id = $1', [otherMembership.id])).rows[0].role, 15);
  });

  it('never demotes the last admin', async () => {
    const team = await buildTeam(h);
    const admin = await membershipOf(team, team.admin.id);
    const res = await team.as.admin.patch(`${team.base}/members/${admin.id}`, { role: 15 });
    assert.equal(res.status, 400);
    assert.match(String(res.body.error), /last admin/);
    // With a second admin the first may step down.
    const second = await userIn(h, team.workspace, 20);
    assert.equal((await team.as.admin.post(`${team.base}/members`, { member: second.user.id, role: 20 })).status, 201);
    assert.equal((await team.as.admin.patch(`${team.base}/members/${admin.id}`, { role: 15 })).status, 200);
  });
});

describe('DELETE /members/:memberId and leave', () => {
  it('removes a member (204); they lose access and can be added again', async () => {
    const team = await buildTeam(h);
    const member = await membershipOf(team, team.member.id);
    assert.equal((await team.as.guest.delete(`${team.base}/members/${member.id}`)).status, 403);
    assert.equal((await team.as.admin.delete(`${team.base}/members/${member.id}`)).status, 204);
    assert.equal((await team.as.member.get(team.base)).status, 404);
    assert.equal((await team.as.admin.delete(`${team.base}/members/${member.id}`)).status, 404);
    const back = await team.as.admin.post<Member>(`${team.base}/members`, { member: team.member.id, role: 5 });
    assert.equal(back.status, 201);
    assert.equal(back.body.role, 5);
    assert.equal(back.body.id, member.id);
  });

  it('never removes the last admin, by DELETE or by leaving; others may leave', async () => {
    const team = await buildTeam(h);
    const admin = await membershipOf(team, team.admin.id);
    const removed = await team.as.admin.delete(`${team.base}/members/${admin.id}`);
    assert.equal(removed.status, 400);
    assert.match(String(removed.body.error), /last admin/);
    assert.equal((await team.as.admin.post(`${team.base}/members/leave`)).status, 400);
    assert.equal((await team.as.guest.post(`${team.base}/members/leave/`)).status, 204);
    assert.equal((await team.as.guest.get(team.base)).status, 404);
    // A member may remove their own membership (leaving) without being an admin.
    const member = await membershipOf(team, team.member.id);
    assert.equal((await team.as.member.delete(`${team.base}/members/${member.id}`)).status, 204);
    const left = await h.db.query('SELECT is_active FROM project_members WHERE project_id = $1 AND member_id = ANY($2::uuid[])', [
      team.project.id,
      [team.member.id, team.guest.id],
    ]);
    assert.deepEqual(
      left.rows.map((r) => r.is_active),
      [false, false],
    );
  });

  it('keeps one admin when two admins remove each other at the same time', async () => {
    const team = await buildTeam(h);
    const second = await userIn(h, team.workspace, 20);
    const added = await team.as.admin.post<Member>(`${team.base}/members`, { member: second.user.id, role: 20 });
    const first = await membershipOf(team, team.admin.id);
    const results = await Promise.all([
      team.as.admin.delete(`${team.base}/members/${added.body.id}`),
      second.client.delete(`${team.base}/members/${first.id}`),
    ]);
    // One wins; the other is refused: 400 (last admin) or 404 (no longer a member by then).
    const statuses = results.map((r) => r.status).sort();
    assert.equal(statuses[0], 204);
    assert.ok(statuses[1] === 400 || statuses[1] === 404, String(statuses[1]));
    const { rows } = await h.db.query('SELECT count(*)::int AS n FROM project_members WHERE project_id = $1 AND role = 20 AND is_active', [
      team.project.id,
    ]);
    assert.equal(rows[0].n, 1);
  });
});
