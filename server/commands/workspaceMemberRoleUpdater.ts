// Changes a workspace member's role. Runs under the workspace's lock so that concurrent demotions
// cannot leave the workspace without an admin.
import { ROLE } from '../api/access/roles.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import {
  countWorkspaceAdmins,
  findWorkspaceMember,
  lockWorkspaceMemberships,
  setWorkspaceMemberRole,
  type WorkspaceMemberView,
} from '../repositories/workspaceMembersRepository.ts';

export async function updateWorkspaceMemberRole(
  db: Pool,
  input: { workspaceId: string; actorId: string; memberId: string; role: number },
): Promise<WorkspaceMemberView> {
  return inTransaction(db, async (tx) => {
    await lockWorkspaceMemberships(tx, input.workspaceId);
    // Re-read under the lock: the actor may have been demoted since the route checked their role.
    const actor = await findWorkspaceMember(tx, input.workspaceId, input.actorId);
    if (!actor) throw NotFoundError();
    if (actor.role < ROLE.admin) throw ForbiddenError('Only workspace admins can change roles.');
    const target = await findWorkspaceMember(tx, input.workspaceId, input.memberId);
    if (!target) throw NotFoundError();
    if (input.role > actor.role) {
      throw ValidationError('You cannot give a role higher than your own.', { role: ['You cannot give a role higher than your own.'] });
    }
    if (target.role === ROLE.admin && input.role < ROLE.admin && (await countWorkspaceAdmins(tx, input.workspaceId)) <= 1) {
      const message = 'The last admin of a workspace cannot be demoted: make another member admin first.';
      throw ValidationError(message, { role: [message] });
    }
    await setWorkspaceMemberRole(tx, input.workspaceId, input.memberId, input.role);
    return { ...target, role: input.role };
  });
}
