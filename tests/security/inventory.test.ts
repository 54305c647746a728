// The route inventory cannot go stale: every /api route of the built app must have a matrix entry
// (or be on the short public allowlist), and every matrix entry must still be a route.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiHarness, startApiHarness } from '../helpers/apiHarness.ts';
import { declaredRoutes, routeKey, routerRoutes } from './inventory.ts';
import { MATRIX, PUBLIC_ROUTES } from './matrix.ts';

let h: ApiHarness;
before(async () => {
  h = await startApiHarness();
});
after(async () => {
  await h.close();
});

describe('route inventory', () => {
  it('reads the same routes from the running router and from registration', async () => {
    const router = routerRoutes(h.app).map((r) => routeKey(r.method, r.path));
    const declared = (await declaredRoutes(h.app)).map((r) => routeKey(r.method, r.path));
    assert.ok(router.length > 20, `router listing parsed: ${router.length} routes`);
    assert.deepEqual([...new Set(router)].sort(), [...new Set(declared)].sort());
    for (const key of router) {
      const [method, url] = key.split(' ') as [string, string];
      assert.ok(h.app.hasRoute({ method: method as 'GET', url }), `${key} is a route of the app`);
    }
  });

  it('has a matrix entry for every /api route (or lists it as public)', async () => {
    // /api/v1 (API keys, not sessions) has its own matrix: tests/security/v1 (when present).
    const api = routerRoutes(h.app).filter((r) => r.path.startsWith('/api/') && !r.path.startsWith('/api/v1/'));
    const missing = api.map((r) => routeKey(r.method, r.path)).filter((key) => !(key in MATRIX) && !PUBLIC_ROUTES.has(key));
    assert.deepEqual(missing, [], `routes without a security matrix entry: add them to tests/security/matrix.ts\n${missing.join('\n')}`);
  });

  it('has no matrix entry or public route that the app no longer serves', async () => {
    const keys = new Set(routerRoutes(h.app).map((r) => routeKey(r.method, r.path)));
    const stale = [...Object.keys(MATRIX), ...PUBLIC_ROUTES].filter((key) => !keys.has(key));
    assert.deepEqual(stale, [], `stale matrix entries:\n${stale.join('\n')}`);
  });
});
