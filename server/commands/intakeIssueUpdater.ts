// Triages or edits an intake item in ONE transaction. A status change moves the work item as Plane
// does: accepted → the project's default state (when still in Triage), rejected or duplicate → a
// cancelled state, pending or snoozed → back to Triage (where lists leave it out). Snoozing needs
// `snoozed_till`; a duplicate needs `duplicate_to`, another live work item of the same project.
import { NotFoundError } from '../api/errors.ts';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.ts';
import { recordActivity } from '../repositories/activityRepository.ts';
import {
  findIntakeIssue,
  findIntakeState,
  INTAKE_STATUS,
  type IntakeIssueRow,
  type IntakeIssueView,
  type IntakeStatus,
  isIntakeStatus,
  updateIntakeIssueRow,
} from '../repositories/intakeRepository.ts';
import { findDefaultState, findParentCandidate, findProjectState, type StateRef } from '../repositories/workItemsRepository.ts';
import { editableFields, type IntakeCaller, type IntakeWorkItemInput, requireIntakeEnabled, requireTriager } from './intakeRules.ts';
import { invalid, type WorkItemInput } from './workItemFields.ts';
import { updateWorkItemInTransaction } from './workItemUpdater.ts';

export interface IntakeUpdateInput {
  status?: number;
  snoozed_till?: string | null;
  duplicate_to?: string | null;
  issue?: IntakeWorkItemInput;
}

const STATUS_NAMES: Record<IntakeStatus, string> = { [-2]: 'pending', [-1]: 'rejected', 0: 'snoozed', 1: 'accepted', 2: 'duplicate' };

/** The intake row's next status, snooze and duplicate, checked; null when the input triages nothing. */
async function nextTriage(
  tx: PoolClient,
  current: IntakeIssueRow,
  input: IntakeUpdateInput,
): Promise<{ status: IntakeStatus; snoozed_till: string | null; duplicate_to: string | null } | null> {
  if (input.status === undefined && input.snoozed_till === undefined && input.duplicate_to === undefined) return null;
  if (input.status !== undefined && !isIntakeStatus(input.status))
    throw invalid('status', 'status must be -2 (pending), -1 (rejected), 0 (snoozed), 1 (accepted) or 2 (duplicate).');
  const status: IntakeStatus = input.status ?? current.status;

  let snoozedTill = status === INTAKE_STATUS.snoozed ? (current.snoozed_till?.toISOString() ?? null) : null;
  if (input.snoozed_till !== undefined && input.snoozed_till !== null) {
    if (status !== INTAKE_STATUS.snoozed) throw invalid('snoozed_till', 'snoozed_till goes with status 0 (snoozed).');
    if (Number.isNaN(Date.parse(input.snoozed_till))) throw invalid('snoozed_till', 'snoozed_till must be a date-time.');
    snoozedTill = new Date(input.snoozed_till).toISOString();
  }
  if (status === INTAKE_STATUS.snoozed && !snoozedTill) throw invalid('snoozed_till', 'Snoozing needs snoozed_till.');

  let duplicateTo = status === INTAKE_STATUS.duplicate ? current.duplicate_to : null;
  if (input.duplicate_to !== undefined && input.duplicate_to !== null) {
    if (status !== INTAKE_STATUS.duplicate) throw invalid('duplicate_to', 'duplicate_to goes with status 2 (duplicate).');
    const target = input.duplicate_to.toLowerCase();
    if (target === current.issue_id) throw invalid('duplicate_to', 'A work item cannot duplicate itself.');
    if (!(await findParentCandidate(tx, current.project_id, target)))
      throw invalid('duplicate_to', 'duplicate_to must be a work item of this project.');
    duplicateTo = target;
  }
  if (status === INTAKE_STATUS.duplicate && !duplicateTo) throw invalid('duplicate_to', 'A duplicate needs duplicate_to.');
  return { status, snoozed_till: snoozedTill, duplicate_to: duplicateTo };
}

/** Where the work item goes for a status (null: it stays where it is). */
async function stateFor(tx: PoolClient, view: IntakeIssueView, status: IntakeStatus): Promise<StateRef | null> {
  const projectId = view.intake.project_id;
  switch (status) {
    case INTAKE_STATUS.accepted: {
      const current = view.item.state_id ? await findProjectState(tx, projectId, view.item.state_id) : null;
      return current === null || current.group === 'triage' ? findDefaultState(tx, projectId) : null;
    }
    case INTAKE_STATUS.rejected:
    case INTAKE_STATUS.duplicate:
      return findIntakeState(tx, projectId, 'cancelled');
    default:
      return findIntakeState(tx, projectId, 'triage');
  }
}

export async function updateIntakeIssue(
  db: Pool,
  caller: IntakeCaller,
  issueId: string,
  input: IntakeUpdateInput,
): Promise<IntakeIssueView> {
  const { actor } = caller;
  const projectId = actor.projectId;
  return inTransaction(db, async (tx) => {
    await requireIntakeEnabled(tx, projectId);
    const view = await findIntakeIssue(tx, { projectId, issueId, viewer: caller.viewer, forUpdate: true });
    if (!view) throw NotFoundError();
    const patch: WorkItemInput = {};
    if (input.issue) {
      const fields = editableFields(caller, view.intake, input.issue);
      if (fields.name !== undefined) patch.name = fields.name;
      if (fields.description_html !== undefined) patch.description_html = fields.description_html;
      if (fields.priority !== undefined) patch.priority = fields.priority;
    }
    const triage = await nextTriage(tx, view.intake, input);
    if (triage) {
      requireTriager(caller);
      // The intake row first: the work-item update below may only leave Triage once the item is triaged.
      await updateIntakeIssueRow(tx, view.intake.id, actor.userId, triage);
      if (triage.status !== view.intake.status) {
        const state = await stateFor(tx, view, triage.status);
        if (state && state.id !== view.item.state_id) patch.state_id = state.id;
        await recordActivity(tx, {
          issueId,
          projectId,
          workspaceId: actor.workspaceId,
          actorId: actor.userId,
          verb: 'updated',
          field: 'intake',
          oldValue: STATUS_NAMES[view.intake.status],
          newValue: STATUS_NAMES[triage.status],
          comment: `marked the intake work item as ${STATUS_NAMES[triage.status]}`,
        });
      }
    }
    if (Object.keys(patch).length > 0) await updateWorkItemInTransaction(tx, actor, issueId, patch);
    const updated = await findIntakeIssue(tx, { projectId, issueId });
    if (!updated) throw NotFoundError();
    return updated;
  });
}
