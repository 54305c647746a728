// Ends a workspace membership: an admin removing someone, or a member leaving. Both keep at least one
// admin (checked under the workspace's lock), refuse to orphan a project whose only admin the member
// is (as Plane does), and end the member's project memberships in the workspace, in one transaction.
import { ROLE } from '../api/access/roles.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../api/errors.ts';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.ts';
import {
  countWorkspaceAdmins,
  deactivateProjectMemberships,
  deleteWorkspaceMember,
  findWorkspaceMember,
  lockWorkspaceMemberships,
  projectsWithSoleAdmin,
  type WorkspaceMemberView,
} from '../repositories/workspaceMembersRepository.ts';

async function endMembership(tx: PoolClient, workspaceId: string, member: WorkspaceMemberView, soleAdminMessage: string): Promise<void> {
  const orphaned = await projectsWithSoleAdmin(tx, workspaceId, member.member_id);
  if (orphaned.length > 0) {
    throw ValidationError(`${soleAdminMessage} (${orphaned.map((p) => p.name).join(', ')}).`, { projects: orphaned.map((p) => p.id) });
  }
  await deactivateProjectMemberships(tx, workspaceId, member.member_id);
  await deleteWorkspaceMember(tx, workspaceId, member.member_id);
}

export async function removeWorkspaceMember(db: Pool, input: { workspaceId: string; actorId: string; memberId: string }): Promise<void> {
  await inTransaction(db, async (tx) => {
    await lockWorkspaceMemberships(tx, input.workspaceId);
    const actor = await findWorkspaceMember(tx, input.workspaceId, input.actorId);
    if (!actor) throw NotFoundError();
    if (actor.role < ROLE.admin) throw ForbiddenError('Only workspace admins can remove members.');
    const target = await findWorkspaceMember(tx, input.workspaceId, input.memberId);
    if (!target) throw NotFoundError();
    if (target.member_id === actor.member_id) throw ValidationError('You cannot remove yourself from the workspace: leave it instead.');
    if (target.role > actor.role) throw ValidationError('You cannot remove a member whose role is higher than yours.');
    if (target.role === ROLE.admin && (await countWorkspaceAdmins(tx, input.workspaceId)) <= 1) {
      throw ValidationError('The last admin of a workspace cannot be removed.');
    }
    await endMembership(
      tx,
      input.workspaceId,
      target,
      'This member is the only admin of some projects: make another member admin of them or remove them first',
    );
  });
}

export async function leaveWorkspace(db: Pool, input: { workspaceId: string; userId: string }): Promise<void> {
  await inTransaction(db, async (tx) => {
    await lockWorkspaceMemberships(tx, input.workspaceId);
    const me = await findWorkspaceMember(tx, input.workspaceId, input.userId);
    if (!me) throw NotFoundError();
    if (me.role === ROLE.admin && (await countWorkspaceAdmins(tx, input.workspaceId)) <= 1) {
      throw ValidationError(
        'You cannot leave the workspace as you are its only admin: make another member admin first, or delete the workspace.',
      );
    }
    await endMembership(
      tx,
      input.workspaceId,
      me,
      'You are the only admin of some projects: make another member admin of them before leaving the workspace',
    );
  });
}
