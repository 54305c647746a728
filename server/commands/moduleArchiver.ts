// Archives a module (only a completed or cancelled one, as in Plane) and restores it.
import { ValidationError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { findModule, lockModule, setModuleArchived } from '../repositories/modulesRepository.ts';
import { moduleNotFound } from './moduleUpdater.ts';

type Input = { project: { id: string }; moduleId: string; actorId: string };

export async function archiveModule(db: Pool, input: Input): Promise<void> {
  await inTransaction(db, async (tx) => {
    if (!(await lockModule(tx, input.project.id, input.moduleId))) throw moduleNotFound();
    const module = await findModule(tx, input.project.id, input.moduleId);
    if (!module) throw moduleNotFound();
    if (module.status !== 'completed' && module.status !== 'cancelled')
      throw ValidationError('Only completed or cancelled modules can be archived');
    await setModuleArchived(tx, input.project.id, input.moduleId, input.actorId, true);
  });
}

export async function unarchiveModule(db: Pool, input: Input): Promise<void> {
  await inTransaction(db, async (tx) => {
    if (!(await lockModule(tx, input.project.id, input.moduleId))) throw moduleNotFound();
    await setModuleArchived(tx, input.project.id, input.moduleId, input.actorId, false);
  });
}
