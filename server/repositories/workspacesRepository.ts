// Workspaces (not their members: workspaceMembersRepository.ts). A deleted workspace keeps its row
// with deleted_at set, and its slug stays taken, so old links never resolve to someone else's workspace.
import type { Pool, PoolClient } from '../db/pool.ts';

/** A pool or a transaction client. */
export type Db = Pool | PoolClient;

export interface WorkspaceRow {
  id: string;
  name: string;
  slug: string;
  logo: string;
  organization_size: string;
  timezone: string;
  owner_id: string;
  created_by: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

/** A workspace with its owner (user lite columns), member count and the viewer's role. */
export interface WorkspaceDetail extends WorkspaceRow {
  owner_first_name: string;
  owner_last_name: string;
  owner_email: string;
  owner_avatar: string;
  owner_display_name: string;
  total_members: number;
  role: number;
}

const DETAIL_COLUMNS = `w.id, w.name, w.slug, w.logo, w.organization_size, w.timezone, w.owner_id, w.created_by, w.updated_by,
  w.created_at, w.updated_at, w.deleted_at,
  o.first_name AS owner_first_name, o.last_name AS owner_last_name, o.email AS owner_email, o.avatar AS owner_avatar,
  o.display_name AS owner_display_name,
  (SELECT count(*)::int FROM workspace_members c WHERE c.workspace_id = w.id) AS total_members,
  m.role`;

/** The live workspaces `userId` belongs to, with their role in each, by name. */
export async function listWorkspacesOfUser(db: Db, userId: string): Promise<WorkspaceDetail[]> {
  const { rows } = await db.query<WorkspaceDetail>(
    `SELECT ${DETAIL_COLUMNS}
       FROM workspace_members m
       JOIN workspaces w ON w.id = m.workspace_id AND w.deleted_at IS NULL
       JOIN users o ON o.id = w.owner_id
      WHERE m.member_id = $1
      ORDER BY lower(w.name), w.slug`,
    [userId],
  );
  return rows;
}

/** Workspace `workspaceId` as member `userId` sees it; null when it is gone or they are not a member. */
export async function findWorkspaceForMember(db: Db, workspaceId: string, userId: string): Promise<WorkspaceDetail | null> {
  const { rows } = await db.query<WorkspaceDetail>(
    `SELECT ${DETAIL_COLUMNS}
       FROM workspaces w
       JOIN workspace_members m ON m.workspace_id = w.id AND m.member_id = $2
       JOIN users o ON o.id = w.owner_id
      WHERE w.id = $1 AND w.deleted_at IS NULL`,
    [workspaceId, userId],
  );
  return rows[0] ?? null;
}

/** True when any workspace (deleted ones included) has this slug. */
export async function isSlugTaken(db: Db, slug: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM workspaces WHERE slug = $1', [slug]);
  return rows.length > 0;
}

/** Inserts a workspace; null when the slug is taken (the unique index decides, so races are safe). */
export async function insertWorkspace(
  db: Db,
  input: { name: string; slug: string; organizationSize: string; ownerId: string },
): Promise<{ id: string } | null> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO workspaces (name, slug, organization_size, owner_id, created_by, updated_by)
     VALUES ($1, $2, $3, $4, $4, $4)
     ON CONFLICT (slug) DO NOTHING RETURNING id`,
    [input.name, input.slug, input.organizationSize, input.ownerId],
  );
  return rows[0] ?? null;
}

export interface WorkspacePatch {
  name?: string;
  logo?: string;
  organization_size?: string;
  timezone?: string;
}

/** Applies the fields present in `patch`; absent ones keep their value. */
export async function updateWorkspace(db: Db, workspaceId: string, patch: WorkspacePatch, actorId: string): Promise<void> {
  await db.query(
    `UPDATE workspaces
        SET name = COALESCE($2, name), logo = COALESCE($3, logo), organization_size = COALESCE($4, organization_size),
            timezone = COALESCE($5, timezone), updated_by = $6, updated_at = now()
      WHERE id = $1 AND deleted_at IS NULL`,
    [workspaceId, patch.name ?? null, patch.logo ?? null, patch.organization_size ?? null, patch.timezone ?? null, actorId],
  );
}

export async function softDeleteWorkspace(db: Db, workspaceId: string, actorId: string): Promise<void> {
  await db.query('UPDATE workspaces SET deleted_at = now(), updated_by = $2, updated_at = now() WHERE id = $1 AND deleted_at IS NULL', [
    workspaceId,
    actorId,
  ]);
}
