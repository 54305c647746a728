// /api/workspaces/:slug/projects/:projectId/issues/:issueId/links/: a work item's links.
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { createLink } from '../../../commands/linkCreator.ts';
import { deleteLinkCommand } from '../../../commands/linkDeleter.ts';
import { updateLinkCommand } from '../../../commands/linkUpdater.ts';
import { presentLink } from '../../../presenters/link.ts';
import { findLink, listLinks } from '../../../repositories/linksRepository.ts';
import { isUuid } from '../../access/membership.ts';
import { ROLE } from '../../access/roles.ts';
import { NotFoundError } from '../../errors.ts';
import { WorkItemParams } from '../relations/schema.ts';
import { scopeOf, workItemAccess } from '../relations/workItemAccess.ts';
import { CreateLinkBody, LinkParams, UpdateLinkBody } from './schema.ts';

const BASE = '/api/workspaces/:slug/projects/:projectId/issues/:issueId/links';

export async function linkRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: Static<typeof WorkItemParams> }>(`${BASE}/`, { schema: { params: WorkItemParams } }, async (request) => {
    const item = await workItemAccess(request, request.params);
    return (await listLinks(app.ctx.db, { projectId: item.access.project.id, issueId: item.issue.id })).map(presentLink);
  });

  app.post<{ Params: Static<typeof WorkItemParams>; Body: Static<typeof CreateLinkBody> }>(
    `${BASE}/`,
    { schema: { params: WorkItemParams, body: CreateLinkBody } },
    async (request, reply) => {
      const item = await workItemAccess(request, request.params, ROLE.member, 'add links');
      const link = await createLink(app.ctx.db, { scope: scopeOf(item), ...request.body });
      return reply.status(201).send(presentLink(link));
    },
  );

  app.get<{ Params: Static<typeof LinkParams> }>(`${BASE}/:linkId/`, { schema: { params: LinkParams } }, async (request) => {
    const item = await workItemAccess(request, request.params);
    const link = isUuid(request.params.linkId)
      ? await findLink(app.ctx.db, { projectId: item.access.project.id, issueId: item.issue.id, linkId: request.params.linkId })
      : null;
    if (!link) throw NotFoundError('Link not found.');
    return presentLink(link);
  });

  app.patch<{ Params: Static<typeof LinkParams>; Body: Static<typeof UpdateLinkBody> }>(
    `${BASE}/:linkId/`,
    { schema: { params: LinkParams, body: UpdateLinkBody } },
    async (request) => {
      const item = await workItemAccess(request, request.params, ROLE.member, 'edit links');
      if (!isUuid(request.params.linkId)) throw NotFoundError('Link not found.');
      return presentLink(await updateLinkCommand(app.ctx.db, { scope: scopeOf(item), linkId: request.params.linkId, ...request.body }));
    },
  );

  app.delete<{ Params: Static<typeof LinkParams> }>(`${BASE}/:linkId/`, { schema: { params: LinkParams } }, async (request, reply) => {
    const item = await workItemAccess(request, request.params, ROLE.member, 'delete links');
    if (!isUuid(request.params.linkId)) throw NotFoundError('Link not found.');
    await deleteLinkCommand(app.ctx.db, { scope: scopeOf(item), linkId: request.params.linkId });
    return reply.status(204).send();
  });
}
