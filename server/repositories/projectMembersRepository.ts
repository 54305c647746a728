// Project memberships. A removed member keeps a row with is_active = false (as Plane does); adding
// them again reactivates it.
import type { Db } from './projectsRepository.ts';

export interface ProjectMemberRow {
  id: string;
  workspace_id: string;
  project_id: string;
  member_id: string;
  role: number;
  sort_order: number;
  is_active: boolean;
  created_by: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface ProjectMemberView extends ProjectMemberRow {
  workspace_role: number | null;
  first_name: string;
  last_name: string;
  email: string;
  avatar: string;
  display_name: string;
}

const MEMBER_COLUMNS =
  'pm.id, pm.workspace_id, pm.project_id, pm.member_id, pm.role, pm.sort_order, pm.is_active, pm.created_by, pm.updated_by, pm.created_at, pm.updated_at';
const VIEW_COLUMNS = `${MEMBER_COLUMNS}, wm.role AS workspace_role, u.first_name, u.last_name, u.email, u.avatar, u.display_name`;
const VIEW_FROM = `project_members pm
  JOIN users u ON u.id = pm.member_id
  LEFT JOIN workspace_members wm ON wm.workspace_id = pm.workspace_id AND wm.member_id = pm.member_id`;

/**
 * Adds (or reactivates) `memberId` in the project. The new membership sorts first in the member's
 * sidebar, as Plane places a newly joined project on top.
 */
export async function upsertProjectMember(
  db: Db,
  input: { workspaceId: string; projectId: string; memberId: string; role: number; actorId: string },
): Promise<ProjectMemberRow> {
  const { rows } = await db.query<ProjectMemberRow>(
    `INSERT INTO project_members AS pm (workspace_id, project_id, member_id, role, sort_order, created_by, updated_by)
     VALUES ($1, $2, $3, $4,
             COALESCE((SELECT min(sort_order) - 10000 FROM project_members WHERE workspace_id = $1 AND member_id = $3 AND is_active), 65535),
             $5, $5)
     ON CONFLICT (project_id, member_id)
       DO UPDATE SET role = excluded.role, is_active = true, updated_by = excluded.updated_by, updated_at = now()
     RETURNING ${MEMBER_COLUMNS}`,
    [input.workspaceId, input.projectId, input.memberId, input.role, input.actorId],
  );
  const row = rows[0];
  if (!row) throw new Error('INSERT … RETURNING returned no row');
  return row;
}

export async function listProjectMembers(db: Db, projectId: string): Promise<ProjectMemberView[]> {
  const { rows } = await db.query<ProjectMemberView>(
    `SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM}
      WHERE pm.project_id = $1 AND pm.is_active
      ORDER BY pm.role DESC, lower(u.display_name), pm.created_at`,
    [projectId],
  );
  return rows;
}

/** The active membership `membershipId` of the project, or null. */
export async function findProjectMember(db: Db, projectId: string, membershipId: string): Promise<ProjectMemberView | null> {
  const { rows } = await db.query<ProjectMemberView>(
    `SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM} WHERE pm.project_id = $1 AND pm.id = $2 AND pm.is_active`,
    [projectId, membershipId],
  );
  return rows[0] ?? null;
}

/** The active membership of user `memberId` in the project, or null. */
export async function findProjectMemberByUser(db: Db, projectId: string, memberId: string): Promise<ProjectMemberView | null> {
  const { rows } = await db.query<ProjectMemberView>(
    `SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM} WHERE pm.project_id = $1 AND pm.member_id = $2 AND pm.is_active`,
    [projectId, memberId],
  );
  return rows[0] ?? null;
}

export async function countActiveAdmins(db: Db, projectId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM project_members WHERE project_id = $1 AND is_active AND role = 20',
    [projectId],
  );
  return rows[0]?.n ?? 0;
}

export async function setProjectMemberRole(db: Db, projectId: string, membershipId: string, role: number, actorId: string): Promise<void> {
  await db.query('UPDATE project_members SET role = $3, updated_by = $4, updated_at = now() WHERE project_id = $1 AND id = $2', [
    projectId,
    membershipId,
    role,
    actorId,
  ]);
}

export async function deactivateProjectMember(db: Db, projectId: string, membershipId: string, actorId: string): Promise<void> {
  await db.query('UPDATE project_members SET is_active = false, updated_by = $3, updated_at = now() WHERE project_id = $1 AND id = $2', [
    projectId,
    membershipId,
    actorId,
  ]);
}
