// T13 over /api/v1: every v1 route, every id slot (path, query, body) swapped for another workspace's
// object, A's other project's object and a random one, for every role's API key: 0 reads of B's data,
// 0 writes to B's rows, and "not yours" answers exactly like "not found". Plus workspace-bound keys:
// a key bound to A reaches nothing of B, even for a user who is an admin of both.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addWorkspaceMember, buildUser } from '../factories/accounts.ts';
import { addProjectMember } from '../factories/projects.ts';
import { type ApiHarness, startApiHarness } from '../helpers/apiHarness.ts';
import { routeKey, routerRoutes } from './inventory.ts';
import { type Entry, randomFor } from './matrix.ts';
import { buildCall, differsFromMissing, type EntryContext, is2xx, runEntry } from './matrixRunner.ts';
import { newLedger } from './rawClient.ts';
import { V1_MATRIX } from './v1Matrix.ts';
import { markExternalIds, overApiKeys, tokenFor, type V1World } from './v1World.ts';
import { buildWorld, changedTables, type Ids, snapshotWorkspace, UUID_G } from './world.ts';

let h: ApiHarness;
let world: V1World;
let ctx: EntryContext;
const ledger = newLedger();

before(async () => {
  h = await startApiHarness();
  world = await overApiKeys(await buildWorld(h, ledger));
  await markExternalIds(world);
  const aSecrets = new Set<string>(['SECRET_A', 'secret_a', world.a.ids.slug]);
  for (const text of Object.values(await snapshotWorkspace(h.db, world.a)))
    for (const id of text.match(UUID_G) ?? []) aSecrets.add(id.toLowerCase());
  aSecrets.delete(world.outsider.id);
  ctx = { world, bSecrets: await world.bSecrets(), aSecrets };
});
after(async () => {
  await h.close();
});

/** The keyed v1 routes of the running app with their entries (the inventory test names any without). */
function v1Routes(): Array<{ method: string; path: string; entry: Entry }> {
  return routerRoutes(h.app).flatMap((r) => {
    const entry = V1_MATRIX[routeKey(r.method, r.path)];
    return r.path.startsWith('/api/v1/') && entry ? [{ ...r, entry }] : [];
  });
}

describe('T13 cross-workspace matrix over /api/v1 (API keys)', () => {
  it('B is fully built and every role has a key', () => {
    for (const [slot, id] of Object.entries(world.b.ids)) assert.ok(id, `B's ${slot}`);
    for (const [role, token] of Object.entries(world.tokens)) assert.ok(token.startsWith('hangar_api_'), role);
    assert.ok(ctx.bSecrets.size > 20, `B's ids collected: ${ctx.bSecrets.size}`);
  });

  it('every v1 route: no read of B, no write to B, not-yours = not-found', async (t) => {
    const routes = v1Routes();
    assert.ok(routes.length > 100, `v1 routes with entries: ${routes.length}`);
    const all: string[] = [];
    for (const route of routes) {
      const findings = await runEntry(ctx, route.method, route.path, route.entry);
      t.diagnostic(`${routeKey(route.method, route.path)}: ${findings.length === 0 ? 'ok' : `${findings.length} finding(s)`}`);
      all.push(...findings);
    }
    t.diagnostic(`${routes.length} routes, ${ledger.calls} requests`);
    assert.deepEqual(all, [], `\n${all.join('\n')}`);
  });

  it('its detectors catch a planted leak through a v1 read', async () => {
    const { a, b } = world;
    const key = 'GET /api/v1/workspaces/:slug/projects/:projectId/work-items/:workItemId';
    const entry = V1_MATRIX[key];
    assert.ok(entry);
    const { rows } = await h.db.query<{ name: string }>('SELECT name FROM issues WHERE id = $1', [a.ids.issue]);
    const original = rows[0];
    assert.ok(original);
    try {
      await h.db.query('UPDATE issues SET name = $2 WHERE id = $1', [a.ids.issue, `copied ${b.ids.label}`]);
      const findings = await runEntry(ctx, 'GET', key.split(' ')[1] ?? '', entry);
      assert.ok(
        findings.some((f) => f.startsWith('LEAK admin') && f.includes(b.ids.label)),
        `a B id in A's item is reported as a leak:\n${findings.join('\n')}`,
      );
    } finally {
      await h.db.query('UPDATE issues SET name = $2 WHERE id = $1', [a.ids.issue, original.name]);
    }
  });

  it("a key bound to A reaches nothing of B, even for an admin of both (B's objects look missing)", async () => {
    const { a, b } = world;
    const dual = await buildUser(h.db, { email: `dual-admin-${Date.now()}@example.com`, first_name: 'Dual' });
    await addWorkspaceMember(h.db, a.workspace, dual, 20);
    await addProjectMember(h.db, a.project, dual, 20);
    await addWorkspaceMember(h.db, b.workspace, dual, 20);
    await addProjectMember(h.db, b.project, dual, 20);
    const boundToA = await tokenFor(world, dual.id, a.workspace.id);
    const unbound = await tokenFor(world, dual.id);
    const bSecrets = new Set([...ctx.bSecrets].filter((s) => s !== dual.id));
    const before = await snapshotWorkspace(h.db, b);
    const findings: string[] = [];
    let reachedWithoutBinding = 0;
    let readsOnA = 0;
    for (const route of v1Routes()) {
      if (route.entry.unscoped) continue;
      const bodies = Math.max(1, route.entry.bodies?.length ?? 0, route.entry.queries?.length ?? 0);
      for (let i = 0; i < bodies; i++) {
        const sentB: string[] = [];
        const sentRandom: string[] = [];
        const onB = buildCall(route.method, route.path, route.entry, i, (o) => {
          sentB.push(b.ids[o.slot]);
          return b.ids[o.slot];
        }).call;
        const onNothing = buildCall(route.method, route.path, route.entry, i, (o) => {
          const value = randomFor(o.slot);
          sentRandom.push(value);
          return value;
        }).call;
        const resB = await world.callWithKey(boundToA, onB.method, onB.url, onB.body, onB.headers);
        const resNothing = await world.callWithKey(boundToA, onNothing.method, onNothing.url, onNothing.body, onNothing.headers);
        const what = `${route.method} ${onB.url}`;
        if (resB.status !== 404) findings.push(`BOUND KEY reached B: ${what} → ${resB.status} ${resB.text.slice(0, 200)}`);
        const oracle = differsFromMissing(resB, resNothing, sentB, sentRandom);
        if (oracle) findings.push(`BOUND KEY ORACLE ${what}: ${oracle}`);
        const text = resB.text.toLowerCase();
        const seen = [...bSecrets].find((s) => !sentB.includes(s) && text.includes(s.toLowerCase()));
        if (seen) findings.push(`BOUND KEY LEAK ${what} → ${resB.status} contains "${seen}"`);
        // Controls (reads of objects any admin may see): without the binding the same user reads B;
        // with it, A is still served.
        if (route.method !== 'GET' || route.entry.member === 'deny') continue;
        const unboundB = await world.callWithKey(unbound, onB.method, onB.url, onB.body, onB.headers);
        if (is2xx(unboundB.status) || unboundB.status === 302) reachedWithoutBinding += 1;
        const ids: Ids = a.ids;
        const onA = buildCall(route.method, route.path, route.entry, i, (o) => ids[o.slot]).call;
        const resA = await world.callWithKey(boundToA, onA.method, onA.url, onA.body, onA.headers);
        if (is2xx(resA.status) || resA.status === 302) readsOnA += 1;
        else findings.push(`BOUND KEY refused on its own workspace: ${onA.method} ${onA.url} → ${resA.status} ${resA.text.slice(0, 160)}`);
      }
    }
    const changed = changedTables(before, await snapshotWorkspace(h.db, b));
    if (changed.length > 0) findings.push(`WRITE into B through a key bound to A: tables changed: ${changed.join(', ')}`);
    // The controls mean something only if the unbound key really read B and the bound one read A.
    assert.ok(reachedWithoutBinding > 30, `reads of B with the same user's unbound key: ${reachedWithoutBinding}`);
    assert.ok(readsOnA > 30, `reads of A with the bound key: ${readsOnA}`);
    assert.deepEqual(findings, [], `\n${findings.join('\n')}`);
  });

  it('never answered 5xx', () => {
    assert.ok(ledger.calls > 2000, `calls made: ${ledger.calls}`);
    assert.deepEqual(ledger.serverErrors, []);
  });
});
