// Work items (Plane's issues): rows with their assignee and label ids. Every query is scoped by the
// project (or workspace) id that the caller's access check resolved; soft-deleted items are invisible.
import type { Queryable } from './activityRepository.ts';

export type Priority = 'urgent' | 'high' | 'medium' | 'low' | 'none';
export const PRIORITIES: readonly Priority[] = ['urgent', 'high', 'medium', 'low', 'none'];

export type StateGroup = 'backlog' | 'unstarted' | 'started' | 'completed' | 'cancelled' | 'triage';

export interface WorkItemRow {
  id: string;
  workspace_id: string;
  project_id: string;
  project_identifier: string;
  sequence_id: number;
  name: string;
  description_html: string;
  description_stripped: string | null;
  description_binary: Buffer | null;
  priority: Priority;
  state_id: string | null;
  parent_id: string | null;
  estimate_point: string | null;
  type_id: string | null;
  point: number | null;
  /** "YYYY-MM-DD" */
  start_date: string | null;
  /** "YYYY-MM-DD" */
  target_date: string | null;
  sort_order: number;
  completed_at: Date | null;
  archived_at: Date | null;
  is_draft: boolean;
  external_source: string | null;
  external_id: string | null;
  created_by: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
  assignee_ids: string[];
  label_ids: string[];
}

/** Selects a WorkItemRow from `issues i JOIN projects p`. */
export const WORK_ITEM_COLUMNS = `i.id, i.workspace_id, i.project_id, p.identifier AS project_identifier, i.sequence_id, i.name,
  i.description_html, i.description_stripped, i.description_binary, i.priority, i.state_id, i.parent_id, i.estimate_point,
  i.type_id, i.point, to_char(i.start_date, 'YYYY-MM-DD') AS start_date, to_char(i.target_date, 'YYYY-MM-DD') AS target_date,
  i.sort_order, i.completed_at, i.archived_at, i.is_draft, i.external_source, i.external_id, i.created_by, i.updated_by,
  i.created_at, i.updated_at, i.deleted_at,
  ARRAY(SELECT a.assignee_id FROM issue_assignees a WHERE a.issue_id = i.id ORDER BY a.created_at, a.assignee_id) AS assignee_ids,
  ARRAY(SELECT l.label_id FROM issue_labels l WHERE l.issue_id = i.id ORDER BY l.created_at, l.label_id) AS label_ids`;

const FROM = 'FROM issues i JOIN projects p ON p.id = i.project_id';

/** Who is looking: guests without `guest_view_all_features` see only the items they created (Plane's rule). */
export interface Viewer {
  userId: string;
  onlyOwnItems: boolean;
}

function viewerClause(viewer: Viewer | undefined, param: number): { sql: string; params: string[] } {
  if (!viewer?.onlyOwnItems) return { sql: '', params: [] };
  return { sql: ` AND i.created_by = $${param}`, params: [viewer.userId] };
}

/** A live (not soft-deleted) work item of the project, or null. */
export async function findWorkItem(
  db: Queryable,
  scope: { projectId: string; issueId: string; viewer?: Viewer },
): Promise<WorkItemRow | null> {
  const v = viewerClause(scope.viewer, 3);
  const { rows } = await db.query<WorkItemRow>(
    `SELECT ${WORK_ITEM_COLUMNS} ${FROM} WHERE i.project_id = $1 AND i.id = $2 AND i.deleted_at IS NULL${v.sql}`,
    [scope.projectId, scope.issueId, ...v.params],
  );
  return rows[0] ?? null;
}

/** The project id behind a human key (`IDENT-123`) in a workspace, or null. Membership is checked by the caller. */
export async function findProjectIdByKey(
  db: Queryable,
  scope: { workspaceSlug: string; identifier: string; sequenceId: number },
): Promise<{ projectId: string; issueId: string } | null> {
  const { rows } = await db.query<{ project_id: string; id: string }>(
    `SELECT i.project_id, i.id FROM issues i
       JOIN projects p ON p.id = i.project_id AND p.deleted_at IS NULL
       JOIN workspaces w ON w.id = p.workspace_id AND w.deleted_at IS NULL
      WHERE w.slug = $1 AND p.identifier = $2 AND i.sequence_id = $3 AND i.deleted_at IS NULL`,
    [scope.workspaceSlug, scope.identifier, scope.sequenceId],
  );
  const row = rows[0];
  return row ? { projectId: row.project_id, issueId: row.id } : null;
}

/** The live direct children of a work item, in manual order. */
export async function listSubItems(db: Queryable, scope: { projectId: string; parentId: string; viewer?: Viewer }): Promise<WorkItemRow[]> {
  const v = viewerClause(scope.viewer, 3);
  const { rows } = await db.query<WorkItemRow>(
    `SELECT ${WORK_ITEM_COLUMNS} ${FROM}
      WHERE i.project_id = $1 AND i.parent_id = $2 AND i.deleted_at IS NULL${v.sql}
      ORDER BY i.sort_order, i.sequence_id`,
    [scope.projectId, scope.parentId, ...v.params],
  );
  return rows;
}

/** How many of the given items sit in each state group (Plane's `state_distribution`). */
export async function stateDistribution(db: Queryable, scope: { projectId: string; issueIds: string[] }): Promise<Record<string, number>> {
  const { rows } = await db.query<{ group: string; count: number }>(
    `SELECT s."group", count(*)::int AS count FROM issues i JOIN states s ON s.id = i.state_id
      WHERE i.project_id = $1 AND i.id = ANY($2::uuid[]) GROUP BY s."group"`,
    [scope.projectId, scope.issueIds],
  );
  const out: Record<string, number> = { backlog: 0, unstarted: 0, started: 0, completed: 0, cancelled: 0 };
  for (const row of rows) out[row.group] = row.count;
  return out;
}

/** Locks a live work item of the project for update (inside a command's transaction), or null. */
export async function lockWorkItem(tx: Queryable, scope: { projectId: string; issueId: string }): Promise<WorkItemRow | null> {
  const locked = await tx.query('SELECT id FROM issues WHERE project_id = $1 AND id = $2 AND deleted_at IS NULL FOR UPDATE', [
    scope.projectId,
    scope.issueId,
  ]);
  if (locked.rowCount === 0) return null;
  return findWorkItem(tx, scope);
}

export interface StateRef {
  id: string;
  name: string;
  group: StateGroup;
}

/** A live state of the project, or null. */
export async function findProjectState(db: Queryable, projectId: string, stateId: string): Promise<StateRef | null> {
  const { rows } = await db.query<StateRef>(
    `SELECT id, name, "group" FROM states WHERE project_id = $1 AND id = $2 AND deleted_at IS NULL`,
    [projectId, stateId],
  );
  return rows[0] ?? null;
}

/** The project's default state: `projects.default_state` if live, else the state flagged default. */
export async function findDefaultState(db: Queryable, projectId: string): Promise<StateRef | null> {
  const { rows } = await db.query<StateRef>(
    `SELECT s.id, s.name, s."group" FROM states s JOIN projects p ON p.id = s.project_id
      WHERE s.project_id = $1 AND s.deleted_at IS NULL AND (s.id = p.default_state OR s."default")
      ORDER BY (s.id = p.default_state) DESC NULLS LAST LIMIT 1`,
    [projectId],
  );
  return rows[0] ?? null;
}

export interface NamedRef {
  id: string;
  name: string;
}

/** The live labels of the project among `ids`. */
export async function findProjectLabels(db: Queryable, projectId: string, ids: readonly string[]): Promise<NamedRef[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<NamedRef>(
    'SELECT id, name FROM labels WHERE project_id = $1 AND id = ANY($2::uuid[]) AND deleted_at IS NULL',
    [projectId, ids],
  );
  return rows;
}

/** The users among `ids` who may be assigned in the project: active members with role member or admin. */
export async function findAssignableMembers(db: Queryable, projectId: string, ids: readonly string[]): Promise<NamedRef[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<NamedRef>(
    `SELECT u.id, COALESCE(NULLIF(u.display_name, ''), u.email) AS name
       FROM project_members pm JOIN users u ON u.id = pm.member_id
      WHERE pm.project_id = $1 AND pm.member_id = ANY($2::uuid[]) AND pm.is_active AND pm.role >= 15`,
    [projectId, ids],
  );
  return rows;
}

/** The project's default assignee, when they are still an active member or admin of it. */
export async function findDefaultAssignee(db: Queryable, projectId: string): Promise<NamedRef | null> {
  const { rows } = await db.query<NamedRef>(
    `SELECT u.id, COALESCE(NULLIF(u.display_name, ''), u.email) AS name
       FROM projects p
       JOIN project_members pm ON pm.project_id = p.id AND pm.member_id = p.default_assignee AND pm.is_active AND pm.role >= 15
       JOIN users u ON u.id = pm.member_id
      WHERE p.id = $1`,
    [projectId],
  );
  return rows[0] ?? null;
}

/** Display names of users (for activity rows about removed assignees, who may have left the project). */
export async function userNames(db: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<NamedRef>(
    `SELECT id, COALESCE(NULLIF(display_name, ''), email) AS name FROM users WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Label names by id, deleted ones included (for activity rows about removed labels). */
export async function labelNames(db: Queryable, projectId: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<NamedRef>('SELECT id, name FROM labels WHERE project_id = $1 AND id = ANY($2::uuid[])', [projectId, ids]);
  return new Map(rows.map((r) => [r.id, r.name]));
}

export interface ParentRef {
  id: string;
  key: string;
}

/** A live work item of the project usable as a parent (its id and `IDENT-123` key), or null. */
export async function findParentCandidate(db: Queryable, projectId: string, issueId: string): Promise<ParentRef | null> {
  const { rows } = await db.query<ParentRef>(
    `SELECT i.id, p.identifier || '-' || i.sequence_id AS key ${FROM} WHERE i.project_id = $1 AND i.id = $2 AND i.deleted_at IS NULL`,
    [projectId, issueId],
  );
  return rows[0] ?? null;
}

/** The human key of any item of the project (also a deleted one, for activity about a removed parent). */
export async function workItemKey(db: Queryable, projectId: string, issueId: string): Promise<string | null> {
  const { rows } = await db.query<{ key: string }>(
    `SELECT p.identifier || '-' || i.sequence_id AS key ${FROM} WHERE i.project_id = $1 AND i.id = $2`,
    [projectId, issueId],
  );
  return rows[0]?.key ?? null;
}

/** True when `candidateParentId` is `issueId` itself or one of its descendants (walks up from the candidate). */
export async function wouldCreateCycle(db: Queryable, issueId: string, candidateParentId: string): Promise<boolean> {
  const { rows } = await db.query<{ hit: boolean }>(
    `WITH RECURSIVE up(id, parent_id, depth) AS (
       SELECT id, parent_id, 0 FROM issues WHERE id = $2
       UNION ALL
       SELECT i.id, i.parent_id, up.depth + 1 FROM issues i JOIN up ON i.id = up.parent_id WHERE up.depth < 10000
     ) CYCLE id SET is_cycle USING path
     SELECT EXISTS (SELECT 1 FROM up WHERE id = $1) AS hit`,
    [issueId, candidateParentId],
  );
  return rows[0]?.hit ?? false;
}

/** A live item of the project with this external id, or null (Plane answers 409 with its id). */
export async function findByExternalId(
  db: Queryable,
  projectId: string,
  externalSource: string | null,
  externalId: string,
): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM issues WHERE project_id = $1 AND external_source IS NOT DISTINCT FROM $2 AND external_id = $3 AND deleted_at IS NULL LIMIT 1`,
    [projectId, externalSource, externalId],
  );
  return rows[0]?.id ?? null;
}
