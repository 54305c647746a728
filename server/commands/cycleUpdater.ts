// Updates a cycle. Like Plane: an archived cycle cannot be edited; a completed one only takes a new
// sort_order (anything else sent with it is ignored; without it the edit is refused). Dates are
// checked on the result: both or neither, start ≤ end.
import { ConflictError, NotFoundError, ValidationError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import {
  type CycleFields,
  type CycleRow,
  findCycle,
  findCycleByExternal,
  lockCycle,
  updateCycleRow,
} from '../repositories/cyclesRepository.ts';
import {
  type CycleInput,
  type CycleProject,
  checkCycleDates,
  checkCycleName,
  checkCycleOwner,
  checkCycleTimezone,
  cycleNotFound,
  isCompleted,
  parseCycleDate,
  projectCycleContext,
} from './cycleRules.ts';
import { uniqueViolation } from './projectRules.ts';

function fieldsFrom(data: CycleInput): CycleFields {
  const fields: CycleFields = {};
  if (data.name !== undefined) fields.name = checkCycleName(data.name);
  if (data.description !== undefined) fields.description = data.description;
  if (data.start_date !== undefined) fields.start_date = parseCycleDate('start_date', data.start_date);
  if (data.end_date !== undefined) fields.end_date = parseCycleDate('end_date', data.end_date);
  if (data.owned_by === null) throw ValidationError('A cycle always has an owner.', { owned_by: ['This field may not be null.'] });
  if (data.owned_by !== undefined) fields.owned_by = data.owned_by;
  if (data.view_props !== undefined) fields.view_props = data.view_props;
  if (data.sort_order !== undefined) fields.sort_order = data.sort_order;
  if (data.logo_props !== undefined) fields.logo_props = data.logo_props;
  if (data.timezone !== undefined) fields.timezone = checkCycleTimezone(data.timezone);
  if (data.external_source !== undefined) fields.external_source = data.external_source;
  if (data.external_id !== undefined) fields.external_id = data.external_id;
  return fields;
}

export async function updateCycle(
  db: Pool,
  input: { project: CycleProject; cycleId: string; actorId: string; data: CycleInput },
): Promise<CycleRow> {
  const { project, cycleId, actorId, data } = input;
  const context = await projectCycleContext(db, project.id);
  let fields = fieldsFrom(data);
  try {
    return await inTransaction(db, async (tx) => {
      const cycle = await lockCycle(tx, project.id, cycleId);
      if (!cycle) throw cycleNotFound();
      if (cycle.archived_at) throw ValidationError('Archived cycle cannot be edited.');
      if (isCompleted(cycle, context.today)) {
        if (fields.sort_order === undefined) throw ValidationError('The Cycle has already been completed so it cannot be edited.');
        fields = { sort_order: fields.sort_order };
      }
      const start = fields.start_date !== undefined ? (fields.start_date as string | null) : cycle.start_date;
      const end = fields.end_date !== undefined ? (fields.end_date as string | null) : cycle.end_date;
      checkCycleDates(start, end);
      if (typeof fields.owned_by === 'string' && fields.owned_by !== cycle.owned_by) await checkCycleOwner(tx, project.id, fields.owned_by);
      const source = (fields.external_source !== undefined ? fields.external_source : cycle.external_source) as string | null;
      const externalId = (fields.external_id !== undefined ? fields.external_id : cycle.external_id) as string | null;
      if (source && externalId && (source !== cycle.external_source || externalId !== cycle.external_id)) {
        const existing = await findCycleByExternal(tx, project.id, { external_source: source, external_id: externalId }, cycleId);
        if (existing) throw ConflictError('Cycle with the same external id and external source already exists', { id: existing });
      }
      await updateCycleRow(tx, project.id, cycleId, actorId, fields);
      const row = await findCycle(tx, project.id, cycleId, context.today);
      if (!row) throw NotFoundError();
      return row;
    });
  } catch (error) {
    if (uniqueViolation(error, ['cycles_external_key']))
      throw ConflictError('Cycle with the same external id and external source already exists');
    throw error;
  }
}
