// Deletes (soft) a cycle: only its owner or a project admin may (as in Plane). Its work items leave
// it, each with a "removed from cycle" activity, so they are free to join another cycle.
import { ForbiddenError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { recordActivities } from '../repositories/activityRepository.ts';
import { emptyCycle, lockCycle, softDeleteCycle } from '../repositories/cyclesRepository.ts';
import { removedFromCycle } from './cycleActivity.ts';
import { type CycleProject, cycleNotFound } from './cycleRules.ts';

export async function deleteCycle(
  db: Pool,
  input: { project: CycleProject; cycleId: string; actorId: string; actorIsAdmin: boolean },
): Promise<void> {
  const { project, cycleId, actorId } = input;
  await inTransaction(db, async (tx) => {
    const cycle = await lockCycle(tx, project.id, cycleId);
    if (!cycle) throw cycleNotFound();
    if (cycle.owned_by !== actorId && !input.actorIsAdmin)
      throw ForbiddenError('Only a project admin or the cycle’s owner can delete the cycle.');
    const issueIds = await emptyCycle(tx, project.id, cycleId);
    const scope = { projectId: project.id, workspaceId: project.workspace_id, actorId };
    await recordActivities(
      tx,
      issueIds.map((issueId) => removedFromCycle(scope, issueId, cycle)),
    );
    await softDeleteCycle(tx, project.id, cycleId, actorId);
  });
}
