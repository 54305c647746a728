// Creates a cycle in a project whose cycles are turned on. The owner defaults to the caller; the time
// zone to the project's.
import { ConflictError, NotFoundError, ValidationError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { type CycleFields, type CycleRow, findCycle, findCycleByExternal, insertCycle } from '../repositories/cyclesRepository.ts';
import { lockProject } from '../repositories/projectsRepository.ts';
import {
  type CycleInput,
  type CycleProject,
  checkCycleDates,
  checkCycleName,
  checkCycleOwner,
  checkCycleTimezone,
  parseCycleDate,
  projectCycleContext,
} from './cycleRules.ts';
import { uniqueViolation } from './projectRules.ts';

export async function createCycle(db: Pool, input: { project: CycleProject; actorId: string; data: CycleInput }): Promise<CycleRow> {
  const { project, actorId, data } = input;
  const context = await projectCycleContext(db, project.id);
  if (!context.cycleView)
    throw ValidationError('Cycles are turned off for this project: turn them on in its settings first.', {
      cycle_view: ['Cycles are turned off for this project.'],
    });
  if (data.name === undefined) throw ValidationError('The cycle name is required.', { name: ['This field is required.'] });
  const start = parseCycleDate('start_date', data.start_date ?? null);
  const end = parseCycleDate('end_date', data.end_date ?? null);
  checkCycleDates(start, end);
  const owner = data.owned_by ?? actorId;
  const fields: CycleFields = {
    name: checkCycleName(data.name),
    description: data.description ?? '',
    start_date: start,
    end_date: end,
    owned_by: owner,
    view_props: data.view_props,
    sort_order: data.sort_order,
    logo_props: data.logo_props,
    timezone: checkCycleTimezone(data.timezone ?? context.timezone),
    external_source: data.external_source ?? null,
    external_id: data.external_id ?? null,
  };
  try {
    return await inTransaction(db, async (tx) => {
      if (!(await lockProject(tx, project.workspace_id, project.id))) throw NotFoundError();
      await checkCycleOwner(tx, project.id, owner);
      const id = await insertCycle(tx, project, actorId, fields);
      const row = await findCycle(tx, project.id, id, context.today);
      if (!row) throw NotFoundError();
      return row;
    });
  } catch (error) {
    if (uniqueViolation(error, ['cycles_external_key']) && data.external_source && data.external_id) {
      const existing = await findCycleByExternal(
        db,
        project.id,
        { external_source: data.external_source, external_id: data.external_id },
        null,
      );
      throw ConflictError('Cycle with the same external id and external source already exists', { id: existing });
    }
    throw error;
  }
}
