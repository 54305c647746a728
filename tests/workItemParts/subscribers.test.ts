// Subscribe / unsubscribe: the caller only; GET says whether they are subscribed; scoping.
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

test('subscribe (201), GET says so, again → 409, unsubscribe (204, idempotent); the list shows who', async () => {
  const item = await buildWorkItem(h.db, { project: w.project });
  const url = `${w.url(item)}/subscribe/`;
  assert.deepEqual((await w.member.get(url)).body, { subscribed: false });
  const res = await w.member.post(url);
  assert.equal(res.status, 201);
  assert.deepEqual(res.body, { subscribed: true });
  assert.deepEqual((await w.member.get(url)).body, { subscribed: true });
  assert.deepEqual((await w.admin.get(url)).body, { subscribed: false }, 'per caller');
  assert.equal((await w.member.post(url)).status, 409);

  const subs = list((await w.admin.get(`${w.url(item)}/subscribers/`)).body);
  assert.deepEqual(
    subs.map((s) => [s.id, s.email]),
    [[w.users.member.id, w.users.member.email]],
  );

  assert.equal((await w.member.delete(url)).status, 204);
  assert.deepEqual((await w.member.get(url)).body, { subscribed: false });
  assert.equal((await w.member.delete(url)).status, 204);
  const { rows } = await h.db.query('SELECT count(*)::int AS n FROM issue_subscribers WHERE issue_id = $1', [item.id]);
  assert.equal(rows[0]?.n, 0);
});

test('a body naming someone else subscribes only the caller', async () => {
  const item = await buildWorkItem(h.db, { project: w.project });
  const res = await w.member.post(`${w.url(item)}/subscribe/`, { subscriber: w.users.admin.id, subscriber_id: w.users.admin.id });
  assert.equal(res.status, 201);
  const { rows } = await h.db.query('SELECT subscriber_id FROM issue_subscribers WHERE issue_id = $1', [item.id]);
  assert.deepEqual(rows, [{ subscriber_id: w.users.member.id }]);
});

test('guests subscribe to items they can see; emails hidden from guests; outsiders and other workspaces → 404', async () => {
  const item = await buildWorkItem(h.db, { project: w.project, creator: w.users.guest });
  assert.equal((await w.guest.post(`${w.url(item)}/subscribe/`)).status, 201);
  await w.member.post(`${w.url(item)}/subscribe/`);
  const seen = list((await w.guest.get(`${w.url(item)}/subscribers/`)).body);
  assert.equal(seen.length, 2);
  assert.ok(seen.every((s) => !('email' in s)));
  assert.equal((await w.guest.post(`${w.url()}/subscribe/`)).status, 404, 'not an item the guest can see');
  assert.equal((await w.outsider.get(`${w.url(item)}/subscribe/`)).status, 404);
  assert.equal((await w.outsider.post(`${w.url(item)}/subscribe/`)).status, 404);
  assert.equal((await w.outsider.delete(`${w.url(item)}/subscribe/`)).status, 404);
  assert.equal((await w.member.post(`${w.url(w.other.item)}/subscribe/`)).status, 404);
  assert.equal((await h.anonymous.get(`${w.url(item)}/subscribe/`)).status, 401);
  assert.equal(rec((await w.guest.get(`${w.url(item)}/subscribe/`)).body).subscribed, true);
});

test('commenting subscribes the author (as in Plane); unsubscribing afterwards sticks', async () => {
  const item = await buildWorkItem(h.db, { project: w.project });
  assert.deepEqual((await w.member.get(`${w.url(item)}/subscribe/`)).body, { subscribed: false });
  assert.equal((await w.member.post(`${w.url(item)}/comments/`, { comment_html: '<p>hi</p>' })).status, 201);
  assert.deepEqual((await w.member.get(`${w.url(item)}/subscribe/`)).body, { subscribed: true });
  assert.equal((await w.member.delete(`${w.url(item)}/subscribe/`)).status, 204);
  assert.deepEqual((await w.member.get(`${w.url(item)}/subscribe/`)).body, { subscribed: false });
});
