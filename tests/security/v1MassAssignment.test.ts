// T14 over /api/v1: every v1 write (API keys), as admin and as member, with its valid body plus the
// fields no caller may set (forgery.ts: id, workspace, project, created_by, updated_by, deleted_at,
// role, …, and Plane's read-only extras below) and with `__proto__` / `constructor.prototype` keys:
// nothing forged is persisted anywhere, no role changes, B is untouched.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiHarness, startApiHarness } from '../helpers/apiHarness.ts';
import {
  bodyFields,
  FORGED_DATE,
  FORGED_EMAIL,
  FORGED_ID,
  FORGED_SLUG,
  ForgeryDetector,
  massAssignmentFindings,
  type WriteRoute,
} from './forgery.ts';
import { declaredRoutes, isWrite, routeKey, routerRoutes } from './inventory.ts';
import { newLedger } from './rawClient.ts';
import { V1_MATRIX } from './v1Matrix.ts';
import { overApiKeys, type V1World } from './v1World.ts';
import { buildWorld, changedTables, snapshotWorkspace } from './world.ts';

let h: ApiHarness;
let world: V1World;
let detector: ForgeryDetector;
const ledger = newLedger();

before(async () => {
  h = await startApiHarness();
  world = await overApiKeys(await buildWorld(h, ledger));
  detector = new ForgeryDetector(h.db, world.b);
});
after(async () => {
  await h.close();
});

/** Read-only fields of Plane's v1 objects (serializer-computed or server-set), forged. */
function planeReadOnly(world: V1World): Record<string, unknown> {
  const { b } = world;
  return {
    workspace__slug: b.ids.slug,
    project__identifier: FORGED_SLUG,
    workspace_detail: { id: b.workspace.id, slug: FORGED_SLUG },
    project_detail: { id: b.project.id, identifier: FORGED_SLUG },
    issue_detail: { id: FORGED_ID, name: FORGED_SLUG },
    user: b.admin.id,
    user_id: b.admin.id,
    edited_at: FORGED_DATE,
    started_at: FORGED_DATE,
    source_email: FORGED_EMAIL,
    progress_snapshot: { forged: FORGED_SLUG },
    total_issues: 987_654,
    total_members: 987_654,
    is_member: false,
    member_role: 5,
    accepted: true,
    asset: `../../${FORGED_SLUG}`,
    token: FORGED_SLUG,
    is_service: true,
  };
}

describe('T14 mass assignment over /api/v1', () => {
  it('its detector finds a value forged through a v1 write', async () => {
    const { a } = world;
    const url = `/api/v1/workspaces/${a.ids.slug}/projects/${a.ids.project}/labels/${a.ids.label2}/`;
    const res = await world.call('admin', 'PATCH', url, { description: FORGED_EMAIL });
    assert.equal(res.status, 200, res.text);
    const traces = await detector.traces();
    assert.ok(
      traces.some((t) => t.startsWith('labels:') && t.includes(FORGED_EMAIL)),
      traces.join('\n'),
    );
    await world.call('admin', 'PATCH', url, { description: '' });
    detector.reset();
    assert.deepEqual(await detector.traces(), [], 'clean again');
  });

  it('no v1 write persists a forbidden field (as admin and as member)', async () => {
    const schemas = new Map((await declaredRoutes(h.app)).map((r) => [routeKey(r.method, r.path), r.schema]));
    const writes: WriteRoute[] = routerRoutes(h.app).flatMap((r) => {
      const key = routeKey(r.method, r.path);
      const entry = V1_MATRIX[key];
      return isWrite(r.method) && entry ? [{ ...r, entry, accepts: bodyFields(schemas.get(key)) }] : [];
    });
    assert.ok(writes.length > 60, `v1 write routes: ${writes.length}`);
    const bBefore = await snapshotWorkspace(h.db, world.b);
    const { findings, succeeded } = await massAssignmentFindings(world, writes, detector, planeReadOnly(world));
    const { rows } = await h.db.query<{ email: string }>('SELECT email FROM workspace_invitations WHERE accepted');
    for (const row of rows) findings.push(`invitation ${row.email} became accepted`);
    assert.deepEqual(changedTables(bBefore, await snapshotWorkspace(h.db, world.b)), [], "B's rows unchanged");
    assert.ok(succeeded > 80, `writes that succeeded with forbidden fields added: ${succeeded}`);
    assert.deepEqual(findings, [], `\n${findings.join('\n')}`);
  });

  it('never answered 5xx', () => {
    assert.deepEqual(ledger.serverErrors, []);
  });
});
