// Moves a cycle's unfinished work items (state group neither completed nor cancelled) to another cycle
// of the project, as Plane does at the end of a sprint, saving the old cycle's counts as its progress
// snapshot. The target must be a live, unarchived cycle of this project that has not completed.
import { ValidationError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { recordActivities } from '../repositories/activityRepository.ts';
import { findCycle, lockCycles, putInCycle, saveProgressSnapshot, unfinishedIssueIds } from '../repositories/cyclesRepository.ts';
import { movedBetweenCycles } from './cycleActivity.ts';
import { type CycleProject, cycleNotFound, isCompleted, projectCycleContext } from './cycleRules.ts';

export async function transferCycleIssues(
  db: Pool,
  input: { project: CycleProject; cycleId: string; newCycleId: string; actorId: string },
): Promise<{ moved: string[] }> {
  const { project, cycleId, actorId } = input;
  const newCycleId = input.newCycleId.toLowerCase();
  const context = await projectCycleContext(db, project.id);
  return inTransaction(db, async (tx) => {
    const locked = await lockCycles(tx, project.id, [cycleId, newCycleId]);
    const from = locked.get(cycleId);
    if (!from) throw cycleNotFound();
    const to = locked.get(newCycleId);
    if (!to)
      throw ValidationError('The cycle to transfer to is not a cycle of this project.', {
        new_cycle_id: ['Not a cycle of this project.'],
      });
    if (to.archived_at || isCompleted(to, context.today))
      throw ValidationError('The cycle where the issues are transferred is already completed.', {
        new_cycle_id: ['This cycle is already completed.'],
      });
    // Transferring a cycle to itself moves nothing (Plane answers it as a success too).
    if (to.id === from.id) return { moved: [] };
    const before = await findCycle(tx, project.id, cycleId, context.today);
    if (before) {
      const { total_issues, completed_issues, cancelled_issues, started_issues, unstarted_issues, backlog_issues } = before;
      await saveProgressSnapshot(tx, project.id, cycleId, {
        total_issues,
        completed_issues,
        cancelled_issues,
        started_issues,
        unstarted_issues,
        backlog_issues,
        total_estimates: 0,
        completed_estimates: 0,
        started_estimates: 0,
        distribution: {
          completed: completed_issues,
          cancelled: cancelled_issues,
          started: started_issues,
          unstarted: unstarted_issues,
          backlog: backlog_issues,
        },
      });
    }
    const moved = await unfinishedIssueIds(tx, project.id, cycleId);
    await putInCycle(tx, { projectId: project.id, workspaceId: project.workspace_id, cycleId: to.id, actorId }, moved);
    const scope = { projectId: project.id, workspaceId: project.workspace_id, actorId };
    await recordActivities(
      tx,
      moved.map((issueId) => movedBetweenCycles(scope, issueId, from, to)),
    );
    return { moved };
  });
}
