// What the intake commands share: intake must be switched on for writes, and who may do what —
// any project member (guests too) submits; admins triage (status, snooze, duplicate); members edit
// the submitted work item, and a guest only their own while it is pending (Plane's rules).
import { ROLE, type Role } from '../api/access/roles.ts';
import { ForbiddenError, ValidationError } from '../api/errors.ts';
import type { Queryable } from '../repositories/activityRepository.ts';
import { INTAKE_STATUS, type IntakeIssueRow, intakeEnabled } from '../repositories/intakeRepository.ts';
import type { Viewer } from '../repositories/workItemsRepository.ts';
import type { WorkItemActor } from './workItemFields.ts';

/** The caller as the route resolved them: ids, project role and what they may see. */
export interface IntakeCaller {
  actor: WorkItemActor;
  role: Role;
  viewer: Viewer;
}

/** The fields of the work item that intake takes (Plane's IssueForIntake). */
export interface IntakeWorkItemInput {
  name?: string;
  description_html?: string;
  priority?: 'urgent' | 'high' | 'medium' | 'low' | 'none';
}

export async function requireIntakeEnabled(db: Queryable, projectId: string): Promise<void> {
  if (!(await intakeEnabled(db, projectId)))
    throw ValidationError("Intake is not enabled for this project: turn on the project's intake_view first.", {
      intake_view: ['Intake is not enabled for this project.'],
    });
}

export function requireTriager(caller: IntakeCaller): void {
  if (caller.role < ROLE.admin)
    throw ForbiddenError('Only project admins can accept, reject, snooze or mark intake work items as duplicates.');
}

/** The work-item fields this caller may change on this intake item (a guest: name and description). */
export function editableFields(caller: IntakeCaller, intake: IntakeIssueRow, input: IntakeWorkItemInput): IntakeWorkItemInput {
  if (caller.role >= ROLE.member) return input;
  const own = intake.created_by === caller.actor.userId && intake.status === INTAKE_STATUS.pending;
  if (!own) throw ForbiddenError('Only the submitter may edit this intake work item, and only while it is pending.');
  const { priority: _ignored, ...rest } = input;
  return rest;
}

/** Deleting: project admins, or whoever submitted the item. */
export function requireDeleter(caller: IntakeCaller, intake: IntakeIssueRow): void {
  if (caller.role < ROLE.admin && intake.created_by !== caller.actor.userId)
    throw ForbiddenError('Only project admins or the submitter can delete an intake work item.');
}
