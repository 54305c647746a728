// Who may hold which project role: a project role never exceeds the person's workspace role (so a
// workspace guest can only be a project guest), and a project always keeps at least one admin.
import { ValidationError } from '../api/errors.ts';
import { countActiveAdmins } from '../repositories/projectMembersRepository.ts';
import type { Db } from '../repositories/projectsRepository.ts';

export function checkRoleValue(role: number): void {
  if (role !== 5 && role !== 15 && role !== 20)
    throw ValidationError('role must be 20 (admin), 15 (member) or 5 (guest).', { role: ['Use 20, 15 or 5.'] });
}

export function checkRoleFitsWorkspace(role: number, workspaceRole: number | null | undefined): void {
  if (workspaceRole === null || workspaceRole === undefined)
    throw ValidationError('This person is not a member of the workspace.', { member: ['Not a member of this workspace.'] });
  if (role > workspaceRole)
    throw ValidationError(
      workspaceRole === 5
        ? 'A workspace guest can only be a guest of a project.'
        : 'A project role cannot be higher than the person’s role in the workspace.',
      { role: ['Higher than the workspace role.'] },
    );
}

/** 400 when `membership` is an admin and the last one: the project would be left without an admin. */
export async function checkNotLastAdmin(db: Db, projectId: string, membership: { role: number }, action: string): Promise<void> {
  if (membership.role !== 20) return;
  if ((await countActiveAdmins(db, projectId)) <= 1)
    throw ValidationError(`The last admin of a project cannot ${action}: make someone else an admin first.`, {
      role: ['A project needs at least one admin.'],
    });
}
