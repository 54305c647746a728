// Work-item activity (Plane's IssueActivity): one row per changed field, written by the command that
// makes the change, in ITS transaction (pass the transaction client). Other resources (comments,
// links, relations, attachments, …) call `recordActivity` / `recordActivities` the same way.
import type { Pool, PoolClient } from '../db/pool.ts';

/** A pool or a transaction client. */
export type Queryable = Pool | PoolClient;

export interface ActivityInput {
  /** The work item the activity belongs to (null only for project-level activity). */
  issueId: string | null;
  projectId: string;
  workspaceId: string;
  actorId: string | null;
  /** Plane's verbs: created, updated, deleted (also archived/restored where Plane uses them). */
  verb: string;
  /** The changed field (Plane's names: name, state, priority, labels, assignees, parent, comment, link, …). */
  field?: string | null;
  oldValue?: string | null;
  newValue?: string | null;
  /** Ids behind names: the state, label, user, parent, comment, … that old/new value name. */
  oldIdentifier?: string | null;
  newIdentifier?: string | null;
  /** Plane's human sentence, e.g. "created the work item". */
  comment?: string;
  issueCommentId?: string | null;
  attachments?: string[];
}

export interface ActivityRow {
  id: string;
  issue_id: string | null;
  project_id: string;
  workspace_id: string;
  actor_id: string | null;
  verb: string;
  field: string | null;
  old_value: string | null;
  new_value: string | null;
  old_identifier: string | null;
  new_identifier: string | null;
  comment: string;
  attachments: string[];
  issue_comment_id: string | null;
  epoch: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, issue_id, project_id, workspace_id, actor_id, verb, field, old_value, new_value, old_identifier,
  new_identifier, comment, attachments, issue_comment_id, epoch, created_at, updated_at`;

/** Writes one activity row. Call it with the transaction client of the change it records. */
export async function recordActivity(db: Queryable, input: ActivityInput): Promise<void> {
  await recordActivities(db, [input]);
}

/**
 * Writes several activity rows in one statement. Rows are stamped with the clock time (not the
 * transaction's start) plus their position, so the timeline orders them exactly as they were listed.
 */
export async function recordActivities(db: Queryable, inputs: readonly ActivityInput[]): Promise<void> {
  if (inputs.length === 0) return;
  const col = <T>(pick: (a: ActivityInput) => T): T[] => inputs.map(pick);
  await db.query(
    `INSERT INTO issue_activities (issue_id, project_id, workspace_id, actor_id, verb, field, old_value, new_value,
            old_identifier, new_identifier, comment, attachments, issue_comment_id, epoch, created_at, updated_at)
     SELECT a.issue_id, a.project_id, a.workspace_id, a.actor_id, a.verb, a.field, a.old_value, a.new_value,
            a.old_identifier, a.new_identifier, a.comment,
            COALESCE((SELECT array_agg(x) FROM jsonb_array_elements_text(a.attachments) AS x), '{}'),
            a.issue_comment_id, extract(epoch FROM t.at), t.at, t.at
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[],
                   $9::uuid[], $10::uuid[], $11::text[], $12::jsonb[], $13::uuid[]) WITH ORDINALITY
            AS a(issue_id, project_id, workspace_id, actor_id, verb, field, old_value, new_value,
                 old_identifier, new_identifier, comment, attachments, issue_comment_id, ord)
      CROSS JOIN LATERAL (SELECT clock_timestamp() + (a.ord * interval '1 microsecond') AS at) t
      ORDER BY a.ord`,
    [
      col((a) => a.issueId),
      col((a) => a.projectId),
      col((a) => a.workspaceId),
      col((a) => a.actorId),
      col((a) => a.verb),
      col((a) => a.field ?? null),
      col((a) => a.oldValue ?? null),
      col((a) => a.newValue ?? null),
      col((a) => a.oldIdentifier ?? null),
      col((a) => a.newIdentifier ?? null),
      col((a) => a.comment ?? ''),
      col((a) => JSON.stringify(a.attachments ?? [])),
      col((a) => a.issueCommentId ?? null),
    ],
  );
}

/** A work item's timeline, oldest first. Scoped by project: another project's item yields nothing. */
export async function listActivities(db: Queryable, scope: { projectId: string; issueId: string }): Promise<ActivityRow[]> {
  const { rows } = await db.query<ActivityRow>(
    `SELECT ${COLUMNS} FROM issue_activities WHERE project_id = $1 AND issue_id = $2 ORDER BY created_at, epoch, id`,
    [scope.projectId, scope.issueId],
  );
  return rows;
}

/** One activity row of a work item, or null. */
export async function findActivity(
  db: Queryable,
  scope: { projectId: string; issueId: string; activityId: string },
): Promise<ActivityRow | null> {
  const { rows } = await db.query<ActivityRow>(
    `SELECT ${COLUMNS} FROM issue_activities WHERE project_id = $1 AND issue_id = $2 AND id = $3`,
    [scope.projectId, scope.issueId, scope.activityId],
  );
  return rows[0] ?? null;
}
