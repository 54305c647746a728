// Takes one work item out of a cycle, with its "removed from cycle" activity.
import { NotFoundError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { recordActivity } from '../repositories/activityRepository.ts';
import { lockCycle, removeFromCycle } from '../repositories/cyclesRepository.ts';
import { removedFromCycle } from './cycleActivity.ts';
import { type CycleProject, cycleNotFound } from './cycleRules.ts';

export async function removeCycleIssue(
  db: Pool,
  input: { project: CycleProject; cycleId: string; issueId: string; actorId: string },
): Promise<void> {
  const { project, cycleId, issueId, actorId } = input;
  await inTransaction(db, async (tx) => {
    const cycle = await lockCycle(tx, project.id, cycleId);
    if (!cycle) throw cycleNotFound();
    if (!(await removeFromCycle(tx, project.id, cycleId, issueId))) throw NotFoundError('This work item is not in the cycle.');
    await recordActivity(tx, removedFromCycle({ projectId: project.id, workspaceId: project.workspace_id, actorId }, issueId, cycle));
  });
}
