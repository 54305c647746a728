// Removes a member from a project (project admins) or lets a member leave; never the last admin.
import { NotFoundError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { deactivateProjectMember, findProjectMember, findProjectMemberByUser } from '../repositories/projectMembersRepository.ts';
import { lockProject } from '../repositories/projectsRepository.ts';
import { checkNotLastAdmin } from './projectMemberRules.ts';

export async function removeProjectMember(
  db: Pool,
  input: { workspaceId: string; projectId: string; actorId: string; membershipId: string },
): Promise<void> {
  const { workspaceId, projectId } = input;
  await inTransaction(db, async (tx) => {
    if (!(await lockProject(tx, workspaceId, projectId))) throw NotFoundError();
    const membership = await findProjectMember(tx, projectId, input.membershipId);
    if (!membership) throw NotFoundError('This project member does not exist.');
    await checkNotLastAdmin(tx, projectId, membership, 'be removed');
    await deactivateProjectMember(tx, projectId, membership.id, input.actorId);
  });
}

export async function leaveProject(db: Pool, input: { workspaceId: string; projectId: string; userId: string }): Promise<void> {
  const { workspaceId, projectId } = input;
  await inTransaction(db, async (tx) => {
    if (!(await lockProject(tx, workspaceId, projectId))) throw NotFoundError();
    const membership = await findProjectMemberByUser(tx, projectId, input.userId);
    if (!membership) throw NotFoundError();
    await checkNotLastAdmin(tx, projectId, membership, 'leave the project');
    await deactivateProjectMember(tx, projectId, membership.id, input.userId);
  });
}
