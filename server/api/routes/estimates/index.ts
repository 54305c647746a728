// /api/workspaces/:slug/projects/:projectId/estimates…: a project's estimates with their points.
// Members read; project admins change them (they are project settings; the project's `estimate`
// setting picks the active one).
import type { FastifyInstance } from 'fastify';
import { createEstimate } from '../../../commands/estimateCreator.ts';
import { updateEstimate } from '../../../commands/estimateUpdater.ts';
import { presentEstimate } from '../../../presenters/estimate.ts';
import { deleteEstimate, findEstimate, listEstimates } from '../../../repositories/estimatesRepository.ts';
import { isUuid, projectAccess, requireRole } from '../../access/membership.ts';
import { ROLE } from '../../access/roles.ts';
import { NotFoundError } from '../../errors.ts';
import { CreateEstimateBody, PatchEstimateBody } from './schema.ts';

type ProjectParams = { Params: { slug: string; projectId: string } };
type EstimateParams = { Params: { slug: string; projectId: string; estimateId: string } };

const ESTIMATES = '/api/workspaces/:slug/projects/:projectId/estimates';
const ESTIMATE = `${ESTIMATES}/:estimateId`;

const notFound = () => NotFoundError('This estimate does not exist in the project.');

export async function estimateRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;

  app.get<ProjectParams>(ESTIMATES, async (request) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    return (await listEstimates(db, access.project.id)).map(presentEstimate);
  });

  app.post<ProjectParams & { Body: CreateEstimateBody }>(ESTIMATES, { schema: { body: CreateEstimateBody } }, async (request, reply) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    requireRole(access, ROLE.admin, 'create estimates');
    const estimate = await createEstimate(db, {
      project: access.project,
      actorId: access.user.id,
      estimate: request.body.estimate,
      points: request.body.estimate_points ?? [],
    });
    return reply.status(201).send(presentEstimate(estimate));
  });

  app.get<EstimateParams>(ESTIMATE, async (request) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    const estimate = isUuid(request.params.estimateId) ? await findEstimate(db, access.project.id, request.params.estimateId) : null;
    if (!estimate) throw notFound();
    return presentEstimate(estimate);
  });

  app.patch<EstimateParams & { Body: PatchEstimateBody }>(ESTIMATE, { schema: { body: PatchEstimateBody } }, async (request) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    requireRole(access, ROLE.admin, 'change estimates');
    if (!isUuid(request.params.estimateId)) throw notFound();
    const estimate = await updateEstimate(db, {
      project: access.project,
      estimateId: request.params.estimateId,
      actorId: access.user.id,
      estimate: request.body.estimate ?? {},
      ...(request.body.estimate_points ? { points: request.body.estimate_points } : {}),
    });
    return presentEstimate(estimate);
  });

  app.delete<EstimateParams>(ESTIMATE, async (request, reply) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    requireRole(access, ROLE.admin, 'delete estimates');
    if (!isUuid(request.params.estimateId) || !(await deleteEstimate(db, access.project.id, request.params.estimateId))) throw notFound();
    return reply.status(204).send();
  });
}
