// Puts existing work items under a parent (Plane's "add existing sub-work items"), all in ONE
// transaction: each child gets the same checks and "parent" activity as a PATCH of its parent.
import { NotFoundError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { findWorkItem, type WorkItemRow } from '../repositories/workItemsRepository.ts';
import { invalid, unique, type WorkItemActor } from './workItemFields.ts';
import { updateWorkItemInTransaction } from './workItemUpdater.ts';

export async function addSubItems(db: Pool, actor: WorkItemActor, parentId: string, childIds: readonly string[]): Promise<WorkItemRow[]> {
  const ids = unique(childIds);
  return inTransaction(db, async (tx) => {
    if (!(await findWorkItem(tx, { projectId: actor.projectId, issueId: parentId }))) throw NotFoundError();
    const rows: WorkItemRow[] = [];
    for (const id of ids) {
      if (!(await findWorkItem(tx, { projectId: actor.projectId, issueId: id }))) {
        throw invalid('sub_issue_ids', 'Every sub-item must be a work item of this project.');
      }
      rows.push(await updateWorkItemInTransaction(tx, actor, id, { parent_id: parentId }));
    }
    return rows;
  });
}
