// CSRF: a cookie-authenticated write without the token, with a wrong one, with a foreign Origin, or
// through a %-encoded path is refused with 403 csrf_failed and changes nothing; the same request with
// the right token succeeds. Then every write route of the app refuses a write without the token.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiHarness, startApiHarness } from '../helpers/apiHarness.ts';
import { isWrite, routerRoutes } from './inventory.ts';
import { PARAM_SLOTS } from './matrix.ts';
import { newLedger, type RawResponse, send } from './rawClient.ts';
import { builders, buildWorld, issueBase, projectBase, type World } from './world.ts';

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

interface Case {
  name: string;
  method: string;
  url: () => Promise<string>;
  body: () => unknown;
  /** Reads the state the write would change. */
  probe: () => Promise<unknown>;
}

const cases = (): Case[] => {
  const { a } = world;
  return [
    {
      name: 'profile update',
      method: 'PATCH',
      url: async () => '/api/users/me',
      body: () => ({ first_name: 'Mallory' }),
      probe: async () => (await h.db.query('SELECT first_name FROM users WHERE id = $1', [a.admin.id])).rows,
    },
    {
      name: 'project create',
      method: 'POST',
      url: async () => `/api/workspaces/${a.ids.slug}/projects`,
      body: () => ({ name: `Csrf ${Math.random()}`, identifier: `C${Math.floor(Math.random() * 1e6)}` }),
      probe: async () => (await h.db.query('SELECT count(*) FROM projects WHERE workspace_id = $1', [a.workspace.id])).rows,
    },
    {
      name: 'work item update',
      method: 'PATCH',
      url: async () => issueBase(a.ids),
      body: () => ({ priority: 'urgent' }),
      probe: async () => (await h.db.query('SELECT priority FROM issues WHERE id = $1', [a.ids.issue])).rows,
    },
    {
      name: 'member removal',
      method: 'DELETE',
      url: async () => `/api/workspaces/${a.ids.slug}/members/${await builders(world).user()}`,
      body: () => undefined,
      probe: async () => (await h.db.query('SELECT count(*) FROM workspace_members WHERE workspace_id = $1', [a.workspace.id])).rows,
    },
    {
      name: 'state create',
      method: 'POST',
      url: async () => `${projectBase(a.ids)}/states`,
      body: () => ({ name: `Csrf ${Math.random()}`, color: '#123456', group: 'started' }),
      probe: async () => (await h.db.query('SELECT count(*) FROM states WHERE project_id = $1', [a.project.id])).rows,
    },
  ];
};

const session = () => world.sessions.admin;
const refused = (res: RawResponse): boolean => res.status === 403 && (res.body as { id?: string } | null)?.id === 'csrf_failed';

describe('CSRF', () => {
  it('refuses a missing token, a wrong token, a foreign Origin, a token without its cookie and an encoded path; accepts the right token', async () => {
    for (const c of cases()) {
      const url = await c.url();
      const before = await c.probe();
      const attempts: Array<[string, { url: string; cookie: string; headers: Record<string, string> }]> = [
        ['no token', { url, cookie: session().cookie, headers: {} }],
        ['empty token', { url, cookie: session().cookie, headers: { 'x-csrf-token': '' } }],
        ['wrong token', { url, cookie: session().cookie, headers: { 'x-csrf-token': `${session().csrf}x` } }],
        ['foreign Origin', { url, cookie: session().cookie, headers: { ...session().writeHeaders, origin: 'http://evil.example' } }],
        ['null Origin', { url, cookie: session().cookie, headers: { ...session().writeHeaders, origin: 'null' } }],
        [
          'Origin on another port',
          { url, cookie: session().cookie, headers: { ...session().writeHeaders, origin: 'http://localhost:8080' } },
        ],
        ['token without its cookie', { url, cookie: session().cookie.replace(/; hangar_csrf=[^;]*/, ''), headers: session().writeHeaders }],
        ['%-encoded /api path', { url: url.replace('/api/', '/%61pi/'), cookie: session().cookie, headers: {} }],
        [
          '%-encoded /api path, foreign Origin',
          {
            url: url.replace('/api/', '/%61p%69/'),
            cookie: session().cookie,
            headers: { ...session().writeHeaders, origin: 'http://evil.example' },
          },
        ],
      ];
      for (const [what, attempt] of attempts) {
        const res = await send(h.app, ledger, {
          method: c.method,
          url: attempt.url,
          body: c.body(),
          cookie: attempt.cookie,
          headers: attempt.headers,
        });
        assert.ok(refused(res), `${c.name}, ${what}: ${c.method} ${attempt.url} → ${res.status} ${res.text.slice(0, 200)}`);
      }
      assert.deepEqual(await c.probe(), before, `${c.name}: nothing changed by the refused writes`);
      const ok = await send(h.app, ledger, {
        method: c.method,
        url,
        body: c.body(),
        cookie: session().cookie,
        headers: { ...session().writeHeaders, origin: 'http://localhost' },
      });
      assert.ok(ok.status >= 200 && ok.status < 300, `${c.name} with the right token and Origin → ${ok.status} ${ok.text.slice(0, 200)}`);
      assert.notDeepEqual(await c.probe(), before, `${c.name}: the accepted write took effect`);
    }
  });

  it('reads need no token', async () => {
    const res = await send(h.app, ledger, { method: 'GET', url: `/api/workspaces/${world.a.ids.slug}`, cookie: session().cookie });
    assert.equal(res.status, 200);
  });

  it('every write route of the app (and /auth) refuses a cookie-authenticated write without the token', async () => {
    const routes = routerRoutes(h.app).filter(
      (r) => isWrite(r.method) && (r.path.startsWith('/api/') || r.path.startsWith('/auth/')) && !r.path.startsWith('/api/v1/'),
    );
    assert.ok(routes.length > 40, `write routes: ${routes.length}`);
    const failures: string[] = [];
    for (const route of routes) {
      const url = route.path.replace(/:([A-Za-z_]+)/g, (_m, name: string) => {
        const slot = PARAM_SLOTS[name];
        if (slot) return world.a.ids[slot];
        if (name === 'memberId') return world.a.ids.user;
        if (name === 'id') return world.a.ids.invitation;
        return 'x'.repeat(24);
      });
      for (const [what, headers] of [
        ['no token', {}],
        ['foreign Origin', { ...session().writeHeaders, origin: 'https://evil.example' }],
      ] as const) {
        const res = await send(h.app, ledger, { method: route.method, url, body: {}, cookie: session().cookie, headers });
        if (!refused(res)) failures.push(`${route.method} ${route.path} (${what}) → ${res.status} ${res.text.slice(0, 160)}`);
      }
    }
    assert.deepEqual(failures, [], `${failures.length} failure(s):\n${failures.join('\n')}`);
  });

  const isPublicV1 = (path: string): boolean =>
    path === '/api/v1/openapi.json' || path === '/api/v1/docs' || path.startsWith('/api/v1/assets/');

  it('the CSRF-exempt /api/v1 routes do not accept the session cookie (they use API keys)', async () => {
    const v1 = routerRoutes(h.app).filter((r) => r.path.startsWith('/api/v1/'));
    const failures: string[] = [];
    for (const route of v1) {
      const url = route.path.replace(/:([A-Za-z_]+)/g, (_m, name: string) => {
        const slot = PARAM_SLOTS[name];
        return slot ? world.a.ids[slot] : world.a.ids.issue;
      });
      const call = { method: route.method, url, body: isWrite(route.method) ? {} : undefined };
      const res = await send(h.app, ledger, { ...call, cookie: session().cookie });
      // Public v1 routes (the OpenAPI document, signed asset URLs) answer without any credential; for
      // every route the cookie must change nothing.
      const bare = await send(h.app, ledger, call);
      if (res.status !== bare.status || (res.status !== 401 && res.status !== 403 && bare.status < 300 && !isPublicV1(route.path)))
        failures.push(`${route.method} ${route.path} with only a session cookie → ${res.status} (without it → ${bare.status})`);
    }
    assert.deepEqual(failures, [], `${failures.length} failure(s):\n${failures.join('\n')}`);
  });

  it('never answered 5xx', () => {
    assert.deepEqual(ledger.serverErrors, []);
  });
});
