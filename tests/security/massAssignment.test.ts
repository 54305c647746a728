// T14: every write route with fields the caller may not set added to a valid body (ids, workspace and
// project references to B, audit fields, dates, sequence ids, roles, owner, instance admin, email, slug)
// and prototype-pollution keys: none of them is persisted anywhere.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type ApiHarness, startApiHarness } from '../helpers/apiHarness.ts';
import { isWrite, routeKey, routerRoutes } from './inventory.ts';
import { MATRIX, PUBLIC_ROUTES } from './matrix.ts';
import { buildCall, is2xx } from './matrixRunner.ts';
import { newLedger } from './rawClient.ts';
import { builders, changedTables, type Ids, mentionsOutside, type RoleName, snapshotWorkspace, type World, buildWorld } from './world.ts';

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

const FORGED_ID = randomUUID();
const FORGED_DATE = '2001-02-03T04:05:06.000Z';
const FORGED_SEQUENCE = 987_654;
const FORGED_EMAIL = 'forged-address@example.com';
const FORGED_SLUG = 'forged-slug-zz';

function forbidden(world: World): Record<string, unknown> {
  const { b } = world;
  return {
    id: FORGED_ID,
    pk: FORGED_ID,
    workspace: b.workspace.id,
    workspace_id: b.workspace.id,
    workspace_slug: b.ids.slug,
    project: b.project.id,
    project_id: b.project.id,
    issue: b.ids.issue,
    issue_id: b.ids.issue,
    created_by: b.admin.id,
    created_by_id: b.admin.id,
    updated_by: b.admin.id,
    actor: b.admin.id,
    actor_id: b.admin.id,
    owner: b.admin.id,
    owner_id: b.admin.id,
    member_id: b.admin.id,
    created_at: FORGED_DATE,
    updated_at: FORGED_DATE,
    deleted_at: FORGED_DATE,
    archived_at: FORGED_DATE,
    completed_at: FORGED_DATE,
    responded_at: FORGED_DATE,
    sequence_id: FORGED_SEQUENCE,
    role: 5,
    is_instance_admin: true,
    is_active: false,
    email: FORGED_EMAIL,
    slug: FORGED_SLUG,
    token_hash: 'forged',
    storage_key: '../../forged',
    is_uploaded: true,
  };
}

const POLLUTION =
  '{"__proto__": {"polluted": "yes", "is_instance_admin": true}, "constructor": {"prototype": {"polluted": "yes"}}, "prototype": {"polluted": "yes"}';

async function memberships(): Promise<Map<string, number>> {
  const { rows } = await h.db.query<{ key: string; role: number }>(
    `SELECT 'w:' || workspace_id || ':' || member_id AS key, role FROM workspace_members
     UNION ALL SELECT 'p:' || project_id || ':' || member_id, role FROM project_members`,
  );
  return new Map(rows.map((r) => [r.key, r.role]));
}

const reported = new Set<string>();

/** Traces of forged values not reported before (so one bad route is named once, not for every later one). */
async function forgedTraces(): Promise<string[]> {
  const traces: string[] = [];
  const { b } = world;
  traces.push(...(await mentionsOutside(h.db, b, [FORGED_ID, '2001-02-03', FORGED_EMAIL, FORGED_SLUG, 'polluted', '../../forged'])));
  traces.push(...(await mentionsOutside(h.db, b, [b.workspace.id, b.project.id, b.admin.id, b.ids.issue, b.ids.slug])));
  const seq = await h.db.query('SELECT id FROM issues WHERE sequence_id = $1', [FORGED_SEQUENCE]);
  if (seq.rows.length > 0) traces.push(`issues.sequence_id = ${FORGED_SEQUENCE}`);
  const admins = await h.db.query<{ email: string }>('SELECT email FROM users WHERE is_instance_admin OR NOT is_active');
  for (const row of admins.rows) traces.push(`users: ${row.email} became instance admin / inactive`);
  const fresh = traces.filter((t) => !reported.has(t));
  for (const t of fresh) reported.add(t);
  return fresh;
}

describe('T14 mass assignment', () => {
  it('its detector finds a planted forged value and a planted reference to B', async () => {
    const { a, b } = world;
    await h.db.query('UPDATE labels SET description = $2 WHERE id = $1', [a.ids.label, FORGED_EMAIL]);
    await h.db.query('UPDATE issues SET updated_by = $2 WHERE id = $1', [a.ids.issue2, b.admin.id]);
    const traces = await forgedTraces();
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
    reported.clear();
    assert.deepEqual(await forgedTraces(), [], 'clean again');
  });

  it('no write route persists a forbidden field (as admin and as member)', async () => {
    const writes = routerRoutes(h.app).filter(
      (r) => r.path.startsWith('/api/') && isWrite(r.method) && !PUBLIC_ROUTES.has(routeKey(r.method, r.path)),
    );
    assert.ok(writes.length > 30, `write routes: ${writes.length}`);
    const findings: string[] = [];
    let succeeded = 0;
    const bBefore = await snapshotWorkspace(h.db, world.b);
    for (const route of writes) {
      const key = routeKey(route.method, route.path);
      const entry = MATRIX[key];
      if (!entry || entry.raw) continue;
      for (const role of ['admin', 'member'] as const satisfies RoleName[]) {
        for (let i = 0; i < Math.max(1, entry.bodies?.length ?? 0); i++) {
          const ids: Ids = { ...world.a.ids, ...(entry.fresh ? await entry.fresh(builders(world)) : {}) };
          const { call } = buildCall(route.method, route.path, entry, i, (o) => ids[o.slot]);
          const valid = (call.body ?? {}) as Record<string, unknown>;
          const body = { ...forbidden(world), ...valid };
          const roleWritable = 'role' in valid;
          const rolesBefore = await memberships();
          const res = await world.call(role, call.method, call.url, body);
          if (is2xx(res.status)) succeeded += 1;
          else if (role === 'admin' && !(entry.ok ?? []).includes(res.status))
            findings.push(
              `${key}: the valid body plus forbidden fields was refused (${res.status} ${res.text.slice(0, 200)}): extra fields must be ignored`,
            );
          const traces = await forgedTraces();
          if (traces.length > 0) findings.push(`${role} ${key} persisted: ${traces.slice(0, 3).join(' ; ')}`);
          if (!roleWritable) {
            const rolesAfter = await memberships();
            for (const [k, r] of rolesBefore)
              if (rolesAfter.has(k) && rolesAfter.get(k) !== r)
                findings.push(`${role} ${key} changed role ${k}: ${r} → ${rolesAfter.get(k)}`);
          }
          // Prototype pollution keys: refused (400) or ignored; never on Object.prototype or in a row.
          const fresh: Ids = { ...world.a.ids, ...(entry.fresh ? await entry.fresh(builders(world)) : {}) };
          const second = buildCall(route.method, route.path, entry, i, (o) => fresh[o.slot]).call;
          const rawBody = `${JSON.stringify(second.body ?? {}).slice(0, -1)}${Object.keys((second.body ?? {}) as object).length > 0 ? ', ' : ''}${POLLUTION}}`;
          const polluted = await world.call(role, second.method, second.url, rawBody);
          if (
            !(
              polluted.status === 400 ||
              is2xx(polluted.status) ||
              polluted.status === 403 ||
              polluted.status === 404 ||
              polluted.status === 409
            )
          )
            findings.push(`${role} ${key} with __proto__ → ${polluted.status} ${polluted.text.slice(0, 200)}`);
          if ((Object.prototype as Record<string, unknown>).polluted !== undefined)
            findings.push(`${role} ${key}: Object.prototype polluted`);
          const pollutionTraces = await forgedTraces();
          if (pollutionTraces.length > 0) findings.push(`${role} ${key} (__proto__) persisted: ${pollutionTraces.slice(0, 3).join(' ; ')}`);
        }
      }
    }
    assert.deepEqual(changedTables(bBefore, await snapshotWorkspace(h.db, world.b)), [], "B's rows unchanged");
    assert.ok(succeeded > 40, `writes that succeeded with forbidden fields added: ${succeeded}`);
    assert.deepEqual(findings, [], `\n${findings.join('\n')}`);
  });

  it('never answered 5xx', () => {
    assert.deepEqual(ledger.serverErrors, []);
  });
});
