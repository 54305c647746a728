// App API stickies (/api/workspaces/:slug/stickies…): the signed-in user's private notes. CRUD with
// Plane's fields, text search, order, privacy per owner (and per workspace), guests refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addWorkspaceMember, buildUser, buildWorkspace, type WorkspaceRow } from '../factories/accounts.ts';
import { type ApiHarness, type Body, type Client, startApiHarness } from '../helpers/apiHarness.ts';

let h: ApiHarness;
before(async () => {
  h = await startApiHarness();
});
after(() => h.close());

async function workspaceWith(): Promise<{
  ws: WorkspaceRow;
  path: string;
  admin: Client;
  member: Client;
  guest: Client;
  memberId: string;
}> {
  const ws = await buildWorkspace(h.db);
  const member = await buildUser(h.db);
  const guest = await buildUser(h.db);
  await addWorkspaceMember(h.db, ws, member, 15);
  await addWorkspaceMember(h.db, ws, guest, 5);
  return {
    ws,
    path: `/api/workspaces/${ws.slug}/stickies`,
    admin: await h.as(ws.owner.id),
    member: await h.as(member.id),
    guest: await h.as(guest.id),
    memberId: member.id,
  };
}

describe('app API stickies', () => {
  it('creates (201) with the owner from the session, sanitised HTML and its text; forbidden fields ignored', async () => {
    const { ws, path, member, memberId } = await workspaceWith();
    const other = await buildWorkspace(h.db);
    const res = await member.post(path, {
      name: 'Plan',
      description_html: '<p onclick="x()">Launch <a href="javascript:alert(1)">day</a></p>',
      background_color: 'light-blue',
      logo_props: { in_use: 'emoji', emoji: { value: '128640' } },
      owner: ws.owner.id,
      workspace: other.id,
      id: '00000000-0000-4000-8000-000000000009',
      created_by: ws.owner.id,
      deleted_at: '2020-01-01T00:00:00Z',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.owner, memberId);
    assert.equal(res.body.created_by, memberId);
    assert.equal(res.body.workspace, ws.id);
    assert.notEqual(res.body.id, '00000000-0000-4000-8000-000000000009');
    assert.equal(res.body.deleted_at, null);
    assert.doesNotMatch(String(res.body.description_html), /onclick|javascript:/);
    assert.equal(res.body.description_stripped, 'Launch day');
    assert.deepEqual(res.body.logo_props, { in_use: 'emoji', emoji: { value: '128640' } });
    assert.equal(res.body.description_binary, null);
    const { rows } = await h.db.query('SELECT owner_id, workspace_id, deleted_at FROM stickies WHERE id = $1', [res.body.id]);
    assert.deepEqual(rows[0], { owner_id: memberId, workspace_id: ws.id, deleted_at: null });
    // An empty sticky is fine (Plane's "new sticky" button sends nothing).
    const blank = await member.post(path, {});
    assert.equal(blank.status, 201);
    assert.equal(blank.body.description_html, '<p></p>');
    assert.equal(blank.body.name, null);
  });

  it('lists a bare array, newest first, filtered by ?query= over name and text', async () => {
    const { path, admin } = await workspaceWith();
    for (const name of ['Alpha', 'Beta', 'Gamma'])
      assert.equal((await admin.post(path, { name, description_html: `<p>${name} note</p>` })).status, 201);
    await admin.post(path, { name: 'Delta', description_html: '<p>contains 100% juice</p>' });
    const list = await admin.get<Body[]>(path);
    assert.equal(list.status, 200);
    assert.ok(Array.isArray(list.body));
    assert.deepEqual(
      list.body.map((s) => s.name),
      ['Delta', 'Gamma', 'Beta', 'Alpha'],
    );
    const beta = await admin.get<Body[]>(`${path}?query=bETA`);
    assert.deepEqual(
      beta.body.map((s) => s.name),
      ['Beta'],
    );
    // LIKE wildcards in the query are plain characters.
    assert.deepEqual(
      (await admin.get<Body[]>(`${path}?query=${encodeURIComponent('100%')}`)).body.map((s) => s.name),
      ['Delta'],
    );
    assert.deepEqual((await admin.get<Body[]>(`${path}?query=_`)).body, []);
    // A sticky moved down by sort_order goes down the list.
    const gamma = list.body[1];
    assert.equal((await admin.patch(`${path}/${gamma?.id}`, { sort_order: 1 })).status, 200);
    assert.deepEqual(
      (await admin.get<Body[]>(path)).body.map((s) => s.name),
      ['Delta', 'Beta', 'Alpha', 'Gamma'],
    );
  });

  it('reads, updates and deletes (204) the caller’s own sticky', async () => {
    const { path, member } = await workspaceWith();
    const made = await member.post(path, { name: 'Draft', color: 'red', description_binary: Buffer.from('abc').toString('base64') });
    const one = `${path}/${made.body.id}`;
    const got = await member.get(one);
    assert.equal(got.status, 200);
    assert.equal(got.body.name, 'Draft');
    assert.equal(Buffer.from(String(got.body.description_binary), 'base64').toString(), 'abc');
    const patched = await member.patch(one, { name: null, description_binary: null, description: { type: 'doc', content: [] } });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.name, null);
    assert.equal(patched.body.description_binary, null);
    assert.equal(patched.body.color, 'red');
    assert.deepEqual(patched.body.description, { type: 'doc', content: [] });
    assert.ok(new Date(String(patched.body.updated_at)) >= new Date(String(made.body.updated_at)));
    assert.equal((await member.patch(one, { description_html: null })).status, 400);
    assert.equal((await member.patch(one, { description_binary: '***' })).status, 400);
    assert.equal((await member.patch(one, { name: 'x'.repeat(256) })).status, 400);
    assert.equal((await member.delete(one)).status, 204);
    assert.equal((await member.get(one)).status, 404);
    assert.equal((await member.patch(one, { name: 'back' })).status, 404);
    assert.equal((await member.delete(one)).status, 404);
    assert.deepEqual((await member.get<Body[]>(path)).body, []);
    const { rows } = await h.db.query('SELECT deleted_at FROM stickies WHERE id = $1', [made.body.id]);
    assert.ok(rows[0]?.deleted_at, 'soft-deleted');
  });

  it('is private to its owner: the workspace admin sees nothing, and cannot change or delete it', async () => {
    const { path, admin, member } = await workspaceWith();
    const made = await member.post(path, { name: 'Mine', description_html: '<p>salary notes</p>' });
    const one = `${path}/${made.body.id}`;
    assert.deepEqual((await admin.get<Body[]>(path)).body, []);
    assert.deepEqual((await admin.get<Body[]>(`${path}?query=salary`)).body, []);
    const theirs = await admin.get(one);
    const missing = await admin.get(`${path}/${crypto.randomUUID()}`);
    assert.equal(theirs.status, 404);
    assert.deepEqual(theirs.body, missing.body);
    assert.equal((await admin.patch(one, { name: 'Taken' })).status, 404);
    assert.equal((await admin.delete(one)).status, 404);
    const after = await member.get(one);
    assert.equal(after.body.name, 'Mine');
    assert.equal(after.body.deleted_at, null);
  });

  it('belongs to one workspace: the owner does not see it from another workspace', async () => {
    const { ws, path, member, memberId } = await workspaceWith();
    const made = await member.post(path, { name: 'Here' });
    const elsewhere = await buildWorkspace(h.db);
    await addWorkspaceMember(h.db, elsewhere, { id: memberId }, 15);
    const otherPath = `/api/workspaces/${elsewhere.slug}/stickies`;
    assert.deepEqual((await member.get<Body[]>(otherPath)).body, []);
    assert.equal((await member.get(`${otherPath}/${made.body.id}`)).status, 404);
    assert.equal((await member.patch(`${otherPath}/${made.body.id}`, { name: 'moved' })).status, 404);
    assert.equal((await member.delete(`${otherPath}/${made.body.id}`)).status, 404);
    const { rows } = await h.db.query('SELECT workspace_id, name FROM stickies WHERE id = $1', [made.body.id]);
    assert.deepEqual(rows[0], { workspace_id: ws.id, name: 'Here' });
  });

  it('guests get 403 on every sticky route; outsiders and anonymous callers get 404 / 401', async () => {
    const { path, guest, admin } = await workspaceWith();
    const made = await admin.post(path, { name: 'Admin note' });
    const one = `${path}/${made.body.id}`;
    assert.equal((await guest.get(path)).status, 403);
    assert.equal((await guest.post(path, { name: 'g' })).status, 403);
    assert.equal((await guest.get(one)).status, 403);
    assert.equal((await guest.patch(one, { name: 'g' })).status, 403);
    assert.equal((await guest.delete(one)).status, 403);
    const outsider = await h.as((await buildUser(h.db)).id);
    assert.equal((await outsider.get(path)).status, 404);
    assert.equal((await outsider.post(path, { name: 'x' })).status, 404);
    assert.equal((await outsider.get(one)).status, 404);
    assert.equal((await h.anonymous.get(path)).status, 401);
    const { rows } = await h.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM stickies WHERE workspace_id = (SELECT workspace_id FROM stickies WHERE id = $1)',
      [made.body.id],
    );
    assert.equal(rows[0]?.n, 1);
  });
});
