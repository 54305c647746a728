import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { addWorkspaceMember, buildUser, buildWorkspace, type UserRow, type WorkspaceRow } from '../factories/accounts.ts';
import { type ApiHarness, type Body, type Client, startApiHarness } from '../helpers/apiHarness.ts';
import { anonymousWrite } from './helpers.ts';

let h: ApiHarness;

before(async () => {
  h = await startApiHarness();
});
after(() => h.close());

let n = 0;
const freshEmail = (): string => `invitee-${process.pid}-${++n}@example.com`;

interface Setup {
  ws: WorkspaceRow;
  admin: UserRow;
  asAdmin: Client;
}

async function setup(): Promise<Setup> {
  const admin = await buildUser(h.db, { first_name: 'Ada' });
  const ws = await buildWorkspace(h.db, { owner: admin, name: 'Rocket Lab' });
  return { ws, admin, asAdmin: await h.as(admin.id) };
}

interface OutboxRow {
  to_email: string;
  subject: string;
  body_text: string;
  kind: string;
  idempotency_key: string;
}

async function outboxFor(email: string): Promise<OutboxRow[]> {
  const { rows } = await h.db.query<OutboxRow>(
    'SELECT to_email, subject, body_text, kind, idempotency_key FROM email_outbox WHERE to_email = $1 ORDER BY created_at',
    [email],
  );
  return rows;
}

/** The token from the link in the invitation email sent to `email` for workspace `slug`. */
async function tokenFor(email: string, slug: string): Promise<string> {
  const mail = (await outboxFor(email)).at(-1);
  assert.ok(mail, `an email to ${email}`);
  const match = /http:\/\/localhost\/invitations\/\?token=([A-Za-z0-9_-]+)&workspace=([a-z0-9_-]+)/.exec(mail.body_text);
  assert.ok(match, mail.body_text);
  assert.equal(match[2], slug);
  return match[1] ?? '';
}

async function invite(s: Setup, email: string, role = 15): Promise<{ id: string; token: string }> {
  const res = await s.asAdmin.post<Body[]>(`/api/workspaces/${s.ws.slug}/invitations/`, { emails: [{ email, role }] });
  assert.equal(res.status, 201);
  return { id: String(res.body[0]?.id), token: await tokenFor(email, s.ws.slug) };
}

async function roleOf(ws: { id: string }, user: { id: string }): Promise<number | null> {
  const { rows } = await h.db.query<{ role: number }>('SELECT role FROM workspace_members WHERE workspace_id = $1 AND member_id = $2', [
    ws.id,
    user.id,
  ]);
  return rows[0]?.role ?? null;
}

describe('POST /api/workspaces/:slug/invitations/', () => {
  test('creates the invitations (201) and writes their emails to the outbox, storing only a hash of the token', async () => {
    const s = await setup();
    const a = freshEmail();
    const b = freshEmail();
    const res = await s.asAdmin.post<Body[]>(`/api/workspaces/${s.ws.slug}/invitations/`, {
      emails: [
        { email: `  ${a.toUpperCase()} `, role: 20 },
        { email: b, role: 5 },
        { email: b, role: 15 },
      ],
    });
    assert.equal(res.status, 201);
    assert.deepEqual(
      res.body.map((i) => [i.email, i.role, i.accepted, i.responded_at, i.workspace, i.created_by]),
      [
        [a, 20, false, null, s.ws.id, s.admin.id],
        [b, 5, false, null, s.ws.id, s.admin.id],
      ],
    );
    assert.ok(res.body.every((i) => !('token' in i) && !('token_hash' in i)));

    const [mail] = await outboxFor(a);
    assert.ok(mail);
    assert.equal(mail.kind, 'workspace_invitation');
    assert.equal(mail.idempotency_key, `workspace_invitation:${res.body[0]?.id}`);
    assert.match(mail.subject, /Ada invited you to join Rocket Lab/);
    assert.match(mail.body_text, /as an admin/);
    const token = await tokenFor(a, s.ws.slug);
    const { rows } = await h.db.query<{ token_hash: Buffer }>('SELECT token_hash FROM workspace_invitations WHERE id = $1', [
      res.body[0]?.id,
    ]);
    assert.deepEqual(rows[0]?.token_hash, createHash('sha256').update(token).digest());
    const leaked = await h.db.query("SELECT 1 FROM workspace_invitations WHERE encode(token_hash, 'escape') LIKE '%' || $1 || '%'", [
      token,
    ]);
    assert.equal(leaked.rows.length, 0);
    assert.equal((await outboxFor(b)).length, 1);

    const list = await s.asAdmin.get<Body[]>(`/api/workspaces/${s.ws.slug}/invitations/`);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.map((i) => i.email).sort(), [a, b].sort());
  });

  test('a bad address, an existing member or an open invitation refuse the whole batch; nothing is written', async () => {
    const s = await setup();
    const member = await buildUser(h.db);
    await addWorkspaceMember(h.db, s.ws, member, 15);
    const already = freshEmail();
    await invite(s, already);
    const fresh = freshEmail();
    const cases: [unknown, number][] = [
      [{ emails: [{ email: fresh }, { email: 'not-an-email' }] }, 400],
      [{ emails: [{ email: fresh }, { email: member.email.toUpperCase() }] }, 400],
      [{ emails: [{ email: fresh }, { email: already }] }, 409],
      [{ emails: [{ email: fresh, role: 30 }] }, 400],
      [{ emails: [{ email: fresh, role: 'admin' }] }, 400],
      [{ emails: [] }, 400],
      [{ emails: 'someone@example.com' }, 400],
      [{}, 400],
      [{ emails: Array.from({ length: 51 }, (_, i) => ({ email: `bulk${i}@example.com` })) }, 400],
    ];
    for (const [body, status] of cases) {
      const res = await s.asAdmin.post(`/api/workspaces/${s.ws.slug}/invitations/`, body);
      assert.equal(res.status, status, JSON.stringify(body).slice(0, 100));
    }
    assert.equal((await outboxFor(fresh)).length, 0);
    const { rows } = await h.db.query('SELECT count(*)::int AS n FROM workspace_invitations WHERE workspace_id = $1', [s.ws.id]);
    assert.equal(rows[0].n, 1);
  });

  test('members invite up to their own role; guests cannot invite or list', async () => {
    const s = await setup();
    const member = await buildUser(h.db);
    const guest = await buildUser(h.db);
    await addWorkspaceMember(h.db, s.ws, member, 15);
    await addWorkspaceMember(h.db, s.ws, guest, 5);
    const asMember = await h.as(member.id);
    const asGuest = await h.as(guest.id);
    const escalate = await asMember.post(`/api/workspaces/${s.ws.slug}/invitations/`, { emails: [{ email: freshEmail(), role: 20 }] });
    assert.equal(escalate.status, 400);
    assert.match(String(escalate.body.error), /higher role/);
    assert.equal(
      (await asMember.post(`/api/workspaces/${s.ws.slug}/invitations/`, { emails: [{ email: freshEmail(), role: 15 }] })).status,
      201,
    );
    assert.equal((await asMember.get(`/api/workspaces/${s.ws.slug}/invitations/`)).status, 200);
    assert.equal(
      (await asGuest.post(`/api/workspaces/${s.ws.slug}/invitations/`, { emails: [{ email: freshEmail(), role: 5 }] })).status,
      403,
    );
    assert.equal((await asGuest.get(`/api/workspaces/${s.ws.slug}/invitations/`)).status, 403);
    const { rows } = await h.db.query('SELECT role FROM workspace_invitations WHERE workspace_id = $1', [s.ws.id]);
    assert.deepEqual(
      rows.map((r) => r.role),
      [15],
    );
  });

  test('the role defaults to guest and forbidden fields are ignored', async () => {
    const s = await setup();
    const other = await buildUser(h.db);
    const email = freshEmail();
    const res = await s.asAdmin.post<Body[]>(`/api/workspaces/${s.ws.slug}/invitations/`, {
      emails: [{ email, accepted: true, workspace: other.id }],
      created_by: other.id,
      accepted: true,
    });
    assert.equal(res.status, 201);
    assert.equal(res.body[0]?.role, 5);
    const { rows } = await h.db.query('SELECT role, accepted, responded_at, created_by FROM workspace_invitations WHERE email = $1', [
      email,
    ]);
    assert.deepEqual(rows[0], { role: 5, accepted: false, responded_at: null, created_by: s.admin.id });
  });

  test('non-members 404, anonymous 401', async () => {
    const s = await setup();
    const stranger = await h.as((await buildUser(h.db)).id);
    assert.equal((await stranger.get(`/api/workspaces/${s.ws.slug}/invitations/`)).status, 404);
    assert.equal((await stranger.post(`/api/workspaces/${s.ws.slug}/invitations/`, { emails: [{ email: freshEmail() }] })).status, 404);
    assert.equal((await h.anonymous.get(`/api/workspaces/${s.ws.slug}/invitations/`)).status, 401);
    assert.equal(
      (await anonymousWrite(h, 'POST', `/api/workspaces/${s.ws.slug}/invitations/`, { emails: [{ email: freshEmail() }] })).status,
      401,
    );
  });
});

describe('GET PATCH /api/workspaces/:slug/invitations/:id/', () => {
  test('members read one; admins change the role of an open one; other workspaces get 404', async () => {
    const s = await setup();
    const email = freshEmail();
    const { id, token } = await invite(s, email, 5);
    const member = await buildUser(h.db);
    const guest = await buildUser(h.db);
    await addWorkspaceMember(h.db, s.ws, member, 15);
    await addWorkspaceMember(h.db, s.ws, guest, 5);
    const asMember = await h.as(member.id);
    const one = await asMember.get(`/api/workspaces/${s.ws.slug}/invitations/${id}/`);
    assert.equal(one.status, 200);
    assert.equal(one.body.email, email);
    assert.equal((await (await h.as(guest.id)).get(`/api/workspaces/${s.ws.slug}/invitations/${id}/`)).status, 403);
    assert.equal((await asMember.patch(`/api/workspaces/${s.ws.slug}/invitations/${id}/`, { role: 15 })).status, 403);

    const other = await setup();
    assert.equal((await other.asAdmin.get(`/api/workspaces/${other.ws.slug}/invitations/${id}/`)).status, 404);
    assert.equal((await other.asAdmin.patch(`/api/workspaces/${other.ws.slug}/invitations/${id}/`, { role: 20 })).status, 404);
    assert.equal((await s.asAdmin.patch(`/api/workspaces/${s.ws.slug}/invitations/${id}/`, { role: 7 })).status, 400);

    const changed = await s.asAdmin.patch(`/api/workspaces/${s.ws.slug}/invitations/${id}/`, {
      role: 15,
      email: 'other@example.com',
      accepted: true,
    });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.role, 15);
    assert.equal(changed.body.email, email);
    assert.equal(changed.body.accepted, false);
    assert.equal((await h.anonymous.get(`/api/invitations/${token}/`)).body.role, 15);

    // An answered invitation can no longer be changed.
    await h.db.query('UPDATE workspace_invitations SET responded_at = now() WHERE id = $1', [id]);
    assert.equal((await s.asAdmin.patch(`/api/workspaces/${s.ws.slug}/invitations/${id}/`, { role: 5 })).status, 404);
  });
});

describe('DELETE /api/workspaces/:slug/invitations/:id/', () => {
  test('an admin deletes an invitation (204) and its link stops working', async () => {
    const s = await setup();
    const email = freshEmail();
    const { id, token } = await invite(s, email);
    const member = await buildUser(h.db);
    await addWorkspaceMember(h.db, s.ws, member, 15);
    assert.equal((await (await h.as(member.id)).delete(`/api/workspaces/${s.ws.slug}/invitations/${id}/`)).status, 403);
    const other = await setup();
    assert.equal((await other.asAdmin.delete(`/api/workspaces/${other.ws.slug}/invitations/${id}/`)).status, 404);
    assert.equal((await other.asAdmin.delete(`/api/workspaces/${s.ws.slug}/invitations/${id}/`)).status, 404);
    assert.equal((await s.asAdmin.delete(`/api/workspaces/${s.ws.slug}/invitations/not-a-uuid/`)).status, 404);
    assert.equal((await h.anonymous.get(`/api/invitations/${token}/`)).status, 200);
    assert.equal((await s.asAdmin.delete(`/api/workspaces/${s.ws.slug}/invitations/${id}/`)).status, 204);
    assert.equal((await s.asAdmin.delete(`/api/workspaces/${s.ws.slug}/invitations/${id}/`)).status, 404);
    assert.equal((await h.anonymous.get(`/api/invitations/${token}/`)).status, 404);
  });
});

describe('the invitation link: /api/invitations/:token/', () => {
  test('anyone with the link sees the workspace, the role and who invited them', async () => {
    const s = await setup();
    const email = freshEmail();
    const { token } = await invite(s, email, 15);
    const res = await h.anonymous.get(`/api/invitations/${token}/`);
    assert.equal(res.status, 200);
    assert.equal(res.body.email, email);
    assert.equal(res.body.role, 15);
    assert.deepEqual(res.body.workspace, { id: s.ws.id, name: 'Rocket Lab', slug: s.ws.slug, logo_url: null });
    const inviter = res.body.invited_by as Body;
    assert.equal(inviter.id, s.admin.id);
    assert.equal(inviter.display_name, 'Ada');
    assert.equal(inviter.email, undefined);
    for (const bad of ['x'.repeat(43), 'short', 'has%20space-and-more-characters-000']) {
      assert.equal((await h.anonymous.get(`/api/invitations/${bad}/`)).status, 404, bad);
    }
  });

  test('accepting: only the invited address, once; it creates the membership with the invited role', async () => {
    const s = await setup();
    const invitee = await buildUser(h.db, { email: freshEmail() });
    const wrong = await buildUser(h.db);
    const { token } = await invite(s, invitee.email, 15);

    assert.equal((await anonymousWrite(h, 'POST', `/api/invitations/${token}/accept/`)).status, 401);
    const forbidden = await (await h.as(wrong.id)).post(`/api/invitations/${token}/accept/`);
    assert.equal(forbidden.status, 403);
    assert.equal(await roleOf(s.ws, wrong), null);
    assert.equal((await (await h.as(wrong.id)).post(`/api/invitations/${token}/decline/`)).status, 403);

    const asInvitee = await h.as(invitee.id);
    const accepted = await asInvitee.post(`/api/invitations/${token}/accept/`, { role: 20 });
    assert.equal(accepted.status, 200);
    assert.equal(accepted.body.accepted, true);
    assert.ok(accepted.body.responded_at);
    assert.equal((accepted.body.workspace as Body).slug, s.ws.slug);
    assert.equal(await roleOf(s.ws, invitee), 15);
    assert.equal((await asInvitee.get(`/api/workspaces/${s.ws.slug}/`)).status, 200);

    assert.equal((await asInvitee.post(`/api/invitations/${token}/accept/`)).status, 404);
    assert.equal((await asInvitee.post(`/api/invitations/${token}/decline/`)).status, 404);
    assert.equal((await h.anonymous.get(`/api/invitations/${token}/`)).status, 404);
    assert.equal((await s.asAdmin.get<Body[]>(`/api/workspaces/${s.ws.slug}/invitations/`)).body.length, 0);
  });

  test('two accepts of the same link at once: one wins', async () => {
    const s = await setup();
    const invitee = await buildUser(h.db, { email: freshEmail() });
    const { token } = await invite(s, invitee.email, 5);
    const [a, b] = [await h.as(invitee.id), await h.as(invitee.id)];
    const results = await Promise.all([a.post(`/api/invitations/${token}/accept/`), b.post(`/api/invitations/${token}/accept/`)]);
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 404]);
    assert.equal(await roleOf(s.ws, invitee), 5);
  });

  test('declining closes the invitation without a membership; the address may be invited again', async () => {
    const s = await setup();
    const invitee = await buildUser(h.db, { email: freshEmail() });
    const { token } = await invite(s, invitee.email);
    const asInvitee = await h.as(invitee.id);
    const declined = await asInvitee.post(`/api/invitations/${token}/decline/`);
    assert.equal(declined.status, 200);
    assert.equal(declined.body.accepted, false);
    assert.ok(declined.body.responded_at);
    assert.equal(await roleOf(s.ws, invitee), null);
    assert.equal((await asInvitee.post(`/api/invitations/${token}/accept/`)).status, 404);
    assert.equal((await asInvitee.get(`/api/workspaces/${s.ws.slug}/`)).status, 404);

    const again = await invite(s, invitee.email, 5);
    assert.notEqual(again.token, token);
    assert.equal((await asInvitee.post(`/api/invitations/${again.token}/accept/`)).status, 200);
    assert.equal(await roleOf(s.ws, invitee), 5);
  });

  test('an invitation to a deleted workspace is gone', async () => {
    const s = await setup();
    const invitee = await buildUser(h.db, { email: freshEmail() });
    const { token } = await invite(s, invitee.email);
    assert.equal((await s.asAdmin.delete(`/api/workspaces/${s.ws.slug}/`)).status, 204);
    assert.equal((await h.anonymous.get(`/api/invitations/${token}/`)).status, 404);
    assert.equal((await (await h.as(invitee.id)).post(`/api/invitations/${token}/accept/`)).status, 404);
    assert.equal(await roleOf(s.ws, invitee), null);
  });
});

describe('invite-only sign-up', () => {
  test('an invited address may sign up while sign-up is closed; others may not', async () => {
    await h.db.query('UPDATE instance SET is_setup_done = true, signup_open = false');
    try {
      const s = await setup();
      const invited = freshEmail();
      const { token } = await invite(s, invited, 15);
      const signUp = (email: string): ReturnType<typeof anonymousWrite> =>
        anonymousWrite(h, 'POST', '/auth/sign-up', { email, password: 'long-enough-password' });

      const refused = await signUp(freshEmail());
      assert.equal(refused.status, 403);
      assert.match(String(refused.body.error), /closed/);

      const res = await signUp(invited.toUpperCase());
      assert.equal(res.status, 201);
      const user = (res.body.user as Body).id as string;
      assert.equal((await (await h.as(user)).post(`/api/invitations/${token}/accept/`)).status, 200);
      assert.equal(await roleOf(s.ws, { id: user }), 15);

      // Answered invitations no longer open the door.
      const declinedEmail = freshEmail();
      await invite(s, declinedEmail);
      await h.db.query('UPDATE workspace_invitations SET responded_at = now() WHERE email = $1', [declinedEmail]);
      assert.equal((await signUp(declinedEmail)).status, 403);
    } finally {
      await h.db.query('UPDATE instance SET signup_open = true');
    }
  });
});
