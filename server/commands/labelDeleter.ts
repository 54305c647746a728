// Deletes (soft) a label with its sub-labels, and takes them off the project's work items.
import { NotFoundError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { softDeleteLabelTree } from '../repositories/labelsRepository.ts';
import { lockProject } from '../repositories/projectsRepository.ts';

export async function deleteLabel(
  db: Pool,
  input: { project: { id: string; workspace_id: string }; labelId: string; actorId: string },
): Promise<void> {
  const { project } = input;
  await inTransaction(db, async (tx) => {
    if (!(await lockProject(tx, project.workspace_id, project.id))) throw NotFoundError();
    const deleted = await softDeleteLabelTree(tx, project.id, input.labelId, input.actorId);
    if (deleted.length === 0) throw NotFoundError('This label does not exist in the project.');
  });
}
