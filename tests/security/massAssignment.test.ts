// T14: every write route with fields the caller may not set added to a valid body (ids, workspace and
// project references to B, audit fields, dates, sequence ids, roles, owner, instance admin, email, slug)
// and prototype-pollution keys: none of them is persisted anywhere (forgery.ts does the work).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiHarness, startApiHarness } from '../helpers/apiHarness.ts';
import { bodyFields, FORGED_EMAIL, ForgeryDetector, massAssignmentFindings, type WriteRoute } from './forgery.ts';
import { declaredRoutes, isWrite, routeKey, routerRoutes } from './inventory.ts';
import { MATRIX, PUBLIC_ROUTES } from './matrix.ts';
import { newLedger } from './rawClient.ts';
import { buildWorld, changedTables, snapshotWorkspace, type World } from './world.ts';

let h: ApiHarness;
let world: World;
let detector: ForgeryDetector;
const ledger = newLedger();

before(async () => {
  h = await startApiHarness();
  world = await buildWorld(h, ledger);
  detector = new ForgeryDetector(h.db, world.b);
});
after(async () => {
  await h.close();
});

describe('T14 mass assignment', () => {
  it('its detector finds a planted forged value and a planted reference to B', async () => {
    const { a, b } = world;
    await h.db.query('UPDATE labels SET description = $2 WHERE id = $1', [a.ids.label, FORGED_EMAIL]);
    await h.db.query('UPDATE issues SET updated_by = $2 WHERE id = $1', [a.ids.issue2, b.admin.id]);
    const traces = await detector.traces();
    await h.db.query("UPDATE labels SET description = '' WHERE id = $1", [a.ids.label]);
    await h.db.query('UPDATE issues SET updated_by = $2 WHERE id = $1', [a.ids.issue2, a.admin.id]);
    assert.ok(
      traces.some((t) => t.startsWith('labels:') && t.includes(FORGED_EMAIL)),
      traces.join('\n'),
    );
    assert.ok(
      traces.some((t) => t.startsWith('issues:')),
      traces.join('\n'),
    );
    detector.reset();
    assert.deepEqual(await detector.traces(), [], 'clean again');
  });

  it('no write route persists a forbidden field (as admin and as member)', async () => {
    const schemas = new Map((await declaredRoutes(h.app)).map((r) => [routeKey(r.method, r.path), r.schema]));
    const writes: WriteRoute[] = routerRoutes(h.app).flatMap((r) => {
      const key = routeKey(r.method, r.path);
      const entry = MATRIX[key];
      const accepts = bodyFields(schemas.get(key));
      return r.path.startsWith('/api/') && isWrite(r.method) && !PUBLIC_ROUTES.has(key) && entry ? [{ ...r, entry, accepts }] : [];
    });
    assert.ok(writes.length > 30, `write routes: ${writes.length}`);
    const bBefore = await snapshotWorkspace(h.db, world.b);
    const { findings, succeeded } = await massAssignmentFindings(world, writes, detector);
    assert.deepEqual(changedTables(bBefore, await snapshotWorkspace(h.db, world.b)), [], "B's rows unchanged");
    assert.ok(succeeded > 40, `writes that succeeded with forbidden fields added: ${succeeded}`);
    assert.deepEqual(findings, [], `\n${findings.join('\n')}`);
  });

  it('never answered 5xx', () => {
    assert.deepEqual(ledger.serverErrors, []);
  });
});
