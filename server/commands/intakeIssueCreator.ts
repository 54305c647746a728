// Submits a work item to a project's intake in ONE transaction: the project's intake (made on first
// use), the work item in the Triage state (so every list leaves it out), and its pending intake row.
import { NotFoundError, ValidationError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import {
  ensureIntake,
  findIntakeIssue,
  findIntakeState,
  insertIntakeIssue,
  type IntakeIssueView,
} from '../repositories/intakeRepository.ts';
import { type IntakeCaller, type IntakeWorkItemInput, requireIntakeEnabled } from './intakeRules.ts';
import { invalid } from './workItemFields.ts';
import { createWorkItemInTransaction } from './workItemCreator.ts';

export async function createIntakeIssue(db: Pool, caller: IntakeCaller, issue: IntakeWorkItemInput): Promise<IntakeIssueView> {
  if (issue.name === undefined || issue.name.trim() === '') throw invalid('name', 'Name is required.');
  const { actor } = caller;
  const project = { id: actor.projectId, workspace_id: actor.workspaceId };
  return inTransaction(db, async (tx) => {
    await requireIntakeEnabled(tx, project.id);
    const triage = await findIntakeState(tx, project.id, 'triage');
    if (!triage) throw ValidationError('The project has no Triage state for intake work items.');
    const intakeId = await ensureIntake(tx, project, actor.userId);
    const item = await createWorkItemInTransaction(tx, actor, {
      name: issue.name ?? '',
      ...(issue.description_html !== undefined ? { description_html: issue.description_html } : {}),
      ...(issue.priority !== undefined ? { priority: issue.priority } : {}),
      state_id: triage.id,
    });
    await insertIntakeIssue(tx, { intakeId, project, issueId: item.id, actorId: actor.userId });
    const view = await findIntakeIssue(tx, { projectId: project.id, issueId: item.id });
    if (!view) throw NotFoundError();
    return view;
  });
}
