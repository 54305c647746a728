// Archives / restores a cycle. Like Plane, only a completed cycle (ended before the project's today)
// can be archived; archiving twice changes nothing; restoring needs an archived cycle.
import { ValidationError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { lockCycle, setCycleArchived } from '../repositories/cyclesRepository.ts';
import { type CycleProject, cycleNotFound, isCompleted, projectCycleContext } from './cycleRules.ts';

export async function archiveCycle(db: Pool, input: { project: CycleProject; cycleId: string; actorId: string }): Promise<void> {
  const { project, cycleId, actorId } = input;
  const context = await projectCycleContext(db, project.id);
  await inTransaction(db, async (tx) => {
    const cycle = await lockCycle(tx, project.id, cycleId);
    if (!cycle) throw cycleNotFound();
    if (cycle.archived_at) return;
    if (!isCompleted(cycle, context.today)) throw ValidationError('Only completed cycles can be archived.');
    await setCycleArchived(tx, project.id, cycleId, actorId, true);
  });
}

export async function unarchiveCycle(db: Pool, input: { project: CycleProject; cycleId: string; actorId: string }): Promise<void> {
  const { project, cycleId, actorId } = input;
  await inTransaction(db, async (tx) => {
    const cycle = await lockCycle(tx, project.id, cycleId);
    if (!cycle?.archived_at) throw cycleNotFound();
    await setCycleArchived(tx, project.id, cycleId, actorId, false);
  });
}
