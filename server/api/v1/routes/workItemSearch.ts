// v1 work-item search: `GET workspaces/{ws}/work-items/search/` (and `/issues/search/`) →
// `{"issues": [{name, id, sequence_id, project__identifier, project_id, workspace__slug}]}`, Plane's
// shape; 10 hits unless `limit` says otherwise (at most 100). The static `search` segment wins over
// the by-key route `work-items/:key` in Fastify's router whatever the registration order.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { presentSearchHit } from '../../../presenters/searchHit.ts';
import { searchWorkItems } from '../../../repositories/searchRepository.ts';
import { workspaceAccess } from '../../access/membership.ts';
import { SearchQuery, searchProjectId } from '../../routes/search/schema.ts';
import { type SlugParams, WORKSPACE } from '../paths.ts';
import { Errors, Id } from '../schemas.ts';

/** Plane's v1 default. */
const V1_DEFAULT_LIMIT = 10;

const SearchHit = Type.Object(
  {
    name: Type.String(),
    id: Id,
    sequence_id: Type.Integer(),
    project__identifier: Type.String(),
    project_id: Id,
    workspace__slug: Type.String(),
  },
  { title: 'WorkItemSearchHit', additionalProperties: false },
);
const SearchResult = Type.Object({ issues: Type.Array(SearchHit) }, { additionalProperties: false });

export async function v1WorkItemSearchRoutes(app: FastifyInstance): Promise<void> {
  for (const path of [`${WORKSPACE}/work-items/search`, `${WORKSPACE}/issues/search`]) {
    app.get<{ Params: SlugParams; Querystring: SearchQuery }>(
      path,
      {
        schema: {
          tags: ['Work items'],
          summary: "Search the workspace's work items: key (WEB-12), number, then ranked words",
          querystring: SearchQuery,
          response: { 200: SearchResult, ...Errors },
        },
      },
      async (request) => {
        const access = await workspaceAccess(request, request.params.slug);
        const projectId = searchProjectId(request.query);
        const hits = await searchWorkItems(
          app.ctx.db,
          { workspaceId: access.workspace.id, userId: access.user.id, projectId },
          request.query.search ?? '',
          request.query.limit ?? V1_DEFAULT_LIMIT,
        );
        return { issues: hits.map((hit) => presentSearchHit(hit, access.workspace.slug)) };
      },
    );
  }
}
