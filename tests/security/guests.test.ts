// Guests see only what Plane lets them: the work items they created (unless the project opens all
// features to guests), no emails of others, no invitations; they may comment, react and subscribe
// on what they see, and write nothing else.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildWorkItem } from '../factories/workItems.ts';
import { type ApiHarness, startApiHarness } from '../helpers/apiHarness.ts';
import { newLedger } from './rawClient.ts';
import { buildWorld, issueBase, projectBase, type World } from './world.ts';

let h: ApiHarness;
let world: World;
let guestItem: string;
const ledger = newLedger();

before(async () => {
  h = await startApiHarness();
  world = await buildWorld(h, ledger);
  guestItem = (await buildWorkItem(h.db, { project: world.a.project, creator: world.guest, name: 'Made by the guest' })).id;
});
after(async () => {
  await h.close();
});

const EMAIL = /[A-Za-z0-9._%+-]+@example\.com/g;

describe('guests', () => {
  it('see only the work items they created, unless the project opens everything to guests', async () => {
    const { a } = world;
    const list = await world.call('guest', 'GET', `${projectBase(a.ids)}/issues`);
    assert.equal(list.status, 200, list.text);
    assert.ok(list.text.includes(guestItem), 'the guest sees their own item');
    assert.ok(!list.text.includes(a.ids.issue) && !list.text.includes(a.ids.issue2), "the guest does not see the admin's items");
    assert.equal((await world.call('guest', 'GET', issueBase({ ...a.ids, issue: guestItem }))).status, 200);
    const other = await world.call('guest', 'GET', issueBase(a.ids));
    const missing = await world.call('guest', 'GET', issueBase({ ...a.ids, issue: '00000000-0000-4000-8000-000000000000' }));
    assert.equal(other.status, 404);
    assert.equal(other.text, missing.text, "another's item looks missing");
    for (const part of ['comments', 'links', 'attachments', 'relations', 'history', 'activities', 'sub-issues', 'subscribers']) {
      const res = await world.call('guest', 'GET', `${issueBase(a.ids)}/${part}`);
      assert.equal(res.status, 404, `${part}: ${res.status}`);
    }
    const byKey = await world.call('guest', 'GET', `/api/workspaces/${a.ids.slug}/work-items/${a.ids.key}`);
    assert.equal(byKey.status, 404, 'not by key either');

    await h.db.query('UPDATE projects SET guest_view_all_features = true WHERE id = $1', [a.project.id]);
    try {
      assert.equal((await world.call('guest', 'GET', issueBase(a.ids))).status, 200);
      const opened = await world.call('guest', 'GET', `${projectBase(a.ids)}/issues`);
      assert.ok(opened.text.includes(a.ids.issue), 'with guest_view_all_features the guest sees all items');
    } finally {
      await h.db.query('UPDATE projects SET guest_view_all_features = false WHERE id = $1', [a.project.id]);
    }
  });

  it('may comment, react and subscribe on what they see, not elsewhere', async () => {
    const { a } = world;
    const own = issueBase({ ...a.ids, issue: guestItem });
    const comment = await world.call('guest', 'POST', `${own}/comments`, { comment_html: '<p>from the guest</p>' });
    assert.equal(comment.status, 201, comment.text);
    const commentId = (comment.body as { id: string }).id;
    assert.equal((await world.call('guest', 'POST', `${own}/comments/${commentId}/reactions`, { reaction: '👍' })).status, 201);
    const sub = await world.call('guest', 'POST', `${own}/subscribe`);
    assert.ok(sub.status === 201 || sub.status === 409, `subscribe → ${sub.status}`);
    const elsewhere = await world.call('guest', 'POST', `${issueBase(a.ids)}/comments`, { comment_html: '<p>sneaky</p>' });
    assert.equal(elsewhere.status, 404);
    const { rows } = await h.db.query("SELECT 1 FROM issue_comments WHERE comment_html LIKE '%sneaky%'");
    assert.equal(rows.length, 0);
  });

  it('write nothing else: 403 and no row', async () => {
    const { a } = world;
    const own = issueBase({ ...a.ids, issue: guestItem });
    const attempts: Array<[string, string, unknown]> = [
      ['POST', `${projectBase(a.ids)}/issues`, { name: 'guest item' }],
      ['PATCH', own, { name: 'renamed by guest' }],
      ['DELETE', own, undefined],
      ['POST', `${own}/links`, { url: 'https://example.com/guest' }],
      ['POST', `${own}/attachments`, { name: 'g.txt', type: 'text/plain', size: 1 }],
      ['POST', `${projectBase(a.ids)}/states`, { name: 'Guest state', color: '#123456', group: 'started' }],
      ['POST', `${projectBase(a.ids)}/labels`, { name: 'Guest label' }],
      ['PATCH', projectBase(a.ids), { name: 'Guest project' }],
      ['POST', `${projectBase(a.ids)}/members`, { member: world.outsider.id, role: 20 }],
      ['PATCH', `${projectBase(a.ids)}/members/${a.ids.projectMember}`, { role: 20 }],
      ['POST', `/api/workspaces/${a.ids.slug}/invitations`, { emails: [{ email: 'guest-invite@example.com', role: 20 }] }],
      ['PATCH', `/api/workspaces/${a.ids.slug}`, { name: 'Guest workspace' }],
      ['PATCH', `/api/workspaces/${a.ids.slug}/members/${world.guest.id}`, { role: 20 }],
    ];
    for (const [method, url, body] of attempts) {
      const res = await world.call('guest', method, url, body);
      assert.equal(res.status, 403, `${method} ${url} → ${res.status} ${res.text.slice(0, 160)}`);
    }
    const { rows } = await h.db.query<{ name: string; role: number }>(
      `SELECT i.name, (SELECT role FROM workspace_members WHERE workspace_id = $2 AND member_id = $3) AS role
         FROM issues i WHERE i.id = $1`,
      [guestItem, a.workspace.id, world.guest.id],
    );
    assert.deepEqual(rows[0], { name: 'Made by the guest', role: 5 });
    const leftovers = await h.db.query(
      "SELECT 1 FROM issues WHERE name = 'guest item' UNION ALL SELECT 1 FROM states WHERE name = 'Guest state' UNION ALL SELECT 1 FROM workspace_invitations WHERE email = 'guest-invite@example.com'",
    );
    assert.equal(leftovers.rows.length, 0);
  });

  it("never see other people's emails or the invitations", async () => {
    const { a } = world;
    for (const url of [
      `/api/workspaces/${a.ids.slug}/members`,
      `${projectBase(a.ids)}/members`,
      `${projectBase(a.ids)}/members/${a.ids.projectMember}`,
    ]) {
      const asGuest = await world.call('guest', 'GET', url);
      assert.equal(asGuest.status, 200, url);
      const others = (asGuest.text.match(EMAIL) ?? []).filter((e) => !e.startsWith('secret_a-guest'));
      assert.deepEqual(others, [], `${url} shows a guest other people's emails`);
      const asMember = await world.call('member', 'GET', url);
      assert.ok((asMember.text.match(EMAIL) ?? []).length > 0, `${url}: members do see emails (the check can fail)`);
    }
    const invitations = await world.call('guest', 'GET', `/api/workspaces/${a.ids.slug}/invitations`);
    assert.equal(invitations.status, 403);
    assert.equal(invitations.text.match(EMAIL), null);
  });

  it('never answered 5xx', () => {
    assert.deepEqual(ledger.serverErrors, []);
  });
});
