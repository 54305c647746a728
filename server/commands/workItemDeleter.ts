// Soft-deletes a work item in ONE transaction: stamps deleted_at (from then on it is invisible
// everywhere), detaches its sub-items (each gets a "parent" activity row) and records "deleted".
// The hard-delete job removes the row for good after `hard_delete_after_days`.
import { NotFoundError } from '../api/errors.ts';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.ts';
import { type ActivityInput, recordActivities } from '../repositories/activityRepository.ts';
import { lockWorkItem } from '../repositories/workItemsRepository.ts';
import type { WorkItemActor } from './workItemFields.ts';

export async function deleteWorkItem(db: Pool, actor: WorkItemActor, issueId: string): Promise<void> {
  await inTransaction(db, (tx) => deleteWorkItemInTransaction(tx, actor, issueId));
}

/** The delete itself, inside the caller's transaction (intake deletes its record and the item together). */
export async function deleteWorkItemInTransaction(tx: PoolClient, actor: WorkItemActor, issueId: string): Promise<void> {
  const { projectId, workspaceId, userId } = actor;
  const current = await lockWorkItem(tx, { projectId, issueId });
  if (!current) throw NotFoundError();
  await tx.query('UPDATE issues SET deleted_at = now(), updated_by = $1, updated_at = now() WHERE project_id = $2 AND id = $3', [
    userId,
    projectId,
    issueId,
  ]);
  const children = await tx.query<{ id: string }>(
    `UPDATE issues SET parent_id = NULL, updated_by = $1, updated_at = now()
      WHERE project_id = $2 AND parent_id = $3 AND deleted_at IS NULL RETURNING id`,
    [userId, projectId, issueId],
  );
  const key = `${current.project_identifier}-${current.sequence_id}`;
  const base = { projectId, workspaceId, actorId: userId } as const;
  const activities: ActivityInput[] = [{ ...base, issueId, verb: 'deleted', comment: `deleted the work item ${key}` }];
  for (const child of children.rows) {
    activities.push({
      ...base,
      issueId: child.id,
      verb: 'updated',
      field: 'parent',
      oldValue: key,
      newValue: null,
      oldIdentifier: issueId,
    });
  }
  await recordActivities(tx, activities);
}
