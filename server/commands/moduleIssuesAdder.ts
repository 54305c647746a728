// Adds work items to a module. Every id must name a live work item of the module's own project:
// otherwise nothing is linked (an id from another project or workspace looks like an unknown one).
// Items already in the module stay as they are; each newly added one gets a "module" activity row.
import { isUuid } from '../api/access/membership.ts';
import { ValidationError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { type ActivityInput, recordActivities } from '../repositories/activityRepository.ts';
import {
  findModule,
  findProjectItems,
  linkModuleIssues,
  listModuleIssueRows,
  lockModule,
  type ModuleIssueRow,
} from '../repositories/modulesRepository.ts';
import { archivedModule, moduleNotFound } from './moduleUpdater.ts';

export const MAX_MODULE_ISSUES_PER_CALL = 500;

export async function addModuleIssues(
  db: Pool,
  input: { project: { id: string; workspace_id: string }; moduleId: string; actorId: string; issueIds: readonly string[] },
): Promise<ModuleIssueRow[]> {
  const { project, moduleId, actorId } = input;
  const ids = [...new Set(input.issueIds.map((id) => id.toLowerCase()))];
  if (ids.length === 0) throw ValidationError('Issues are required', { issues: ['This field is required.'] });
  if (ids.length > MAX_MODULE_ISSUES_PER_CALL)
    throw ValidationError(`At most ${MAX_MODULE_ISSUES_PER_CALL} work items per call.`, { issues: ['Too many work items.'] });
  const notHere = ValidationError('Every work item must belong to this project.', { issues: ['Not a work item of this project.'] });
  if (!ids.every(isUuid)) throw notHere;
  return inTransaction(db, async (tx) => {
    if (!(await lockModule(tx, project.id, moduleId))) throw moduleNotFound();
    const module = await findModule(tx, project.id, moduleId);
    if (!module) throw moduleNotFound();
    if (module.archived_at) throw archivedModule();
    const items = await findProjectItems(tx, project.id, ids);
    if (items.length !== ids.length) throw notHere;
    const added = new Set(await linkModuleIssues(tx, module, ids, actorId));
    const activities: ActivityInput[] = items
      .filter((item) => added.has(item.id))
      .map((item) => ({
        issueId: item.id,
        projectId: project.id,
        workspaceId: project.workspace_id,
        actorId,
        verb: 'updated',
        field: 'module',
        newValue: module.name,
        newIdentifier: module.id,
        comment: `added module ${module.name}`,
      }));
    await recordActivities(tx, activities);
    return listModuleIssueRows(tx, module.id, ids);
  });
}
