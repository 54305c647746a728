// Updates a project's settings (project admins): the same field rules as create, uniqueness of the
// identifier and name among the workspace's other projects, in one transaction.
import { NotFoundError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { markEstimateUsed } from '../repositories/estimatesRepository.ts';
import { type ProjectRow, updateProject } from '../repositories/projectsRepository.ts';
import type { ProjectInput } from './projectCreator.ts';
import { checkProjectFields, checkProjectUnique, uniqueViolation } from './projectRules.ts';

export async function updateProjectSettings(
  db: Pool,
  input: { workspaceId: string; projectId: string; actorId: string; data: Partial<ProjectInput> & { estimate?: string | null } },
): Promise<ProjectRow> {
  const { workspaceId, projectId, actorId } = input;
  try {
    return await inTransaction(db, async (tx) => {
      const fields = await checkProjectFields(tx, workspaceId, { ...input.data }, projectId);
      await checkProjectUnique(
        tx,
        workspaceId,
        {
          ...(typeof fields.identifier === 'string' ? { identifier: fields.identifier } : {}),
          ...(typeof fields.name === 'string' ? { name: fields.name } : {}),
        },
        projectId,
      );
      const row = await updateProject(tx, workspaceId, projectId, actorId, fields);
      if (!row) throw NotFoundError();
      if (fields.estimate !== undefined) await markEstimateUsed(tx, projectId, row.estimate);
      return row;
    });
  } catch (error) {
    if (uniqueViolation(error, ['projects_identifier_key', 'projects_name_key'])) {
      await checkProjectUnique(
        db,
        workspaceId,
        {
          ...(typeof input.data.identifier === 'string' ? { identifier: input.data.identifier.trim().toUpperCase() } : {}),
          ...(typeof input.data.name === 'string' ? { name: input.data.name.trim() } : {}),
        },
        projectId,
      );
    }
    throw error;
  }
}
