// Deletes an intake item (admins, or its submitter). One that was never accepted takes its work item
// with it; an accepted one is an ordinary work item by now and stays (Plane's rule).
import { NotFoundError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { findIntakeIssue, INTAKE_STATUS, softDeleteIntakeIssue } from '../repositories/intakeRepository.ts';
import { type IntakeCaller, requireDeleter, requireIntakeEnabled } from './intakeRules.ts';
import { deleteWorkItemInTransaction } from './workItemDeleter.ts';

export async function deleteIntakeIssue(db: Pool, caller: IntakeCaller, issueId: string): Promise<void> {
  const { actor } = caller;
  await inTransaction(db, async (tx) => {
    await requireIntakeEnabled(tx, actor.projectId);
    const view = await findIntakeIssue(tx, { projectId: actor.projectId, issueId, viewer: caller.viewer, forUpdate: true });
    if (!view) throw NotFoundError();
    requireDeleter(caller, view.intake);
    await softDeleteIntakeIssue(tx, view.intake.id, actor.userId);
    if (view.intake.status !== INTAKE_STATUS.accepted) await deleteWorkItemInTransaction(tx, actor, issueId);
  });
}
