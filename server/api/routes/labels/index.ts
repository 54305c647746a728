// /api/workspaces/:slug/projects/:projectId/labels…: a project's labels (nested through `parent`).
// Guests read; members and admins write.
import type { FastifyInstance } from 'fastify';
import { createLabel } from '../../../commands/labelCreator.ts';
import { deleteLabel } from '../../../commands/labelDeleter.ts';
import { updateLabelSettings } from '../../../commands/labelUpdater.ts';
import { presentLabel } from '../../../presenters/label.ts';
import { findLabel, listLabels } from '../../../repositories/labelsRepository.ts';
import { isUuid, projectAccess, requireRole } from '../../access/membership.ts';
import { ROLE } from '../../access/roles.ts';
import { NotFoundError } from '../../errors.ts';
import { CreateLabelBody, PatchLabelBody } from './schema.ts';
import { refuseNulls } from '../projects/schema.ts';

type ProjectParams = { Params: { slug: string; projectId: string } };
type LabelParams = { Params: { slug: string; projectId: string; labelId: string } };

const LABELS = '/api/workspaces/:slug/projects/:projectId/labels';
const LABEL = `${LABELS}/:labelId`;

const labelNotFound = () => NotFoundError('This label does not exist in the project.');

export async function labelRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;

  app.get<ProjectParams>(LABELS, async (request) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    return (await listLabels(db, access.project.id)).map(presentLabel);
  });

  app.post<ProjectParams & { Body: CreateLabelBody }>(
    LABELS,
    { schema: { body: CreateLabelBody }, preValidation: refuseNulls(CreateLabelBody) },
    async (request, reply) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      requireRole(access, ROLE.member, 'create labels');
      const label = await createLabel(db, { project: access.project, actorId: access.user.id, data: request.body });
      return reply.status(201).send(presentLabel(label));
    },
  );

  app.get<LabelParams>(LABEL, async (request) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    const label = isUuid(request.params.labelId) ? await findLabel(db, access.project.id, request.params.labelId) : null;
    if (!label) throw labelNotFound();
    return presentLabel(label);
  });

  app.patch<LabelParams & { Body: PatchLabelBody }>(
    LABEL,
    { schema: { body: PatchLabelBody }, preValidation: refuseNulls(PatchLabelBody) },
    async (request) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      requireRole(access, ROLE.member, 'change labels');
      if (!isUuid(request.params.labelId)) throw labelNotFound();
      const label = await updateLabelSettings(db, {
        project: access.project,
        labelId: request.params.labelId,
        actorId: access.user.id,
        data: request.body,
      });
      return presentLabel(label);
    },
  );

  app.delete<LabelParams>(LABEL, async (request, reply) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    requireRole(access, ROLE.member, 'delete labels');
    if (!isUuid(request.params.labelId)) throw labelNotFound();
    await deleteLabel(db, { project: access.project, labelId: request.params.labelId, actorId: access.user.id });
    return reply.status(204).send();
  });
}
