// Deletes a comment (soft: deleted_at) with an activity row, in one transaction. Its author may, and
// so may a project admin.
import { ForbiddenError, NotFoundError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { recordActivity } from '../repositories/activityRepository.ts';
import { findComment, softDeleteComment } from '../repositories/commentsRepository.ts';
import type { CommentScope } from './commentCreator.ts';

export async function deleteCommentCommand(
  pool: Pool,
  input: { scope: CommentScope; commentId: string; isProjectAdmin: boolean },
): Promise<void> {
  const { scope } = input;
  await inTransaction(pool, async (tx) => {
    const comment = await findComment(tx, { ...scope, commentId: input.commentId }, { forUpdate: true });
    if (!comment) throw NotFoundError('Comment not found.');
    if (comment.actor_id !== scope.actorId && !input.isProjectAdmin) {
      throw ForbiddenError('Only the author of a comment or a project admin can delete it.');
    }
    await softDeleteComment(tx, comment.id, scope.actorId);
    await recordActivity(tx, {
      ...scope,
      verb: 'deleted',
      field: 'comment',
      oldValue: comment.comment_html,
      oldIdentifier: comment.id,
      issueCommentId: comment.id,
      comment: 'deleted a comment',
    });
  });
}
