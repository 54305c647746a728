// Privilege escalation: invitation tokens answer only for the invited address and never grant more
// than the invited role; members cannot raise their own or others' roles, nor invite above themselves.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildUser } from '../factories/accounts.ts';
import { buildProject } from '../factories/projects.ts';
import { type ApiHarness, startApiHarness } from '../helpers/apiHarness.ts';
import { newLedger, send, signIn } from './rawClient.ts';
import { buildWorld, projectBase, uniq, type World } from './world.ts';

let h: ApiHarness;
let world: World;
const ledger = newLedger();

before(async () => {
  h = await startApiHarness();
  world = await buildWorld(h, ledger);
});
after(async () => {
  await h.close();
});

async function tokenFor(email: string): Promise<string> {
  const { rows } = await h.db.query<{ body_text: string }>(
    'SELECT body_text FROM email_outbox WHERE to_email = $1 ORDER BY created_at DESC LIMIT 1',
    [email],
  );
  const token = /token=([A-Za-z0-9_-]+)/.exec(rows[0]?.body_text ?? '')?.[1];
  assert.ok(token, `an invitation email with a token for ${email}`);
  return token;
}

const roleIn = async (workspaceId: string, userId: string): Promise<number | null> =>
  (
    await h.db.query<{ role: number }>('SELECT role FROM workspace_members WHERE workspace_id = $1 AND member_id = $2', [
      workspaceId,
      userId,
    ])
  ).rows[0]?.role ?? null;

describe('privilege escalation', () => {
  it('an invitation token answers only for the invited address, once, with the invited role', async () => {
    const { a } = world;
    const email = `invited-${uniq()}@example.com`;
    const sent = await world.call('admin', 'POST', `/api/workspaces/${a.ids.slug}/invitations`, { emails: [{ email, role: 5 }] });
    assert.equal(sent.status, 201, sent.text);
    const token = await tokenFor(email);

    // The outsider holds the link but is someone else: refused, nothing joined.
    const stolen = await world.call('outsider', 'POST', `/api/invitations/${token}/accept`, { role: 20 });
    assert.equal(stolen.status, 403, stolen.text);
    assert.equal(await roleIn(a.workspace.id, world.outsider.id), null);
    // Anonymous: 401.
    assert.equal((await world.call('anonymous', 'POST', `/api/invitations/${token}/accept`)).status, 401);

    const invitee = await buildUser(h.db, { email });
    const session = await signIn(h.db, invitee.id);
    const accepted = await send(h.app, ledger, {
      method: 'POST',
      url: `/api/invitations/${token}/accept`,
      body: { role: 20, workspace: world.b.workspace.id },
      cookie: session.cookie,
      headers: session.writeHeaders,
    });
    assert.equal(accepted.status, 200, accepted.text);
    assert.equal(await roleIn(a.workspace.id, invitee.id), 5, 'the invited role, not the one in the body');
    assert.equal(await roleIn(world.b.workspace.id, invitee.id), null, 'and not another workspace');
    const again = await world.call('outsider', 'POST', `/api/invitations/${token}/accept`);
    assert.equal(again.status, 404, 'a used token is gone');
    const read = await world.call('anonymous', 'GET', `/api/invitations/${token}`);
    assert.equal(read.status, 404);
  });

  it('a deleted invitation no longer works; a wrong token looks like a missing one', async () => {
    const { a } = world;
    const email = `revoked-${uniq()}@example.com`;
    const sent = await world.call('admin', 'POST', `/api/workspaces/${a.ids.slug}/invitations`, { emails: [{ email, role: 15 }] });
    const id = (sent.body as Array<{ id: string }>)[0]?.id;
    const token = await tokenFor(email);
    assert.equal((await world.call('anonymous', 'GET', `/api/invitations/${token}`)).status, 200);
    assert.equal((await world.call('admin', 'DELETE', `/api/workspaces/${a.ids.slug}/invitations/${id}`)).status, 204);
    const gone = await world.call('anonymous', 'GET', `/api/invitations/${token}`);
    const wrong = await world.call('anonymous', 'GET', `/api/invitations/${token.slice(0, -4)}AAAA`);
    assert.equal(gone.status, 404);
    assert.equal(gone.text, wrong.text);
  });

  it('members cannot raise roles or invite above themselves', async () => {
    const { a } = world;
    const attempts: Array<[string, string, unknown]> = [
      ['PATCH', `/api/workspaces/${a.ids.slug}/members/${a.member.id}`, { role: 20 }],
      ['PATCH', `/api/workspaces/${a.ids.slug}/members/${world.guest.id}`, { role: 20 }],
      ['PATCH', `${projectBase(a.ids)}/members/${a.ids.projectMember}`, { role: 20 }],
      ['POST', `${projectBase(a.ids)}/members`, { member: world.guest.id, role: 20 }],
    ];
    for (const [method, url, body] of attempts) {
      const res = await world.call('member', method, url, body);
      assert.equal(res.status, 403, `${method} ${url} → ${res.status} ${res.text.slice(0, 160)}`);
    }
    const invite = await world.call('member', 'POST', `/api/workspaces/${a.ids.slug}/invitations`, {
      emails: [{ email: `boss-${uniq()}@example.com`, role: 20 }],
    });
    assert.ok(invite.status === 400 || invite.status === 403, `member inviting an admin → ${invite.status}`);
    assert.equal(await roleIn(a.workspace.id, a.member.id), 15);
    assert.equal(await roleIn(a.workspace.id, world.guest.id), 5);
    const { rows } = await h.db.query("SELECT 1 FROM workspace_invitations WHERE email LIKE 'boss-%'");
    assert.equal(rows.length, 0);
    const pm = await h.db.query<{ role: number }>('SELECT role FROM project_members WHERE id = $1', [a.ids.projectMember]);
    assert.equal(pm.rows[0]?.role, 15);
  });

  it('a secret project is invisible to workspace members outside it and cannot be joined', async () => {
    const { a } = world;
    const secret = await buildProject(h.db, { workspace: a.workspace, creator: a.admin, name: `Hidden ${uniq()}`, network: 0 });
    const open = await buildProject(h.db, { workspace: a.workspace, creator: a.admin, name: `Open ${uniq()}`, network: 2 });
    for (const role of ['stranger', 'guest'] as const) {
      const list = await world.call(role, 'GET', `/api/workspaces/${a.ids.slug}/projects`);
      assert.equal(list.status, 200);
      assert.ok(!list.text.includes(secret.id) && !list.text.includes(secret.name), `${role} does not see the secret project in the list`);
      const get = await world.call(role, 'GET', projectBase({ slug: a.ids.slug, project: secret.id }));
      assert.equal(get.status, 404);
      const join = await world.call(role, 'POST', `${projectBase({ slug: a.ids.slug, project: secret.id })}/join`);
      assert.ok(join.status === 403 || join.status === 404, `${role} joining a secret project → ${join.status} ${join.text.slice(0, 160)}`);
      const { rows } = await h.db.query('SELECT 1 FROM project_members WHERE project_id = $1 AND member_id = $2', [
        secret.id,
        role === 'guest' ? world.guest.id : world.sessions.stranger.userId,
      ]);
      assert.equal(rows.length, 0);
    }
    const list = await world.call('stranger', 'GET', `/api/workspaces/${a.ids.slug}/projects`);
    assert.ok(list.text.includes(open.id), 'the public one is listed (the check can fail)');
  });

  it('never answered 5xx', () => {
    assert.deepEqual(ledger.serverErrors, []);
  });
});
