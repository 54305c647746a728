// Workspace memberships (one row per member; removing a member deletes the row).
import type { Db } from './workspacesRepository.ts';

export interface WorkspaceMemberView {
  member_id: string;
  role: number;
  created_at: Date;
  first_name: string;
  last_name: string;
  email: string;
  avatar: string;
  display_name: string;
}

const VIEW = `SELECT m.member_id, m.role, m.created_at, u.first_name, u.last_name, u.email, u.avatar, u.display_name
  FROM workspace_members m JOIN users u ON u.id = m.member_id`;

/** Every member of the workspace: admins first, then by name. */
export async function listWorkspaceMembers(db: Db, workspaceId: string): Promise<WorkspaceMemberView[]> {
  const { rows } = await db.query<WorkspaceMemberView>(
    `${VIEW} WHERE m.workspace_id = $1 ORDER BY m.role DESC, lower(u.display_name), m.member_id`,
    [workspaceId],
  );
  return rows;
}

/** The membership of user `memberId` in the workspace, or null. `lock` holds it until the transaction ends. */
export async function findWorkspaceMember(
  db: Db,
  workspaceId: string,
  memberId: string,
  lock = false,
): Promise<WorkspaceMemberView | null> {
  const { rows } = await db.query<WorkspaceMemberView>(
    `${VIEW} WHERE m.workspace_id = $1 AND m.member_id = $2${lock ? ' FOR UPDATE OF m' : ''}`,
    [workspaceId, memberId],
  );
  return rows[0] ?? null;
}

/**
 * Locks the workspace row: every change that could leave the workspace without an admin takes this
 * lock first, so two admins demoting or removing each other at once cannot both succeed.
 */
export async function lockWorkspaceMemberships(db: Db, workspaceId: string): Promise<void> {
  await db.query('SELECT 1 FROM workspaces WHERE id = $1 FOR UPDATE', [workspaceId]);
}

export async function countWorkspaceAdmins(db: Db, workspaceId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM workspace_members WHERE workspace_id = $1 AND role = 20', [
    workspaceId,
  ]);
  return rows[0]?.n ?? 0;
}

/** Adds the member; an existing membership is left as it is (its role is not lowered). */
export async function insertWorkspaceMember(db: Db, workspaceId: string, memberId: string, role: number): Promise<void> {
  await db.query(
    `INSERT INTO workspace_members (workspace_id, member_id, role) VALUES ($1, $2, $3)
     ON CONFLICT (workspace_id, member_id) DO NOTHING`,
    [workspaceId, memberId, role],
  );
}

export async function setWorkspaceMemberRole(db: Db, workspaceId: string, memberId: string, role: number): Promise<void> {
  await db.query('UPDATE workspace_members SET role = $3, updated_at = now() WHERE workspace_id = $1 AND member_id = $2', [
    workspaceId,
    memberId,
    role,
  ]);
}

export async function deleteWorkspaceMember(db: Db, workspaceId: string, memberId: string): Promise<void> {
  await db.query('DELETE FROM workspace_members WHERE workspace_id = $1 AND member_id = $2', [workspaceId, memberId]);
}

/** Projects of the workspace in which `memberId` is the only active admin (Plane refuses to orphan them). */
export async function projectsWithSoleAdmin(db: Db, workspaceId: string, memberId: string): Promise<{ id: string; name: string }[]> {
  const { rows } = await db.query<{ id: string; name: string }>(
    `SELECT p.id, p.name
       FROM project_members pm
       JOIN projects p ON p.id = pm.project_id AND p.deleted_at IS NULL
      WHERE pm.workspace_id = $1 AND pm.member_id = $2 AND pm.is_active AND pm.role = 20
        AND NOT EXISTS (SELECT 1 FROM project_members o
                         WHERE o.project_id = pm.project_id AND o.member_id <> $2 AND o.is_active AND o.role = 20)
      ORDER BY p.name`,
    [workspaceId, memberId],
  );
  return rows;
}

/**
 * Ends `memberId`'s project memberships in the workspace. Rows are deactivated, not deleted, as
 * Plane does and as projectMembersRepository expects: adding them to a project again reactivates it.
 */
export async function deactivateProjectMemberships(db: Db, workspaceId: string, memberId: string): Promise<void> {
  await db.query(
    'UPDATE project_members SET is_active = false, updated_at = now() WHERE workspace_id = $1 AND member_id = $2 AND is_active',
    [workspaceId, memberId],
  );
}
