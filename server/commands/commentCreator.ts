// Adds a comment to a work item with its activity row (field "comment"), in one transaction; the
// author is subscribed to the work item (as in Plane).
import { ValidationError } from '../api/errors.ts';
import { sanitizeHtml } from '../validation/html.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { recordActivity } from '../repositories/activityRepository.ts';
import { type CommentAccess, type CommentRow, findComment, insertComment } from '../repositories/commentsRepository.ts';
import { subscribeUsers } from '../repositories/subscribersRepository.ts';
import { checkCommentHtml } from './commentRules.ts';

export interface CommentScope {
  issueId: string;
  projectId: string;
  workspaceId: string;
  actorId: string;
}

export interface CommentInput {
  comment_html: string;
  comment_json?: Record<string, unknown> | undefined;
  access?: CommentAccess | undefined;
  parent?: string | null | undefined;
  external_source?: string | null | undefined;
  external_id?: string | null | undefined;
}

export async function createComment(pool: Pool, input: { scope: CommentScope; data: CommentInput }): Promise<CommentRow> {
  const { scope, data } = input;
  const commentHtml = sanitizeHtml(data.comment_html);
  const stripped = checkCommentHtml(commentHtml);
  return inTransaction(pool, async (tx) => {
    const parentId = data.parent ?? null;
    if (parentId && !(await findComment(tx, { ...scope, commentId: parentId }))) {
      throw ValidationError('parent: must be a comment of this work item.', { parent: ['Not a comment of this work item.'] });
    }
    const comment = await insertComment(tx, {
      ...scope,
      parentId,
      commentHtml,
      commentStripped: stripped,
      commentJson: data.comment_json ?? {},
      access: data.access ?? 'INTERNAL',
      externalSource: data.external_source ?? null,
      externalId: data.external_id ?? null,
    });
    await recordActivity(tx, {
      ...scope,
      verb: 'created',
      field: 'comment',
      newValue: comment.comment_html,
      newIdentifier: comment.id,
      issueCommentId: comment.id,
      comment: 'created a comment',
    });
    await subscribeUsers(tx, { ...scope, userIds: [scope.actorId] });
    return comment;
  });
}
