// /api/workspaces/:slug/projects/:projectId/issues/:issueId/subscribe/: the caller follows or stops
// following a work item (guests too, as in Plane); subscribers/ lists who follows it.
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { presentUserLite, presentUserLiteForGuest } from '../../../presenters/user.ts';
import { isSubscribed, listSubscribers, subscribe, unsubscribe } from '../../../repositories/subscribersRepository.ts';
import { ROLE } from '../../access/roles.ts';
import { ConflictError } from '../../errors.ts';
import { WorkItemParams } from '../relations/schema.ts';
import { workItemAccess } from '../relations/workItemAccess.ts';

const BASE = '/api/workspaces/:slug/projects/:projectId/issues/:issueId';

export async function subscriberRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;
  const opts = { schema: { params: WorkItemParams } };

  app.get<{ Params: Static<typeof WorkItemParams> }>(`${BASE}/subscribe/`, opts, async (request) => {
    const item = await workItemAccess(request, request.params);
    return {
      subscribed: await isSubscribed(db, { projectId: item.access.project.id, issueId: item.issue.id, userId: item.access.user.id }),
    };
  });

  app.post<{ Params: Static<typeof WorkItemParams> }>(`${BASE}/subscribe/`, opts, async (request, reply) => {
    const item = await workItemAccess(request, request.params, ROLE.guest, 'subscribe');
    const added = await subscribe(db, {
      projectId: item.access.project.id,
      workspaceId: item.access.workspace.id,
      issueId: item.issue.id,
      userId: item.access.user.id,
    });
    if (!added) throw ConflictError('You are already subscribed to this work item.');
    return reply.status(201).send({ subscribed: true });
  });

  app.delete<{ Params: Static<typeof WorkItemParams> }>(`${BASE}/subscribe/`, opts, async (request, reply) => {
    const item = await workItemAccess(request, request.params, ROLE.guest, 'unsubscribe');
    await unsubscribe(db, { projectId: item.access.project.id, issueId: item.issue.id, userId: item.access.user.id });
    return reply.status(204).send();
  });

  app.get<{ Params: Static<typeof WorkItemParams> }>(`${BASE}/subscribers/`, opts, async (request) => {
    const item = await workItemAccess(request, request.params);
    const users = await listSubscribers(db, { projectId: item.access.project.id, issueId: item.issue.id });
    return item.access.projectRole === ROLE.guest ? users.map(presentUserLiteForGuest) : users.map(presentUserLite);
  });
}
