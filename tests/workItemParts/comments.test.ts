// Comments: create/list/edit/delete with permissions, stripped text, reactions, and the timeline.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ROLE } from '../../server/api/access/roles.ts';
import { buildUser } from '../factories/accounts.ts';
import { addProjectMember } from '../factories/projects.ts';
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

test('create (201) stores the HTML and its text; list shows the author and reactions; edit sets edited_at', async () => {
  const item = await buildWorkItem(h.db, { project: w.project });
  const base = `${w.url(item)}/comments/`;
  const res = await w.member.post(base, {
    comment_html: '<p>Looks <strong>good</strong> &amp; ready<script>alert(1)</script></p><p>Ship&nbsp;it</p>',
    comment_json: { type: 'doc' },
    access: 'EXTERNAL',
    external_source: 'github',
    external_id: 'c-1',
  });
  assert.equal(res.status, 201);
  const c = rec(res.body);
  assert.equal(c.comment_stripped, 'Looks good & ready Ship it');
  assert.equal(c.access, 'EXTERNAL');
  assert.equal(c.external_source, 'github');
  assert.equal(c.external_id, 'c-1');
  assert.equal(c.actor, w.users.member.id);
  assert.equal(rec(c.actor_detail).id, w.users.member.id);
  assert.equal(c.edited_at, null);
  assert.equal(c.issue, item.id);

  const listed = list((await w.admin.get(base)).body);
  assert.deepEqual(
    listed.map((x) => x.id),
    [c.id],
  );

  const edited = await w.member.patch(`${base}${c.id}/`, { comment_html: '<p>Changed</p>' });
  assert.equal(edited.status, 200);
  assert.equal(rec(edited.body).comment_stripped, 'Changed');
  assert.equal(rec(edited.body).access, 'EXTERNAL', 'fields not sent are kept');
  assert.equal(typeof rec(edited.body).edited_at, 'string');
  const one = await w.member.get(`${base}${c.id}/`);
  assert.equal(rec(one.body).comment_html, '<p>Changed</p>');
});

test('comment_html is required and must say something; bad access / parent → 400', async () => {
  const base = `${w.url()}/comments/`;
  assert.equal((await w.member.post(base, {})).status, 400);
  assert.equal((await w.member.post(base, { comment_html: '' })).status, 400);
  const empty = await w.member.post(base, { comment_html: '<p> </p>' });
  assert.equal(empty.status, 400);
  assert.match(String(rec(empty.body).error), /empty/);
  assert.equal((await w.member.post(base, { comment_html: '<p><img src="a.png"></p>' })).status, 201, 'an image alone is a comment');
  assert.equal((await w.member.post(base, { comment_html: '<p>x</p>', access: 'PUBLIC' })).status, 400);
  assert.equal((await w.member.post(base, { comment_html: '<p>x</p>', parent: '00000000-0000-4000-8000-000000000000' })).status, 400);
  assert.equal((await w.member.post(base, { comment_html: '<p>x</p>', parent: 'nope' })).status, 400);
  const parent = rec((await w.member.post(base, { comment_html: '<p>parent</p>' })).body);
  const reply = await w.member.post(base, { comment_html: '<p>reply</p>', parent: parent.id });
  assert.equal(reply.status, 201);
  assert.equal(rec(reply.body).parent, parent.id);
});

test("only the author edits; the author or a project admin deletes; a member cannot delete someone else's", async () => {
  const item = await buildWorkItem(h.db, { project: w.project });
  const base = `${w.url(item)}/comments/`;
  const mine = rec((await w.member.post(base, { comment_html: '<p>member says</p>' })).body);
  const other = await buildUser(h.db);
  await addProjectMember(h.db, w.project, other, ROLE.member);
  const otherClient = await h.as(other.id);
  const edit = await otherClient.patch(`${base}${mine.id}/`, { comment_html: '<p>hijack</p>' });
  assert.equal(edit.status, 403);
  assert.match(String(rec(edit.body).error), /author/);
  assert.equal((await w.admin.patch(`${base}${mine.id}/`, { comment_html: '<p>admin edit</p>' })).status, 403, 'admins do not edit others');
  assert.equal((await otherClient.delete(`${base}${mine.id}/`)).status, 403);
  const stored = await h.db.query('SELECT comment_html, deleted_at FROM issue_comments WHERE id = $1', [mine.id]);
  assert.deepEqual(stored.rows, [{ comment_html: '<p>member says</p>', deleted_at: null }]);

  assert.equal((await w.admin.delete(`${base}${mine.id}/`)).status, 204, 'a project admin deletes');
  assert.deepEqual(list((await w.member.get(base)).body), []);
  assert.equal((await w.member.get(`${base}${mine.id}/`)).status, 404);
  assert.equal((await w.member.delete(`${base}${mine.id}/`)).status, 404);

  const own = rec((await otherClient.post(base, { comment_html: '<p>mine</p>' })).body);
  assert.equal((await otherClient.delete(`${base}${own.id}/`)).status, 204, 'the author deletes');
});

test('guests comment on items they can see (as in Plane); outsiders and other workspaces → 404', async () => {
  const guestItem = await buildWorkItem(h.db, { project: w.project, creator: w.users.guest });
  const created = await w.guest.post(`${w.url(guestItem)}/comments/`, { comment_html: '<p>from a guest</p>' });
  assert.equal(created.status, 201);
  assert.equal((await w.guest.get(`${w.url()}/comments/`)).status, 404, 'not an item the guest created');
  assert.equal((await w.guest.post(`${w.url()}/comments/`, { comment_html: '<p>x</p>' })).status, 404);
  assert.equal((await w.outsider.get(`${w.url()}/comments/`)).status, 404);
  assert.equal((await w.outsider.post(`${w.url()}/comments/`, { comment_html: '<p>x</p>' })).status, 404);
  const c = rec(created.body);
  // The comment's id under another work item → 404.
  assert.equal((await w.admin.patch(`${w.url()}/comments/${c.id}/`, { comment_html: '<p>x</p>' })).status, 404);
  assert.equal((await w.outsider.delete(`${w.url(guestItem)}/comments/${c.id}/`)).status, 404);
  assert.equal((await h.anonymous.get(`${w.url()}/comments/`)).status, 401);
});

test('forbidden fields are not persisted', async () => {
  const item = await buildWorkItem(h.db, { project: w.project });
  const res = await w.member.post(`${w.url(item)}/comments/`, {
    comment_html: '<p>mass</p>',
    actor: w.users.admin.id,
    created_by: w.users.admin.id,
    issue: w.other.item.id,
    project: w.other.project.id,
    workspace: w.other.project.workspace_id,
    edited_at: '2000-01-01T00:00:00Z',
    deleted_at: '2000-01-01T00:00:00Z',
  });
  assert.equal(res.status, 201);
  const { rows } = await h.db.query(
    'SELECT actor_id, created_by, issue_id, project_id, workspace_id, edited_at, deleted_at FROM issue_comments WHERE id = $1',
    [rec(res.body).id],
  );
  assert.deepEqual(rows, [
    {
      actor_id: w.users.member.id,
      created_by: w.users.member.id,
      issue_id: item.id,
      project_id: w.project.id,
      workspace_id: w.project.workspace_id,
      edited_at: null,
      deleted_at: null,
    },
  ]);
});

test('reactions: add (201), duplicate → 409, listed on the comment, remove (204); not an emoji → 400', async () => {
  const base = `${w.url()}/comments/`;
  const c = rec((await w.member.post(base, { comment_html: '<p>react to me</p>' })).body);
  const url = `${base}${c.id}/reactions/`;
  const thumbs = await w.admin.post(url, { reaction: '👍' });
  assert.equal(thumbs.status, 201);
  assert.equal(rec(thumbs.body).reaction, '👍');
  assert.equal(rec(thumbs.body).actor, w.users.admin.id);
  assert.equal((await w.admin.post(url, { reaction: '👍' })).status, 409);
  assert.equal((await w.member.post(url, { reaction: '👍' })).status, 201, 'someone else may react the same');
  assert.equal((await w.admin.post(url, { reaction: '128640' })).status, 201, "Plane's code-point form");
  assert.equal((await w.admin.post(url, { reaction: '👩‍💻' })).status, 201, 'a ZWJ sequence');
  for (const bad of ['hello', '123', '<b>', '']) assert.equal((await w.admin.post(url, { reaction: bad })).status, 400, bad);

  const one = rec((await w.member.get(`${base}${c.id}/`)).body);
  assert.deepEqual(
    list(one.comment_reactions).map((r) => [r.actor, r.reaction]),
    [
      [w.users.admin.id, '👍'],
      [w.users.member.id, '👍'],
      [w.users.admin.id, '128640'],
      [w.users.admin.id, '👩‍💻'],
    ],
  );
  assert.equal((await w.admin.delete(`${url}${encodeURIComponent('👍')}/`)).status, 204);
  assert.equal((await w.admin.delete(`${url}${encodeURIComponent('👍')}/`)).status, 404);
  const after = list(rec((await w.member.get(`${base}${c.id}/`)).body).comment_reactions);
  assert.deepEqual(
    after.map((r) => [r.actor, r.reaction]),
    [
      [w.users.member.id, '👍'],
      [w.users.admin.id, '128640'],
      [w.users.admin.id, '👩‍💻'],
    ],
    "only the caller's own reaction went",
  );
  assert.equal((await w.admin.post(`${base}00000000-0000-4000-8000-000000000000/reactions/`, { reaction: '👍' })).status, 404);
  assert.equal((await w.outsider.post(url, { reaction: '👍' })).status, 404);
});

test('the timeline (history/) merges activity and comments oldest first; comment changes write activity rows', async () => {
  const item = await buildWorkItem(h.db, { project: w.project });
  const base = `${w.url(item)}/comments/`;
  const first = rec((await w.member.post(base, { comment_html: '<p>first</p>' })).body);
  await w.member.post(`${w.url(item)}/links/`, { url: 'https://example.com/t' });
  const second = rec((await w.admin.post(base, { comment_html: '<p>second</p>' })).body);
  await w.member.patch(`${base}${first.id}/`, { comment_html: '<p>first, edited</p>' });
  await w.admin.delete(`${base}${second.id}/`);

  const res = await w.member.get(`${w.url(item)}/history/`);
  assert.equal(res.status, 200);
  const entries = list(res.body);
  const summary = entries.map((e) => (e.kind === 'comment' ? `comment:${e.comment_stripped}` : `${e.verb}:${e.field ?? ''}`));
  // The work item's own "created" row comes first; the deleted comment is gone; comment rows are the comments themselves.
  assert.equal(summary[0]?.startsWith('created'), true, summary.join(', '));
  assert.deepEqual(summary.slice(1), ['comment:first, edited', 'created:link']);
  const times = entries.map((e) => Date.parse(String(e.created_at)));
  assert.deepEqual(
    [...times].sort((a, b) => a - b),
    times,
  );

  const acts = await h.db.query<{ verb: string; issue_comment_id: string }>(
    "SELECT verb, issue_comment_id FROM issue_activities WHERE issue_id = $1 AND field = 'comment' ORDER BY created_at",
    [item.id],
  );
  assert.deepEqual(
    acts.rows.map((r) => [r.verb, r.issue_comment_id]),
    [
      ['created', first.id],
      ['created', second.id],
      ['updated', first.id],
      ['deleted', second.id],
    ],
  );
  assert.equal((await w.outsider.get(`${w.url(item)}/history/`)).status, 404);
});
