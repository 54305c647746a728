// Deletes (soft) a state, refusing the default state, the triage state and a state that still
// holds work items, with a message that says what to do instead.
import { NotFoundError, ValidationError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { lockProject } from '../repositories/projectsRepository.ts';
import { countStateIssues, findState, softDeleteState } from '../repositories/statesRepository.ts';

export async function deleteState(
  db: Pool,
  input: { project: { id: string; workspace_id: string }; stateId: string; actorId: string },
): Promise<void> {
  const { project, stateId } = input;
  await inTransaction(db, async (tx) => {
    if (!(await lockProject(tx, project.workspace_id, project.id))) throw NotFoundError();
    // FOR UPDATE waits for transactions that are inserting work items into this state (their
    // foreign-key check holds a share lock on it), so the count below sees them.
    const state = await findState(tx, project.id, stateId, { forUpdate: true });
    if (!state) throw NotFoundError('This state does not exist in the project.');
    if (state.default) throw ValidationError('The default state cannot be deleted: mark another state as default first.');
    if (state.is_triage) throw ValidationError('The triage state cannot be deleted: the project’s intake uses it.');
    const count = await countStateIssues(tx, project.id, stateId);
    if (count > 0)
      throw ValidationError(
        `This state still has ${count} work item${count === 1 ? '' : 's'}: move ${count === 1 ? 'it' : 'them'} to another state first.`,
      );
    await softDeleteState(tx, project.id, stateId, input.actorId);
  });
}
