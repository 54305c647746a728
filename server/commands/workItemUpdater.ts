// Updates a work item in ONE transaction: locks the row, checks the new values, writes only what
// changed, replaces the assignee/label sets when given, and records one activity row per changed
// field (per added/removed assignee or label, as Plane does).
import { ConflictError, NotFoundError, ValidationError } from '../api/errors.ts';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.ts';
import { type ActivityInput, type Queryable, recordActivities } from '../repositories/activityRepository.ts';
import { isWaitingInIntake } from '../repositories/intakeRepository.ts';
import {
  findParentCandidate,
  findProjectState,
  findWorkItem,
  labelNames,
  lockWorkItem,
  userNames,
  type WorkItemRow,
  workItemKey,
  wouldCreateCycle,
} from '../repositories/workItemsRepository.ts';
import {
  COMPLETED_GROUPS,
  checkDate,
  checkDateOrder,
  checkExternalIdFree,
  checkName,
  decodeBinary,
  invalid,
  isUniqueViolation,
  resolveAssignees,
  resolveEstimatePoint,
  resolveLabels,
  resolveState,
  stripHtml,
  unique,
  type WorkItemActor,
  type WorkItemInput,
} from './workItemFields.ts';
import { sanitizeHtml } from '../validation/html.ts';

type Scalar = string | number | boolean | null;

/** Serializes the parent-tree changes of one project, so two concurrent re-parentings cannot form a cycle. */
async function lockProjectTree(tx: Queryable, projectId: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('hangar:issue-tree'), hashtext($1))", [projectId]);
}

const asText = (value: Scalar): string | null => (value === null ? null : String(value));

export async function updateWorkItem(db: Pool, actor: WorkItemActor, issueId: string, patch: WorkItemInput): Promise<WorkItemRow> {
  try {
    return await inTransaction(db, (tx) => updateWorkItemInTransaction(tx, actor, issueId, patch));
  } catch (error) {
    if (isUniqueViolation(error, 'issues_external_key'))
      throw ConflictError('A work item with this external id already exists in the project.');
    throw error;
  }
}

/** The update itself, inside the caller's transaction (for commands that change several items at once). */
export async function updateWorkItemInTransaction(
  tx: PoolClient,
  actor: WorkItemActor,
  issueId: string,
  patch: WorkItemInput,
): Promise<WorkItemRow> {
  const { projectId, workspaceId, userId } = actor;
  if (patch.parent_id !== undefined) await lockProjectTree(tx, projectId);
  const current = await lockWorkItem(tx, { projectId, issueId });
  if (!current) throw NotFoundError();
  if (current.archived_at) throw ValidationError('An archived work item cannot be changed; restore it first.');

  const sets: string[] = [];
  const params: unknown[] = [];
  const activities: ActivityInput[] = [];
  const base = { issueId, projectId, workspaceId, actorId: userId, verb: 'updated' } as const;
  const set = (column: string, value: unknown): void => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  const scalar = (field: keyof WorkItemRow & string, activityField: string, next: Scalar | undefined): void => {
    if (next === undefined) return;
    const old = current[field] as Scalar;
    if (old === next) return;
    set(field, next);
    activities.push({ ...base, field: activityField, oldValue: asText(old), newValue: asText(next) });
  };

  if (patch.name !== undefined) scalar('name', 'name', checkName(patch.name));
  const descriptionHtml = patch.description_html === undefined ? undefined : sanitizeHtml(patch.description_html);
  if (descriptionHtml !== undefined && descriptionHtml !== current.description_html) {
    set('description_html', descriptionHtml);
    set('description_stripped', stripHtml(descriptionHtml));
    activities.push({ ...base, field: 'description', oldValue: current.description_html, newValue: descriptionHtml });
  }
  if (patch.description_binary !== undefined) {
    const next = decodeBinary(patch.description_binary);
    const same = next === null ? current.description_binary === null : current.description_binary?.equals(next) === true;
    if (!same) {
      set('description_binary', next);
      activities.push({ ...base, field: 'description_binary' });
    }
  }
  scalar('priority', 'priority', patch.priority);
  const startDate = patch.start_date === undefined ? current.start_date : checkDate('start_date', patch.start_date);
  const targetDate = patch.target_date === undefined ? current.target_date : checkDate('target_date', patch.target_date);
  checkDateOrder(startDate, targetDate);
  if (patch.start_date !== undefined) scalar('start_date', 'start_date', startDate);
  if (patch.target_date !== undefined) scalar('target_date', 'target_date', targetDate);
  scalar('point', 'point', patch.point);
  // Reordering is not history: Plane records no activity for it, and drags would flood the timeline.
  if (patch.sort_order !== undefined && patch.sort_order !== current.sort_order) set('sort_order', patch.sort_order);
  scalar('is_draft', 'is_draft', patch.is_draft);
  if (patch.estimate_point && patch.estimate_point !== current.estimate_point)
    await resolveEstimatePoint(tx, projectId, patch.estimate_point);
  scalar('estimate_point', 'estimate_point', patch.estimate_point);
  scalar('type_id', 'type', patch.type_id);
  if (patch.external_source !== undefined || patch.external_id !== undefined) {
    const source = patch.external_source === undefined ? current.external_source : patch.external_source;
    const id = patch.external_id === undefined ? current.external_id : patch.external_id;
    await checkExternalIdFree(tx, projectId, source, id, issueId);
    scalar('external_source', 'external_source', patch.external_source);
    scalar('external_id', 'external_id', patch.external_id);
  }

  if (patch.state_id !== undefined && patch.state_id !== current.state_id) {
    const next = patch.state_id === null ? null : await resolveState(tx, projectId, patch.state_id);
    const old = current.state_id ? await findProjectState(tx, projectId, current.state_id) : null;
    // An intake item waits in Triage (hidden from lists) until it is triaged through intake.
    if (old?.group === 'triage' && next?.group !== 'triage' && (await isWaitingInIntake(tx, issueId)))
      throw invalid('state', 'This work item is waiting in intake: accept it there to move it out of Triage.');
    set('state_id', next?.id ?? null);
    const wasCompleted = old ? COMPLETED_GROUPS.has(old.group) : false;
    const isCompleted = next ? COMPLETED_GROUPS.has(next.group) : false;
    if (isCompleted && !wasCompleted) sets.push('completed_at = now()');
    if (!isCompleted) sets.push('completed_at = NULL');
    activities.push({
      ...base,
      field: 'state',
      oldValue: old?.name ?? null,
      newValue: next?.name ?? null,
      oldIdentifier: current.state_id,
      newIdentifier: next?.id ?? null,
    });
  }

  if (patch.parent_id !== undefined && patch.parent_id !== current.parent_id) {
    let next: { id: string; key: string } | null = null;
    if (patch.parent_id !== null) {
      if (patch.parent_id.toLowerCase() === issueId.toLowerCase()) throw invalid('parent', 'A work item cannot be its own parent.');
      next = await findParentCandidate(tx, projectId, patch.parent_id);
      if (!next) throw invalid('parent', 'The parent must be a work item of this project.');
      if (await wouldCreateCycle(tx, issueId, next.id)) {
        throw invalid('parent', 'The parent cannot be one of this work item’s own sub-items.');
      }
    }
    if (next?.id !== current.parent_id) {
      set('parent_id', next?.id ?? null);
      activities.push({
        ...base,
        field: 'parent',
        oldValue: current.parent_id ? await workItemKey(tx, projectId, current.parent_id) : null,
        newValue: next?.key ?? null,
        oldIdentifier: current.parent_id,
        newIdentifier: next?.id ?? null,
      });
    }
  }

  if (patch.label_ids !== undefined) {
    // Only labels being added are checked: one already on the item may stay even if it was deleted since.
    const wantedIds = new Set(unique(patch.label_ids));
    const had = new Set(current.label_ids);
    const removed = current.label_ids.filter((id) => !wantedIds.has(id));
    const added = await resolveLabels(
      tx,
      projectId,
      [...wantedIds].filter((id) => !had.has(id)),
    );
    if (removed.length > 0) {
      await tx.query('DELETE FROM issue_labels WHERE issue_id = $1 AND label_id = ANY($2::uuid[])', [issueId, removed]);
      const names = await labelNames(tx, projectId, removed);
      for (const id of removed)
        activities.push({ ...base, field: 'labels', oldValue: names.get(id) ?? null, newValue: null, oldIdentifier: id });
    }
    if (added.length > 0) {
      await tx.query(
        `INSERT INTO issue_labels (issue_id, label_id, project_id, workspace_id, created_by)
         SELECT $1, l, $2, $3, $4 FROM unnest($5::uuid[]) AS l`,
        [issueId, projectId, workspaceId, userId, added.map((l) => l.id)],
      );
      for (const l of added) activities.push({ ...base, field: 'labels', oldValue: null, newValue: l.name, newIdentifier: l.id });
    }
  }

  if (patch.assignee_ids !== undefined) {
    // Only new assignees must be members: someone who left the project may stay assigned until removed.
    const wantedIds = new Set(unique(patch.assignee_ids));
    const had = new Set(current.assignee_ids);
    const removed = current.assignee_ids.filter((id) => !wantedIds.has(id));
    const added = await resolveAssignees(
      tx,
      projectId,
      [...wantedIds].filter((id) => !had.has(id)),
    );
    if (removed.length > 0) {
      await tx.query('DELETE FROM issue_assignees WHERE issue_id = $1 AND assignee_id = ANY($2::uuid[])', [issueId, removed]);
      const names = await userNames(tx, removed);
      for (const id of removed) {
        activities.push({ ...base, field: 'assignees', oldValue: names.get(id) ?? null, newValue: null, oldIdentifier: id });
      }
    }
    if (added.length > 0) {
      await tx.query(
        `INSERT INTO issue_assignees (issue_id, assignee_id, project_id, workspace_id, created_by)
         SELECT $1, a, $2, $3, $4 FROM unnest($5::uuid[]) AS a`,
        [issueId, projectId, workspaceId, userId, added.map((u) => u.id)],
      );
      for (const u of added) activities.push({ ...base, field: 'assignees', oldValue: null, newValue: u.name, newIdentifier: u.id });
    }
  }

  // Labels and assignees change rows elsewhere but always leave activity; sort_order sets a column without any.
  if (activities.length === 0 && sets.length === 0) return current;
  params.push(userId, projectId, issueId);
  const n = params.length;
  await tx.query(
    `UPDATE issues SET ${[...sets, `updated_by = $${n - 2}`, 'updated_at = now()'].join(', ')} WHERE project_id = $${n - 1} AND id = $${n}`,
    params,
  );
  await recordActivities(tx, activities);
  const row = await findWorkItem(tx, { projectId, issueId });
  if (!row) throw NotFoundError();
  return row;
}
