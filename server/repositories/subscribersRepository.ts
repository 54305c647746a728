// Who follows a work item (issue_subscribers), scoped by project.
import type { Pool, PoolClient } from '../db/pool.ts';
import type { UserLiteSource } from '../presenters/user.ts';

export type Db = Pool | PoolClient;

export async function isSubscribed(db: Db, scope: { projectId: string; issueId: string; userId: string }): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM issue_subscribers WHERE project_id = $1 AND issue_id = $2 AND subscriber_id = $3', [
    scope.projectId,
    scope.issueId,
    scope.userId,
  ]);
  return rows.length > 0;
}

/** Subscribes the user; false when they already were. */
export async function subscribe(
  db: Db,
  scope: { projectId: string; workspaceId: string; issueId: string; userId: string },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO issue_subscribers (issue_id, subscriber_id, project_id, workspace_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (issue_id, subscriber_id) DO NOTHING`,
    [scope.issueId, scope.userId, scope.projectId, scope.workspaceId],
  );
  return (rowCount ?? 0) > 0;
}

export async function unsubscribe(db: Db, scope: { projectId: string; issueId: string; userId: string }): Promise<void> {
  await db.query('DELETE FROM issue_subscribers WHERE project_id = $1 AND issue_id = $2 AND subscriber_id = $3', [
    scope.projectId,
    scope.issueId,
    scope.userId,
  ]);
}

/** The subscribers as user lite, in subscription order. */
export async function listSubscribers(db: Db, scope: { projectId: string; issueId: string }): Promise<UserLiteSource[]> {
  const { rows } = await db.query<UserLiteSource>(
    `SELECT u.id, u.first_name, u.last_name, u.email, u.avatar, u.display_name
       FROM issue_subscribers s JOIN users u ON u.id = s.subscriber_id
      WHERE s.project_id = $1 AND s.issue_id = $2 ORDER BY s.created_at, u.id`,
    [scope.projectId, scope.issueId],
  );
  return rows;
}

/**
 * Subscribes several users at once, keeping existing subscriptions (Plane subscribes a work item's
 * creator, assignees and commenters). Call it with the transaction client of the change.
 */
export async function subscribeUsers(
  db: Db,
  scope: { projectId: string; workspaceId: string; issueId: string; userIds: readonly string[] },
): Promise<void> {
  if (scope.userIds.length === 0) return;
  await db.query(
    `INSERT INTO issue_subscribers (issue_id, subscriber_id, project_id, workspace_id)
     SELECT $1, u, $3, $4 FROM unnest($2::uuid[]) AS u ON CONFLICT (issue_id, subscriber_id) DO NOTHING`,
    [scope.issueId, [...new Set(scope.userIds)], scope.projectId, scope.workspaceId],
  );
}
