// T14 (mass assignment) for any route matrix: each write's valid body with fields the caller may not
// set added (ids, workspace and project references to B, audit fields, dates, sequence ids, roles,
// owner, instance admin, email, slug) and prototype-pollution keys; a detector that finds any trace of
// them persisted anywhere. Used by massAssignment.test.ts (app API) and v1MassAssignment.test.ts.
import { randomUUID } from 'node:crypto';
import type { Pool } from '../../server/db/pool.ts';
import type { Entry } from './matrix.ts';
import { buildCall, is2xx } from './matrixRunner.ts';
import { builders, type Ids, mentionsOutside, type RoleName, type Side, type World } from './world.ts';

export const FORGED_ID = randomUUID();
export const FORGED_DATE = '2001-02-03T04:05:06.000Z';
const FORGED_SEQUENCE = 987_654;
export const FORGED_EMAIL = 'forged-address@example.com';
export const FORGED_SLUG = 'forged-slug-zz';

/** Fields no write may take from its caller, with values that are found again wherever they land. */
export function forbiddenFields(world: World): Record<string, unknown> {
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

/** Prototype keys, appended to a JSON body as text (a JS object literal would not carry `__proto__`). */
export const POLLUTION =
  '{"__proto__": {"polluted": "yes", "is_instance_admin": true}, "constructor": {"prototype": {"polluted": "yes"}}, "prototype": {"polluted": "yes"}';

/** Every workspace and project membership's role, by 'w:<workspace>:<user>' / 'p:<project>:<user>'. */
export async function memberships(db: Pool): Promise<Map<string, number>> {
  const { rows } = await db.query<{ key: string; role: number }>(
    `SELECT 'w:' || workspace_id || ':' || member_id AS key, role FROM workspace_members
     UNION ALL SELECT 'p:' || project_id || ':' || member_id, role FROM project_members`,
  );
  return new Map(rows.map((r) => [r.key, r.role]));
}

/** Finds forged values (and references to B) persisted outside B; each trace is reported once. */
export class ForgeryDetector {
  private readonly reported = new Set<string>();
  private readonly db: Pool;
  private readonly b: Side;

  constructor(db: Pool, b: Side) {
    this.db = db;
    this.b = b;
  }

  /** Traces not reported before (so one bad route is named once, not for every later one). */
  async traces(): Promise<string[]> {
    const { db, b } = this;
    const traces: string[] = [];
    traces.push(...(await mentionsOutside(db, b, [FORGED_ID, '2001-02-03', FORGED_EMAIL, FORGED_SLUG, 'polluted', '../../forged'])));
    traces.push(...(await mentionsOutside(db, b, [b.workspace.id, b.project.id, b.admin.id, b.ids.issue, b.ids.slug])));
    const seq = await db.query('SELECT id FROM issues WHERE sequence_id = $1', [FORGED_SEQUENCE]);
    if (seq.rows.length > 0) traces.push(`issues.sequence_id = ${FORGED_SEQUENCE}`);
    const admins = await db.query<{ email: string }>('SELECT email FROM users WHERE is_instance_admin OR NOT is_active');
    for (const row of admins.rows) traces.push(`users: ${row.email} became instance admin / inactive`);
    const fresh = traces.filter((t) => !this.reported.has(t));
    for (const t of fresh) this.reported.add(t);
    return fresh;
  }

  /** Forgets what was reported (after a self-test). */
  reset(): void {
    this.reported.clear();
  }
}

export interface WriteRoute {
  method: string;
  path: string;
  entry: Entry;
  /**
   * The fields the route's body schema declares: its own, so not forbidden there (another workspace's
   * value in one, e.g. an api token's `workspace_slug`, is T13's business and may rightly be refused).
   */
  accepts?: ReadonlySet<string>;
}

/** The top-level property names of a route's body schema. */
export function bodyFields(schema: unknown): Set<string> {
  const body = (schema as { body?: { properties?: Record<string, unknown> } } | undefined)?.body;
  return new Set(Object.keys(body?.properties ?? {}));
}

/**
 * Every write, as admin and as member, once with the forbidden fields under its valid body and once
 * with prototype keys appended: nothing forged may persist, no role may change, no prototype may be
 * polluted, and the admin's call must still succeed (extra fields are ignored, not refused).
 */
export async function massAssignmentFindings(
  world: World,
  writes: WriteRoute[],
  detector: ForgeryDetector,
  extra: Record<string, unknown> = {},
): Promise<{ findings: string[]; succeeded: number }> {
  const db = world.h.db;
  const findings: string[] = [];
  let succeeded = 0;
  for (const { method, path, entry, accepts } of writes) {
    if (entry.raw) continue;
    const key = `${method} ${path}`;
    const forged = Object.fromEntries(Object.entries({ ...forbiddenFields(world), ...extra }).filter(([field]) => !accepts?.has(field)));
    for (const role of ['admin', 'member'] as const satisfies RoleName[]) {
      for (let i = 0; i < Math.max(1, entry.bodies?.length ?? 0); i++) {
        const ids: Ids = { ...world.a.ids, ...(entry.fresh ? await entry.fresh(builders(world)) : {}) };
        const { call } = buildCall(method, path, entry, i, (o) => ids[o.slot]);
        const valid = (call.body ?? {}) as Record<string, unknown>;
        const body = { ...forged, ...valid };
        const roleWritable = 'role' in valid;
        const rolesBefore = await memberships(db);
        const res = await world.call(role, call.method, call.url, body);
        if (is2xx(res.status)) succeeded += 1;
        else if (role === 'admin' && !(entry.ok ?? []).includes(res.status))
          findings.push(
            `${key}: the valid body plus forbidden fields was refused (${res.status} ${res.text.slice(0, 200)}): extra fields must be ignored`,
          );
        const traces = await detector.traces();
        if (traces.length > 0) findings.push(`${role} ${key} persisted: ${traces.slice(0, 3).join(' ; ')}`);
        if (!roleWritable) {
          const rolesAfter = await memberships(db);
          for (const [k, r] of rolesBefore)
            if (rolesAfter.has(k) && rolesAfter.get(k) !== r)
              findings.push(`${role} ${key} changed role ${k}: ${r} → ${rolesAfter.get(k)}`);
        }
        // Prototype pollution keys: refused (400) or ignored; never on Object.prototype or in a row.
        const fresh: Ids = { ...world.a.ids, ...(entry.fresh ? await entry.fresh(builders(world)) : {}) };
        const second = buildCall(method, path, entry, i, (o) => fresh[o.slot]).call;
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
        const pollutionTraces = await detector.traces();
        if (pollutionTraces.length > 0) findings.push(`${role} ${key} (__proto__) persisted: ${pollutionTraces.slice(0, 3).join(' ; ')}`);
      }
    }
  }
  return { findings, succeeded };
}
