// Puts work items of the project into a cycle, moving those that are in another cycle (a work item is
// in one cycle at most), with one activity row per item that changed. All or nothing: an id that is
// not a live work item of this project refuses the whole request. A completed cycle takes no items.
import { ValidationError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { type ActivityInput, recordActivities } from '../repositories/activityRepository.ts';
import {
  type CycleIssueRow,
  currentCycles,
  findProjectIssueIds,
  listCycleIssueRows,
  lockCycle,
  putInCycle,
} from '../repositories/cyclesRepository.ts';
import { addedToCycle, movedBetweenCycles } from './cycleActivity.ts';
import { type CycleProject, cycleNotFound, isCompleted, projectCycleContext } from './cycleRules.ts';

export async function addCycleIssues(
  db: Pool,
  input: { project: CycleProject; cycleId: string; actorId: string; issueIds: readonly string[] },
): Promise<CycleIssueRow[]> {
  const { project, cycleId, actorId } = input;
  const ids = [...new Set(input.issueIds.map((id) => id.toLowerCase()))];
  if (ids.length === 0) throw ValidationError('Issues are required.', { issues: ['This list may not be empty.'] });
  const context = await projectCycleContext(db, project.id);
  return inTransaction(db, async (tx) => {
    const cycle = await lockCycle(tx, project.id, cycleId);
    if (!cycle) throw cycleNotFound();
    if (cycle.archived_at || isCompleted(cycle, context.today))
      throw ValidationError('The Cycle has already been completed so no new issues can be added.');
    const found = await findProjectIssueIds(tx, project.id, ids);
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0)
      throw ValidationError(`Work items must be work items of this project; not found here: ${missing.join(', ')}.`, { issues: missing });
    const current = await currentCycles(tx, project.id, ids);
    const changing = ids.filter((id) => current.get(id)?.cycleId !== cycleId);
    await putInCycle(tx, { projectId: project.id, workspaceId: project.workspace_id, cycleId, actorId }, changing);
    const scope = { projectId: project.id, workspaceId: project.workspace_id, actorId };
    const activities: ActivityInput[] = changing.map((issueId) => {
      const from = current.get(issueId);
      return from
        ? movedBetweenCycles(scope, issueId, { id: from.cycleId, name: from.cycleName }, cycle)
        : addedToCycle(scope, issueId, cycle);
    });
    await recordActivities(tx, activities);
    return listCycleIssueRows(tx, project.id, cycleId, ids);
  });
}
