// Adds a workspace member to a project (project admins), or lets a workspace member join one.
import { isUuid } from '../api/access/membership.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { findProjectMemberByUser, type ProjectMemberRow, upsertProjectMember } from '../repositories/projectMembersRepository.ts';
import { findProjectForJoin, lockProject, workspaceRoles } from '../repositories/projectsRepository.ts';
import { checkRoleFitsWorkspace, checkRoleValue } from './projectMemberRules.ts';

export async function addMemberToProject(
  db: Pool,
  input: { workspaceId: string; projectId: string; actorId: string; memberId: string; role: number },
): Promise<ProjectMemberRow> {
  const { workspaceId, projectId, memberId, role } = input;
  if (!isUuid(memberId)) throw ValidationError('member must be the id of a workspace member.', { member: ['Must be a valid user id.'] });
  checkRoleValue(role);
  return inTransaction(db, async (tx) => {
    if (!(await lockProject(tx, workspaceId, projectId))) throw NotFoundError();
    checkRoleFitsWorkspace(role, (await workspaceRoles(tx, workspaceId, [memberId])).get(memberId));
    const existing = await findProjectMemberByUser(tx, projectId, memberId);
    if (existing) throw ConflictError('This person is already a member of the project.', { id: existing.id });
    return upsertProjectMember(tx, { workspaceId, projectId, memberId, role, actorId: input.actorId });
  });
}

/**
 * The caller joins a project by themself, as Plane allows: workspace admins any project (as admin),
 * workspace members the public ones (as member). Secret projects stay invisible to others (404).
 */
export async function joinProject(
  db: Pool,
  input: { workspaceId: string; workspaceRole: number; projectId: string; userId: string },
): Promise<ProjectMemberRow> {
  const { workspaceId, workspaceRole, projectId, userId } = input;
  return inTransaction(db, async (tx) => {
    const project = await findProjectForJoin(tx, workspaceId, projectId);
    const visible = project && !project.archived_at && (workspaceRole >= 20 || (workspaceRole >= 15 && project.network === 2));
    if (!project || !visible) {
      if (project && !project.archived_at && workspaceRole < 15 && project.network === 2)
        throw ForbiddenError('Workspace guests are added to projects by a project admin.');
      throw NotFoundError();
    }
    await lockProject(tx, workspaceId, projectId);
    const existing = await findProjectMemberByUser(tx, projectId, userId);
    if (existing) throw ConflictError('You are already a member of this project.', { id: existing.id });
    return upsertProjectMember(tx, { workspaceId, projectId, memberId: userId, role: workspaceRole >= 20 ? 20 : 15, actorId: userId });
  });
}
