// Edits a comment (its author only) with an activity row, in one transaction; a text change sets edited_at.
import { ForbiddenError, NotFoundError } from '../api/errors.ts';
import { sanitizeHtml } from '../validation/html.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { recordActivity } from '../repositories/activityRepository.ts';
import { type CommentAccess, type CommentRow, findComment, updateComment } from '../repositories/commentsRepository.ts';
import type { CommentScope } from './commentCreator.ts';
import { checkCommentHtml } from './commentRules.ts';

export interface CommentChanges {
  comment_html?: string | undefined;
  comment_json?: Record<string, unknown> | undefined;
  access?: CommentAccess | undefined;
  external_source?: string | null | undefined;
  external_id?: string | null | undefined;
}

export async function updateCommentCommand(
  pool: Pool,
  input: { scope: CommentScope; commentId: string; data: CommentChanges },
): Promise<CommentRow> {
  const { scope, data } = input;
  const cleanHtml = data.comment_html === undefined ? undefined : sanitizeHtml(data.comment_html);
  const stripped = cleanHtml === undefined ? undefined : checkCommentHtml(cleanHtml);
  return inTransaction(pool, async (tx) => {
    const comment = await findComment(tx, { ...scope, commentId: input.commentId }, { forUpdate: true });
    if (!comment) throw NotFoundError('Comment not found.');
    if (comment.actor_id !== scope.actorId) throw ForbiddenError('Only the author of a comment can edit it.');
    const html = cleanHtml ?? comment.comment_html;
    const textChanged = html !== comment.comment_html;
    const updated = await updateComment(tx, comment.id, {
      commentHtml: html,
      commentStripped: stripped ?? comment.comment_stripped,
      commentJson: data.comment_json ?? comment.comment_json,
      access: data.access ?? comment.access,
      externalSource: data.external_source === undefined ? comment.external_source : data.external_source,
      externalId: data.external_id === undefined ? comment.external_id : data.external_id,
      actorId: scope.actorId,
      edited: textChanged,
    });
    if (textChanged) {
      await recordActivity(tx, {
        ...scope,
        verb: 'updated',
        field: 'comment',
        oldValue: comment.comment_html,
        newValue: html,
        oldIdentifier: comment.id,
        newIdentifier: comment.id,
        issueCommentId: comment.id,
        comment: 'updated a comment',
      });
    }
    return updated;
  });
}
