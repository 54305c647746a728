// Projects: rows as stored, plus the per-viewer computed fields the app API shows. Every query is
// scoped by the workspace id that the caller's access check resolved.
import type { Pool, PoolClient } from '../db/pool.ts';

/** A pool or a transaction client: repositories work inside and outside a command's transaction. */
export type Db = Pool | PoolClient;

export type JsonObject = Record<string, unknown>;

export interface ProjectRow {
  id: string;
  workspace_id: string;
  name: string;
  description: string;
  description_text: string | null;
  description_html: string;
  network: number;
  identifier: string;
  emoji: string | null;
  icon_prop: JsonObject | null;
  logo_props: JsonObject;
  cover_image: string | null;
  module_view: boolean;
  cycle_view: boolean;
  issue_views_view: boolean;
  page_view: boolean;
  intake_view: boolean;
  is_time_tracking_enabled: boolean;
  is_issue_type_enabled: boolean;
  guest_view_all_features: boolean;
  archive_in: number;
  close_in: number;
  timezone: string;
  project_lead: string | null;
  default_assignee: string | null;
  default_state: string | null;
  estimate: string | null;
  sort_order: number;
  external_source: string | null;
  external_id: string | null;
  archived_at: Date | null;
  created_by: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

/** A project as one viewer sees it: the row plus their membership and the project's counts. */
export interface ProjectView extends ProjectRow {
  total_members: number;
  total_cycles: number;
  total_modules: number;
  is_member: boolean;
  member_role: number | null;
  member_sort_order: number | null;
}

/** Columns a caller may write (create or update), with their JSON names; nothing else reaches SQL. */
export const PROJECT_WRITABLE = [
  'name',
  'description',
  'description_text',
  'description_html',
  'network',
  'identifier',
  'emoji',
  'icon_prop',
  'logo_props',
  'cover_image',
  'module_view',
  'cycle_view',
  'issue_views_view',
  'page_view',
  'intake_view',
  'is_time_tracking_enabled',
  'is_issue_type_enabled',
  'guest_view_all_features',
  'archive_in',
  'close_in',
  'timezone',
  'project_lead',
  'default_assignee',
  'estimate',
  'external_source',
  'external_id',
] as const;
export type ProjectWritable = (typeof PROJECT_WRITABLE)[number];
export type ProjectFields = Partial<Record<ProjectWritable, unknown>>;

const JSON_COLUMNS = new Set<string>(['icon_prop', 'logo_props']);

const PROJECT_COLUMNS = `p.id, p.workspace_id, p.name, p.description, p.description_text, p.description_html, p.network,
  p.identifier, p.emoji, p.icon_prop, p.logo_props, p.cover_image, p.module_view, p.cycle_view, p.issue_views_view,
  p.page_view, p.intake_view, p.is_time_tracking_enabled, p.is_issue_type_enabled, p.guest_view_all_features,
  p.archive_in, p.close_in, p.timezone, p.project_lead, p.default_assignee, p.default_state, p.estimate, p.sort_order,
  p.external_source, p.external_id, p.archived_at, p.created_by, p.updated_by, p.created_at, p.updated_at, p.deleted_at`;

const VIEW_COLUMNS = `${PROJECT_COLUMNS},
  (SELECT count(*)::int FROM project_members c WHERE c.project_id = p.id AND c.is_active) AS total_members,
  (SELECT count(*)::int FROM cycles c WHERE c.project_id = p.id AND c.deleted_at IS NULL) AS total_cycles,
  (SELECT count(*)::int FROM modules m WHERE m.project_id = p.id AND m.deleted_at IS NULL) AS total_modules,
  (me.id IS NOT NULL) AS is_member, me.role AS member_role, me.sort_order AS member_sort_order`;

function sqlValue(column: string, value: unknown): unknown {
  // pg would send a JS object as its JSON text anyway, but arrays would become Postgres arrays.
  return JSON_COLUMNS.has(column) && value !== null && value !== undefined ? JSON.stringify(value) : value;
}

function writableEntries(fields: ProjectFields): [ProjectWritable, unknown][] {
  return PROJECT_WRITABLE.filter((column) => fields[column] !== undefined).map((column) => [column, fields[column]]);
}

export async function insertProject(db: Db, workspaceId: string, actorId: string, fields: ProjectFields): Promise<ProjectRow> {
  const entries = writableEntries(fields);
  const columns = ['workspace_id', 'created_by', 'updated_by', ...entries.map(([column]) => column)];
  const values = [workspaceId, actorId, actorId, ...entries.map(([column, value]) => sqlValue(column, value))];
  const { rows } = await db.query<ProjectRow>(
    `INSERT INTO projects AS p (${columns.join(', ')}) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})
     RETURNING ${PROJECT_COLUMNS}`,
    values,
  );
  const row = rows[0];
  if (!row) throw new Error('INSERT … RETURNING returned no row');
  return row;
}

/** Updates the given writable fields; null when the project is not (or no longer) in the workspace. */
export async function updateProject(
  db: Db,
  workspaceId: string,
  projectId: string,
  actorId: string,
  fields: ProjectFields,
): Promise<ProjectRow | null> {
  const entries = writableEntries(fields);
  const sets = entries.map(([column], i) => `${column} = $${i + 4}`);
  const { rows } = await db.query<ProjectRow>(
    `UPDATE projects p SET ${[...sets, 'updated_by = $3', 'updated_at = now()'].join(', ')}
      WHERE p.workspace_id = $1 AND p.id = $2 AND p.deleted_at IS NULL
      RETURNING ${PROJECT_COLUMNS}`,
    [workspaceId, projectId, actorId, ...entries.map(([column, value]) => sqlValue(column, value))],
  );
  return rows[0] ?? null;
}

export async function setDefaultState(db: Db, projectId: string, stateId: string): Promise<void> {
  await db.query('UPDATE projects SET default_state = $2 WHERE id = $1', [projectId, stateId]);
}

/** The live project with this identifier or name (case-insensitive) in the workspace, for 409s. */
export async function findConflictingProject(
  db: Db,
  workspaceId: string,
  key: { identifier?: string; name?: string },
  exceptId: string | null = null,
): Promise<{ id: string; field: 'identifier' | 'name' } | null> {
  const { rows } = await db.query<{ id: string; field: 'identifier' | 'name' }>(
    `SELECT id, CASE WHEN identifier = $2 THEN 'identifier' ELSE 'name' END AS field
       FROM projects
      WHERE workspace_id = $1 AND deleted_at IS NULL AND (identifier = $2 OR lower(name) = lower($3))
        AND ($4::uuid IS NULL OR id <> $4)
      ORDER BY (identifier = $2) DESC LIMIT 1`,
    [workspaceId, key.identifier ?? null, key.name ?? null, exceptId],
  );
  return rows[0] ?? null;
}

export async function findProjectView(db: Db, workspaceId: string, projectId: string, viewerId: string): Promise<ProjectView | null> {
  const { rows } = await db.query<ProjectView>(
    `SELECT ${VIEW_COLUMNS}
       FROM projects p
       LEFT JOIN project_members me ON me.project_id = p.id AND me.member_id = $3 AND me.is_active
      WHERE p.workspace_id = $1 AND p.id = $2 AND p.deleted_at IS NULL`,
    [workspaceId, projectId, viewerId],
  );
  return rows[0] ?? null;
}

/**
 * The projects a viewer may see in a workspace, as Plane lists them: workspace admins see every
 * project, members see theirs and the public ones, guests only theirs.
 */
export async function listProjectViews(
  db: Db,
  workspaceId: string,
  viewer: { id: string; workspaceRole: number },
  options: { archived: boolean },
): Promise<ProjectView[]> {
  const { rows } = await db.query<ProjectView>(
    `SELECT ${VIEW_COLUMNS}
       FROM projects p
       LEFT JOIN project_members me ON me.project_id = p.id AND me.member_id = $2 AND me.is_active
      WHERE p.workspace_id = $1 AND p.deleted_at IS NULL
        AND (p.archived_at IS NOT NULL) = $4
        AND (me.id IS NOT NULL OR $3::int >= 20 OR ($3::int >= 15 AND p.network = 2))
      ORDER BY COALESCE(me.sort_order, p.sort_order), lower(p.name)`,
    [workspaceId, viewer.id, viewer.workspaceRole, options.archived],
  );
  return rows;
}

/** A live project of the workspace (archived or not) with just what the join rules need. */
export async function findProjectForJoin(
  db: Db,
  workspaceId: string,
  projectId: string,
): Promise<{ id: string; network: number; archived_at: Date | null } | null> {
  const { rows } = await db.query<{ id: string; network: number; archived_at: Date | null }>(
    'SELECT id, network, archived_at FROM projects WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL',
    [workspaceId, projectId],
  );
  return rows[0] ?? null;
}

export async function setArchived(db: Db, workspaceId: string, projectId: string, actorId: string, archived: boolean): Promise<void> {
  // Archiving twice keeps the first archived_at.
  await db.query(
    `UPDATE projects SET archived_at = CASE WHEN $4 THEN COALESCE(archived_at, now()) ELSE NULL END, updated_by = $3, updated_at = now()
      WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL`,
    [workspaceId, projectId, actorId, archived],
  );
}

export async function softDeleteProject(db: Db, workspaceId: string, projectId: string, actorId: string): Promise<void> {
  await db.query(
    'UPDATE projects SET deleted_at = now(), updated_by = $3, updated_at = now() WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL',
    [workspaceId, projectId, actorId],
  );
}

/** Ids among `userIds` that are members of the workspace, with their workspace role. */
export async function workspaceRoles(db: Db, workspaceId: string, userIds: string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const { rows } = await db.query<{ member_id: string; role: number }>(
    'SELECT member_id, role FROM workspace_members WHERE workspace_id = $1 AND member_id = ANY($2::uuid[])',
    [workspaceId, userIds],
  );
  return new Map(rows.map((row) => [row.member_id, row.role]));
}

/**
 * Locks the live project row for the rest of the transaction, so changes that check a project-wide
 * rule (the last admin, the one default state) run one at a time; false when it is not live.
 * NO KEY UPDATE: foreign-key checks of concurrent work-item inserts are not blocked by it.
 */
export async function lockProject(db: Db, workspaceId: string, projectId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT id FROM projects WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL FOR NO KEY UPDATE', [
    workspaceId,
    projectId,
  ]);
  return rows.length > 0;
}

/** Live projects of the workspace using `identifier` (Plane's identifier check before a create). */
export async function projectsWithIdentifier(
  db: Db,
  workspaceId: string,
  identifier: string,
): Promise<{ id: string; identifier: string }[]> {
  const { rows } = await db.query<{ id: string; identifier: string }>(
    'SELECT id, identifier FROM projects WHERE workspace_id = $1 AND identifier = $2 AND deleted_at IS NULL',
    [workspaceId, identifier],
  );
  return rows;
}
