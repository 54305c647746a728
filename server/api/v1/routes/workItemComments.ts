// v1 comments of a work item (`…/{issues|work-items}/:workItemId/comments/`): list (envelope, oldest
// first), add {comment_html, comment_json?, access?, external_*?} → 201 (a repeated external id → 409
// with the existing id), read, edit (its author), delete (its author or a project admin) → 204.
// Guests may comment on the items they can see, as in Plane.
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { createComment } from '../../../commands/commentCreator.ts';
import { deleteCommentCommand } from '../../../commands/commentDeleter.ts';
import { updateCommentCommand } from '../../../commands/commentUpdater.ts';
import { presentComment } from '../../../presenters/comment.ts';
import { findCommentDetails, listComments } from '../../../repositories/commentsRepository.ts';
import { ROLE } from '../../access/roles.ts';
import { NotFoundError } from '../../errors.ts';
import { CreateCommentBody, UpdateCommentBody } from '../../routes/comments/schema.ts';
import { scopeOf, type WorkItemAccess } from '../../routes/relations/workItemAccess.ts';
import { refuseExternalDuplicate } from '../externalIds.ts';
import { PageQuery, pageOf } from '../pagination.ts';
import { type WorkItemParams, workItemPaths } from '../paths.ts';
import { Audit, EnvelopeOf, ErrorBody, Errors, Id, NoContent, NullableString, NullableTimestamp, ObjectOf, Ref } from '../schemas.ts';
import { shapeAll, shapeOne, ShapeQuery } from '../shape.ts';
import { partId, v1WorkItemAccess } from './workItemScope.ts';

export const Comment = ObjectOf('WorkItemComment', {
  ...Audit,
  comment_html: Type.String(),
  comment_json: Type.Object({}, { additionalProperties: true }),
  attachments: Type.Array(Type.String()),
  access: Type.Union([Type.Literal('INTERNAL'), Type.Literal('EXTERNAL')]),
  external_source: NullableString,
  external_id: NullableString,
  edited_at: NullableTimestamp,
  issue: Id,
  actor: Ref,
  parent: Ref,
  project: Ref,
  workspace: Ref,
});

const ListQuery = Type.Object({ ...PageQuery, ...ShapeQuery });
const OneQuery = Type.Object(ShapeQuery);
type CommentParams = WorkItemParams & { commentId: string };
type CreateComment = Static<typeof CreateCommentBody>;
type UpdateComment = Static<typeof UpdateCommentBody>;

const TAGS = ['Work item comments'];

async function commentOf(app: FastifyInstance, item: WorkItemAccess, commentId: string) {
  const comment = await findCommentDetails(app.ctx.db, { projectId: item.access.project.id, issueId: item.issue.id, commentId });
  if (!comment) throw NotFoundError('Comment not found.');
  return presentComment(comment);
}

export async function v1WorkItemCommentRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;

  for (const path of workItemPaths('/comments')) {
    app.get<{ Params: WorkItemParams; Querystring: Static<typeof ListQuery> }>(
      path,
      {
        schema: {
          tags: TAGS,
          summary: "List a work item's comments",
          querystring: ListQuery,
          response: { 200: EnvelopeOf(Comment), ...Errors },
        },
      },
      async (request) => {
        const item = await v1WorkItemAccess(request, request.params);
        const comments = (await listComments(db, { projectId: item.access.project.id, issueId: item.issue.id })).map(presentComment);
        const page = pageOf(request.query, comments);
        return { ...page, results: await shapeAll(request, page.results, item.access.workspace.id) };
      },
    );

    app.post<{ Params: WorkItemParams; Body: CreateComment }>(
      path,
      {
        schema: {
          tags: TAGS,
          summary: 'Add a comment',
          body: CreateCommentBody,
          response: { 201: Comment, 409: ErrorBody, ...Errors },
        },
      },
      async (request, reply) => {
        const item = await v1WorkItemAccess(request, request.params, ROLE.guest, 'comment');
        await refuseExternalDuplicate(
          db,
          { table: 'issue_comments', column: 'project_id', id: item.access.project.id },
          request.body,
          'Issue Comment',
        );
        const created = await createComment(db, { scope: scopeOf(item), data: request.body });
        return reply.status(201).send(await commentOf(app, item, created.id));
      },
    );
  }

  for (const path of workItemPaths('/comments/:commentId')) {
    app.get<{ Params: CommentParams; Querystring: Static<typeof OneQuery> }>(
      path,
      { schema: { tags: TAGS, summary: 'Get a comment', querystring: OneQuery, response: { 200: Comment, ...Errors } } },
      async (request) => {
        const item = await v1WorkItemAccess(request, request.params);
        const comment = await commentOf(app, item, partId(request.params.commentId, 'Comment'));
        return shapeOne(request, comment, item.access.workspace.id);
      },
    );

    app.patch<{ Params: CommentParams; Body: UpdateComment }>(
      path,
      { schema: { tags: TAGS, summary: 'Edit a comment (its author)', body: UpdateCommentBody, response: { 200: Comment, ...Errors } } },
      async (request) => {
        const item = await v1WorkItemAccess(request, request.params, ROLE.guest, 'edit comments');
        const commentId = partId(request.params.commentId, 'Comment');
        await updateCommentCommand(db, { scope: scopeOf(item), commentId, data: request.body });
        return commentOf(app, item, commentId);
      },
    );

    app.delete<{ Params: CommentParams }>(
      path,
      { schema: { tags: TAGS, summary: 'Delete a comment (its author or a project admin)', response: { 204: NoContent, ...Errors } } },
      async (request, reply) => {
        const item = await v1WorkItemAccess(request, request.params, ROLE.guest, 'delete comments');
        await deleteCommentCommand(db, {
          scope: scopeOf(item),
          commentId: partId(request.params.commentId, 'Comment'),
          isProjectAdmin: item.access.projectRole === ROLE.admin,
        });
        return reply.status(204).send();
      },
    );
  }
}
