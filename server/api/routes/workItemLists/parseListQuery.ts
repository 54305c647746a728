// Query string → typed filters, order, grouping and page; anything malformed is a 400 that names the
// parameter and what it accepts (never a database error later).
import {
  type ArchivedMode,
  type Cursor,
  type DateRange,
  decodeCursor,
  GROUP_BYS,
  type GroupBy,
  type IdFilter,
  ORDER_BYS,
  type OrderBy,
  type Priority,
  type StateGroup,
  type WorkItemFilters,
} from '../../../repositories/workItemListQuery.ts';
import { PRIORITIES } from '../../../repositories/workItemsRepository.ts';
import { isUuid } from '../../access/membership.ts';
import { ValidationError } from '../../errors.ts';
import type { ListQuery } from './schema.ts';

const STATE_GROUPS: readonly StateGroup[] = ['backlog', 'unstarted', 'started', 'completed', 'cancelled', 'triage'];
const MAX_IDS = 100;
export const MAX_PER_PAGE = 100;

export interface ParsedListQuery {
  filters: WorkItemFilters;
  orderBy: OrderBy;
  groupBy: GroupBy | null;
  perPage: number;
  cursor: Cursor | null;
}

function items(name: string, raw: string): string[] {
  const values = raw
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (values.length === 0) throw ValidationError(`${name}: give at least one value, comma-separated.`);
  if (values.length > MAX_IDS) throw ValidationError(`${name}: at most ${MAX_IDS} values.`);
  return [...new Set(values)];
}

function idFilter(name: string, raw: string | undefined, allowNone: boolean): IdFilter | undefined {
  if (raw === undefined) return undefined;
  const filter: IdFilter = { ids: [], none: false };
  for (const value of items(name, raw)) {
    if (allowNone && value.toLowerCase() === 'none') filter.none = true;
    else if (isUuid(value)) filter.ids.push(value.toLowerCase());
    else throw ValidationError(`${name}: "${String(value).slice(0, 60)}" is not an id${allowNone ? ' (or "none")' : ''}.`);
  }
  return filter;
}

function oneOf<T extends string>(name: string, raw: string | undefined, allowed: readonly T[]): T[] | undefined {
  if (raw === undefined) return undefined;
  return items(name, raw).map((value) => {
    const v = value.toLowerCase() as T;
    if (!allowed.includes(v)) throw ValidationError(`${name}: "${value.slice(0, 60)}" is not one of ${allowed.join(', ')}.`);
    return v;
  });
}

function choice<T extends string>(name: string, raw: string | undefined, allowed: readonly T[], fallback: T): T {
  if (raw === undefined || raw === '') return fallback;
  if (!allowed.includes(raw as T)) throw ValidationError(`${name}: "${raw.slice(0, 60)}" is not one of ${allowed.join(', ')}.`);
  return raw as T;
}

function day(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const time = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? Date.parse(`${raw}T00:00:00Z`) : Number.NaN;
  // Date.parse accepts 2025-02-30 (as March 2): a real date prints back the same.
  const valid = !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === raw;
  if (!valid) throw ValidationError(`${name}: "${raw.slice(0, 20)}" is not a date (YYYY-MM-DD).`);
  return raw;
}

function range(prefix: string, after: string | undefined, before: string | undefined): DateRange | undefined {
  const from = day(`${prefix}_after`, after);
  const to = day(`${prefix}_before`, before);
  if (!from && !to) return undefined;
  if (from && to && from > to) throw ValidationError(`${prefix}_after (${from}) is later than ${prefix}_before (${to}).`);
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

function perPage(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_PER_PAGE)
    throw ValidationError(`per_page: "${raw}" is not a whole number from 1 to ${MAX_PER_PAGE}.`);
  return Number(raw);
}

export function parseListQuery(query: ListQuery): ParsedListQuery {
  // Postgres text cannot hold NUL: refuse it here rather than fail in the database.
  for (const [name, value] of Object.entries(query)) {
    if (typeof value === 'string' && value.includes('\u0000')) throw ValidationError(`${name}: contains a NUL character.`);
  }
  const filters: WorkItemFilters = {
    archived: choice<ArchivedMode>('archived', query.archived?.toLowerCase(), ['false', 'true', 'only'], 'false'),
    draft: choice('is_draft', query.is_draft?.toLowerCase(), ['false', 'true'], 'false') === 'true',
  };
  const states = idFilter('state', query.state, true);
  if (states) filters.states = states;
  const stateGroups = oneOf<StateGroup>('state_group', query.state_group, STATE_GROUPS);
  if (stateGroups) filters.stateGroups = stateGroups;
  const priorities = oneOf<Priority>('priority', query.priority, PRIORITIES);
  if (priorities) filters.priorities = priorities;
  const assignees = idFilter('assignees', query.assignees, true);
  if (assignees) filters.assignees = assignees;
  const labels = idFilter('labels', query.labels, true);
  if (labels) filters.labels = labels;
  const createdBy = idFilter('created_by', query.created_by, false);
  if (createdBy) filters.createdBy = createdBy.ids;
  const startDate = range('start_date', query.start_date_after, query.start_date_before);
  if (startDate) filters.startDate = startDate;
  const targetDate = range('target_date', query.target_date_after, query.target_date_before);
  if (targetDate) filters.targetDate = targetDate;
  if (query.parent !== undefined) {
    if (query.parent.toLowerCase() === 'none') filters.parent = null;
    else if (isUuid(query.parent)) filters.parent = query.parent.toLowerCase();
    else throw ValidationError(`parent: "${String(query.parent).slice(0, 60)}" is not an id (or "none").`);
  }
  const search = query.search?.trim();
  if (search) filters.search = search;

  const orderBy = choice<OrderBy>('order_by', query.order_by, ORDER_BYS, '-created_at');
  const groupBy =
    query.group_by === undefined || query.group_by === '' ? null : choice<GroupBy>('group_by', query.group_by, GROUP_BYS, 'state');
  let cursor: Cursor | null = null;
  if (query.cursor) {
    if (groupBy) throw ValidationError('cursor: a board (group_by) has no cursor; continue a group through the list with its next_cursor.');
    const decoded = decodeCursor(query.cursor, orderBy);
    if (typeof decoded === 'string') throw ValidationError(`cursor: ${decoded}.`);
    cursor = decoded;
  }
  return { filters, orderBy, groupBy, perPage: perPage(query.per_page, groupBy ? 30 : 50), cursor };
}
