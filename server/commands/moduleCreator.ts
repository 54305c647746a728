// Creates a module in a project whose modules are turned on (module_view), with its lead and members.
import { ConflictError, NotFoundError, ValidationError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import {
  findModule,
  findModuleByExternalId,
  insertModule,
  type ModuleRow,
  moduleViewEnabled,
  nextModuleSortOrder,
  replaceModuleMembers,
} from '../repositories/modulesRepository.ts';
import { lockProject } from '../repositories/projectsRepository.ts';
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

export async function createModule(
  db: Pool,
  input: { project: { id: string; workspace_id: string }; actorId: string; data: ModuleInput },
): Promise<ModuleRow> {
  const { project, actorId, data } = input;
  if (data.name === undefined) throw ValidationError('The module name is required.', { name: ['This field is required.'] });
  const name = checkModuleName(data.name);
  const fields = { ...moduleColumns(data), name };
  checkModuleDates(data.start_date ?? null, data.target_date ?? null);
  try {
    return await inTransaction(db, async (tx) => {
      if (!(await lockProject(tx, project.workspace_id, project.id))) throw NotFoundError();
      if (!(await moduleViewEnabled(tx, project.id)))
        throw ValidationError('Modules are not enabled for this project: turn on module_view first.');
      await checkModuleNameFree(tx, project.id, name);
      const people = await checkModulePeople(tx, project.id, { lead: data.lead, members: data.members });
      const id = await insertModule(tx, project, actorId, {
        ...fields,
        lead: people.lead ?? null,
        sort_order: fields.sort_order ?? (await nextModuleSortOrder(tx, project.id)),
      });
      const module = { id, project_id: project.id, workspace_id: project.workspace_id };
      if (people.members && people.members.length > 0) await replaceModuleMembers(tx, module, people.members, actorId);
      const created = await findModule(tx, project.id, id);
      if (!created) throw NotFoundError();
      return created;
    });
  } catch (error) {
    // A concurrent create won the race: answer as if it had been there first.
    if (uniqueViolation(error, ['modules_name_key'])) throw ValidationError(NAME_TAKEN, { name: [NAME_TAKEN] });
    if (uniqueViolation(error, ['modules_external_key']) && data.external_id && data.external_source) {
      const existing = await findModuleByExternalId(
        db,
        project.id,
        { external_id: data.external_id, external_source: data.external_source },
        null,
      );
      if (existing) throw ConflictError('Module with the same external id and external source already exists', { id: existing.id });
    }
    throw error;
  }
}
