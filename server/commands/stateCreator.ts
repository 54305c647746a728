// Creates a state in a project; marking it default moves the project's default to it.
import { NotFoundError, ValidationError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { lockProject } from '../repositories/projectsRepository.ts';
import { findState, insertState, moveDefaultState, nextStateSequence, type StateRow, stateSlug } from '../repositories/statesRepository.ts';
import { uniqueViolation } from './projectRules.ts';
import { checkStateColor, checkStateGroup, checkStateName, checkStateNameFree, type StateInput } from './stateRules.ts';

export async function createState(
  db: Pool,
  input: { project: { id: string; workspace_id: string }; actorId: string; data: StateInput },
): Promise<StateRow> {
  const { project, actorId, data } = input;
  if (data.name === undefined) throw ValidationError('The state name is required.', { name: ['This field is required.'] });
  if (data.color === undefined) throw ValidationError('The state color is required.', { color: ['This field is required.'] });
  const name = checkStateName(data.name);
  const color = checkStateColor(data.color);
  const group = checkStateGroup(data.group ?? 'backlog');
  try {
    return await inTransaction(db, async (tx) => {
      if (!(await lockProject(tx, project.workspace_id, project.id))) throw NotFoundError();
      await checkStateNameFree(tx, project.id, name);
      const state = await insertState(tx, project, actorId, {
        name,
        color,
        group,
        slug: stateSlug(name),
        sequence: data.sequence ?? (await nextStateSequence(tx, project.id)),
        description: data.description ?? '',
        external_source: data.external_source ?? null,
        external_id: data.external_id ?? null,
      });
      if (data.default === true) await moveDefaultState(tx, project.id, state.id);
      return (await findState(tx, project.id, state.id)) ?? state;
    });
  } catch (error) {
    if (uniqueViolation(error, ['states_name_key'])) await checkStateNameFree(db, project.id, name);
    throw error;
  }
}
