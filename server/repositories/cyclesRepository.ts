// Cycles of a project and the work items in them (a work item is in at most one cycle). Every query
// is scoped by the project id from the caller's access. "Today" is the project's calendar day (its
// time zone), given by the caller: cycle status and the cycle_view filters are relative to it.
import type { Queryable } from './activityRepository.ts';
import { insertProjectRow, type ProjectTable, updateProjectRow } from './projectRowWriter.ts';
import type { JsonObject } from './projectsRepository.ts';
import { WORK_ITEM_COLUMNS, type Viewer, type WorkItemRow } from './workItemsRepository.ts';

/** Plane's computed cycle status (its app API spells them in capitals). */
export type CycleStatus = 'DRAFT' | 'UPCOMING' | 'CURRENT' | 'COMPLETED';

export const CYCLE_VIEWS = ['all', 'current', 'upcoming', 'completed', 'draft', 'incomplete'] as const;
export type CycleView = (typeof CYCLE_VIEWS)[number];

export interface CycleCounts {
  total_issues: number;
  cancelled_issues: number;
  completed_issues: number;
  started_issues: number;
  unstarted_issues: number;
  backlog_issues: number;
}

export interface CycleRow extends CycleCounts {
  id: string;
  workspace_id: string;
  project_id: string;
  name: string;
  description: string;
  /** "YYYY-MM-DD" */
  start_date: string | null;
  /** "YYYY-MM-DD" */
  end_date: string | null;
  owned_by: string | null;
  view_props: JsonObject;
  sort_order: number;
  progress_snapshot: JsonObject;
  archived_at: Date | null;
  logo_props: JsonObject;
  timezone: string;
  version: number;
  external_source: string | null;
  external_id: string | null;
  created_by: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
  status: CycleStatus;
}

/** The cycle's own columns, for rules (locked rows). */
export interface CycleHead {
  id: string;
  name: string;
  start_date: string | null;
  end_date: string | null;
  owned_by: string | null;
  archived_at: Date | null;
  external_source: string | null;
  external_id: string | null;
}

export interface CycleIssueRow {
  id: string;
  cycle_id: string;
  issue_id: string;
  project_id: string;
  workspace_id: string;
  created_by: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export const CYCLE_WRITABLE = [
  'name',
  'description',
  'start_date',
  'end_date',
  'owned_by',
  'view_props',
  'sort_order',
  'logo_props',
  'timezone',
  'external_source',
  'external_id',
] as const;
export type CycleWritable = (typeof CYCLE_WRITABLE)[number];
export type CycleFields = Partial<Record<CycleWritable, unknown>>;

const JSON_COLUMNS = new Set<string>(['view_props', 'logo_props']);

function entries(fields: CycleFields): [string, unknown][] {
  return CYCLE_WRITABLE.filter((c) => fields[c] !== undefined).map((c) => [c, JSON_COLUMNS.has(c) ? JSON.stringify(fields[c]) : fields[c]]);
}

const HEAD_COLUMNS = `c.id, c.name, to_char(c.start_date, 'YYYY-MM-DD') AS start_date, to_char(c.end_date, 'YYYY-MM-DD') AS end_date,
  c.owned_by, c.archived_at, c.external_source, c.external_id`;

const CYCLES: ProjectTable = { table: 'cycles', alias: 'c', returning: 'c.id' };

/** Items that count: live, not archived, not drafts (Plane's issue_objects). */
const COUNTED_ITEMS = 'i.deleted_at IS NULL AND i.archived_at IS NULL AND NOT i.is_draft';

/** Columns of a CycleRow from `cycles c`; `$today` is the parameter holding the project's date. */
function cycleColumns(today: string): string {
  return `c.id, c.workspace_id, c.project_id, c.name, c.description,
  to_char(c.start_date, 'YYYY-MM-DD') AS start_date, to_char(c.end_date, 'YYYY-MM-DD') AS end_date, c.owned_by, c.view_props,
  c.sort_order, c.progress_snapshot, c.archived_at, c.logo_props, c.timezone, c.version, c.external_source, c.external_id,
  c.created_by, c.updated_by, c.created_at, c.updated_at, c.deleted_at,
  CASE WHEN c.start_date IS NULL THEN 'DRAFT' WHEN c.end_date < ${today}::date THEN 'COMPLETED'
       WHEN c.start_date > ${today}::date THEN 'UPCOMING' ELSE 'CURRENT' END AS status,
  n.total_issues, n.cancelled_issues, n.completed_issues, n.started_issues, n.unstarted_issues, n.backlog_issues`;
}

const COUNTS_JOIN = `LEFT JOIN LATERAL (
    SELECT count(*)::int AS total_issues,
           count(*) FILTER (WHERE s."group" = 'cancelled')::int AS cancelled_issues,
           count(*) FILTER (WHERE s."group" = 'completed')::int AS completed_issues,
           count(*) FILTER (WHERE s."group" = 'started')::int AS started_issues,
           count(*) FILTER (WHERE s."group" = 'unstarted')::int AS unstarted_issues,
           count(*) FILTER (WHERE s."group" = 'backlog')::int AS backlog_issues
      FROM cycle_issues ci JOIN issues i ON i.id = ci.issue_id LEFT JOIN states s ON s.id = i.state_id
     WHERE ci.cycle_id = c.id AND ${COUNTED_ITEMS}) n ON true`;

/** Plane's cycle_view filters, with $2 the project's date. */
const VIEW_FILTERS: Record<CycleView, string> = {
  all: '',
  current: 'AND c.start_date <= $2::date AND c.end_date >= $2::date',
  upcoming: 'AND c.start_date > $2::date',
  completed: 'AND c.end_date < $2::date',
  draft: 'AND c.start_date IS NULL',
  incomplete: 'AND (c.end_date IS NULL OR c.end_date >= $2::date)',
};

/** The project's cycle settings and its calendar date now (in its time zone). */
export async function cycleProjectContext(
  db: Queryable,
  projectId: string,
): Promise<{ cycleView: boolean; timezone: string; today: string } | null> {
  const { rows } = await db.query<{ cycle_view: boolean; timezone: string }>('SELECT cycle_view, timezone FROM projects WHERE id = $1', [
    projectId,
  ]);
  const row = rows[0];
  if (!row) return null;
  return { cycleView: row.cycle_view, timezone: row.timezone, today: dateIn(row.timezone) };
}

/** "YYYY-MM-DD" of `at` in time zone `timezone` (UTC when the zone is unknown). */
export function dateIn(timezone: string, at: Date = new Date()): string {
  const format = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  try {
    return format(timezone).format(at);
  } catch {
    return format('UTC').format(at);
  }
}

export async function listCycles(
  db: Queryable,
  projectId: string,
  today: string,
  options: { view?: CycleView; archived?: boolean } = {},
): Promise<CycleRow[]> {
  const { rows } = await db.query<CycleRow>(
    `SELECT ${cycleColumns('$2')} FROM cycles c ${COUNTS_JOIN}
      WHERE c.project_id = $1 AND c.deleted_at IS NULL AND c.archived_at IS ${options.archived ? 'NOT NULL' : 'NULL'}
            ${VIEW_FILTERS[options.view ?? 'all']}
      ORDER BY c.created_at DESC, c.id`,
    [projectId, today],
  );
  return rows;
}

/** A live cycle of the project (archived or not), with its counts and status; null when not there. */
export async function findCycle(db: Queryable, projectId: string, cycleId: string, today: string): Promise<CycleRow | null> {
  const { rows } = await db.query<CycleRow>(
    `SELECT ${cycleColumns('$3')} FROM cycles c ${COUNTS_JOIN} WHERE c.project_id = $1 AND c.id = $2 AND c.deleted_at IS NULL`,
    [projectId, cycleId, today],
  );
  return rows[0] ?? null;
}

/** Locks live cycles of the project (in id order, so two commands never deadlock); missing ones are absent. */
export async function lockCycles(tx: Queryable, projectId: string, cycleIds: string[]): Promise<Map<string, CycleHead>> {
  const { rows } = await tx.query<CycleHead>(
    `SELECT ${HEAD_COLUMNS} FROM cycles c WHERE c.project_id = $1 AND c.id = ANY($2::uuid[]) AND c.deleted_at IS NULL
      ORDER BY c.id FOR UPDATE`,
    [projectId, cycleIds],
  );
  return new Map(rows.map((row) => [row.id, row]));
}

export async function lockCycle(tx: Queryable, projectId: string, cycleId: string): Promise<CycleHead | null> {
  return (await lockCycles(tx, projectId, [cycleId])).get(cycleId) ?? null;
}

/** Another live cycle of the project with this external pair, for 409s. */
export async function findCycleByExternal(
  db: Queryable,
  projectId: string,
  pair: { external_source: string; external_id: string },
  exceptId: string | null,
): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM cycles WHERE project_id = $1 AND external_source = $2 AND external_id = $3 AND deleted_at IS NULL
        AND ($4::uuid IS NULL OR id <> $4) LIMIT 1`,
    [projectId, pair.external_source, pair.external_id, exceptId],
  );
  return rows[0]?.id ?? null;
}

export async function insertCycle(
  tx: Queryable,
  project: { id: string; workspace_id: string },
  actorId: string,
  fields: CycleFields,
): Promise<string> {
  const row = await insertProjectRow<{ id: string }>(tx, CYCLES, project, actorId, entries(fields));
  return row.id;
}

export async function updateCycleRow(
  tx: Queryable,
  projectId: string,
  cycleId: string,
  actorId: string,
  fields: CycleFields,
): Promise<void> {
  await updateProjectRow(tx, CYCLES, projectId, cycleId, actorId, entries(fields));
}

export async function softDeleteCycle(tx: Queryable, projectId: string, cycleId: string, actorId: string): Promise<void> {
  await tx.query(
    'UPDATE cycles SET deleted_at = now(), updated_by = $3, updated_at = now() WHERE project_id = $1 AND id = $2 AND deleted_at IS NULL',
    [projectId, cycleId, actorId],
  );
}

export async function setCycleArchived(
  tx: Queryable,
  projectId: string,
  cycleId: string,
  actorId: string,
  archived: boolean,
): Promise<void> {
  await tx.query(
    `UPDATE cycles SET archived_at = ${archived ? 'now()' : 'NULL'}, updated_by = $3, updated_at = now()
      WHERE project_id = $1 AND id = $2 AND deleted_at IS NULL`,
    [projectId, cycleId, actorId],
  );
}

export async function saveProgressSnapshot(tx: Queryable, projectId: string, cycleId: string, snapshot: JsonObject): Promise<void> {
  await tx.query('UPDATE cycles SET progress_snapshot = $3 WHERE project_id = $1 AND id = $2', [
    projectId,
    cycleId,
    JSON.stringify(snapshot),
  ]);
}

/** Whether `userId` is an active member of the project (cycle owners must be). */
export async function isActiveProjectMember(db: Queryable, projectId: string, userId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM project_members WHERE project_id = $1 AND member_id = $2 AND is_active', [
    projectId,
    userId,
  ]);
  return rows.length > 0;
}

/** Which of `ids` are live work items of the project. */
export async function findProjectIssueIds(db: Queryable, projectId: string, ids: readonly string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM issues WHERE project_id = $1 AND id = ANY($2::uuid[]) AND deleted_at IS NULL',
    [projectId, ids],
  );
  return new Set(rows.map((row) => row.id));
}

/** The cycle each of `issueIds` is in now (locked), with the cycle's name for activity rows. */
export async function currentCycles(
  tx: Queryable,
  projectId: string,
  issueIds: readonly string[],
): Promise<Map<string, { cycleId: string; cycleName: string }>> {
  const { rows } = await tx.query<{ issue_id: string; cycle_id: string; name: string }>(
    `SELECT ci.issue_id, ci.cycle_id, c.name FROM cycle_issues ci JOIN cycles c ON c.id = ci.cycle_id
      WHERE ci.project_id = $1 AND ci.issue_id = ANY($2::uuid[]) ORDER BY ci.issue_id FOR UPDATE OF ci`,
    [projectId, issueIds],
  );
  return new Map(rows.map((row) => [row.issue_id, { cycleId: row.cycle_id, cycleName: row.name }]));
}

/** Puts the items in the cycle, moving any that are in another cycle (one cycle per item). */
export async function putInCycle(
  tx: Queryable,
  scope: { projectId: string; workspaceId: string; cycleId: string; actorId: string },
  issueIds: readonly string[],
): Promise<void> {
  if (issueIds.length === 0) return;
  await tx.query(
    `INSERT INTO cycle_issues (cycle_id, issue_id, project_id, workspace_id, created_by, updated_by)
     SELECT $1::uuid, unnest($2::uuid[]), $3::uuid, $4::uuid, $5::uuid, $5::uuid
     ON CONFLICT (issue_id) DO UPDATE SET cycle_id = excluded.cycle_id, updated_by = excluded.updated_by, updated_at = now()`,
    [scope.cycleId, issueIds, scope.projectId, scope.workspaceId, scope.actorId],
  );
}

const CYCLE_ISSUE_COLUMNS =
  'ci.id, ci.cycle_id, ci.issue_id, ci.project_id, ci.workspace_id, ci.created_by, ci.updated_by, ci.created_at, ci.updated_at';

export async function listCycleIssueRows(
  db: Queryable,
  projectId: string,
  cycleId: string,
  issueIds: readonly string[],
): Promise<CycleIssueRow[]> {
  const { rows } = await db.query<CycleIssueRow>(
    `SELECT ${CYCLE_ISSUE_COLUMNS} FROM cycle_issues ci WHERE ci.project_id = $1 AND ci.cycle_id = $2 AND ci.issue_id = ANY($3::uuid[])
      ORDER BY ci.created_at, ci.id`,
    [projectId, cycleId, issueIds],
  );
  return rows;
}

/** Takes one item out of the cycle; false when it was not in it. */
export async function removeFromCycle(tx: Queryable, projectId: string, cycleId: string, issueId: string): Promise<boolean> {
  const { rowCount } = await tx.query('DELETE FROM cycle_issues WHERE project_id = $1 AND cycle_id = $2 AND issue_id = $3', [
    projectId,
    cycleId,
    issueId,
  ]);
  return (rowCount ?? 0) > 0;
}

/** Empties the cycle; returns the ids of the items that were in it. */
export async function emptyCycle(tx: Queryable, projectId: string, cycleId: string): Promise<string[]> {
  const { rows } = await tx.query<{ issue_id: string }>(
    'DELETE FROM cycle_issues WHERE project_id = $1 AND cycle_id = $2 RETURNING issue_id',
    [projectId, cycleId],
  );
  return rows.map((row) => row.issue_id);
}

/** Live items of the cycle that are not finished (state group neither completed nor cancelled, or no state). */
export async function unfinishedIssueIds(tx: Queryable, projectId: string, cycleId: string): Promise<string[]> {
  const { rows } = await tx.query<{ issue_id: string }>(
    `SELECT ci.issue_id FROM cycle_issues ci JOIN issues i ON i.id = ci.issue_id LEFT JOIN states s ON s.id = i.state_id
      WHERE ci.project_id = $1 AND ci.cycle_id = $2 AND i.deleted_at IS NULL
        AND (s."group" IS NULL OR s."group" NOT IN ('completed', 'cancelled'))
      ORDER BY ci.issue_id FOR UPDATE OF ci`,
    [projectId, cycleId],
  );
  return rows.map((row) => row.issue_id);
}

/** The work items of a cycle that Plane lists (live, not archived, not drafts), newest first. */
export async function listCycleWorkItems(
  db: Queryable,
  scope: { projectId: string; cycleId: string; viewer?: Viewer },
): Promise<WorkItemRow[]> {
  const own = scope.viewer?.onlyOwnItems === true;
  const { rows } = await db.query<WorkItemRow>(
    `SELECT ${WORK_ITEM_COLUMNS} FROM cycle_issues ci JOIN issues i ON i.id = ci.issue_id JOIN projects p ON p.id = i.project_id
      WHERE ci.project_id = $1 AND ci.cycle_id = $2 AND ${COUNTED_ITEMS}${own ? ' AND i.created_by = $3' : ''}
      ORDER BY i.created_at DESC, i.id`,
    own ? [scope.projectId, scope.cycleId, scope.viewer?.userId] : [scope.projectId, scope.cycleId],
  );
  return rows;
}
