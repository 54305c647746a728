// Lookups the webhook payload builder needs beyond the other repositories.
import type { Pool, PoolClient } from '../db/pool.ts';

/** The work item a comment of the project belongs to (deleted or not), or null. */
export async function commentIssueId(db: Pool | PoolClient, scope: { projectId: string; commentId: string }): Promise<string | null> {
  const { rows } = await db.query<{ issue_id: string }>('SELECT issue_id FROM issue_comments WHERE project_id = $1 AND id = $2', [
    scope.projectId,
    scope.commentId,
  ]);
  return rows[0]?.issue_id ?? null;
}
