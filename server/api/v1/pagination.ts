// Plane's list envelope (plane-api-v1.md "Lists"): `per_page` ≤ 1000 and a cursor
// "<per_page>:<page>:<is_prev>"; page N starts at N × per_page whichever direction it was reached from.
import { type Static, Type } from 'typebox';
import { HttpError } from '../errors.ts';

export const MAX_PER_PAGE = 1000;

export const PageQuery = {
  per_page: Type.Optional(Type.String({ description: `Items per page (1–${MAX_PER_PAGE}, default ${MAX_PER_PAGE}).` })),
  cursor: Type.Optional(Type.String({ description: 'Cursor "<per_page>:<page>:<is_prev>" from next_cursor / prev_cursor.' })),
};
export const PageQuerySchema = Type.Object(PageQuery);
export type PageQuery = Static<typeof PageQuerySchema>;

export interface Page {
  perPage: number;
  page: number;
  offset: number;
}

const badPage = (detail: string): HttpError => new HttpError(400, 'invalid_pagination', detail, { detail });

export function parsePage(query: { per_page?: string | number; cursor?: string }): Page {
  let perPage = MAX_PER_PAGE;
  if (query.per_page !== undefined && query.per_page !== '') {
    perPage = /^\d{1,7}$/.test(String(query.per_page)) ? Number(query.per_page) : Number.NaN;
    if (!Number.isInteger(perPage) || perPage < 1) throw badPage('Invalid per_page value.');
    if (perPage > MAX_PER_PAGE) throw badPage(`Invalid per_page value. Cannot exceed ${MAX_PER_PAGE}.`);
  }
  let page = 0;
  if (query.cursor !== undefined && query.cursor !== '') {
    const match = /^(\d{1,4}):(-?\d{1,9}):([01])$/.exec(query.cursor);
    if (!match) throw badPage('Invalid cursor parameter.');
    page = Number(match[2]);
    // The cursor's own page size wins when per_page is absent: clients pass the cursor alone.
    if (query.per_page === undefined || query.per_page === '') perPage = Math.min(MAX_PER_PAGE, Math.max(1, Number(match[1])));
    if (page < 0) throw badPage('Invalid cursor parameter.');
  }
  return { perPage, page, offset: page * perPage };
}

export interface Envelope<T> {
  grouped_by: null;
  sub_grouped_by: null;
  total_count: number;
  next_cursor: string;
  prev_cursor: string;
  next_page_results: boolean;
  prev_page_results: boolean;
  count: number;
  total_pages: number;
  total_results: number;
  extra_stats: null;
  results: T[];
}

export function envelope<T>(page: Page, total: number, results: T[]): Envelope<T> {
  return {
    grouped_by: null,
    sub_grouped_by: null,
    total_count: total,
    next_cursor: `${page.perPage}:${page.page + 1}:0`,
    prev_cursor: `${page.perPage}:${page.page - 1}:1`,
    next_page_results: page.offset + page.perPage < total,
    prev_page_results: page.page > 0,
    count: results.length,
    total_pages: Math.ceil(total / page.perPage),
    total_results: total,
    extra_stats: null,
    results,
  };
}

/** For lists that are small by nature (states, labels, cycles…): page an array already in memory. */
export function pageOf<T>(query: { per_page?: string | number; cursor?: string }, all: T[]): Envelope<T> {
  const page = parsePage(query);
  return envelope(page, all.length, all.slice(page.offset, page.offset + page.perPage));
}
