// GET /api/workspaces/:slug/projects/:projectId/issues/: the UI's work-item list (filtered, ordered,
// keyset-paginated) and board (group_by: the first items of every group with per-group counts).
// Rows arrive as raw text and presentListRows.ts writes their JSON (see workItemListQuery.ts for
// why). Members and guests may list; guests without guest_view_all_features see only the items they
// created (Plane's rule, as the single-item routes apply it). Answers are kept in a response cache
// (responseCache.ts) that serves them only while the project's list data version is unchanged.
import type { FastifyInstance } from 'fastify';
import type { Board, ListPage } from '../../../repositories/workItemListsRepository.ts';
import { boardWorkItems, listWorkItemsPage } from '../../../repositories/workItemListsRepository.ts';
import { compactListVersionsLater, LIST_VERSION_ROWS_TO_COMPACT } from '../../../repositories/listVersionsRepository.ts';
import type { BaseScope, GroupBy, OrderBy } from '../../../repositories/workItemListQuery.ts';
import { projectAccess } from '../../access/membership.ts';
import { ROLE } from '../../access/roles.ts';
import { HttpError, ValidationError } from '../../errors.ts';
import { type ParsedListQuery, parseListQuery } from './parseListQuery.ts';
import { boardFields, presentBoardRows, presentListItems } from './presentListRows.ts';
import { ResponseCache } from './responseCache.ts';
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

/** Answers kept per api process (a page of 100 is ~57 KB, a board ~32 KB). */
const CACHE_BYTES = 32 * 1024 * 1024;

/**
 * Everything an answer depends on besides the data version: the project, its identifier (a search
 * for KEY-12 matches it), who sees what (a guest limited to their own items) and the parsed query.
 * Null when the answer also reads what the version does not cover: a board by assignees orders
 * its columns by the members' names (users, not a project's data).
 */
function cacheKey(base: BaseScope, query: ParsedListQuery): string | null {
  if (query.groupBy === 'assignees') return null;
  return JSON.stringify([base.projectId, base.identifier, base.onlyCreatedBy, query]);
}

/** A malformed cursor that still reached Postgres (a value out of range) is the client's mistake. */
function asClientError(error: unknown, hadCursor: boolean): unknown {
  const code = (error as { code?: unknown }).code;
  if (hadCursor && typeof code === 'string' && code.startsWith('22'))
    return ValidationError('cursor: is not a cursor returned by this list.');
  return error;
}

export async function workItemListRoutes(app: FastifyInstance): Promise<void> {
  const cache = new ResponseCache(CACHE_BYTES);
  app.get<{ Params: ListParams; Querystring: ListQuery }>(
    '/api/workspaces/:slug/projects/:projectId/issues/',
    { schema: { params: ListParams, querystring: ListQuery } },
    async (request, reply) => {
      // Membership (and the list data version) first, on every request, cached answer or not.
      const access = await projectAccess(request, request.params.slug, request.params.projectId, { listVersion: true });
      const version = access.listVersion ?? { value: '0', rows: 0 };
      const query = parseListQuery(request.query);
      const db = app.ctx.db;
      const projectId = access.project.id;
      if (version.rows > LIST_VERSION_ROWS_TO_COMPACT) compactListVersionsLater(db, projectId);
      const base: BaseScope = {
        projectId,
        identifier: access.project.identifier,
        onlyCreatedBy: access.projectRole < ROLE.member && !access.project.guest_view_all_features ? access.user.id : null,
        filters: query.filters,
      };
      void reply.type(JSON_TYPE);
      const key = cacheKey(base, query);
      const cached = key === null ? null : cache.get(key, version.value);
      if (cached) return cached;
      let body: string;
      try {
        if (!query.groupBy) {
          const page = await listWorkItemsPage(db, base, { orderBy: query.orderBy, perPage: query.perPage, cursor: query.cursor });
          body = renderList(query.orderBy, query.perPage, page);
        } else {
          const board = await boardWorkItems(db, base, { groupBy: query.groupBy, orderBy: query.orderBy, perGroup: query.perPage });
          // The "no state" column exists only when some item has no state (its state was deleted).
          if (query.groupBy === 'state') board.groups = board.groups.filter((g) => g.key !== null || g.count > 0);
          body = renderBoard(query.groupBy, query.orderBy, query.perPage, board);
        }
      } catch (error) {
        if (error instanceof HttpError) throw error;
        throw asClientError(error, query.cursor !== null);
      }
      const bytes = Buffer.from(body);
      if (key !== null) cache.set(key, version.value, bytes);
      return bytes;
    },
  );
}
