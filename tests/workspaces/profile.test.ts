import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { presentUserLite } from '../../server/presenters/user.ts';
import { buildUser } from '../factories/accounts.ts';
import { type ApiHarness, type Body, startApiHarness } from '../helpers/apiHarness.ts';
import { anonymousWrite } from './helpers.ts';

let h: ApiHarness;

before(async () => {
  h = await startApiHarness();
});
after(() => h.close());

describe('PATCH /api/users/me/', () => {
  test('updates the profile fields and returns the profile', async () => {
    const user = await buildUser(h.db);
    const me = await h.as(user.id);
    const res = await me.patch('/api/users/me/', {
      first_name: ' Grace ',
      last_name: 'Hopper',
      display_name: 'grace',
      avatar: 'https://example.com/a.png',
      timezone: 'Europe/Paris',
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {
      id: user.id,
      email: user.email,
      first_name: 'Grace',
      last_name: 'Hopper',
      display_name: 'grace',
      avatar: 'https://example.com/a.png',
      avatar_url: 'https://example.com/a.png',
      timezone: 'Europe/Paris',
      is_instance_admin: false,
    });
    const again = await me.get('/api/users/me');
    assert.equal(again.body.display_name, 'grace');
    assert.equal(again.body.timezone, 'Europe/Paris');
    // Absent fields keep their value; aliases Plane accepts are fine.
    const partial = await me.patch('/api/users/me', { timezone: 'US/Eastern' });
    assert.equal(partial.status, 200);
    assert.equal(partial.body.first_name, 'Grace');
    assert.equal(partial.body.timezone, 'US/Eastern');
  });

  test('ignores the fields a user may not set', async () => {
    const user = await buildUser(h.db);
    const me = await h.as(user.id);
    const res = await me.patch('/api/users/me/', {
      first_name: 'Mallory',
      email: 'takeover@example.com',
      is_instance_admin: true,
      id: '00000000-0000-4000-8000-000000000003',
      password_hash: 'x',
      is_active: false,
    });
    assert.equal(res.status, 200);
    const { rows } = await h.db.query(
      'SELECT id, email, is_instance_admin, password_hash, is_active, first_name FROM users WHERE id = $1',
      [user.id],
    );
    assert.equal(rows[0].email, user.email);
    assert.equal(rows[0].is_instance_admin, false);
    assert.equal(rows[0].is_active, true);
    assert.match(rows[0].password_hash, /^\$argon2id\$/);
    assert.equal(rows[0].first_name, 'Mallory');
  });

  test('bad values are 400 and change nothing', async () => {
    const user = await buildUser(h.db);
    const me = await h.as(user.id);
    for (const body of [
      { timezone: 'Mars/Olympus' },
      { timezone: 'utc' },
      { timezone: '+05:00' },
      { timezone: 5 },
      { timezone: '' },
      { display_name: '   ' },
      { first_name: 'x'.repeat(256) },
      { last_name: { nested: 1 } },
      { avatar: 'javascript:alert(1)' },
      { avatar: '//evil.example.com/a.png' },
      'not an object',
    ]) {
      const res = await me.patch('/api/users/me/', body);
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 60));
    }
    const { rows } = await h.db.query('SELECT timezone, display_name, avatar FROM users WHERE id = $1', [user.id]);
    assert.deepEqual(rows[0], { timezone: 'UTC', display_name: user.email.split('@')[0], avatar: '' });
  });

  test('anonymous callers get 401', async () => {
    assert.equal((await anonymousWrite(h, 'PATCH', '/api/users/me/', { first_name: 'Anon' })).status, 401);
    assert.equal((await anonymousWrite(h, 'POST', '/api/users/me/password/', { old_password: 'a', new_password: 'b' })).status, 401);
  });
});

describe('POST /api/users/me/password/', () => {
  test('changes the password and signs out the other sessions only', async () => {
    const user = await buildUser(h.db);
    const me = await h.as(user.id);
    const otherDevice = await h.as(user.id);
    const res = await me.post('/api/users/me/password/', { old_password: user.password, new_password: 'a-brand-new-passphrase' });
    assert.equal(res.status, 200);
    assert.equal((await me.get('/api/users/me/')).status, 200);
    assert.equal((await otherDevice.get('/api/users/me/')).status, 401);
    const { rows } = await h.db.query('SELECT password_hash FROM users WHERE id = $1', [user.id]);
    assert.match(rows[0].password_hash, /^\$argon2id\$/);

    const signIn = (password: string): ReturnType<typeof anonymousWrite> =>
      anonymousWrite(h, 'POST', '/auth/sign-in', { email: user.email, password });
    assert.equal((await signIn(user.password)).status, 401);
    assert.equal((await signIn('a-brand-new-passphrase')).status, 200);
  });

  test('a wrong current password, a short or unchanged new one are 400', async () => {
    const user = await buildUser(h.db);
    const me = await h.as(user.id);
    const wrong = await me.post('/api/users/me/password/', { old_password: 'not-my-password', new_password: 'another-long-one' });
    assert.equal(wrong.status, 400);
    assert.ok(Array.isArray(wrong.body.old_password));
    const short = await me.post('/api/users/me/password/', { old_password: user.password, new_password: 'short' });
    assert.equal(short.status, 400);
    assert.ok(Array.isArray(short.body.new_password));
    const same = await me.post('/api/users/me/password/', { old_password: user.password, new_password: user.password });
    assert.equal(same.status, 400);
    assert.equal((await me.post('/api/users/me/password/', { new_password: 'another-long-one' })).status, 400);
    const { rows } = await h.db.query('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1', [user.id]);
    assert.equal(rows[0].n, 1);
    const signIn = await anonymousWrite(h, 'POST', '/auth/sign-in', { email: user.email, password: user.password });
    assert.equal(signIn.status, 200);
  });

  test('guessing the current password is throttled (429)', async () => {
    const user = await buildUser(h.db);
    const me = await h.as(user.id);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await me.post('/api/users/me/password/', { old_password: `guess-${i}`, new_password: 'another-long-one' })).status);
    }
    assert.deepEqual(statuses, [...Array(10).fill(400), 429]);
    assert.equal((await me.post('/api/users/me/password/', { old_password: user.password, new_password: 'another-long-one' })).status, 429);
  });
});

describe('presentUserLite', () => {
  test("is Plane's user lite, avatar_url null without an avatar", () => {
    const lite = presentUserLite({
      id: 'u1',
      first_name: 'A',
      last_name: 'B',
      email: 'a@example.com',
      avatar: '',
      display_name: 'ab',
      password_hash: 'never',
    } as Parameters<typeof presentUserLite>[0]);
    assert.deepEqual(lite, {
      id: 'u1',
      first_name: 'A',
      last_name: 'B',
      email: 'a@example.com',
      avatar: '',
      avatar_url: null,
      display_name: 'ab',
    });
  });

  test('members of a workspace come out in that shape', async () => {
    const user = await buildUser(h.db);
    await (await h.as(user.id)).patch('/api/users/me/', { avatar: '/uploads/me.png' });
    const created = await (await h.as(user.id)).post('/api/workspaces/', { name: 'Lite', slug: `lite-${process.pid}` });
    assert.equal(created.status, 201);
    const members = await (await h.as(user.id)).get<Body[]>(`/api/workspaces/lite-${process.pid}/members/`);
    assert.equal(members.body[0]?.avatar_url, '/uploads/me.png');
  });
});
