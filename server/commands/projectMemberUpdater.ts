// Changes a project member's role (project admins), keeping at least one admin.
import { NotFoundError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { findProjectMember, type ProjectMemberView, setProjectMemberRole } from '../repositories/projectMembersRepository.ts';
import { lockProject } from '../repositories/projectsRepository.ts';
import { checkNotLastAdmin, checkRoleFitsWorkspace, checkRoleValue } from './projectMemberRules.ts';

export async function updateProjectMemberRole(
  db: Pool,
  input: { workspaceId: string; projectId: string; actorId: string; membershipId: string; role: number },
): Promise<ProjectMemberView> {
  const { workspaceId, projectId, membershipId, role } = input;
  checkRoleValue(role);
  return inTransaction(db, async (tx) => {
    if (!(await lockProject(tx, workspaceId, projectId))) throw NotFoundError();
    const membership = await findProjectMember(tx, projectId, membershipId);
    if (!membership) throw NotFoundError('This project member does not exist.');
    checkRoleFitsWorkspace(role, membership.workspace_role);
    if (role < 20) await checkNotLastAdmin(tx, projectId, membership, 'be demoted');
    await setProjectMemberRole(tx, projectId, membershipId, role, input.actorId);
    return { ...membership, role };
  });
}
