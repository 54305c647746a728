// v1 relations of a work item (`…/{issues|work-items}/:workItemId/relations/`): GET answers the eight
// relation lists as arrays of ids, POST {relation_type, issues} relates → 201 (ids outside the
// project → 400, nothing stored), POST relations/remove/ {related_issue} → 204.
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { createRelations } from '../../../commands/relationCreator.ts';
import { removeRelation } from '../../../commands/relationRemover.ts';
import { presentCreatedRelation, presentRelationMap } from '../../../presenters/relation.ts';
import { listRelatedItems, RELATION_TYPES, type RelationType } from '../../../repositories/relationsRepository.ts';
import { ROLE } from '../../access/roles.ts';
import { CreateRelationsBody, RemoveRelationBody } from '../../routes/relations/schema.ts';
import { scopeOf } from '../../routes/relations/workItemAccess.ts';
import { type WorkItemParams, workItemPaths } from '../paths.ts';
import { Errors, Id, NoContent, ObjectOf, Timestamp } from '../schemas.ts';
import { v1WorkItemAccess } from './workItemScope.ts';

export const RelationLists = Type.Object(Object.fromEntries(RELATION_TYPES.map((t) => [t, Type.Array(Id)])), {
  title: 'WorkItemRelations',
  additionalProperties: false,
});

const CreatedRelation = ObjectOf('WorkItemRelation', {
  id: Id,
  relation_type: Type.Union(RELATION_TYPES.map((t) => Type.Literal(t))),
  issue: Id,
  related_issue: Id,
  created_at: Timestamp,
});

type CreateRelations = Static<typeof CreateRelationsBody>;
type RemoveRelation = Static<typeof RemoveRelationBody>;

const TAGS = ['Work item relations'];

export async function v1WorkItemRelationRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;

  for (const path of workItemPaths('/relations')) {
    app.get<{ Params: WorkItemParams }>(
      path,
      { schema: { tags: TAGS, summary: 'The related work items, by relation type (ids)', response: { 200: RelationLists, ...Errors } } },
      async (request) => {
        const item = await v1WorkItemAccess(request, request.params);
        const map = presentRelationMap(
          await listRelatedItems(db, { projectId: item.access.project.id, issueId: item.issue.id }),
          item.issue.id,
        );
        return Object.fromEntries(RELATION_TYPES.map((t: RelationType) => [t, map[t].map((related) => related.id)]));
      },
    );

    app.post<{ Params: WorkItemParams; Body: CreateRelations }>(
      path,
      {
        schema: {
          tags: TAGS,
          summary: 'Relate work items of the project {relation_type, issues: [ids]}',
          body: CreateRelationsBody,
          response: { 201: Type.Array(CreatedRelation), ...Errors },
        },
      },
      async (request, reply) => {
        const item = await v1WorkItemAccess(request, request.params, ROLE.member, 'relate work items');
        const created = await createRelations(db, {
          scope: scopeOf(item),
          key: item.key,
          relationType: request.body.relation_type,
          issueIds: request.body.issues,
        });
        return reply.status(201).send(created.map(presentCreatedRelation));
      },
    );
  }

  for (const path of workItemPaths('/relations/remove')) {
    app.post<{ Params: WorkItemParams; Body: RemoveRelation }>(
      path,
      {
        schema: {
          tags: TAGS,
          summary: 'Remove the relation with {related_issue}',
          body: RemoveRelationBody,
          response: { 204: NoContent, ...Errors },
        },
      },
      async (request, reply) => {
        const item = await v1WorkItemAccess(request, request.params, ROLE.member, 'remove relations');
        await removeRelation(db, { scope: scopeOf(item), key: item.key, relatedIssueId: request.body.related_issue });
        return reply.status(204).send();
      },
    );
  }
}
