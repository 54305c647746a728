// v1 intake: `…/projects/{p}/intake-issues/` (list in the envelope, submit → 201; 400 while the
// project's intake_view is off) and `…/intake-issues/{wi}/` where {wi} is the WORK ITEM's id
// (read, triage or edit, delete → 204). The rules are the app's (commands/intakeRules.ts).
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { createIntakeIssue } from '../../../commands/intakeIssueCreator.ts';
import { deleteIntakeIssue } from '../../../commands/intakeIssueDeleter.ts';
import { updateIntakeIssue } from '../../../commands/intakeIssueUpdater.ts';
import { presentIntakeIssue } from '../../../presenters/intakeIssue.ts';
import { findIntakeIssue, listIntakeIssues } from '../../../repositories/intakeRepository.ts';
import { isUuid, projectAccess } from '../../access/membership.ts';
import { NotFoundError } from '../../errors.ts';
import { intakeCallerOf } from '../../routes/intake/caller.ts';
import { CreateIntakeBody, PatchIntakeBody } from '../../routes/intake/schema.ts';
import { envelope, PageQuery, parsePage } from '../pagination.ts';
import { PROJECT, type ProjectParams } from '../paths.ts';
import { Audit, EnvelopeOf, Errors, Id, NoContent, NullableId, NullableString, NullableTimestamp, ObjectOf } from '../schemas.ts';
import { shapeAll, shapeOne, ShapeQuery } from '../shape.ts';

const IntakeIssue = ObjectOf('IntakeIssue', {
  ...Audit,
  issue_detail: Type.Object({ id: Id, name: Type.String(), state: NullableId }, { additionalProperties: true }),
  inbox: Id,
  intake: Id,
  status: Type.Union([-2, -1, 0, 1, 2].map((s) => Type.Literal(s))),
  snoozed_till: NullableTimestamp,
  source: Type.String(),
  source_email: NullableString,
  extra: Type.Object({}, { additionalProperties: true }),
  issue: Id,
  duplicate_to: NullableId,
  project: Id,
  workspace: Id,
});

const ListQuery = Type.Object({ ...PageQuery, ...ShapeQuery });
const OneQuery = Type.Object(ShapeQuery);
type ItemParams = ProjectParams & { issueId: string };

const INTAKE = `${PROJECT}/intake-issues`;
const ITEM = `${INTAKE}/:issueId`;
const TAGS = ['Intake'];
const notFound = () => NotFoundError('Intake work item not found.');

export async function v1IntakeRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;

  app.get<{ Params: ProjectParams; Querystring: Static<typeof ListQuery> }>(
    INTAKE,
    {
      schema: {
        tags: TAGS,
        summary: "List a project's intake work items (newest first)",
        querystring: ListQuery,
        response: { 200: EnvelopeOf(IntakeIssue), ...Errors },
      },
    },
    async (request) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      const page = parsePage(request.query);
      const { total, views } = await listIntakeIssues(db, {
        projectId: access.project.id,
        viewer: intakeCallerOf(access).viewer,
        limit: page.perPage,
        offset: page.offset,
      });
      return envelope(page, total, await shapeAll(request, views.map(presentIntakeIssue), access.workspace.id));
    },
  );

  app.post<{ Params: ProjectParams; Body: CreateIntakeBody }>(
    INTAKE,
    {
      schema: {
        tags: TAGS,
        summary: "Submit a work item to the project's intake (needs intake_view on)",
        body: CreateIntakeBody,
        response: { 201: IntakeIssue, ...Errors },
      },
    },
    async (request, reply) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      const view = await createIntakeIssue(db, intakeCallerOf(access), request.body.issue);
      return reply.status(201).send(presentIntakeIssue(view));
    },
  );

  app.get<{ Params: ItemParams; Querystring: Static<typeof OneQuery> }>(
    ITEM,
    {
      schema: {
        tags: TAGS,
        summary: 'Get an intake work item by its work item id',
        querystring: OneQuery,
        response: { 200: IntakeIssue, ...Errors },
      },
    },
    async (request) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      const view = isUuid(request.params.issueId)
        ? await findIntakeIssue(db, {
            projectId: access.project.id,
            issueId: request.params.issueId.toLowerCase(),
            viewer: intakeCallerOf(access).viewer,
          })
        : null;
      if (!view) throw notFound();
      return shapeOne(request, presentIntakeIssue(view), access.workspace.id);
    },
  );

  app.patch<{ Params: ItemParams; Body: PatchIntakeBody }>(
    ITEM,
    {
      schema: {
        tags: TAGS,
        summary: 'Triage (status, snoozed_till, duplicate_to: project admins) or edit the submitted work item',
        body: PatchIntakeBody,
        response: { 200: IntakeIssue, ...Errors },
      },
    },
    async (request) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      if (!isUuid(request.params.issueId)) throw notFound();
      const view = await updateIntakeIssue(db, intakeCallerOf(access), request.params.issueId.toLowerCase(), request.body);
      return presentIntakeIssue(view);
    },
  );

  app.delete<{ Params: ItemParams }>(
    ITEM,
    {
      schema: {
        tags: TAGS,
        summary: 'Delete an intake work item (with its work item, unless it was accepted)',
        response: { 204: NoContent, ...Errors },
      },
    },
    async (request, reply) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      if (!isUuid(request.params.issueId)) throw notFound();
      await deleteIntakeIssue(db, intakeCallerOf(access), request.params.issueId.toLowerCase());
      return reply.status(204).send();
    },
  );
}
