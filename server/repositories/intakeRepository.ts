// A project's intake: its one `intakes` row and the `intake_issues` that tie work items to it. Every
// query is scoped by the project id from the caller's access; an intake item whose work item is
// deleted is gone with it.
import type { Queryable } from './activityRepository.ts';
import type { JsonObject } from './projectsRepository.ts';
import { type StateRef, type Viewer, WORK_ITEM_COLUMNS, type WorkItemRow } from './workItemsRepository.ts';

/** Plane's intake statuses. Pending and snoozed items wait in the Triage state. */
export const INTAKE_STATUS = { pending: -2, rejected: -1, snoozed: 0, accepted: 1, duplicate: 2 } as const;
export type IntakeStatus = (typeof INTAKE_STATUS)[keyof typeof INTAKE_STATUS];

export function isIntakeStatus(value: unknown): value is IntakeStatus {
  return value === -2 || value === -1 || value === 0 || value === 1 || value === 2;
}

export interface IntakeIssueRow {
  id: string;
  workspace_id: string;
  project_id: string;
  intake_id: string;
  issue_id: string;
  status: IntakeStatus;
  snoozed_till: Date | null;
  duplicate_to: string | null;
  source: string;
  source_email: string | null;
  extra: JsonObject;
  created_by: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

/** An intake item with its work item. */
export interface IntakeIssueView {
  intake: IntakeIssueRow;
  item: WorkItemRow;
}

const INTAKE_KEYS = [
  'id',
  'workspace_id',
  'project_id',
  'intake_id',
  'issue_id',
  'status',
  'snoozed_till',
  'duplicate_to',
  'source',
  'source_email',
  'extra',
  'created_by',
  'updated_by',
  'created_at',
  'updated_at',
  'deleted_at',
] as const;
// The work item's columns keep their names; the intake row's come prefixed, in one row.
const VIEW_COLUMNS = `${WORK_ITEM_COLUMNS}, ${INTAKE_KEYS.map((k) => `ii.${k} AS ii_${k}`).join(', ')}`;
const VIEW_FROM = `FROM intake_issues ii JOIN issues i ON i.id = ii.issue_id AND i.deleted_at IS NULL JOIN projects p ON p.id = i.project_id`;

function splitView(row: Record<string, unknown>): IntakeIssueView {
  const intake: Record<string, unknown> = {};
  const item: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key.startsWith('ii_')) intake[key.slice(3)] = value;
    else item[key] = value;
  }
  return { intake: intake as unknown as IntakeIssueRow, item: item as unknown as WorkItemRow };
}

/** The project's intake id, made on first use. */
export async function ensureIntake(db: Queryable, project: { id: string; workspace_id: string }, actorId: string): Promise<string> {
  const inserted = await db.query<{ id: string }>(
    `INSERT INTO intakes (workspace_id, project_id, created_by, updated_by) VALUES ($1, $2, $3, $3)
     ON CONFLICT (project_id) DO NOTHING RETURNING id`,
    [project.workspace_id, project.id, actorId],
  );
  const id =
    inserted.rows[0]?.id ?? (await db.query<{ id: string }>('SELECT id FROM intakes WHERE project_id = $1', [project.id])).rows[0]?.id;
  if (!id) throw new Error('intake neither inserted nor found');
  return id;
}

export async function insertIntakeIssue(
  db: Queryable,
  fields: { intakeId: string; project: { id: string; workspace_id: string }; issueId: string; actorId: string },
): Promise<void> {
  await db.query(
    `INSERT INTO intake_issues (workspace_id, project_id, intake_id, issue_id, created_by, updated_by) VALUES ($1, $2, $3, $4, $5, $5)`,
    [fields.project.workspace_id, fields.project.id, fields.intakeId, fields.issueId, fields.actorId],
  );
}

/** The live intake item of work item `issueId` (guests limited to their own by `viewer`), or null. */
export async function findIntakeIssue(
  db: Queryable,
  scope: { projectId: string; issueId: string; viewer?: Viewer; forUpdate?: boolean },
): Promise<IntakeIssueView | null> {
  const own = scope.viewer?.onlyOwnItems ? ' AND ii.created_by = $3' : '';
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT ${VIEW_COLUMNS} ${VIEW_FROM}
      WHERE ii.project_id = $1 AND ii.issue_id = $2 AND ii.deleted_at IS NULL${own}${scope.forUpdate ? ' FOR UPDATE OF ii, i' : ''}`,
    [scope.projectId, scope.issueId, ...(own ? [scope.viewer?.userId] : [])],
  );
  return rows[0] ? splitView(rows[0]) : null;
}

/** A page of the project's intake items, newest first, and how many there are in all. */
export async function listIntakeIssues(
  db: Queryable,
  scope: { projectId: string; viewer?: Viewer; statuses?: IntakeStatus[]; limit: number; offset: number },
): Promise<{ total: number; views: IntakeIssueView[] }> {
  const params: unknown[] = [scope.projectId];
  let where = 'ii.project_id = $1 AND ii.deleted_at IS NULL';
  if (scope.viewer?.onlyOwnItems) {
    params.push(scope.viewer.userId);
    where += ` AND ii.created_by = $${params.length}`;
  }
  if (scope.statuses) {
    params.push(scope.statuses);
    where += ` AND ii.status = ANY($${params.length}::smallint[])`;
  }
  const counted = await db.query<{ n: number }>(`SELECT count(*)::int AS n ${VIEW_FROM} WHERE ${where}`, params);
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT ${VIEW_COLUMNS} ${VIEW_FROM} WHERE ${where} ORDER BY ii.created_at DESC, ii.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, scope.limit, scope.offset],
  );
  return { total: counted.rows[0]?.n ?? 0, views: rows.map(splitView) };
}

export async function updateIntakeIssueRow(
  db: Queryable,
  id: string,
  actorId: string,
  fields: { status: IntakeStatus; snoozed_till: string | null; duplicate_to: string | null },
): Promise<void> {
  await db.query(
    `UPDATE intake_issues SET status = $3, snoozed_till = $4, duplicate_to = $5, updated_by = $2, updated_at = now() WHERE id = $1`,
    [id, actorId, fields.status, fields.snoozed_till, fields.duplicate_to],
  );
}

export async function softDeleteIntakeIssue(db: Queryable, id: string, actorId: string): Promise<void> {
  await db.query('UPDATE intake_issues SET deleted_at = now(), updated_by = $2, updated_at = now() WHERE id = $1', [id, actorId]);
}

/** Whether the work item waits in intake (pending or snoozed): it must stay in Triage until triaged. */
export async function isWaitingInIntake(db: Queryable, issueId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM intake_issues WHERE issue_id = $1 AND status IN (-2, 0) AND deleted_at IS NULL', [
    issueId,
  ]);
  return rows.length > 0;
}

/** The project's Triage state, or the first of its cancelled states (where rejected items go). */
export async function findIntakeState(db: Queryable, projectId: string, kind: 'triage' | 'cancelled'): Promise<StateRef | null> {
  const { rows } = await db.query<StateRef>(
    `SELECT id, name, "group" FROM states
      WHERE project_id = $1 AND deleted_at IS NULL AND ${kind === 'triage' ? 'is_triage' : `"group" = 'cancelled'`}
      ORDER BY sequence, created_at LIMIT 1`,
    [projectId],
  );
  return rows[0] ?? null;
}

/** Whether the project's intake is switched on (projects.intake_view). */
export async function intakeEnabled(db: Queryable, projectId: string): Promise<boolean> {
  const { rows } = await db.query<{ intake_view: boolean }>('SELECT intake_view FROM projects WHERE id = $1', [projectId]);
  return rows[0]?.intake_view === true;
}
