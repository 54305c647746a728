// /api/workspaces/:slug/projects/:projectId/issues/:issueId/comments/ (+ reactions) and history/ (the
// work item's activity and comments merged, oldest first). Guests may comment and react on the items
// they can see, as in Plane; only a comment's author edits it; its author or a project admin deletes it.
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { createComment } from '../../../commands/commentCreator.ts';
import { deleteCommentCommand } from '../../../commands/commentDeleter.ts';
import { checkReaction } from '../../../commands/commentRules.ts';
import { updateCommentCommand } from '../../../commands/commentUpdater.ts';
import { presentActivity } from '../../../presenters/activity.ts';
import { presentComment, presentReaction } from '../../../presenters/comment.ts';
import { listActivities } from '../../../repositories/activityRepository.ts';
import { deleteReaction, findComment, findCommentDetails, insertReaction, listComments } from '../../../repositories/commentsRepository.ts';
import { isUuid } from '../../access/membership.ts';
import { ROLE } from '../../access/roles.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import { WorkItemParams } from '../relations/schema.ts';
import { scopeOf, workItemAccess } from '../relations/workItemAccess.ts';
import { CommentParams, CreateCommentBody, CreateReactionBody, ReactionParams, UpdateCommentBody } from './schema.ts';

const BASE = '/api/workspaces/:slug/projects/:projectId/issues/:issueId';

function commentId(id: string): string {
  if (!isUuid(id)) throw NotFoundError('Comment not found.');
  return id.toLowerCase();
}

export async function commentRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;

  app.get<{ Params: Static<typeof WorkItemParams> }>(`${BASE}/comments/`, { schema: { params: WorkItemParams } }, async (request) => {
    const item = await workItemAccess(request, request.params);
    return (await listComments(db, { projectId: item.access.project.id, issueId: item.issue.id })).map(presentComment);
  });

  app.post<{ Params: Static<typeof WorkItemParams>; Body: Static<typeof CreateCommentBody> }>(
    `${BASE}/comments/`,
    { schema: { params: WorkItemParams, body: CreateCommentBody } },
    async (request, reply) => {
      const item = await workItemAccess(request, request.params, ROLE.guest, 'comment');
      const created = await createComment(db, { scope: scopeOf(item), data: request.body });
      const comment = await findCommentDetails(db, { projectId: item.access.project.id, issueId: item.issue.id, commentId: created.id });
      return reply.status(201).send(presentComment(comment ?? created));
    },
  );

  app.get<{ Params: Static<typeof CommentParams> }>(
    `${BASE}/comments/:commentId/`,
    { schema: { params: CommentParams } },
    async (request) => {
      const item = await workItemAccess(request, request.params);
      const comment = await findCommentDetails(db, {
        projectId: item.access.project.id,
        issueId: item.issue.id,
        commentId: commentId(request.params.commentId),
      });
      if (!comment) throw NotFoundError('Comment not found.');
      return presentComment(comment);
    },
  );

  app.patch<{ Params: Static<typeof CommentParams>; Body: Static<typeof UpdateCommentBody> }>(
    `${BASE}/comments/:commentId/`,
    { schema: { params: CommentParams, body: UpdateCommentBody } },
    async (request) => {
      const item = await workItemAccess(request, request.params, ROLE.guest, 'edit comments');
      const id = commentId(request.params.commentId);
      await updateCommentCommand(db, { scope: scopeOf(item), commentId: id, data: request.body });
      const comment = await findCommentDetails(db, { projectId: item.access.project.id, issueId: item.issue.id, commentId: id });
      if (!comment) throw NotFoundError('Comment not found.');
      return presentComment(comment);
    },
  );

  app.delete<{ Params: Static<typeof CommentParams> }>(
    `${BASE}/comments/:commentId/`,
    { schema: { params: CommentParams } },
    async (request, reply) => {
      const item = await workItemAccess(request, request.params, ROLE.guest, 'delete comments');
      await deleteCommentCommand(db, {
        scope: scopeOf(item),
        commentId: commentId(request.params.commentId),
        isProjectAdmin: item.access.projectRole === ROLE.admin,
      });
      return reply.status(204).send();
    },
  );

  app.post<{ Params: Static<typeof CommentParams>; Body: Static<typeof CreateReactionBody> }>(
    `${BASE}/comments/:commentId/reactions/`,
    { schema: { params: CommentParams, body: CreateReactionBody } },
    async (request, reply) => {
      const item = await workItemAccess(request, request.params, ROLE.guest, 'react to comments');
      const reaction = checkReaction(request.body.reaction);
      const comment = await findComment(db, {
        projectId: item.access.project.id,
        issueId: item.issue.id,
        commentId: commentId(request.params.commentId),
      });
      if (!comment) throw NotFoundError('Comment not found.');
      const row = await insertReaction(db, {
        commentId: comment.id,
        actorId: item.access.user.id,
        reaction,
        projectId: item.access.project.id,
        workspaceId: item.access.workspace.id,
      });
      if (!row) throw ConflictError('You already reacted to this comment with this emoji.');
      return reply.status(201).send(presentReaction(row));
    },
  );

  app.delete<{ Params: Static<typeof ReactionParams> }>(
    `${BASE}/comments/:commentId/reactions/:reaction/`,
    { schema: { params: ReactionParams } },
    async (request, reply) => {
      const item = await workItemAccess(request, request.params, ROLE.guest, 'react to comments');
      const comment = await findComment(db, {
        projectId: item.access.project.id,
        issueId: item.issue.id,
        commentId: commentId(request.params.commentId),
      });
      if (!comment) throw NotFoundError('Comment not found.');
      const removed = await deleteReaction(db, {
        commentId: comment.id,
        actorId: item.access.user.id,
        reaction: request.params.reaction.trim(),
        projectId: item.access.project.id,
      });
      if (!removed) throw NotFoundError('You have not reacted to this comment with this emoji.');
      return reply.status(204).send();
    },
  );

  // The timeline: activity rows (except the comment ones, which the comments themselves stand for)
  // and live comments, oldest first; `kind` says which is which.
  app.get<{ Params: Static<typeof WorkItemParams> }>(`${BASE}/history/`, { schema: { params: WorkItemParams } }, async (request) => {
    const item = await workItemAccess(request, request.params);
    const scope = { projectId: item.access.project.id, issueId: item.issue.id };
    const [activities, comments] = await Promise.all([listActivities(db, scope), listComments(db, scope)]);
    const entries = [
      ...activities
        .filter((a) => a.field !== 'comment')
        .map((a) => ({ at: a.created_at.getTime(), json: { kind: 'activity' as const, ...presentActivity(a) } })),
      ...comments.map((c) => ({ at: c.created_at.getTime(), json: { kind: 'comment' as const, ...presentComment(c) } })),
    ];
    entries.sort((a, b) => a.at - b.at);
    return entries.map((e) => e.json);
  });
}
