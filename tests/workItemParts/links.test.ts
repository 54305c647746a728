// Links: http(s) only, ≤ 2048 characters, one per url per work item (409), activity rows, scoping.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildWorkItem } from '../factories/workItems.ts';
import { type ApiHarness, startApiHarness } from '../helpers/apiHarness.ts';
import { buildWorld, list, rec, type World } from './world.ts';

let h: ApiHarness;
let w: World;

before(async () => {
  h = await startApiHarness();
  w = await buildWorld(h);
});
after(async () => h?.close());

test('create (201), list, update, delete (204), each with an activity row', async () => {
  const item = await buildWorkItem(h.db, { project: w.project });
  const base = `${w.url(item)}/links/`;
  const created = await w.member.post(base, { url: 'https://example.com/spec', title: 'Spec', metadata: { favicon: 'x' } });
  assert.equal(created.status, 201);
  const link = rec(created.body);
  assert.equal(link.url, 'https://example.com/spec');
  assert.equal(link.title, 'Spec');
  assert.deepEqual(link.metadata, { favicon: 'x' });
  assert.equal(link.issue, item.id);
  assert.equal(link.project, w.project.id);
  assert.equal(link.workspace, w.project.workspace_id);
  assert.equal(link.created_by, w.users.member.id);

  const listed = await w.admin.get(base);
  assert.equal(listed.status, 200);
  assert.deepEqual(
    list(listed.body).map((l) => l.id),
    [link.id],
  );

  const one = await w.guest.get(`${base}${link.id}/`);
  assert.equal(one.status, 404, 'a guest does not see an item they did not create');
  assert.equal(rec((await w.admin.get(`${base}${link.id}/`)).body).url, 'https://example.com/spec');

  const patched = await w.member.patch(`${base}${link.id}/`, { url: 'http://example.com/v2', title: null });
  assert.equal(patched.status, 200);
  assert.equal(rec(patched.body).url, 'http://example.com/v2');
  assert.equal(rec(patched.body).title, null);
  assert.deepEqual(rec(patched.body).metadata, { favicon: 'x' }, 'metadata kept when not sent');

  assert.equal((await w.member.delete(`${base}${link.id}/`)).status, 204);
  assert.deepEqual(list((await w.member.get(base)).body), []);
  assert.equal((await w.member.delete(`${base}${link.id}/`)).status, 404);

  const acts = await h.db.query<{ verb: string; old_value: string | null; new_value: string | null }>(
    "SELECT verb, old_value, new_value FROM issue_activities WHERE issue_id = $1 AND field = 'link' ORDER BY created_at",
    [item.id],
  );
  assert.deepEqual(acts.rows, [
    { verb: 'created', old_value: null, new_value: 'https://example.com/spec' },
    { verb: 'updated', old_value: 'https://example.com/spec', new_value: 'http://example.com/v2' },
    { verb: 'deleted', old_value: 'http://example.com/v2', new_value: null },
  ]);
});

test('bad urls → 400 with a clear message; nothing stored', async () => {
  const item = await buildWorkItem(h.db, { project: w.project });
  const base = `${w.url(item)}/links/`;
  for (const url of [
    'javascript:alert(1)',
    'ftp://example.com/x',
    'not a url',
    '',
    '   ',
    `https://example.com/${'a'.repeat(2049)}`,
    'mailto:a@b.c',
    'file:///etc/passwd',
  ]) {
    const res = await w.member.post(base, { url });
    assert.equal(res.status, 400, url.slice(0, 40));
    assert.match(String(rec(res.body).error), /url/);
  }
  assert.equal((await w.member.post(base, { title: 'no url' })).status, 400);
  assert.equal((await w.member.post(base, { url: 42 })).status, 400);
  assert.equal((await w.member.post(base, { url: 'https://example.com', title: 'x'.repeat(256) })).status, 400);
  const { rows } = await h.db.query('SELECT url FROM issue_links WHERE issue_id = $1', [item.id]);
  assert.deepEqual(rows, []);
});

test('the longest allowed url (2048) is accepted; the same url twice on one item → 409 with the existing id, on another item → fine', async () => {
  const item = await buildWorkItem(h.db, { project: w.project });
  const other = await buildWorkItem(h.db, { project: w.project });
  const long = `https://example.com/${'a'.repeat(2048 - 'https://example.com/'.length)}`;
  assert.equal(long.length, 2048);
  assert.equal((await w.member.post(`${w.url(item)}/links/`, { url: long })).status, 201);
  const first = await w.member.post(`${w.url(item)}/links/`, { url: 'https://example.com/a' });
  assert.equal(first.status, 201);
  const dup = await w.member.post(`${w.url(item)}/links/`, { url: 'https://example.com/a' });
  assert.equal(dup.status, 409);
  assert.equal(rec(dup.body).id, rec(first.body).id);
  assert.equal((await w.member.post(`${w.url(other)}/links/`, { url: 'https://example.com/a' })).status, 201);
  // Renaming a link onto another link's url is the same conflict.
  const second = await w.member.post(`${w.url(item)}/links/`, { url: 'https://example.com/b' });
  const clash = await w.member.patch(`${w.url(item)}/links/${rec(second.body).id}/`, { url: 'https://example.com/a' });
  assert.equal(clash.status, 409);
  const bad = await w.member.patch(`${w.url(item)}/links/${rec(second.body).id}/`, { url: 'javascript:void(0)' });
  assert.equal(bad.status, 400);
});

test('forbidden fields are not persisted', async () => {
  const item = await buildWorkItem(h.db, { project: w.project });
  const res = await w.member.post(`${w.url(item)}/links/`, {
    url: 'https://example.com/mass',
    id: '00000000-0000-4000-8000-000000000001',
    issue: w.other.item.id,
    project: w.other.project.id,
    workspace: w.other.project.workspace_id,
    created_by: w.users.outsider.id,
    created_at: '2000-01-01T00:00:00Z',
  });
  assert.equal(res.status, 201);
  const { rows } = await h.db.query(
    'SELECT id, issue_id, project_id, workspace_id, created_by, created_at FROM issue_links WHERE url = $1',
    ['https://example.com/mass'],
  );
  assert.equal(rows.length, 1);
  const row = rec(rows[0]);
  assert.notEqual(row.id, '00000000-0000-4000-8000-000000000001');
  assert.equal(row.issue_id, item.id);
  assert.equal(row.project_id, w.project.id);
  assert.equal(row.workspace_id, w.project.workspace_id);
  assert.equal(row.created_by, w.users.member.id);
  assert.ok((row.created_at as Date).getFullYear() > 2000);
  const patched = await w.member.patch(`${w.url(item)}/links/${rec(res.body).id}/`, { issue: w.item.id, created_by: w.users.admin.id });
  assert.equal(patched.status, 200);
  assert.equal(rec(patched.body).issue, item.id);
  assert.equal(rec(patched.body).created_by, w.users.member.id);
});

test('roles and scoping: guests read only; other projects/workspaces → 404; a link of another item → 404', async () => {
  const item = await buildWorkItem(h.db, { project: w.project, creator: w.users.guest });
  const link = rec((await w.member.post(`${w.url(item)}/links/`, { url: 'https://example.com/g' })).body);
  assert.equal((await w.guest.get(`${w.url(item)}/links/`)).status, 200, 'a guest sees links of the items they created');
  assert.equal((await w.guest.post(`${w.url(item)}/links/`, { url: 'https://example.com/h' })).status, 403);
  assert.equal((await w.guest.patch(`${w.url(item)}/links/${link.id}/`, { title: 'x' })).status, 403);
  assert.equal((await w.guest.delete(`${w.url(item)}/links/${link.id}/`)).status, 403);
  assert.equal((await w.outsider.get(`${w.url(item)}/links/`)).status, 404);
  assert.equal((await w.outsider.delete(`${w.url(item)}/links/${link.id}/`)).status, 404);
  // The link id under another work item of the same project.
  assert.equal((await w.member.patch(`${w.url(w.item)}/links/${link.id}/`, { title: 'x' })).status, 404);
  assert.equal((await w.member.delete(`${w.url(w.item)}/links/${link.id}/`)).status, 404);
  assert.equal((await w.member.delete(`${w.url(item)}/links/not-a-uuid/`)).status, 404);
  // The outsider's own item addressed through our project.
  assert.equal(
    (await w.outsider.get(`/api/workspaces/${w.project.workspace.slug}/projects/${w.project.id}/issues/${w.other.item.id}/links/`)).status,
    404,
  );
  assert.equal((await h.db.query('SELECT 1 FROM issue_links WHERE id = $1', [link.id])).rows.length, 1);
});
