// v1 labels: list (envelope, or one label by external id), create (201; 409 with the existing id on a
// taken name or a repeated external id), read, update, delete (204). Guests read; members write.
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { createLabel } from '../../../commands/labelCreator.ts';
import { deleteLabel } from '../../../commands/labelDeleter.ts';
import { updateLabelSettings } from '../../../commands/labelUpdater.ts';
import { presentLabel } from '../../../presenters/label.ts';
import { findLabel, listLabels } from '../../../repositories/labelsRepository.ts';
import { isUuid, projectAccess, requireRole } from '../../access/membership.ts';
import { ROLE } from '../../access/roles.ts';
import { ConflictError, HttpError, NotFoundError } from '../../errors.ts';
import { CreateLabelBody, PatchLabelBody } from '../../routes/labels/schema.ts';
import { refuseNulls } from '../../routes/projects/schema.ts';
import { type ExternalScope, findByExternalId, refuseExternalDuplicate } from '../externalIds.ts';
import { PageQuery, pageOf } from '../pagination.ts';
import { PROJECT, type ProjectParams } from '../paths.ts';
import { Audit, EnvelopeOf, Errors, NoContent, NullableString, ObjectOf, Ref } from '../schemas.ts';
import { ShapeQuery, shapeAll, shapeOne } from '../shape.ts';

const Label = ObjectOf('Label', {
  ...Audit,
  name: Type.String(),
  description: Type.String(),
  color: Type.String(),
  sort_order: Type.Number(),
  parent: Ref,
  external_source: NullableString,
  external_id: NullableString,
  project: Ref,
  workspace: Ref,
});

const ListQuery = Type.Object({
  ...PageQuery,
  ...ShapeQuery,
  external_id: Type.Optional(Type.String()),
  external_source: Type.Optional(Type.String()),
});
const OneQuery = Type.Object(ShapeQuery);
type LabelParams = ProjectParams & { labelId: string };

const LABELS = `${PROJECT}/labels`;
const LABEL = `${LABELS}/:labelId`;
const TAGS = ['Labels'];
const Conflict = { 409: Errors[400] };
const notFound = () => NotFoundError('This label does not exist in the project.');

/** A taken name in Plane's words, keeping the existing label's id. */
async function withPlaneConflicts<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof HttpError && error.statusCode === 409 && typeof error.extra.id === 'string')
      throw ConflictError('Label with the same name already exists in the project', { id: error.extra.id });
    throw error;
  }
}

export async function v1LabelRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;
  const scopeOf = (projectId: string): ExternalScope => ({ table: 'labels', column: 'project_id', id: projectId });

  app.get<{ Params: ProjectParams; Querystring: Static<typeof ListQuery> }>(
    LABELS,
    {
      schema: {
        tags: TAGS,
        summary: "List a project's labels",
        querystring: ListQuery,
        response: { 200: Type.Union([EnvelopeOf(Label), Label]), ...Errors },
      },
    },
    async (request) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      const { external_id, external_source } = request.query;
      if (external_id && external_source) {
        const id = await findByExternalId(db, scopeOf(access.project.id), { external_id, external_source });
        const label = id ? await findLabel(db, access.project.id, id) : null;
        if (!label) throw notFound();
        return shapeOne(request, presentLabel(label), access.workspace.id);
      }
      const page = pageOf(request.query, (await listLabels(db, access.project.id)).map(presentLabel));
      return { ...page, results: await shapeAll(request, page.results, access.workspace.id) };
    },
  );

  app.post<{ Params: ProjectParams; Body: CreateLabelBody }>(
    LABELS,
    {
      schema: { tags: TAGS, summary: 'Create a label', body: CreateLabelBody, response: { 201: Label, ...Conflict, ...Errors } },
      preValidation: refuseNulls(CreateLabelBody),
    },
    async (request, reply) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      requireRole(access, ROLE.member, 'create labels');
      await refuseExternalDuplicate(db, scopeOf(access.project.id), request.body, 'Label');
      const label = await withPlaneConflicts(() =>
        createLabel(db, { project: access.project, actorId: access.user.id, data: request.body }),
      );
      return reply.status(201).send(presentLabel(label));
    },
  );

  app.get<{ Params: LabelParams; Querystring: Static<typeof OneQuery> }>(
    LABEL,
    { schema: { tags: TAGS, summary: 'Get a label', querystring: OneQuery, response: { 200: Label, ...Errors } } },
    async (request) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      const label = isUuid(request.params.labelId) ? await findLabel(db, access.project.id, request.params.labelId) : null;
      if (!label) throw notFound();
      return shapeOne(request, presentLabel(label), access.workspace.id);
    },
  );

  app.patch<{ Params: LabelParams; Body: PatchLabelBody }>(
    LABEL,
    {
      schema: { tags: TAGS, summary: 'Update a label', body: PatchLabelBody, response: { 200: Label, ...Conflict, ...Errors } },
      preValidation: refuseNulls(PatchLabelBody),
    },
    async (request) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      requireRole(access, ROLE.member, 'change labels');
      if (!isUuid(request.params.labelId)) throw notFound();
      const labelId = request.params.labelId;
      const taken = await findByExternalId(db, scopeOf(access.project.id), request.body);
      if (taken && taken !== labelId)
        throw ConflictError('Label with the same external id and external source already exists', { id: taken });
      const label = await withPlaneConflicts(() =>
        updateLabelSettings(db, { project: access.project, labelId, actorId: access.user.id, data: request.body }),
      );
      return presentLabel(label);
    },
  );

  app.delete<{ Params: LabelParams }>(
    LABEL,
    { schema: { tags: TAGS, summary: 'Delete a label (and its sub-labels)', response: { 204: NoContent, ...Errors } } },
    async (request, reply) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      requireRole(access, ROLE.member, 'delete labels');
      if (!isUuid(request.params.labelId)) throw notFound();
      await deleteLabel(db, { project: access.project, labelId: request.params.labelId, actorId: access.user.id });
      return reply.status(204).send();
    },
  );
}
