// v1 states: Plane answers a create with 200 (not 201); deleting the default or a non-empty state → 400.
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { createState } from '../../../commands/stateCreator.ts';
import { deleteState } from '../../../commands/stateDeleter.ts';
import { updateStateSettings } from '../../../commands/stateUpdater.ts';
import { presentState } from '../../../presenters/state.ts';
import { findState, listStates } from '../../../repositories/statesRepository.ts';
import { isUuid, projectAccess, requireRole } from '../../access/membership.ts';
import { ROLE } from '../../access/roles.ts';
import { NotFoundError } from '../../errors.ts';
import { CreateStateBody, PatchStateBody } from '../../routes/states/schema.ts';
import { findByExternalId, refuseExternalDuplicate } from '../externalIds.ts';
import { pageOf, PageQuery } from '../pagination.ts';
import { PROJECT, type ProjectParams } from '../paths.ts';
import { Audit, EnvelopeOf, Errors, Id, NoContent, NullableString, ObjectOf } from '../schemas.ts';
import { shapeAll, shapeOne, ShapeQuery } from '../shape.ts';

const State = ObjectOf('State', {
  ...Audit,
  name: Type.String(),
  description: Type.String(),
  color: Type.String(),
  slug: Type.String(),
  sequence: Type.Number(),
  group: Type.String(),
  is_triage: Type.Boolean(),
  default: Type.Boolean(),
  external_source: NullableString,
  external_id: NullableString,
  project: Id,
  workspace: Id,
});

const ListQuery = Type.Object({
  ...PageQuery,
  ...ShapeQuery,
  external_id: Type.Optional(Type.String()),
  external_source: Type.Optional(Type.String()),
});
const OneQuery = Type.Object(ShapeQuery);
type StateParams = ProjectParams & { stateId: string };

const STATES = `${PROJECT}/states`;
const STATE = `${STATES}/:stateId`;
const TAGS = ['States'];
const notFound = () => NotFoundError('State not found.');

export async function v1StateRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;

  app.get<{ Params: ProjectParams; Querystring: Static<typeof ListQuery> }>(
    STATES,
    {
      schema: {
        tags: TAGS,
        summary: "List a project's states",
        querystring: ListQuery,
        response: { 200: Type.Union([EnvelopeOf(State), State]), ...Errors },
      },
    },
    async (request) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      const { external_id, external_source } = request.query;
      if (external_id && external_source) {
        const id = await findByExternalId(
          db,
          { table: 'states', column: 'project_id', id: access.project.id },
          { external_id, external_source },
        );
        const state = id ? await findState(db, access.project.id, id) : null;
        if (!state) throw notFound();
        return shapeOne(request, presentState(state), access.workspace.id);
      }
      const states = (await listStates(db, access.project.id, { includeTriage: false })).map(presentState);
      const page = pageOf(request.query, states);
      return { ...page, results: await shapeAll(request, page.results, access.workspace.id) };
    },
  );

  app.post<{ Params: ProjectParams; Body: CreateStateBody }>(
    STATES,
    {
      schema: {
        tags: TAGS,
        summary: 'Create a state (answers 200, as Plane does)',
        body: CreateStateBody,
        response: { 200: State, 409: Errors[400], ...Errors },
      },
    },
    async (request) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      requireRole(access, ROLE.member, 'create states');
      await refuseExternalDuplicate(db, { table: 'states', column: 'project_id', id: access.project.id }, request.body, 'State');
      const state = await createState(db, { project: access.project, actorId: access.user.id, data: request.body });
      return presentState(state);
    },
  );

  app.get<{ Params: StateParams; Querystring: Static<typeof OneQuery> }>(
    STATE,
    { schema: { tags: TAGS, summary: 'Get a state', querystring: OneQuery, response: { 200: State, ...Errors } } },
    async (request) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      const state = isUuid(request.params.stateId) ? await findState(db, access.project.id, request.params.stateId) : null;
      if (!state) throw notFound();
      return shapeOne(request, presentState(state), access.workspace.id);
    },
  );

  app.patch<{ Params: StateParams; Body: PatchStateBody }>(
    STATE,
    { schema: { tags: TAGS, summary: 'Update a state', body: PatchStateBody, response: { 200: State, ...Errors } } },
    async (request) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      requireRole(access, ROLE.member, 'change states');
      if (!isUuid(request.params.stateId)) throw notFound();
      const state = await updateStateSettings(db, {
        project: access.project,
        stateId: request.params.stateId,
        actorId: access.user.id,
        data: request.body,
      });
      return presentState(state);
    },
  );

  app.delete<{ Params: StateParams }>(
    STATE,
    {
      schema: { tags: TAGS, summary: 'Delete a state (not the default, not one with work items)', response: { 204: NoContent, ...Errors } },
    },
    async (request, reply) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      requireRole(access, ROLE.member, 'delete states');
      if (!isUuid(request.params.stateId)) throw notFound();
      await deleteState(db, { project: access.project, stateId: request.params.stateId, actorId: access.user.id });
      return reply.status(204).send();
    },
  );
}
