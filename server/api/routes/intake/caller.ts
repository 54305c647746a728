// The intake commands' view of the caller, shared by the app and v1 intake routes.
import type { IntakeCaller } from '../../../commands/intakeRules.ts';
import { type IntakeStatus, isIntakeStatus } from '../../../repositories/intakeRepository.ts';
import type { ProjectAccess } from '../../access/membership.ts';
import { ValidationError } from '../../errors.ts';
import { viewerOf } from '../workItems/index.ts';

export function intakeCallerOf(access: ProjectAccess): IntakeCaller {
  return {
    actor: { userId: access.user.id, projectId: access.project.id, workspaceId: access.workspace.id },
    role: access.projectRole,
    viewer: viewerOf(access),
  };
}

/** `?status=-2,0` → the statuses, or undefined for all. */
export function statusFilter(raw: string | undefined): IntakeStatus[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  const statuses = raw.split(',').map((part) => Number(part.trim()));
  if (!statuses.every(isIntakeStatus))
    throw ValidationError('status must list intake statuses (-2, -1, 0, 1, 2).', { status: ['Invalid status.'] });
  return statuses;
}
