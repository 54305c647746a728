// /api/workspaces/:slug/projects/:projectId/states…: a project's workflow states. Guests read;
// members and admins write.
import type { FastifyInstance } from 'fastify';
import { createState } from '../../../commands/stateCreator.ts';
import { deleteState } from '../../../commands/stateDeleter.ts';
import { updateStateSettings } from '../../../commands/stateUpdater.ts';
import { presentState } from '../../../presenters/state.ts';
import { findState, listStates } from '../../../repositories/statesRepository.ts';
import { isUuid, projectAccess, requireRole } from '../../access/membership.ts';
import { ROLE } from '../../access/roles.ts';
import { NotFoundError } from '../../errors.ts';
import { CreateStateBody, PatchStateBody, StateListQuery } from './schema.ts';
import { refuseNulls } from '../projects/schema.ts';

type ProjectParams = { Params: { slug: string; projectId: string } };
type StateParams = { Params: { slug: string; projectId: string; stateId: string } };

const STATES = '/api/workspaces/:slug/projects/:projectId/states';
const STATE = `${STATES}/:stateId`;

const stateNotFound = () => NotFoundError('This state does not exist in the project.');

export async function stateRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;

  app.get<ProjectParams & { Querystring: StateListQuery }>(STATES, { schema: { querystring: StateListQuery } }, async (request) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    const states = await listStates(db, access.project.id, { includeTriage: request.query.include_triage === true });
    return states.map(presentState);
  });

  app.post<ProjectParams & { Body: CreateStateBody }>(
    STATES,
    { schema: { body: CreateStateBody }, preValidation: refuseNulls(CreateStateBody) },
    async (request, reply) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      requireRole(access, ROLE.member, 'create states');
      const state = await createState(db, { project: access.project, actorId: access.user.id, data: request.body });
      return reply.status(201).send(presentState(state));
    },
  );

  app.get<StateParams>(STATE, async (request) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    const state = isUuid(request.params.stateId) ? await findState(db, access.project.id, request.params.stateId) : null;
    if (!state) throw stateNotFound();
    return presentState(state);
  });

  app.patch<StateParams & { Body: PatchStateBody }>(
    STATE,
    { schema: { body: PatchStateBody }, preValidation: refuseNulls(PatchStateBody) },
    async (request) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      requireRole(access, ROLE.member, 'change states');
      if (!isUuid(request.params.stateId)) throw stateNotFound();
      const state = await updateStateSettings(db, {
        project: access.project,
        stateId: request.params.stateId,
        actorId: access.user.id,
        data: request.body,
      });
      return presentState(state);
    },
  );

  // Plane's "mark as default" action.
  app.post<StateParams>(`${STATE}/mark-default`, async (request, reply) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    requireRole(access, ROLE.member, 'change the default state');
    if (!isUuid(request.params.stateId)) throw stateNotFound();
    await updateStateSettings(db, {
      project: access.project,
      stateId: request.params.stateId,
      actorId: access.user.id,
      data: { default: true },
    });
    return reply.status(204).send();
  });

  app.delete<StateParams>(STATE, async (request, reply) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    requireRole(access, ROLE.member, 'delete states');
    if (!isUuid(request.params.stateId)) throw stateNotFound();
    await deleteState(db, { project: access.project, stateId: request.params.stateId, actorId: access.user.id });
    return reply.status(204).send();
  });
}
