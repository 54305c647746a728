// Archives / restores a work item in ONE transaction, with its activity row. Like Plane, only items in
// a completed or cancelled state can be archived; archiving twice (or restoring a live item) is a no-op.
import { NotFoundError, ValidationError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { recordActivity } from '../repositories/activityRepository.ts';
import { findProjectState, findWorkItem, lockWorkItem, type WorkItemRow } from '../repositories/workItemsRepository.ts';
import { ARCHIVABLE_GROUPS, type WorkItemActor } from './workItemFields.ts';

async function setArchived(db: Pool, actor: WorkItemActor, issueId: string, archive: boolean): Promise<WorkItemRow> {
  const { projectId, workspaceId, userId } = actor;
  return inTransaction(db, async (tx) => {
    const current = await lockWorkItem(tx, { projectId, issueId });
    if (!current) throw NotFoundError();
    if ((current.archived_at !== null) === archive) return current;
    if (archive) {
      const state = current.state_id ? await findProjectState(tx, projectId, current.state_id) : null;
      if (!state || !ARCHIVABLE_GROUPS.has(state.group)) {
        throw ValidationError('Only work items in a completed or cancelled state can be archived.', {
          state: ['Only work items in a completed or cancelled state can be archived.'],
        });
      }
    }
    const { rows } = await tx.query<{ archived_at: Date | null }>(
      `UPDATE issues SET archived_at = ${archive ? 'now()' : 'NULL'}, updated_by = $1, updated_at = now()
        WHERE project_id = $2 AND id = $3 RETURNING archived_at`,
      [userId, projectId, issueId],
    );
    await recordActivity(tx, {
      issueId,
      projectId,
      workspaceId,
      actorId: userId,
      verb: archive ? 'archived' : 'restored',
      field: 'archived_at',
      oldValue: current.archived_at?.toISOString() ?? null,
      newValue: rows[0]?.archived_at?.toISOString() ?? null,
      comment: archive ? 'archived the work item' : 'restored the work item',
    });
    const row = await findWorkItem(tx, { projectId, issueId });
    if (!row) throw NotFoundError();
    return row;
  });
}

export function archiveWorkItem(db: Pool, actor: WorkItemActor, issueId: string): Promise<WorkItemRow> {
  return setArchived(db, actor, issueId, true);
}

export function unarchiveWorkItem(db: Pool, actor: WorkItemActor, issueId: string): Promise<WorkItemRow> {
  return setArchived(db, actor, issueId, false);
}
