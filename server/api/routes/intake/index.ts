// /api/workspaces/:slug/projects/:projectId/intake-issues…: a project's intake (Plane's triage queue).
// The id in the path is the WORK ITEM's. Any project member submits and reads (guests only what they
// submitted); admins triage; see commands/intakeRules.ts.
import type { FastifyInstance } from 'fastify';
import { createIntakeIssue } from '../../../commands/intakeIssueCreator.ts';
import { deleteIntakeIssue } from '../../../commands/intakeIssueDeleter.ts';
import { updateIntakeIssue } from '../../../commands/intakeIssueUpdater.ts';
import { presentIntakeIssue } from '../../../presenters/intakeIssue.ts';
import { findIntakeIssue, listIntakeIssues } from '../../../repositories/intakeRepository.ts';
import { isUuid, projectAccess } from '../../access/membership.ts';
import { NotFoundError } from '../../errors.ts';
import { intakeCallerOf, statusFilter } from './caller.ts';
import { CreateIntakeBody, IntakeListQuery, PatchIntakeBody } from './schema.ts';

type ProjectParams = { Params: { slug: string; projectId: string } };
type ItemParams = { Params: { slug: string; projectId: string; issueId: string } };

const INTAKE = '/api/workspaces/:slug/projects/:projectId/intake-issues';
const ITEM = `${INTAKE}/:issueId`;
/** The app lists at most this many, newest first (the v1 list pages). */
const APP_LIST_LIMIT = 1000;

export async function intakeRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;

  app.get<ProjectParams & { Querystring: IntakeListQuery }>(INTAKE, { schema: { querystring: IntakeListQuery } }, async (request) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    const caller = intakeCallerOf(access);
    const statuses = statusFilter(request.query.status);
    const { views } = await listIntakeIssues(db, {
      projectId: access.project.id,
      viewer: caller.viewer,
      ...(statuses ? { statuses } : {}),
      limit: APP_LIST_LIMIT,
      offset: 0,
    });
    return views.map(presentIntakeIssue);
  });

  app.post<ProjectParams & { Body: CreateIntakeBody }>(INTAKE, { schema: { body: CreateIntakeBody } }, async (request, reply) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    const view = await createIntakeIssue(db, intakeCallerOf(access), request.body.issue);
    return reply.status(201).send(presentIntakeIssue(view));
  });

  app.get<ItemParams>(ITEM, async (request) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    const caller = intakeCallerOf(access);
    const view = isUuid(request.params.issueId)
      ? await findIntakeIssue(db, { projectId: access.project.id, issueId: request.params.issueId.toLowerCase(), viewer: caller.viewer })
      : null;
    if (!view) throw NotFoundError();
    return presentIntakeIssue(view);
  });

  app.patch<ItemParams & { Body: PatchIntakeBody }>(ITEM, { schema: { body: PatchIntakeBody } }, async (request) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    if (!isUuid(request.params.issueId)) throw NotFoundError();
    const view = await updateIntakeIssue(db, intakeCallerOf(access), request.params.issueId.toLowerCase(), request.body);
    return presentIntakeIssue(view);
  });

  app.delete<ItemParams>(ITEM, async (request, reply) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    if (!isUuid(request.params.issueId)) throw NotFoundError();
    await deleteIntakeIssue(db, intakeCallerOf(access), request.params.issueId.toLowerCase());
    return reply.status(204).send();
  });
}
