// Field rules for modules: name (unique in the project), status, dates in order, a lead and members
// who are members of the project, sanitised description HTML.
import { isUuid } from '../api/access/membership.ts';
import { ValidationError } from '../api/errors.ts';
import type { Queryable } from '../repositories/activityRepository.ts';
import {
  activeProjectMembers,
  findModuleByName,
  MODULE_STATUSES,
  type ModuleFields,
  type ModuleStatus,
} from '../repositories/modulesRepository.ts';
import type { JsonObject } from '../repositories/projectsRepository.ts';
import { sanitizeHtml } from '../validation/html.ts';

export interface ModuleInput {
  name?: string;
  description?: string;
  description_text?: string | null;
  description_html?: string | null;
  start_date?: string | null;
  target_date?: string | null;
  status?: string;
  lead?: string | null;
  members?: string[];
  view_props?: JsonObject;
  sort_order?: number;
  logo_props?: JsonObject;
  external_source?: string | null;
  external_id?: string | null;
}

export const NAME_TAKEN = 'Module with this name already exists';

export function checkModuleName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0 || name.length > 255)
    throw ValidationError('The module name must be 1 to 255 characters.', { name: ['Use 1 to 255 characters.'] });
  return name;
}

export function checkModuleStatus(status: string): ModuleStatus {
  if (!(MODULE_STATUSES as readonly string[]).includes(status))
    throw ValidationError(`status must be one of ${MODULE_STATUSES.join(', ')}.`, { status: [`"${status}" is not a valid choice.`] });
  return status as ModuleStatus;
}

/** Plane's rule: a start date after the target date is refused. */
export function checkModuleDates(start: string | null, target: string | null): void {
  if (start && target && start > target)
    throw ValidationError('Start date cannot exceed target date', { start_date: ['Start date cannot exceed target date'] });
}

/** Plane answers a taken name with a validation error (400), not a conflict. */
export async function checkModuleNameFree(db: Queryable, projectId: string, name: string, exceptId: string | null = null): Promise<void> {
  if (await findModuleByName(db, projectId, name, exceptId)) throw ValidationError(NAME_TAKEN, { name: [NAME_TAKEN] });
}

/** The lead and every member must be active members of the project (ids from elsewhere look the same as unknown ones). */
export async function checkModulePeople(
  db: Queryable,
  projectId: string,
  people: { lead?: string | null | undefined; members?: string[] | undefined },
): Promise<{ lead?: string | null; members?: string[] }> {
  const out: { lead?: string | null; members?: string[] } = {};
  if (people.lead !== undefined) {
    const lead = people.lead === null ? null : people.lead.toLowerCase();
    if (lead !== null && (!isUuid(lead) || (await activeProjectMembers(db, projectId, [lead])).length === 0))
      throw ValidationError('The lead must be a member of the project.', { lead: ['Not a member of this project.'] });
    out.lead = lead;
  }
  if (people.members !== undefined) {
    const members = [...new Set(people.members.map((id) => id.toLowerCase()))];
    const found = members.every(isUuid) ? new Set(await activeProjectMembers(db, projectId, members)) : new Set<string>();
    if (members.some((id) => !found.has(id)))
      throw ValidationError('Every module member must be a member of the project.', { members: ['Not a member of this project.'] });
    out.members = members;
  }
  return out;
}

/** The plain column values of an input (name, people and dates are checked by the caller). */
export function moduleColumns(data: ModuleInput): ModuleFields {
  const fields: ModuleFields = {};
  if (data.description !== undefined) fields.description = data.description;
  if (data.description_text !== undefined) fields.description_text = data.description_text;
  if (data.description_html !== undefined) fields.description_html = sanitizeHtml(data.description_html ?? '<p></p>') || '<p></p>';
  if (data.start_date !== undefined) fields.start_date = data.start_date;
  if (data.target_date !== undefined) fields.target_date = data.target_date;
  if (data.status !== undefined) fields.status = checkModuleStatus(data.status);
  if (data.view_props !== undefined) fields.view_props = data.view_props;
  if (data.sort_order !== undefined) fields.sort_order = data.sort_order;
  if (data.logo_props !== undefined) fields.logo_props = data.logo_props;
  if (data.external_source !== undefined) fields.external_source = data.external_source;
  if (data.external_id !== undefined) fields.external_id = data.external_id;
  return fields;
}
