// Removes one work item from a module (the item itself stays), with a "module" activity row.
import { NotFoundError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { recordActivity } from '../repositories/activityRepository.ts';
import { findModule, lockModule, unlinkModuleIssue } from '../repositories/modulesRepository.ts';
import { archivedModule, moduleNotFound } from './moduleUpdater.ts';

export async function removeModuleIssue(
  db: Pool,
  input: { project: { id: string; workspace_id: string }; moduleId: string; issueId: string; actorId: string },
): Promise<void> {
  const { project, moduleId, actorId } = input;
  const issueId = input.issueId.toLowerCase();
  await inTransaction(db, async (tx) => {
    if (!(await lockModule(tx, project.id, moduleId))) throw moduleNotFound();
    const module = await findModule(tx, project.id, moduleId);
    if (!module) throw moduleNotFound();
    if (module.archived_at) throw archivedModule();
    if (!(await unlinkModuleIssue(tx, module.id, issueId))) throw NotFoundError('This work item is not in the module.');
    await recordActivity(tx, {
      issueId,
      projectId: project.id,
      workspaceId: project.workspace_id,
      actorId,
      verb: 'deleted',
      field: 'module',
      oldValue: module.name,
      oldIdentifier: module.id,
      comment: `removed module ${module.name}`,
    });
  });
}
