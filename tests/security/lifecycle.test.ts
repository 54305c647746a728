// Access ends when it should: a removed member, a deactivated or deleted account, an expired session,
// a deleted workspace, project or work item — each answers exactly like a missing object from then on,
// through every route that reaches it. And the CSRF check holds over real HTTP, not only inject.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiHarness, startApiHarness } from '../helpers/apiHarness.ts';
import { newLedger, send, signIn } from './rawClient.ts';
import { builders, buildWorld, type Ids, issueBase, projectBase, type World } from './world.ts';

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

const MISSING = '00000000-0000-4000-8000-000000000000';

/** Every read route below an item, for a given set of ids. */
const itemReads = (ids: Ids): string[] => {
  const base = issueBase(ids);
  return [
    base,
    `${base}/comments`,
    `${base}/comments/${ids.comment}`,
    `${base}/links`,
    `${base}/links/${ids.link}`,
    `${base}/attachments`,
    `${base}/attachments/${ids.attachment}`,
    `${base}/attachments/${ids.attachment}/download`,
    `${base}/relations`,
    `${base}/history`,
    `${base}/activities`,
    `${base}/sub-issues`,
    `${base}/subscribers`,
    `${base}/subscribe`,
  ];
};

async function assertLooksMissing(role: 'admin' | 'member', urls: string[], missingUrls: string[], what: string): Promise<void> {
  for (let i = 0; i < urls.length; i++) {
    const url = urls[i] ?? '';
    const res = await world.call(role, 'GET', url);
    const missing = await world.call(role, 'GET', missingUrls[i] ?? '');
    assert.equal(res.status, 404, `${what}: GET ${url} → ${res.status} ${res.text.slice(0, 160)}`);
    assert.equal(res.status, missing.status, `${what}: ${url}`);
  }
}

describe('access ends when it should', () => {
  it('a deleted work item is unreachable through all its parts', async () => {
    const make = builders(world);
    const issue = await make.issue();
    const ids: Ids = { ...world.a.ids, issue };
    ids.comment = await make.comment(issue);
    const linkRes = await world.call('admin', 'POST', `${issueBase(ids)}/links`, { url: 'https://example.com/deleted-item' });
    ids.link = (linkRes.body as { id: string }).id;
    const attachment = await world.call('admin', 'POST', `${issueBase(ids)}/attachments`, { name: 'x.txt', type: 'text/plain', size: 3 });
    ids.attachment = (attachment.body as { id: string }).id;
    for (const url of itemReads(ids).slice(0, 7)) assert.equal((await world.call('admin', 'GET', url)).status, 200, `before: ${url}`);
    assert.equal((await world.call('admin', 'DELETE', issueBase(ids))).status, 204);
    await assertLooksMissing('admin', itemReads(ids), itemReads({ ...ids, issue: MISSING }), 'deleted item');
    const list = await world.call('admin', 'GET', `${projectBase(ids)}/issues`);
    assert.ok(!list.text.includes(issue), 'not in the list');
    const writes = await world.call('admin', 'POST', `${issueBase(ids)}/comments`, { comment_html: '<p>late</p>' });
    assert.equal(writes.status, 404);
  });

  it('a deleted project is unreachable, with everything in it', async () => {
    const make = builders(world);
    const project = await make.project();
    const item = await world.call('admin', 'POST', `${projectBase({ slug: world.a.ids.slug, project })}/issues`, {
      name: 'in a doomed project',
    });
    assert.equal(item.status, 201, item.text);
    const ids: Ids = { ...world.a.ids, project, issue: (item.body as { id: string }).id };
    assert.equal((await world.call('admin', 'DELETE', projectBase(ids))).status, 204);
    const urls = [
      projectBase(ids),
      `${projectBase(ids)}/issues`,
      `${projectBase(ids)}/states`,
      `${projectBase(ids)}/labels`,
      `${projectBase(ids)}/members`,
      issueBase(ids),
    ];
    const missing = urls.map((u) => u.replace(project, MISSING));
    await assertLooksMissing('admin', urls, missing, 'deleted project');
  });

  it('a removed member loses access at once; a deleted workspace is gone for everyone', async () => {
    const make = builders(world);
    const slug = await make.workspace(); // owned by A's admin, A's member is a second admin there
    const member = world.sessions.member;
    assert.equal((await world.call('member', 'GET', `/api/workspaces/${slug}`)).status, 200);
    const removed = await world.call('admin', 'DELETE', `/api/workspaces/${slug}/members/${member.userId}`);
    assert.equal(removed.status, 204, removed.text);
    const after = await world.call('member', 'GET', `/api/workspaces/${slug}`);
    const never = await world.call('member', 'GET', '/api/workspaces/never-existed-zz');
    assert.equal(after.status, 404);
    assert.equal(after.text, never.text);
    assert.equal((await world.call('admin', 'DELETE', `/api/workspaces/${slug}`)).status, 204);
    const gone = await world.call('admin', 'GET', `/api/workspaces/${slug}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.text, never.text.replace('never-existed-zz', slug));
    const mine = await world.call('admin', 'GET', '/api/users/me/workspaces');
    assert.ok(!mine.text.includes(slug), 'not in my workspaces');
  });

  it('a deactivated or deleted account and an expired session are signed out', async () => {
    const make = builders(world);
    const userId = await make.user();
    for (const [label, sql] of [
      ['deactivated', 'UPDATE users SET is_active = false WHERE id = $1'],
      ['deleted', 'UPDATE users SET deleted_at = now() WHERE id = $1'],
      ['expired', "UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1"],
    ] as const) {
      await h.db.query('UPDATE users SET is_active = true, deleted_at = NULL WHERE id = $1', [userId]);
      const session = await signIn(h.db, userId);
      assert.equal(
        (await send(h.app, ledger, { method: 'GET', url: '/api/users/me', cookie: session.cookie })).status,
        200,
        `${label}: works before`,
      );
      await h.db.query(sql, [userId]);
      const res = await send(h.app, ledger, { method: 'GET', url: `/api/workspaces/${world.a.ids.slug}`, cookie: session.cookie });
      assert.equal(res.status, 401, `${label}: ${res.status}`);
    }
  });

  it('over real HTTP, a cross-origin or %-encoded cookie write is refused', async () => {
    const address = await h.app.listen({ port: 0, host: '127.0.0.1' });
    const session = world.sessions.admin;
    const attempts: Array<[string, Record<string, string>]> = [
      [`${address}/api/users/me`, { origin: 'http://evil.example', 'x-csrf-token': session.csrf }],
      [`${address}/%61pi/users/me`, {}],
      [`${address}/api/users/me`, {}],
    ];
    for (const [url, headers] of attempts) {
      const res = await fetch(url, {
        method: 'PATCH',
        headers: { cookie: session.cookie, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ first_name: 'Mallory' }),
      });
      const body = (await res.json()) as { id?: string };
      assert.equal(res.status, 403, `${url} ${JSON.stringify(headers)}`);
      assert.equal(body.id, 'csrf_failed');
    }
    const { rows } = await h.db.query('SELECT first_name FROM users WHERE id = $1', [world.a.admin.id]);
    assert.notEqual(rows[0]?.first_name, 'Mallory');
  });

  it('sign-in sets an HttpOnly, SameSite=Lax session cookie; sign-out ends the session on the server', async () => {
    const make = builders(world);
    const userId = await make.user();
    const { rows } = await h.db.query<{ email: string }>('SELECT email FROM users WHERE id = $1', [userId]);
    const csrf = 'sign-in-csrf-token-0000000';
    const res = await h.app.inject({
      method: 'POST',
      url: '/auth/sign-in',
      headers: { host: 'localhost', cookie: `hangar_csrf=${csrf}`, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      payload: JSON.stringify({ email: rows[0]?.email, password: 'password-123' }),
    });
    assert.equal(res.statusCode, 200, res.body);
    const setCookie = [res.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('hangar_session='));
    assert.ok(setCookie, 'a session cookie');
    assert.match(setCookie, /; HttpOnly/);
    assert.match(setCookie, /; SameSite=(Lax|Strict)/);
    assert.match(setCookie, /; Path=\//);
    assert.doesNotMatch(res.body, /hangar_session|password_hash|token_hash/, 'no secrets in the body');
    const cookie = `${setCookie.split(';')[0]}; hangar_csrf=${csrf}`;
    assert.equal((await send(h.app, ledger, { method: 'GET', url: '/api/users/me', cookie })).status, 200);
    const out = await send(h.app, ledger, { method: 'POST', url: '/auth/sign-out', cookie, headers: { 'x-csrf-token': csrf } });
    assert.equal(out.status, 204);
    assert.equal((await send(h.app, ledger, { method: 'GET', url: '/api/users/me', cookie })).status, 401, 'the old cookie is dead');
  });

  it('never answered 5xx', () => {
    assert.deepEqual(ledger.serverErrors, []);
  });
});
