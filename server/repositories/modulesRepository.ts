// Modules of a project, their members and their work items. Every query is scoped by the project id
// from the caller's access; soft-deleted modules are invisible, archived ones are read separately.
import type { Queryable } from './activityRepository.ts';
import { insertProjectRow, type ProjectTable, updateProjectRow } from './projectRowWriter.ts';
import type { JsonObject } from './projectsRepository.ts';
import { type Viewer, WORK_ITEM_COLUMNS, type WorkItemRow } from './workItemsRepository.ts';

export const MODULE_STATUSES = ['backlog', 'planned', 'in-progress', 'paused', 'completed', 'cancelled'] as const;
export type ModuleStatus = (typeof MODULE_STATUSES)[number];

/** Work-item counts of a module by state group (live, non-archived, non-draft items). */
export interface ModuleCounts {
  total_issues: number;
  backlog_issues: number;
  unstarted_issues: number;
  started_issues: number;
  completed_issues: number;
  cancelled_issues: number;
}

export interface ModuleRow extends ModuleCounts {
  id: string;
  workspace_id: string;
  project_id: string;
  name: string;
  description: string;
  description_text: string | null;
  description_html: string;
  /** "YYYY-MM-DD" */
  start_date: string | null;
  /** "YYYY-MM-DD" */
  target_date: string | null;
  status: ModuleStatus;
  lead: string | null;
  view_props: JsonObject;
  sort_order: number;
  archived_at: Date | null;
  logo_props: JsonObject;
  external_source: string | null;
  external_id: string | null;
  created_by: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
  member_ids: string[];
}

export const MODULE_WRITABLE = [
  'name',
  'description',
  'description_text',
  'description_html',
  'start_date',
  'target_date',
  'status',
  'lead',
  'view_props',
  'sort_order',
  'logo_props',
  'external_source',
  'external_id',
] as const;
export type ModuleWritable = (typeof MODULE_WRITABLE)[number];
export type ModuleFields = Partial<Record<ModuleWritable, unknown>>;

/** Counted items: what Plane's module counts see (not deleted, not archived, not drafts). */
const COUNTED_ITEM = 'i.deleted_at IS NULL AND i.archived_at IS NULL AND NOT i.is_draft';

const MODULE_SELECT = `SELECT m.id, m.workspace_id, m.project_id, m.name, m.description, m.description_text, m.description_html,
    to_char(m.start_date, 'YYYY-MM-DD') AS start_date, to_char(m.target_date, 'YYYY-MM-DD') AS target_date, m.status, m.lead,
    m.view_props, m.sort_order, m.archived_at, m.logo_props, m.external_source, m.external_id, m.created_by, m.updated_by,
    m.created_at, m.updated_at, m.deleted_at,
    ARRAY(SELECT mm.member_id FROM module_members mm WHERE mm.module_id = m.id ORDER BY mm.created_at, mm.member_id) AS member_ids,
    c.total_issues, c.backlog_issues, c.unstarted_issues, c.started_issues, c.completed_issues, c.cancelled_issues
  FROM modules m
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS total_issues,
           count(*) FILTER (WHERE s."group" = 'backlog')::int AS backlog_issues,
           count(*) FILTER (WHERE s."group" = 'unstarted')::int AS unstarted_issues,
           count(*) FILTER (WHERE s."group" = 'started')::int AS started_issues,
           count(*) FILTER (WHERE s."group" = 'completed')::int AS completed_issues,
           count(*) FILTER (WHERE s."group" = 'cancelled')::int AS cancelled_issues
      FROM module_issues mi
      JOIN issues i ON i.id = mi.issue_id AND ${COUNTED_ITEM}
      LEFT JOIN states s ON s.id = i.state_id
     WHERE mi.module_id = m.id
  ) c`;

const MODULES: ProjectTable = { table: 'modules', alias: 'm', returning: 'm.id' };

function entries(fields: ModuleFields): [ModuleWritable, unknown][] {
  return MODULE_WRITABLE.filter((c) => fields[c] !== undefined).map((c) => [c, fields[c]]);
}

export async function insertModule(
  db: Queryable,
  project: { id: string; workspace_id: string },
  actorId: string,
  fields: ModuleFields,
): Promise<string> {
  const row = await insertProjectRow<{ id: string }>(db, MODULES, project, actorId, entries(fields));
  return row.id;
}

/** Updates a live module of the project; false when it is not there. */
export async function updateModule(
  db: Queryable,
  projectId: string,
  moduleId: string,
  actorId: string,
  fields: ModuleFields,
): Promise<boolean> {
  return (await updateProjectRow<{ id: string }>(db, MODULES, projectId, moduleId, actorId, entries(fields))) !== null;
}

/** A live module of the project (archived or not), with members and counts; null when missing. */
export async function findModule(db: Queryable, projectId: string, moduleId: string): Promise<ModuleRow | null> {
  const { rows } = await db.query<ModuleRow>(`${MODULE_SELECT} WHERE m.project_id = $1 AND m.id = $2 AND m.deleted_at IS NULL`, [
    projectId,
    moduleId,
  ]);
  return rows[0] ?? null;
}

/** The project's live modules, newest first: the archived ones or the others. */
export async function listModules(db: Queryable, projectId: string, options: { archived: boolean }): Promise<ModuleRow[]> {
  const { rows } = await db.query<ModuleRow>(
    `${MODULE_SELECT} WHERE m.project_id = $1 AND m.deleted_at IS NULL AND (m.archived_at IS NOT NULL) = $2
      ORDER BY m.created_at DESC, m.id`,
    [projectId, options.archived],
  );
  return rows;
}

/** Locks a live module row for the rest of the transaction; false when it is not there. */
export async function lockModule(db: Queryable, projectId: string, moduleId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT id FROM modules WHERE project_id = $1 AND id = $2 AND deleted_at IS NULL FOR UPDATE', [
    projectId,
    moduleId,
  ]);
  return rows.length > 0;
}

/** The live module with this name (case-insensitive) in the project, other than `exceptId`. */
export async function findModuleByName(
  db: Queryable,
  projectId: string,
  name: string,
  exceptId: string | null,
): Promise<{ id: string } | null> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM modules WHERE project_id = $1 AND lower(name) = lower($2) AND deleted_at IS NULL AND ($3::uuid IS NULL OR id <> $3) LIMIT 1`,
    [projectId, name, exceptId],
  );
  return rows[0] ?? null;
}

/** The live module other than `exceptId` carrying this external pair. */
export async function findModuleByExternalId(
  db: Queryable,
  projectId: string,
  pair: { external_source: string; external_id: string },
  exceptId: string | null,
): Promise<{ id: string } | null> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM modules WHERE project_id = $1 AND external_source = $2 AND external_id = $3 AND deleted_at IS NULL
        AND ($4::uuid IS NULL OR id <> $4) LIMIT 1`,
    [projectId, pair.external_source, pair.external_id, exceptId],
  );
  return rows[0] ?? null;
}

/** After the project's last module, so a new module sorts last (Plane's rule: largest + 10000). */
export async function nextModuleSortOrder(db: Queryable, projectId: string): Promise<number> {
  const { rows } = await db.query<{ next: number | null }>(
    'SELECT max(sort_order) + 10000 AS next FROM modules WHERE project_id = $1 AND deleted_at IS NULL',
    [projectId],
  );
  return rows[0]?.next ?? 65535;
}

/** Whether the project has modules turned on (projects.module_view). */
export async function moduleViewEnabled(db: Queryable, projectId: string): Promise<boolean> {
  const { rows } = await db.query<{ module_view: boolean }>('SELECT module_view FROM projects WHERE id = $1', [projectId]);
  return rows[0]?.module_view === true;
}

/** The users among `ids` who are active members of the project (any role). */
export async function activeProjectMembers(db: Queryable, projectId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<{ member_id: string }>(
    'SELECT member_id FROM project_members WHERE project_id = $1 AND member_id = ANY($2::uuid[]) AND is_active',
    [projectId, ids],
  );
  return rows.map((r) => r.member_id);
}

/** Makes the module's member set exactly `memberIds` (already checked to be project members). */
export async function replaceModuleMembers(
  db: Queryable,
  module: { id: string; project_id: string; workspace_id: string },
  memberIds: readonly string[],
  actorId: string,
): Promise<void> {
  await db.query('DELETE FROM module_members WHERE module_id = $1 AND NOT (member_id = ANY($2::uuid[]))', [module.id, memberIds]);
  if (memberIds.length === 0) return;
  await db.query(
    `INSERT INTO module_members (module_id, member_id, project_id, workspace_id, created_by)
     SELECT $1, x, $2, $3, $4 FROM unnest($5::uuid[]) WITH ORDINALITY AS t(x, ord) ORDER BY ord
     ON CONFLICT (module_id, member_id) DO NOTHING`,
    [module.id, module.project_id, module.workspace_id, actorId, memberIds],
  );
}

export async function setModuleArchived(
  db: Queryable,
  projectId: string,
  moduleId: string,
  actorId: string,
  archived: boolean,
): Promise<void> {
  await db.query(
    `UPDATE modules SET archived_at = CASE WHEN $4 THEN COALESCE(archived_at, now()) ELSE NULL END, updated_by = $3, updated_at = now()
      WHERE project_id = $1 AND id = $2 AND deleted_at IS NULL`,
    [projectId, moduleId, actorId, archived],
  );
}

/** Soft-deletes the module; its item links and members go with it (an item is no longer "in" it). */
export async function softDeleteModule(db: Queryable, projectId: string, moduleId: string, actorId: string): Promise<void> {
  await db.query('DELETE FROM module_issues WHERE module_id = $1', [moduleId]);
  await db.query('DELETE FROM module_members WHERE module_id = $1', [moduleId]);
  await db.query(
    'UPDATE modules SET deleted_at = now(), updated_by = $3, updated_at = now() WHERE project_id = $1 AND id = $2 AND deleted_at IS NULL',
    [projectId, moduleId, actorId],
  );
}

export interface ModuleIssueRow {
  id: string;
  module_id: string;
  issue_id: string;
  project_id: string;
  workspace_id: string;
  created_by: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
  sub_issues_count: number;
}

/** The live work items of the project among `ids`, with their human keys (for activity). */
export async function findProjectItems(db: Queryable, projectId: string, ids: readonly string[]): Promise<{ id: string; key: string }[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<{ id: string; key: string }>(
    `SELECT i.id, p.identifier || '-' || i.sequence_id AS key FROM issues i JOIN projects p ON p.id = i.project_id
      WHERE i.project_id = $1 AND i.id = ANY($2::uuid[]) AND i.deleted_at IS NULL`,
    [projectId, ids],
  );
  return rows;
}

/** Links items (already checked to be the project's) to the module; returns the ids newly linked. */
export async function linkModuleIssues(
  db: Queryable,
  module: { id: string; project_id: string; workspace_id: string },
  issueIds: readonly string[],
  actorId: string,
): Promise<string[]> {
  const { rows } = await db.query<{ issue_id: string }>(
    `INSERT INTO module_issues (module_id, issue_id, project_id, workspace_id, created_by, updated_by)
     SELECT $1, i.id, i.project_id, i.workspace_id, $4, $4 FROM issues i
      WHERE i.project_id = $2 AND i.id = ANY($3::uuid[]) AND i.deleted_at IS NULL
     ON CONFLICT (module_id, issue_id) DO NOTHING
     RETURNING issue_id`,
    [module.id, module.project_id, issueIds, actorId],
  );
  return rows.map((r) => r.issue_id);
}

/** The module's link rows for these items. */
export async function listModuleIssueRows(db: Queryable, moduleId: string, issueIds: readonly string[]): Promise<ModuleIssueRow[]> {
  const { rows } = await db.query<ModuleIssueRow>(
    `SELECT mi.id, mi.module_id, mi.issue_id, mi.project_id, mi.workspace_id, mi.created_by, mi.updated_by, mi.created_at, mi.updated_at,
            (SELECT count(*)::int FROM issues c WHERE c.parent_id = mi.issue_id AND c.deleted_at IS NULL) AS sub_issues_count
       FROM module_issues mi WHERE mi.module_id = $1 AND mi.issue_id = ANY($2::uuid[])
      ORDER BY mi.created_at, mi.issue_id`,
    [moduleId, issueIds],
  );
  return rows;
}

/** Removes one item from the module; false when it was not in it. */
export async function unlinkModuleIssue(db: Queryable, moduleId: string, issueId: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM module_issues WHERE module_id = $1 AND issue_id = $2', [moduleId, issueId]);
  return (rowCount ?? 0) > 0;
}

/** A page of the module's work items (live, not archived, not drafts), newest first, and their total. */
export async function listModuleWorkItems(
  db: Queryable,
  scope: { projectId: string; moduleId: string; viewer: Viewer; limit: number; offset: number },
): Promise<{ rows: WorkItemRow[]; total: number }> {
  const own = scope.viewer.onlyOwnItems ? ' AND i.created_by = $3' : ' AND $3::uuid IS NOT NULL';
  const where = `FROM module_issues mi JOIN issues i ON i.id = mi.issue_id JOIN projects p ON p.id = i.project_id
    WHERE mi.module_id = $1 AND i.project_id = $2 AND ${COUNTED_ITEM}${own}`;
  const params = [scope.moduleId, scope.projectId, scope.viewer.userId];
  const { rows } = await db.query<WorkItemRow>(`SELECT ${WORK_ITEM_COLUMNS} ${where} ORDER BY i.created_at DESC, i.id LIMIT $4 OFFSET $5`, [
    ...params,
    scope.limit,
    scope.offset,
  ]);
  const count = await db.query<{ n: number }>(`SELECT count(*)::int AS n ${where}`, params);
  return { rows, total: count.rows[0]?.n ?? 0 };
}
