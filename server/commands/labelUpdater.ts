// Updates a label; a new parent must be a label of the project that is not this label's descendant.
import { NotFoundError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { findLabel, type LabelFields, type LabelRow, updateLabel } from '../repositories/labelsRepository.ts';
import { lockProject } from '../repositories/projectsRepository.ts';
import { checkLabelColor, checkLabelName, checkLabelNameFree, checkLabelParent, type LabelInput } from './labelRules.ts';
import { uniqueViolation } from './projectRules.ts';

export async function updateLabelSettings(
  db: Pool,
  input: { project: { id: string; workspace_id: string }; labelId: string; actorId: string; data: LabelInput },
): Promise<LabelRow> {
  const { project, labelId, actorId, data } = input;
  const fields: LabelFields = {
    description: data.description,
    sort_order: data.sort_order,
    external_source: data.external_source,
    external_id: data.external_id,
  };
  if (data.name !== undefined) fields.name = checkLabelName(data.name);
  if (data.color !== undefined) fields.color = checkLabelColor(data.color);
  try {
    return await inTransaction(db, async (tx) => {
      // The project lock serializes parent changes, so two concurrent moves cannot make a cycle.
      if (!(await lockProject(tx, project.workspace_id, project.id))) throw NotFoundError();
      if (!(await findLabel(tx, project.id, labelId))) throw NotFoundError('This label does not exist in the project.');
      if (typeof fields.name === 'string') await checkLabelNameFree(tx, project.id, fields.name, labelId);
      if (data.parent !== undefined)
        fields.parent = data.parent === null ? null : await checkLabelParent(tx, project.id, data.parent, labelId);
      const row = await updateLabel(tx, project.id, labelId, actorId, fields);
      if (!row) throw NotFoundError();
      return row;
    });
  } catch (error) {
    if (uniqueViolation(error, ['labels_name_key']) && typeof fields.name === 'string')
      await checkLabelNameFree(db, project.id, fields.name, labelId);
    throw error;
  }
}
