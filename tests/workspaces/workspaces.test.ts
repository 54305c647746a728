import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addWorkspaceMember, buildUser, buildWorkspace, type UserRow } from '../factories/accounts.ts';
import { type ApiHarness, type Body, type Client, startApiHarness } from '../helpers/apiHarness.ts';
import { anonymousWrite } from './helpers.ts';

let h: ApiHarness;
let owner: UserRow;
let ownerClient: Client;

before(async () => {
  h = await startApiHarness();
  owner = await buildUser(h.db, { first_name: 'Olive' });
  ownerClient = await h.as(owner.id);
});
after(() => h.close());

let n = 0;
const freshSlug = (): string => `team-${process.pid}-${++n}`;

describe('POST /api/workspaces/', () => {
  test('creates the workspace, makes the creator its admin and answers 201', async () => {
    const slug = freshSlug();
    const res = await ownerClient.post('/api/workspaces/', { name: '  Acme Corp  ', slug, organization_size: '2-10' });
    assert.equal(res.status, 201);
    assert.equal(res.body.name, 'Acme Corp');
    assert.equal(res.body.slug, slug);
    assert.equal(res.body.organization_size, '2-10');
    assert.equal(res.body.timezone, 'UTC');
    assert.equal(res.body.role, 20);
    assert.equal(res.body.total_members, 1);
    assert.equal(res.body.created_by, owner.id);
    const ownerLite = res.body.owner as Body;
    assert.deepEqual(Object.keys(ownerLite).sort(), ['avatar', 'avatar_url', 'display_name', 'email', 'first_name', 'id', 'last_name']);
    assert.equal(ownerLite.id, owner.id);
    assert.equal(ownerLite.email, owner.email);

    const members = await ownerClient.get<Body[]>(`/api/workspaces/${slug}/members/`);
    assert.equal(members.status, 200);
    assert.deepEqual(
      members.body.map((m) => [m.id, m.role]),
      [[owner.id, 20]],
    );
    const mine = await ownerClient.get<Body[]>('/api/users/me/workspaces/');
    const listed = mine.body.find((w) => w.slug === slug);
    assert.equal(listed?.role, 20);
    assert.equal(listed?.name, 'Acme Corp');
  });

  test('ignores the fields a creator may not set (id, owner, role, audit fields)', async () => {
    const other = await buildUser(h.db);
    const slug = freshSlug();
    const forcedId = '00000000-0000-4000-8000-000000000001';
    const res = await ownerClient.post('/api/workspaces/', {
      name: 'Mass',
      slug,
      id: forcedId,
      owner_id: other.id,
      owner: other.id,
      created_by: other.id,
      role: 5,
      deleted_at: '2020-01-01T00:00:00Z',
    });
    assert.equal(res.status, 201);
    const { rows } = await h.db.query('SELECT id, owner_id, created_by, deleted_at FROM workspaces WHERE slug = $1', [slug]);
    assert.notEqual(rows[0].id, forcedId);
    assert.equal(rows[0].owner_id, owner.id);
    assert.equal(rows[0].created_by, owner.id);
    assert.equal(rows[0].deleted_at, null);
    const role = await h.db.query('SELECT role FROM workspace_members WHERE workspace_id = $1 AND member_id = $2', [rows[0].id, owner.id]);
    assert.equal(role.rows[0].role, 20);
  });

  test('refuses slugs that break Plane rules with 400 and a message on the slug field', async () => {
    for (const slug of ['Acme', 'a b', '-lead', '_lead', 'dots.not.allowed', 'é', '', 'x'.repeat(49), 'semi;colon']) {
      const res = await ownerClient.post('/api/workspaces/', { name: 'Bad', slug });
      assert.equal(res.status, 400, `slug ${JSON.stringify(slug)}`);
      assert.ok(Array.isArray(res.body.slug), `slug ${JSON.stringify(slug)} has a field error`);
    }
    const longest = 'x'.repeat(48);
    assert.equal((await ownerClient.post('/api/workspaces/', { name: 'Longest', slug: longest })).status, 201);
  });

  test('refuses reserved slugs', async () => {
    for (const slug of [
      'api',
      'god-mode',
      'spaces',
      'auth',
      'live',
      'pub',
      'ctrl',
      'static',
      'assets',
      'profile',
      'create-workspace',
      'invitations',
      'slug-check',
    ]) {
      const res = await ownerClient.post('/api/workspaces/', { name: 'Reserved', slug });
      assert.equal(res.status, 400, slug);
      assert.match(String(res.body.error), /reserved/);
    }
    const { rows } = await h.db.query("SELECT count(*)::int AS n FROM workspaces WHERE name = 'Reserved'");
    assert.equal(rows[0].n, 0);
  });

  test('a taken slug answers 409, also when two creates race for it', async () => {
    const slug = freshSlug();
    assert.equal((await ownerClient.post('/api/workspaces/', { name: 'First', slug })).status, 201);
    const again = await ownerClient.post('/api/workspaces/', { name: 'Second', slug });
    assert.equal(again.status, 409);
    assert.ok(Array.isArray(again.body.slug));

    const raced = freshSlug();
    const other = await h.as((await buildUser(h.db)).id);
    const results = await Promise.all([
      ownerClient.post('/api/workspaces/', { name: 'A', slug: raced }),
      other.post('/api/workspaces/', { name: 'B', slug: raced }),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 409]);
    const { rows } = await h.db.query(
      'SELECT count(*)::int AS n FROM workspace_members m JOIN workspaces w ON w.id = m.workspace_id WHERE w.slug = $1',
      [raced],
    );
    assert.equal(rows[0].n, 1);
  });

  test('bad names and wrong types are 400, never 5xx', async () => {
    const cases: unknown[] = [
      { name: 'x'.repeat(81), slug: freshSlug() },
      { name: '   ', slug: freshSlug() },
      { slug: freshSlug() },
      { name: 'No slug' },
      { name: { nested: true }, slug: freshSlug() },
      { name: 'Types', slug: ['a', 'b'] },
      { name: 'Size', slug: freshSlug(), organization_size: 'x'.repeat(21) },
      [],
    ];
    for (const body of cases) {
      const res = await ownerClient.post('/api/workspaces/', body);
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 80));
    }
    assert.equal((await ownerClient.post('/api/workspaces/', { name: 'x'.repeat(80), slug: freshSlug() })).status, 201);
  });

  test('anonymous callers get 401', async () => {
    const res = await anonymousWrite(h, 'POST', '/api/workspaces/', { name: 'Anon', slug: freshSlug() });
    assert.equal(res.status, 401);
  });
});

describe('GET /api/workspaces/slug-check/', () => {
  test('says whether a slug is free', async () => {
    const ws = await buildWorkspace(h.db, { owner });
    const check = async (slug: string): Promise<unknown> => {
      const res = await ownerClient.get(`/api/workspaces/slug-check/?slug=${encodeURIComponent(slug)}`);
      assert.equal(res.status, 200);
      return res.body.status;
    };
    assert.equal(await check(freshSlug()), true);
    assert.equal(await check(ws.slug), false);
    assert.equal(await check('god-mode'), false);
    assert.equal(await check('Upper'), false);
    assert.equal((await ownerClient.get(`/api/workspace-slug-check/?slug=${ws.slug}`)).body.status, false);
    assert.equal((await ownerClient.get('/api/workspaces/slug-check/')).status, 400);
    assert.equal((await h.anonymous.get(`/api/workspaces/slug-check/?slug=${ws.slug}`)).status, 401);
  });
});

describe('GET PATCH DELETE /api/workspaces/:slug/', () => {
  test('members and guests read it; guests do not see the owner email', async () => {
    const ws = await buildWorkspace(h.db, { owner });
    const member = await buildUser(h.db);
    const guest = await buildUser(h.db);
    await addWorkspaceMember(h.db, ws, member, 15);
    await addWorkspaceMember(h.db, ws, guest, 5);
    const asMember = await (await h.as(member.id)).get(`/api/workspaces/${ws.slug}/`);
    assert.equal(asMember.status, 200);
    assert.equal(asMember.body.id, ws.id);
    assert.equal(asMember.body.role, 15);
    assert.equal(asMember.body.total_members, 3);
    assert.equal((asMember.body.owner as Body).email, owner.email);
    const asGuest = await (await h.as(guest.id)).get(`/api/workspaces/${ws.slug}`);
    assert.equal(asGuest.status, 200);
    assert.equal(asGuest.body.role, 5);
    assert.equal((asGuest.body.owner as Body).email, undefined);
    assert.equal((asGuest.body.owner as Body).id, owner.id);
  });

  test('non-members, unknown slugs and another workspace answer 404; anonymous 401', async () => {
    const ws = await buildWorkspace(h.db);
    const stranger = await h.as((await buildUser(h.db)).id);
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { name: 'Hijack' }],
      ['DELETE', undefined],
    ] as const) {
      assert.equal((await stranger.request(method, `/api/workspaces/${ws.slug}/`, body)).status, 404, method);
      assert.equal((await ownerClient.request(method, `/api/workspaces/${ws.slug}/`, body)).status, 404, `owner of others, ${method}`);
      assert.equal((await ownerClient.request(method, '/api/workspaces/no-such-workspace/', body)).status, 404, method);
      assert.equal((await anonymousWrite(h, method, `/api/workspaces/${ws.slug}/`, body)).status, 401, method);
    }
    const { rows } = await h.db.query('SELECT name, deleted_at FROM workspaces WHERE id = $1', [ws.id]);
    assert.equal(rows[0].name, ws.name);
    assert.equal(rows[0].deleted_at, null);
  });

  test('admins update it; writable fields only; members and guests get 403', async () => {
    const ws = await buildWorkspace(h.db, { owner });
    const member = await buildUser(h.db);
    const guest = await buildUser(h.db);
    const other = await buildUser(h.db);
    await addWorkspaceMember(h.db, ws, member, 15);
    await addWorkspaceMember(h.db, ws, guest, 5);
    for (const user of [member, guest]) {
      const res = await (await h.as(user.id)).patch(`/api/workspaces/${ws.slug}/`, { name: 'Nope' });
      assert.equal(res.status, 403);
    }
    const res = await ownerClient.patch(`/api/workspaces/${ws.slug}/`, {
      name: ' Renamed ',
      timezone: 'Asia/Kolkata',
      logo: 'https://example.com/logo.png',
      organization_size: '11-50',
      slug: 'stolen-slug',
      owner_id: other.id,
      id: '00000000-0000-4000-8000-000000000002',
      role: 5,
      created_by: other.id,
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.name, 'Renamed');
    assert.equal(res.body.timezone, 'Asia/Kolkata');
    assert.equal(res.body.logo_url, 'https://example.com/logo.png');
    assert.equal(res.body.organization_size, '11-50');
    assert.equal(res.body.slug, ws.slug);
    assert.equal(res.body.role, 20);
    const { rows } = await h.db.query('SELECT id, slug, owner_id, created_by, updated_by FROM workspaces WHERE id = $1', [ws.id]);
    assert.deepEqual(rows[0], { id: ws.id, slug: ws.slug, owner_id: owner.id, created_by: owner.id, updated_by: owner.id });
    const role = await h.db.query('SELECT role FROM workspace_members WHERE workspace_id = $1 AND member_id = $2', [ws.id, owner.id]);
    assert.equal(role.rows[0].role, 20);
  });

  test('bad patches are 400', async () => {
    const ws = await buildWorkspace(h.db, { owner });
    for (const body of [
      { name: '' },
      { name: 'x'.repeat(81) },
      { timezone: 'Mars/Olympus' },
      { timezone: '+05:00' },
      { logo: 'javascript:alert(1)' },
      { organization_size: 'x'.repeat(21) },
      { name: { a: 1 } },
    ]) {
      const res = await ownerClient.patch(`/api/workspaces/${ws.slug}/`, body);
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 60));
    }
    const { rows } = await h.db.query('SELECT name, timezone, logo FROM workspaces WHERE id = $1', [ws.id]);
    assert.deepEqual(rows[0], { name: ws.name, timezone: 'UTC', logo: '' });
  });

  test('admins soft-delete it (204); it then is gone for everyone and its slug stays taken', async () => {
    const ws = await buildWorkspace(h.db, { owner });
    const member = await buildUser(h.db);
    await addWorkspaceMember(h.db, ws, member, 15);
    const memberClient = await h.as(member.id);
    assert.equal((await memberClient.delete(`/api/workspaces/${ws.slug}/`)).status, 403);
    assert.equal((await ownerClient.delete(`/api/workspaces/${ws.slug}/`)).status, 204);
    const { rows } = await h.db.query('SELECT deleted_at, updated_by FROM workspaces WHERE id = $1', [ws.id]);
    assert.ok(rows[0].deleted_at instanceof Date);
    assert.equal(rows[0].updated_by, owner.id);
    assert.equal((await ownerClient.get(`/api/workspaces/${ws.slug}/`)).status, 404);
    assert.equal((await memberClient.get(`/api/workspaces/${ws.slug}/members/`)).status, 404);
    const mine = await ownerClient.get<Body[]>('/api/users/me/workspaces/');
    assert.equal(
      mine.body.some((w) => w.id === ws.id),
      false,
    );
    assert.equal((await ownerClient.get(`/api/workspaces/slug-check/?slug=${ws.slug}`)).body.status, false);
    assert.equal((await ownerClient.post('/api/workspaces/', { name: 'Reuse', slug: ws.slug })).status, 409);
    assert.equal((await ownerClient.delete(`/api/workspaces/${ws.slug}/`)).status, 404);
  });
});
