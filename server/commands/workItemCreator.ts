// Creates a work item in ONE transaction: checks, the next `KEY-n` number, the row, its assignees and
// labels, and the "created" activity. The number comes from the project's counter row, incremented
// under its row lock, so concurrent creates get distinct consecutive numbers and a failed create
// rolls its number back (no gap).
import { ConflictError } from '../api/errors.ts';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.ts';
import { recordActivity } from '../repositories/activityRepository.ts';
import {
  findDefaultAssignee,
  findDefaultState,
  findParentCandidate,
  findWorkItem,
  type StateRef,
  type WorkItemRow,
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
  SORT_ORDER_STEP,
  stripHtml,
  unique,
  type WorkItemActor,
  type WorkItemInput,
} from './workItemFields.ts';
import { sanitizeHtml } from '../validation/html.ts';

export type WorkItemCreateInput = WorkItemInput & { name: string };

export async function createWorkItem(db: Pool, actor: WorkItemActor, input: WorkItemCreateInput): Promise<WorkItemRow> {
  try {
    return await inTransaction(db, (tx) => createWorkItemInTransaction(tx, actor, input));
  } catch (error) {
    if (isUniqueViolation(error, 'issues_external_key')) {
      throw ConflictError('A work item with this external id already exists in the project.');
    }
    throw error;
  }
}

/** The create itself, inside the caller's transaction (for commands that make more than the item, e.g. intake). */
export async function createWorkItemInTransaction(tx: PoolClient, actor: WorkItemActor, input: WorkItemCreateInput): Promise<WorkItemRow> {
  const name = checkName(input.name);
  const startDate = checkDate('start_date', input.start_date);
  const targetDate = checkDate('target_date', input.target_date);
  checkDateOrder(startDate, targetDate);
  const binary = decodeBinary(input.description_binary);
  const descriptionHtml = sanitizeHtml(input.description_html ?? '<p></p>');
  const externalSource = input.external_source ?? null;
  const externalId = input.external_id ?? null;
  const { projectId, workspaceId, userId } = actor;

  let state: StateRef | null;
  if (input.state_id) state = await resolveState(tx, projectId, input.state_id);
  else state = await findDefaultState(tx, projectId);
  if (input.parent_id && !(await findParentCandidate(tx, projectId, input.parent_id))) {
    throw invalid('parent', 'The parent must be a work item of this project.');
  }
  const labels = await resolveLabels(tx, projectId, unique(input.label_ids ?? []));
  let assignees = await resolveAssignees(tx, projectId, unique(input.assignee_ids ?? []));
  if (assignees.length === 0) {
    // Like Plane: no assignee given → the project's default assignee, while they may be assigned.
    const fallback = await findDefaultAssignee(tx, projectId);
    if (fallback) assignees = [fallback];
  }
  const estimatePoint = input.estimate_point ? await resolveEstimatePoint(tx, projectId, input.estimate_point) : null;
  await checkExternalIdFree(tx, projectId, externalSource, externalId, null);

  // Last, so the counter row stays locked as briefly as possible.
  const seq = await tx.query<{ last_sequence: number }>(
    `INSERT INTO project_issue_sequences (project_id, last_sequence) VALUES ($1, 1)
     ON CONFLICT (project_id) DO UPDATE SET last_sequence = project_issue_sequences.last_sequence + 1
     RETURNING last_sequence`,
    [projectId],
  );
  const sequenceId = seq.rows[0]?.last_sequence;
  if (sequenceId === undefined) throw new Error('project_issue_sequences returned no row');

  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO issues (workspace_id, project_id, sequence_id, name, description_html, description_stripped,
            description_binary, priority, state_id, parent_id, estimate_point, type_id, point, start_date, target_date,
            sort_order, completed_at, is_draft, external_source, external_id, created_by, updated_by,
            list_assignee_ids, list_label_ids)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
             COALESCE($16, (SELECT COALESCE(max(sort_order), 0) FROM issues WHERE project_id = $2 AND deleted_at IS NULL) + $17),
             CASE WHEN $18 THEN now() END, $19, $20, $21, $22, $22,
             ARRAY(SELECT unnest($23::uuid[]) ORDER BY 1), ARRAY(SELECT unnest($24::uuid[]) ORDER BY 1))
     RETURNING id`,
    [
      workspaceId,
      projectId,
      sequenceId,
      name,
      descriptionHtml,
      stripHtml(descriptionHtml),
      binary,
      input.priority ?? 'none',
      state?.id ?? null,
      input.parent_id ?? null,
      estimatePoint,
      input.type_id ?? null,
      input.point ?? null,
      startDate,
      targetDate,
      input.sort_order ?? null,
      SORT_ORDER_STEP,
      state ? COMPLETED_GROUPS.has(state.group) : false,
      input.is_draft ?? false,
      externalSource,
      externalId,
      userId,
      // The lists' copies of the sets inserted below (0017), so their triggers need not rewrite the row.
      assignees.map((a) => a.id),
      labels.map((l) => l.id),
    ],
  );
  const issueId = inserted.rows[0]?.id;
  if (!issueId) throw new Error('insert into issues returned no row');
  if (assignees.length > 0) {
    await tx.query(
      `INSERT INTO issue_assignees (issue_id, assignee_id, project_id, workspace_id, created_by)
       SELECT $1, a, $2, $3, $4 FROM unnest($5::uuid[]) AS a`,
      [issueId, projectId, workspaceId, userId, assignees.map((a) => a.id)],
    );
  }
  if (labels.length > 0) {
    await tx.query(
      `INSERT INTO issue_labels (issue_id, label_id, project_id, workspace_id, created_by)
       SELECT $1, l, $2, $3, $4 FROM unnest($5::uuid[]) AS l`,
      [issueId, projectId, workspaceId, userId, labels.map((l) => l.id)],
    );
  }
  await recordActivity(tx, {
    issueId,
    projectId,
    workspaceId,
    actorId: userId,
    verb: 'created',
    comment: 'created the work item',
  });
  const row = await findWorkItem(tx, { projectId, issueId });
  if (!row) throw new Error('created work item not found');
  return row;
}
