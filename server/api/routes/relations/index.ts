// /api/workspaces/:slug/projects/:projectId/issues/:issueId/relations/: read from both sides, add
// (replacing a pair's earlier relation), remove.
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { createRelations } from '../../../commands/relationCreator.ts';
import { removeRelation } from '../../../commands/relationRemover.ts';
import { presentCreatedRelation, presentRelationMap } from '../../../presenters/relation.ts';
import { listRelatedItems } from '../../../repositories/relationsRepository.ts';
import { ROLE } from '../../access/roles.ts';
import { CreateRelationsBody, RemoveRelationBody, WorkItemParams } from './schema.ts';
import { scopeOf, workItemAccess } from './workItemAccess.ts';

const BASE = '/api/workspaces/:slug/projects/:projectId/issues/:issueId';

export async function relationRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: Static<typeof WorkItemParams> }>(`${BASE}/relations/`, { schema: { params: WorkItemParams } }, async (request) => {
    const item = await workItemAccess(request, request.params);
    const rows = await listRelatedItems(app.ctx.db, { projectId: item.access.project.id, issueId: item.issue.id });
    return presentRelationMap(rows, item.issue.id);
  });

  app.post<{ Params: Static<typeof WorkItemParams>; Body: Static<typeof CreateRelationsBody> }>(
    `${BASE}/relations/`,
    { schema: { params: WorkItemParams, body: CreateRelationsBody } },
    async (request, reply) => {
      const item = await workItemAccess(request, request.params, ROLE.member, 'relate work items');
      const created = await createRelations(app.ctx.db, {
        scope: scopeOf(item),
        key: item.key,
        relationType: request.body.relation_type,
        issueIds: request.body.issues,
      });
      return reply.status(201).send(created.map(presentCreatedRelation));
    },
  );

  app.post<{ Params: Static<typeof WorkItemParams>; Body: Static<typeof RemoveRelationBody> }>(
    `${BASE}/relations/remove/`,
    { schema: { params: WorkItemParams, body: RemoveRelationBody } },
    async (request, reply) => {
      const item = await workItemAccess(request, request.params, ROLE.member, 'remove relations');
      await removeRelation(app.ctx.db, { scope: scopeOf(item), key: item.key, relatedIssueId: request.body.related_issue });
      return reply.status(204).send();
    },
  );
}
