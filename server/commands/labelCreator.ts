// Creates a label in a project (optionally under a parent label of the same project).
import { NotFoundError, ValidationError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { insertLabel, type LabelRow } from '../repositories/labelsRepository.ts';
import { lockProject } from '../repositories/projectsRepository.ts';
import { checkLabelColor, checkLabelName, checkLabelNameFree, checkLabelParent, type LabelInput } from './labelRules.ts';
import { uniqueViolation } from './projectRules.ts';

export async function createLabel(
  db: Pool,
  input: { project: { id: string; workspace_id: string }; actorId: string; data: LabelInput },
): Promise<LabelRow> {
  const { project, actorId, data } = input;
  if (data.name === undefined) throw ValidationError('The label name is required.', { name: ['This field is required.'] });
  const name = checkLabelName(data.name);
  const color = data.color === undefined ? undefined : checkLabelColor(data.color);
  try {
    return await inTransaction(db, async (tx) => {
      if (!(await lockProject(tx, project.workspace_id, project.id))) throw NotFoundError();
      await checkLabelNameFree(tx, project.id, name);
      const parent = typeof data.parent === 'string' ? await checkLabelParent(tx, project.id, data.parent) : null;
      return insertLabel(tx, project, actorId, {
        name,
        color,
        parent,
        description: data.description,
        sort_order: data.sort_order,
        external_source: data.external_source,
        external_id: data.external_id,
      });
    });
  } catch (error) {
    if (uniqueViolation(error, ['labels_name_key'])) await checkLabelNameFree(db, project.id, name);
    throw error;
  }
}
