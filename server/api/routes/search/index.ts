// /api/workspaces/:slug/search: the web app's quick search over the caller's work items (the same
// search as Plane's v1 `work-items/search/`, see searchRepository.ts). Workspace members only;
// items come only from projects the caller is an active member of.
import type { FastifyInstance } from 'fastify';
import { presentSearchHit } from '../../../presenters/searchHit.ts';
import { SEARCH_DEFAULT_LIMIT, searchWorkItems } from '../../../repositories/searchRepository.ts';
import { workspaceAccess } from '../../access/membership.ts';
import { SearchQuery, searchProjectId } from './schema.ts';

export async function searchRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { slug: string }; Querystring: SearchQuery }>(
    '/api/workspaces/:slug/search',
    { schema: { querystring: SearchQuery } },
    async (request) => {
      const access = await workspaceAccess(request, request.params.slug);
      const projectId = searchProjectId(request.query);
      const hits = await searchWorkItems(
        app.ctx.db,
        { workspaceId: access.workspace.id, userId: access.user.id, projectId },
        request.query.search ?? '',
        request.query.limit ?? SEARCH_DEFAULT_LIMIT,
      );
      return { issues: hits.map((hit) => presentSearchHit(hit, access.workspace.slug)) };
    },
  );
}
