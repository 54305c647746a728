// Deletes (soft) a module: only its creator or a project admin may (Plane's rule). Its work items stay;
// they are simply no longer in it.
import { ForbiddenError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { findModule, lockModule, softDeleteModule } from '../repositories/modulesRepository.ts';
import { moduleNotFound } from './moduleUpdater.ts';

export async function deleteModule(
  db: Pool,
  input: { project: { id: string }; moduleId: string; actorId: string; isProjectAdmin: boolean },
): Promise<void> {
  const { project, moduleId, actorId } = input;
  await inTransaction(db, async (tx) => {
    if (!(await lockModule(tx, project.id, moduleId))) throw moduleNotFound();
    const module = await findModule(tx, project.id, moduleId);
    if (!module) throw moduleNotFound();
    if (module.created_by !== actorId && !input.isProjectAdmin) throw ForbiddenError('Only admin or creator can delete the module');
    await softDeleteModule(tx, project.id, moduleId, actorId);
  });
}
