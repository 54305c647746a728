// Updates a state. The project always keeps exactly one default: `default: true` moves it here,
// `default: false` on the default state is refused. The triage state keeps its group.
import { NotFoundError, ValidationError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { lockProject } from '../repositories/projectsRepository.ts';
import { findState, moveDefaultState, type StateFields, type StateRow, stateSlug, updateState } from '../repositories/statesRepository.ts';
import { uniqueViolation } from './projectRules.ts';
import { checkStateColor, checkStateGroup, checkStateName, checkStateNameFree, type StateInput } from './stateRules.ts';

export async function updateStateSettings(
  db: Pool,
  input: { project: { id: string; workspace_id: string }; stateId: string; actorId: string; data: StateInput },
): Promise<StateRow> {
  const { project, stateId, actorId, data } = input;
  const fields: StateFields = {};
  if (data.name !== undefined) {
    fields.name = checkStateName(data.name);
    fields.slug = stateSlug(fields.name as string);
  }
  if (data.color !== undefined) fields.color = checkStateColor(data.color);
  if (data.description !== undefined) fields.description = data.description;
  if (data.sequence !== undefined) fields.sequence = data.sequence;
  if (data.external_source !== undefined) fields.external_source = data.external_source;
  if (data.external_id !== undefined) fields.external_id = data.external_id;
  try {
    return await inTransaction(db, async (tx) => {
      if (!(await lockProject(tx, project.workspace_id, project.id))) throw NotFoundError();
      const state = await findState(tx, project.id, stateId);
      if (!state) throw NotFoundError('This state does not exist in the project.');
      if (data.group !== undefined && data.group !== state.group) {
        if (state.is_triage)
          throw ValidationError('The triage state’s group cannot be changed.', { group: ['The triage state stays in triage.'] });
        fields.group = checkStateGroup(data.group);
      }
      if (data.default === false && state.default)
        throw ValidationError('A project always has one default state: mark another state as default instead.', {
          default: ['Mark another state as default instead.'],
        });
      if (data.default === true && state.is_triage)
        throw ValidationError('The triage state cannot be the default state.', { default: ['Not allowed for the triage state.'] });
      if (typeof fields.name === 'string') await checkStateNameFree(tx, project.id, fields.name, stateId);
      await updateState(tx, project.id, stateId, actorId, fields);
      if (data.default === true && !state.default) await moveDefaultState(tx, project.id, stateId);
      const updated = await findState(tx, project.id, stateId);
      if (!updated) throw NotFoundError();
      return updated;
    });
  } catch (error) {
    if (uniqueViolation(error, ['states_name_key']) && typeof fields.name === 'string')
      await checkStateNameFree(db, project.id, fields.name, stateId);
    throw error;
  }
}
