// T13: every app-API route, every id slot swapped for another workspace's object, for every role:
// 0 reads of B's data, 0 writes to B's rows, and "not yours" answers exactly like "not found".
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiHarness, startApiHarness } from '../helpers/apiHarness.ts';
import { routeKey, routerRoutes } from './inventory.ts';
import { MATRIX, PUBLIC_ROUTES } from './matrix.ts';
import { type EntryContext, runEntry } from './matrixRunner.ts';
import { newLedger } from './rawClient.ts';
import { buildWorld, changedTables, snapshotWorkspace, UUID_G, type World } from './world.ts';

let h: ApiHarness;
let world: World;
let ctx: EntryContext;
const ledger = newLedger();

before(async () => {
  h = await startApiHarness();
  world = await buildWorld(h, ledger);
  const aSecrets = new Set<string>(['SECRET_A', 'secret_a', world.a.ids.slug]);
  for (const text of Object.values(await snapshotWorkspace(h.db, world.a)))
    for (const id of text.match(UUID_G) ?? []) aSecrets.add(id.toLowerCase());
  aSecrets.delete(world.outsider.id);
  ctx = { world, bSecrets: await world.bSecrets(), aSecrets };
});
after(async () => {
  await h.close();
});

describe('T13 cross-workspace matrix', () => {
  it('B is fully built (every slot has an object)', () => {
    for (const [slot, id] of Object.entries(world.b.ids)) assert.ok(id, `B's ${slot}`);
    for (const [slot, id] of Object.entries(world.a.ids)) assert.ok(id, `A's ${slot}`);
    assert.ok(ctx.bSecrets.size > 20, `B's ids collected: ${ctx.bSecrets.size}`);
  });

  it('every matrix route: no read of B, no write to B, not-yours = not-found', async (t) => {
    const routes = routerRoutes(h.app).filter((r) => r.path.startsWith('/api/') && !PUBLIC_ROUTES.has(routeKey(r.method, r.path)));
    const all: string[] = [];
    for (const route of routes) {
      const entry = MATRIX[routeKey(route.method, route.path)];
      if (!entry) continue; // the inventory test names it
      const findings = await runEntry(ctx, route.method, route.path, entry);
      t.diagnostic(`${routeKey(route.method, route.path)}: ${findings.length === 0 ? 'ok' : `${findings.length} finding(s)`}`);
      all.push(...findings);
    }
    t.diagnostic(`${routes.length} routes, ${ledger.calls} requests`);
    assert.deepEqual(all, [], `\n${all.join('\n')}`);
  });

  it('its detectors catch a planted leak, a planted cross-reference and a write to B', async () => {
    const { a, b } = world;
    const issueRoute = 'GET /api/workspaces/:slug/projects/:projectId/issues/:issueId';
    const entry = MATRIX[issueRoute];
    assert.ok(entry);
    const [, path] = issueRoute.split(' ') as [string, string];
    const { rows } = await h.db.query<{ name: string; state_id: string }>('SELECT name, state_id FROM issues WHERE id = $1', [a.ids.issue]);
    const original = rows[0];
    assert.ok(original);
    try {
      await h.db.query('UPDATE issues SET name = $2, state_id = $3 WHERE id = $1', [a.ids.issue, `copied ${b.ids.label}`, b.ids.state]);
      const findings = await runEntry(ctx, 'GET', path, entry);
      assert.ok(
        findings.some((f) => f.startsWith('LEAK admin') && f.includes(b.ids.label)),
        `a B id in A's item is reported as a leak:\n${findings.join('\n')}`,
      );
      assert.ok(
        findings.some((f) => f.startsWith('CROSS-REFERENCE') && f.includes(b.ids.state)),
        `A's item pointing at B's state is reported:\n${findings.join('\n')}`,
      );
    } finally {
      await h.db.query('UPDATE issues SET name = $2, state_id = $3 WHERE id = $1', [a.ids.issue, original.name, original.state_id]);
    }
    const before = await snapshotWorkspace(h.db, b);
    // Any write to a project's labels also bumps its list data version (0017), restoring included.
    const changed = async (): Promise<string[]> =>
      changedTables(before, await snapshotWorkspace(h.db, b)).filter((t) => t !== 'work_item_list_versions');
    await h.db.query("UPDATE labels SET description = description || '.' WHERE id = $1", [b.ids.label]);
    assert.deepEqual(await changed(), ['labels']);
    await h.db.query('UPDATE labels SET description = left(description, -1) WHERE id = $1', [b.ids.label]);
    assert.deepEqual(await changed(), [], 'restored');
  });

  it('never answered 5xx', () => {
    assert.ok(ledger.calls > 500, `calls made: ${ledger.calls}`);
    assert.deepEqual(ledger.serverErrors, []);
  });
});
