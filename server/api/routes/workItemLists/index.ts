// GET /api/workspaces/:slug/projects/:projectId/issues/: the UI's work-item list (filtered, ordered,
// keyset-paginated) and board (group_by: the first items of every group with per-group counts).
// Rows arrive as raw text and presentListRows.ts writes their JSON (see workItemListQuery.ts for
// why). Members and guests may list; guests without guest_view_all_features see only the items they
// created (Plane's rule, as the single-item routes apply it).
import type { FastifyInstance } from 'fastify';
import type { Board, ListPage } from '../../../repositories/workItemListsRepository.ts';
import { boardWorkItems, listWorkItemsPage } from '../../../repositories/workItemListsRepository.ts';
import type { BaseScope, GroupBy, OrderBy } from '../../../repositories/workItemListQuery.ts';
import { projectAccess } from '../../access/membership.ts';
import { ROLE } from '../../access/roles.ts';
import { HttpError, ValidationError } from '../../errors.ts';
import { parseListQuery } from './parseListQuery.ts';
import { boardFields, presentBoardRows, presentListItems } from './presentListRows.ts';
import { ListParams, ListQuery } from './schema.ts';

const JSON_TYPE = 'application/json; charset=utf-8';
const str = JSON.stringify;

function renderList(orderBy: OrderBy, perPage: number, page: ListPage): string {
  return (
    `{"grouped_by":null,"order_by":${str(orderBy)},"total_count":${page.totalCount},"count":${page.rows.length},"per_page":${perPage},` +
    `"next_cursor":${str(page.nextCursor)},"prev_cursor":${str(page.prevCursor)},` +
    `"next_page_results":${page.nextCursor !== null},"prev_page_results":${page.prevCursor !== null},"results":[${presentListItems(page.rows)}]}`
  );
}

function renderBoard(groupBy: GroupBy, orderBy: OrderBy, perPage: number, board: Board): string {
  const fields = boardFields(groupBy);
  const groups = board.groups.map(
    (g) => `{"key":${str(g.key)},"count":${g.count},"next_cursor":${str(g.nextCursor)},"results":[${presentBoardRows(g.rows, fields)}]}`,
  );
  return (
    `{"grouped_by":${str(groupBy)},"order_by":${str(orderBy)},"total_count":${board.totalCount},"per_page":${perPage},` +
    `"fields":${str(fields.map(([name]) => name))},"groups":[${groups.join(',')}]}`
  );
}

/** A malformed cursor that still reached Postgres (a value out of range) is the client's mistake. */
function asClientError(error: unknown, hadCursor: boolean): unknown {
  const code = (error as { code?: unknown }).code;
  if (hadCursor && typeof code === 'string' && code.startsWith('22'))
    return ValidationError('cursor: is not a cursor returned by this list.');
  return error;
}

export async function workItemListRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: ListParams; Querystring: ListQuery }>(
    '/api/workspaces/:slug/projects/:projectId/issues/',
    { schema: { params: ListParams, querystring: ListQuery } },
    async (request, reply) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      const query = parseListQuery(request.query);
      const db = app.ctx.db;
      const projectId = access.project.id;
      const base: BaseScope = {
        projectId,
        identifier: access.project.identifier,
        onlyCreatedBy: access.projectRole < ROLE.member && !access.project.guest_view_all_features ? access.user.id : null,
        filters: query.filters,
      };
      void reply.type(JSON_TYPE);
      try {
        if (!query.groupBy) {
          const page = await listWorkItemsPage(db, base, { orderBy: query.orderBy, perPage: query.perPage, cursor: query.cursor });
          return renderList(query.orderBy, query.perPage, page);
        }
        const board = await boardWorkItems(db, base, { groupBy: query.groupBy, orderBy: query.orderBy, perGroup: query.perPage });
        // The "no state" column exists only when some item has no state (its state was deleted).
        if (query.groupBy === 'state') board.groups = board.groups.filter((g) => g.key !== null || g.count > 0);
        return renderBoard(query.groupBy, query.orderBy, query.perPage, board);
      } catch (error) {
        if (error instanceof HttpError) throw error;
        throw asClientError(error, query.cursor !== null);
      }
    },
  );
}
