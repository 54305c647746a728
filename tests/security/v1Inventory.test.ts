// The /api/v1 inventory cannot go stale: every v1 route of the built app has a v1Matrix entry (or is
// one of the public / signed-link routes), every entry is still a route, every entry's path params
// name an id slot, and every keyed route is described in /api/v1/openapi.json.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiHarness, startApiHarness } from '../helpers/apiHarness.ts';
import { routeKey, routerRoutes } from './inventory.ts';
import { slotOfParam } from './matrixRunner.ts';
import { V1_MATRIX, V1_PUBLIC_ROUTES, V1_SIGNED_ROUTES } from './v1Matrix.ts';

let h: ApiHarness;
before(async () => {
  h = await startApiHarness();
});
after(async () => {
  await h.close();
});

const v1Routes = () => routerRoutes(h.app).filter((r) => r.path.startsWith('/api/v1/'));
const exempt = (key: string): boolean => V1_PUBLIC_ROUTES.has(key) || V1_SIGNED_ROUTES.has(key);

describe('/api/v1 route inventory', () => {
  it('has a v1 matrix entry for every /api/v1 route (or lists it as public / signed)', () => {
    const routes = v1Routes();
    assert.ok(routes.length > 40, `v1 routes parsed: ${routes.length}`);
    const missing = routes.map((r) => routeKey(r.method, r.path)).filter((key) => !(key in V1_MATRIX) && !exempt(key));
    assert.deepEqual(
      missing,
      [],
      `v1 routes without a security matrix entry: add them to tests/security/v1Matrix.ts\n${missing.join('\n')}`,
    );
  });

  it('has no v1 matrix entry, public or signed route that the app no longer serves', () => {
    const keys = new Set(v1Routes().map((r) => routeKey(r.method, r.path)));
    const stale = [...Object.keys(V1_MATRIX), ...V1_PUBLIC_ROUTES, ...V1_SIGNED_ROUTES].filter((key) => !keys.has(key));
    assert.deepEqual(stale, [], `stale v1 matrix entries:\n${stale.join('\n')}`);
  });

  it('maps every path parameter of every entry to an id slot', () => {
    const unmapped: string[] = [];
    for (const [key, entry] of Object.entries(V1_MATRIX)) {
      for (const [, name = ''] of key.matchAll(/:([A-Za-z_]+)/g)) {
        try {
          slotOfParam(entry, name);
        } catch (error) {
          unmapped.push(`${key} :${name}: ${(error as Error).message}`);
        }
      }
    }
    assert.deepEqual(unmapped, []);
  });

  it('the public routes answer without a key; the keyed ones refuse without one', async () => {
    for (const key of V1_PUBLIC_ROUTES) {
      const [method, url] = key.split(' ') as [string, string];
      const res = await h.app.inject({ method: method as 'GET', url, headers: { host: 'localhost' } });
      assert.equal(res.statusCode, 200, `${key} → ${res.statusCode}`);
    }
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/users/me', headers: { host: 'localhost' } });
    assert.equal(res.statusCode, 401);
  });

  it('describes every keyed v1 route in /api/v1/openapi.json', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers: { host: 'localhost' } });
    const doc = JSON.parse(res.body) as { paths: Record<string, Record<string, unknown>> };
    const undocumented = Object.keys(V1_MATRIX).filter((key) => {
      const [method = '', path = ''] = key.split(' ');
      const documented = `${path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}/`;
      return !doc.paths[documented]?.[method.toLowerCase()];
    });
    assert.deepEqual(undocumented, [], `v1 routes missing from the OpenAPI document:\n${undocumented.join('\n')}`);
  });
});
