// A work item's comments (soft-deleted with deleted_at) and their emoji reactions, scoped by project
// and work item.
import type { Pool, PoolClient } from '../db/pool.ts';
import type { UserLiteSource } from '../presenters/user.ts';

export type Db = Pool | PoolClient;
export type CommentAccess = 'INTERNAL' | 'EXTERNAL';

export interface CommentRow {
  id: string;
  issue_id: string;
  project_id: string;
  workspace_id: string;
  actor_id: string | null;
  parent_id: string | null;
  comment_html: string;
  comment_stripped: string;
  comment_json: Record<string, unknown>;
  attachments: string[];
  access: CommentAccess;
  external_source: string | null;
  external_id: string | null;
  edited_at: Date | null;
  created_by: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

export interface ReactionRow {
  id: string;
  comment_id: string;
  actor_id: string;
  reaction: string;
  created_at: Date;
}

/** A comment with its author (user lite; null once the user is gone) and its reactions. */
export interface CommentWithDetails extends CommentRow {
  actor_detail: UserLiteSource | null;
  reactions: ReactionRow[];
}

const COLUMNS = `c.id, c.issue_id, c.project_id, c.workspace_id, c.actor_id, c.parent_id, c.comment_html, c.comment_stripped,
  c.comment_json, c.attachments, c.access, c.external_source, c.external_id, c.edited_at, c.created_by, c.updated_by,
  c.created_at, c.updated_at, c.deleted_at`;

const DETAILS = `${COLUMNS},
  (SELECT json_build_object('id', u.id, 'first_name', u.first_name, 'last_name', u.last_name, 'email', u.email,
          'avatar', u.avatar, 'display_name', u.display_name) FROM users u WHERE u.id = c.actor_id) AS actor_detail,
  COALESCE((SELECT json_agg(json_build_object('id', r.id, 'comment_id', r.comment_id, 'actor_id', r.actor_id,
          'reaction', r.reaction, 'created_at', r.created_at) ORDER BY r.created_at, r.id)
     FROM comment_reactions r WHERE r.comment_id = c.id), '[]') AS reactions`;

type RawDetails = Omit<CommentWithDetails, 'reactions'> & { reactions: (Omit<ReactionRow, 'created_at'> & { created_at: string })[] };

function withDates(row: RawDetails): CommentWithDetails {
  return { ...row, reactions: row.reactions.map((r) => ({ ...r, created_at: new Date(r.created_at) })) };
}

/** The live comments of a work item, oldest first. */
export async function listComments(db: Db, scope: { projectId: string; issueId: string }): Promise<CommentWithDetails[]> {
  const { rows } = await db.query<RawDetails>(
    `SELECT ${DETAILS} FROM issue_comments c
      WHERE c.project_id = $1 AND c.issue_id = $2 AND c.deleted_at IS NULL ORDER BY c.created_at, c.id`,
    [scope.projectId, scope.issueId],
  );
  return rows.map(withDates);
}

export async function findCommentDetails(
  db: Db,
  scope: { projectId: string; issueId: string; commentId: string },
): Promise<CommentWithDetails | null> {
  const { rows } = await db.query<RawDetails>(
    `SELECT ${DETAILS} FROM issue_comments c
      WHERE c.project_id = $1 AND c.issue_id = $2 AND c.id = $3 AND c.deleted_at IS NULL`,
    [scope.projectId, scope.issueId, scope.commentId],
  );
  const row = rows[0];
  return row ? withDates(row) : null;
}

/** A live comment of the work item, optionally locked for the caller's transaction. */
export async function findComment(
  db: Db,
  scope: { projectId: string; issueId: string; commentId: string },
  options: { forUpdate?: boolean } = {},
): Promise<CommentRow | null> {
  const { rows } = await db.query<CommentRow>(
    `SELECT ${COLUMNS} FROM issue_comments c
      WHERE c.project_id = $1 AND c.issue_id = $2 AND c.id = $3 AND c.deleted_at IS NULL${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [scope.projectId, scope.issueId, scope.commentId],
  );
  return rows[0] ?? null;
}

export interface NewComment {
  issueId: string;
  projectId: string;
  workspaceId: string;
  actorId: string;
  parentId: string | null;
  commentHtml: string;
  commentStripped: string;
  commentJson: Record<string, unknown>;
  access: CommentAccess;
  externalSource: string | null;
  externalId: string | null;
}

export async function insertComment(db: Db, c: NewComment): Promise<CommentRow> {
  const { rows } = await db.query<CommentRow>(
    `INSERT INTO issue_comments AS c (issue_id, project_id, workspace_id, actor_id, parent_id, comment_html, comment_stripped,
            comment_json, access, external_source, external_id, created_by, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $4, $4) RETURNING ${COLUMNS}`,
    [
      c.issueId,
      c.projectId,
      c.workspaceId,
      c.actorId,
      c.parentId,
      c.commentHtml,
      c.commentStripped,
      JSON.stringify(c.commentJson),
      c.access,
      c.externalSource,
      c.externalId,
    ],
  );
  const row = rows[0];
  if (!row) throw new Error('insert into issue_comments returned no row');
  return row;
}

export async function updateComment(
  db: Db,
  id: string,
  c: {
    commentHtml: string;
    commentStripped: string;
    commentJson: Record<string, unknown>;
    access: CommentAccess;
    externalSource: string | null;
    externalId: string | null;
    actorId: string;
    edited: boolean;
  },
): Promise<CommentRow> {
  const { rows } = await db.query<CommentRow>(
    `UPDATE issue_comments AS c SET comment_html = $2, comment_stripped = $3, comment_json = $4, access = $5, external_source = $6,
            external_id = $7, updated_by = $8, updated_at = now(), edited_at = CASE WHEN $9 THEN now() ELSE c.edited_at END
      WHERE c.id = $1 RETURNING ${COLUMNS}`,
    [id, c.commentHtml, c.commentStripped, JSON.stringify(c.commentJson), c.access, c.externalSource, c.externalId, c.actorId, c.edited],
  );
  const row = rows[0];
  if (!row) throw new Error('update of issue_comments returned no row');
  return row;
}

export async function softDeleteComment(db: Db, id: string, actorId: string): Promise<void> {
  await db.query('UPDATE issue_comments SET deleted_at = now(), updated_by = $2, updated_at = now() WHERE id = $1', [id, actorId]);
}

/** Adds the caller's reaction; null when they already reacted with it. */
export async function insertReaction(
  db: Db,
  r: { commentId: string; actorId: string; reaction: string; projectId: string; workspaceId: string },
): Promise<ReactionRow | null> {
  const { rows } = await db.query<ReactionRow>(
    `INSERT INTO comment_reactions (comment_id, actor_id, reaction, project_id, workspace_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (comment_id, actor_id, reaction) DO NOTHING RETURNING id, comment_id, actor_id, reaction, created_at`,
    [r.commentId, r.actorId, r.reaction, r.projectId, r.workspaceId],
  );
  return rows[0] ?? null;
}

/** Removes the caller's reaction; false when there was none. */
export async function deleteReaction(
  db: Db,
  r: { commentId: string; actorId: string; reaction: string; projectId: string },
): Promise<boolean> {
  const { rowCount } = await db.query(
    'DELETE FROM comment_reactions WHERE comment_id = $1 AND actor_id = $2 AND reaction = $3 AND project_id = $4',
    [r.commentId, r.actorId, r.reaction, r.projectId],
  );
  return (rowCount ?? 0) > 0;
}
