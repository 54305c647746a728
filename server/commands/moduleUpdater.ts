// Updates a module's settings; `members` replaces the member set. An archived module is read-only
// (Plane's rule), and an external pair another module carries is a 409 with that module's id.
import { ConflictError, NotFoundError, ValidationError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import {
  findModule,
  findModuleByExternalId,
  lockModule,
  type ModuleRow,
  replaceModuleMembers,
  updateModule,
} from '../repositories/modulesRepository.ts';
import { uniqueViolation } from './projectRules.ts';
import {
  checkModuleDates,
  checkModuleName,
  checkModuleNameFree,
  checkModulePeople,
  type ModuleInput,
  moduleColumns,
  NAME_TAKEN,
} from './moduleRules.ts';

export const moduleNotFound = () => NotFoundError('This module does not exist in the project.');
export const archivedModule = () => ValidationError('Archived module cannot be edited');

export async function updateModuleSettings(
  db: Pool,
  input: { project: { id: string; workspace_id: string }; moduleId: string; actorId: string; data: ModuleInput },
): Promise<ModuleRow> {
  const { project, moduleId, actorId, data } = input;
  const fields = moduleColumns(data);
  if (data.name !== undefined) fields.name = checkModuleName(data.name);
  try {
    return await inTransaction(db, async (tx) => {
      if (!(await lockModule(tx, project.id, moduleId))) throw moduleNotFound();
      const current = await findModule(tx, project.id, moduleId);
      if (!current) throw moduleNotFound();
      if (current.archived_at) throw archivedModule();
      checkModuleDates(
        data.start_date !== undefined ? data.start_date : current.start_date,
        data.target_date !== undefined ? data.target_date : current.target_date,
      );
      if (typeof fields.name === 'string') await checkModuleNameFree(tx, project.id, fields.name, moduleId);
      const people = await checkModulePeople(tx, project.id, { lead: data.lead, members: data.members });
      if (people.lead !== undefined) fields.lead = people.lead;
      const source = data.external_source !== undefined ? data.external_source : current.external_source;
      const externalId = data.external_id !== undefined ? data.external_id : current.external_id;
      if ((data.external_source !== undefined || data.external_id !== undefined) && source && externalId) {
        const other = await findModuleByExternalId(tx, project.id, { external_source: source, external_id: externalId }, moduleId);
        if (other) throw ConflictError('Module with the same external id and external source already exists', { id: other.id });
      }
      await updateModule(tx, project.id, moduleId, actorId, fields);
      if (people.members !== undefined) await replaceModuleMembers(tx, current, people.members, actorId);
      const updated = await findModule(tx, project.id, moduleId);
      if (!updated) throw moduleNotFound();
      return updated;
    });
  } catch (error) {
    if (uniqueViolation(error, ['modules_name_key'])) throw ValidationError(NAME_TAKEN, { name: [NAME_TAKEN] });
    throw error;
  }
}
