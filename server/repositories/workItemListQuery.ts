// The SQL of work-item lists: filters → WHERE, order_by → keyset ORDER BY, opaque cursors, and the
// columns of a list row.
//
// Rows come back as raw text (no Date / array parsing in node-pg) and the presenter writes their JSON
// with string concatenation: per page of 100 that costs the api process ~0.3 ms less than parsing
// typed rows and JSON.stringify, and Postgres ~1 ms less than building the JSON itself (row_to_json
// and to_json of uuid arrays are slow). Statements are unnamed, so every execution gets a plan for its
// own values (a cached generic plan would walk the whole order index for a rare state or assignee).
import type { RawParam } from '../db/rawQuery.ts';
import type { Priority, StateGroup } from './workItemsRepository.ts';

export type { Priority, StateGroup };

export const ORDER_BYS = [
  '-created_at',
  'created_at',
  '-updated_at',
  'updated_at',
  'sort_order',
  '-sort_order',
  'priority',
  '-priority',
  'start_date',
  '-start_date',
  'target_date',
  '-target_date',
] as const;
export type OrderBy = (typeof ORDER_BYS)[number];

export const GROUP_BYS = ['state', 'priority', 'assignees', 'labels'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/** `false` hides archived items (the default), `true` shows them too, `only` shows nothing else. */
export type ArchivedMode = 'false' | 'true' | 'only';

/** A filter on ids where `none` also matches items without any (no assignee, no label, no state). */
export interface IdFilter {
  ids: string[];
  none: boolean;
}

export interface DateRange {
  /** "YYYY-MM-DD", inclusive */
  from?: string;
  /** "YYYY-MM-DD", inclusive */
  to?: string;
}

export interface WorkItemFilters {
  states?: IdFilter;
  stateGroups?: StateGroup[];
  priorities?: Priority[];
  assignees?: IdFilter;
  labels?: IdFilter;
  createdBy?: string[];
  startDate?: DateRange;
  targetDate?: DateRange;
  /** A parent's id, or null for top-level items only. */
  parent?: string | null;
  archived: ArchivedMode;
  /** true: drafts only; false: no drafts. */
  draft: boolean;
  search?: string;
}

/**
 * The states an item may be in, resolved in JS from the project's states (the planner estimates an
 * explicit id list well; a sub-select on states it guesses as one row, and picks a bad plan).
 * Without a state filter that is "anything but Triage": triage items belong to intake (Plane hides them).
 */
export type StateScope = { kind: 'not'; ids: string[] } | { kind: 'in'; ids: string[]; orNull: boolean };

/** Who lists what, before the project's states are known. */
export interface BaseScope {
  projectId: string;
  identifier: string;
  /** Guests without guest_view_all_features see only what they created. */
  onlyCreatedBy: string | null;
  filters: WorkItemFilters;
}

export interface ListScope extends BaseScope {
  stateScope: StateScope;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Positional parameters for one statement. */
export class Params {
  readonly values: RawParam[] = [];
  add(value: RawParam): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** `KEY-12` or `12`: the item with that sequence id (KEY must be this project's identifier). */
export function sequenceQuery(search: string, identifier: string): number | null {
  const match = /^(?:([A-Za-z0-9]{1,12})-)?(\d{1,9})$/.exec(search);
  if (!match?.[2]) return null;
  if (match[1] && match[1].toUpperCase() !== identifier) return null;
  return Number(match[2]);
}

function idCondition(filter: IdFilter, table: 'issue_assignees' | 'issue_labels', column: string, p: Params): string {
  const parts: string[] = [];
  if (filter.ids.length > 0)
    parts.push(`EXISTS (SELECT 1 FROM ${table} m WHERE m.issue_id = i.id AND m.${column} = ANY(${p.add(filter.ids)}::uuid[]))`);
  if (filter.none) parts.push(`NOT EXISTS (SELECT 1 FROM ${table} m WHERE m.issue_id = i.id)`);
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join(' OR ')})`;
}

/**
 * The project id as a literal, not a parameter: a prepared statement's generic plan then estimates
 * this project's rows as its custom plans do (with a parameter it assumes an average project and
 * costs itself out of use), so pages and boards are planned once per connection. Only a uuid passes.
 */
export function projectLiteral(projectId: string): string {
  return uuidLiteral(projectId);
}

/** Ids the project owns (its states, labels, members, as read from the database), as a literal. */
export function uuidLiteral(id: string): string {
  if (!UUID.test(id)) throw new Error('not a uuid');
  return `'${id}'::uuid`;
}

export function uuidsLiteral(ids: readonly string[]): string {
  if (!ids.every((id) => UUID.test(id))) throw new Error('not a uuid');
  return `'{${ids.join(',')}}'::uuid[]`;
}

const PRIORITY_WORDS: readonly string[] = ['urgent', 'high', 'medium', 'low', 'none'];
/** Priorities (checked words) as a literal. */
export function prioritiesLiteral(priorities: readonly string[]): string {
  if (!priorities.every((x) => PRIORITY_WORDS.includes(x))) throw new Error('not a priority');
  return `'{${priorities.join(',')}}'::text[]`;
}

/**
 * Ordered by priority, the priority filter again on the order index's expression, so the walk starts
 * at the wanted ranks instead of stepping over every other priority first (only then: under other
 * orders the planner would count the same condition twice and underestimate the rows).
 */
export function priorityOrderCondition(filters: WorkItemFilters, orderBy: OrderBy): string[] {
  if (!filters.priorities || (orderBy !== 'priority' && orderBy !== '-priority')) return [];
  const ranks = filters.priorities.map((x) => PRIORITY_WORDS.indexOf(x));
  return [`work_item_priority_rank(i.priority) = ANY('{${ranks.join(',')}}'::smallint[])`];
}

/** Written over the `coalesce(date, 'infinity')` of the date's ascending index, so a range is an index range. */
function dateRange(column: 'start_date' | 'target_date', range: DateRange, p: Params): string {
  const expr = `coalesce(i.${column}, 'infinity'::date)`;
  const from = range.from ? `${expr} >= ${p.add(range.from)}::date` : null;
  const to = range.to ? `${expr} <= ${p.add(range.to)}::date` : `${expr} < 'infinity'::date`;
  return from ? `${from} AND ${to}` : to;
}

/** Conditions on `issues i` for the scope (without any cursor). */
export function whereConditions(scope: ListScope, p: Params): string[] {
  const f = scope.filters;
  const where = [`i.project_id = ${projectLiteral(scope.projectId)}`, 'i.deleted_at IS NULL'];
  if (f.archived === 'false') where.push('i.archived_at IS NULL');
  else if (f.archived === 'only') where.push('i.archived_at IS NOT NULL');
  where.push(f.draft ? 'i.is_draft' : 'NOT i.is_draft');
  // The project's own state ids are literals too (see projectLiteral), so every plan sees how many
  // items they hold.
  const s = scope.stateScope;
  if (s.kind === 'not') {
    if (s.ids.length > 0) where.push(`(i.state_id IS NULL OR i.state_id <> ALL(${uuidsLiteral(s.ids)}))`);
  } else if (s.orNull) where.push(`(i.state_id IS NULL OR i.state_id = ANY(${uuidsLiteral(s.ids)}))`);
  else where.push(`i.state_id = ANY(${uuidsLiteral(s.ids)})`);
  if (f.priorities) where.push(`i.priority = ANY(${prioritiesLiteral(f.priorities)})`);
  if (f.assignees) where.push(idCondition(f.assignees, 'issue_assignees', 'assignee_id', p));
  if (f.labels) where.push(idCondition(f.labels, 'issue_labels', 'label_id', p));
  if (f.createdBy) where.push(`i.created_by = ANY(${p.add(f.createdBy)}::uuid[])`);
  if (f.startDate) where.push(dateRange('start_date', f.startDate, p));
  if (f.targetDate) where.push(dateRange('target_date', f.targetDate, p));
  if (f.parent === null) where.push('i.parent_id IS NULL');
  else if (f.parent !== undefined) where.push(`i.parent_id = ${p.add(f.parent)}::uuid`);
  if (f.search !== undefined) {
    const seq = sequenceQuery(f.search, scope.identifier);
    const name = `i.name ILIKE ${p.add(likePattern(f.search))}`;
    where.push(seq === null ? name : `(i.sequence_id = ${p.add(seq)} OR ${name})`);
  }
  if (scope.onlyCreatedBy) where.push(`i.created_by = ${p.add(scope.onlyCreatedBy)}::uuid`);
  return where;
}

// ── ordering and cursors ────────────────────────────────────────────────────────────────────────

/** The columns of a list row, in this order (ROW below); every value arrives as text or null. */
export const ROW_COLUMNS = [
  'i.id',
  'i.sequence_id',
  'i.name',
  'i.state_id',
  'i.priority',
  'i.sort_order',
  'i.start_date',
  'i.target_date',
  // UTC wall-clock text: "YYYY-MM-DD HH:MM:SS.ffffff" (exact, whatever the server's TimeZone)
  "i.completed_at AT TIME ZONE 'UTC'",
  "i.archived_at AT TIME ZONE 'UTC'",
  'i.is_draft',
  'i.parent_id',
  // In id order, copied onto the item by triggers (0017): two sub-selects per row cost more than
  // the rest of the page.
  'i.list_assignee_ids',
  'i.list_label_ids',
  "i.created_at AT TIME ZONE 'UTC'",
  "i.updated_at AT TIME ZONE 'UTC'",
  'i.created_by',
] as const;
/** The SQL type of each column, for the NULLs of count rows in the same UNION. */
export const ROW_NULLS = [
  'uuid',
  'int',
  'text',
  'uuid',
  'text',
  'float8',
  'date',
  'date',
  'timestamp',
  'timestamp',
  'bool',
  'uuid',
  'uuid[]',
  'uuid[]',
  'timestamp',
  'timestamp',
  'uuid',
].map((t) => `NULL::${t}`);
export const ROW = {
  id: 0,
  sequenceId: 1,
  name: 2,
  stateId: 3,
  priority: 4,
  sortOrder: 5,
  startDate: 6,
  targetDate: 7,
  completedAt: 8,
  archivedAt: 9,
  isDraft: 10,
  parentId: 11,
  assigneeIds: 12,
  labelIds: 13,
  createdAt: 14,
  updatedAt: 15,
  createdBy: 16,
} as const;
/** A list row: ROW_COLUMNS as text (null for SQL NULL). */
export type ListRow = (string | null)[];

type KeyType = 'float8' | 'timestamp' | 'date' | 'smallint';
interface SortKey {
  expr: string;
  type: KeyType;
  /** The key's exact text, from a row. */
  of(row: ListRow): string;
}
interface OrderSpec {
  /** Sort keys before the final tiebreaker `i.id`; every key runs in the same direction. */
  keys: SortKey[];
  desc: boolean;
}

const RANKS: Record<string, string> = { urgent: '0', high: '1', medium: '2', low: '3', none: '4' };
const SORT_ORDER: SortKey = { expr: 'i.sort_order', type: 'float8', of: (r) => r[ROW.sortOrder] ?? '0' };
const RANK: SortKey = { expr: 'work_item_priority_rank(i.priority)', type: 'smallint', of: (r) => RANKS[r[ROW.priority] ?? 'none'] ?? '4' };
const timeKey = (column: 'created_at' | 'updated_at'): SortKey => ({
  expr: `i.${column}`,
  type: 'timestamp',
  of: (r) => r[column === 'created_at' ? ROW.createdAt : ROW.updatedAt] ?? '',
});
const dateKey = (column: 'start_date' | 'target_date', nulls: 'infinity' | '-infinity'): SortKey => ({
  expr: `coalesce(i.${column}, '${nulls}'::date)`,
  type: 'date',
  of: (r) => r[column === 'start_date' ? ROW.startDate : ROW.targetDate] ?? nulls,
});

/** Each matches an index of 0008 (scanned backwards for a descending order). */
const ORDERS: Record<OrderBy, OrderSpec> = {
  '-created_at': { keys: [timeKey('created_at')], desc: true },
  created_at: { keys: [timeKey('created_at')], desc: false },
  '-updated_at': { keys: [timeKey('updated_at')], desc: true },
  updated_at: { keys: [timeKey('updated_at')], desc: false },
  sort_order: { keys: [SORT_ORDER], desc: false },
  '-sort_order': { keys: [SORT_ORDER], desc: true },
  // urgent → none, manual order within a priority; `-priority` is the exact reverse.
  priority: { keys: [RANK, SORT_ORDER], desc: false },
  '-priority': { keys: [RANK, SORT_ORDER], desc: true },
  // Items without the date come last either way.
  start_date: { keys: [dateKey('start_date', 'infinity')], desc: false },
  '-start_date': { keys: [dateKey('start_date', '-infinity')], desc: true },
  target_date: { keys: [dateKey('target_date', 'infinity')], desc: false },
  '-target_date': { keys: [dateKey('target_date', '-infinity')], desc: true },
};

export type Direction = 'next' | 'prev';

export interface Cursor {
  orderBy: OrderBy;
  direction: Direction;
  /** Sort key values as text, then the id. */
  keys: string[];
}

const KEY_PATTERNS: Record<KeyType, RegExp> = {
  float8: /^(?:-?(?:\d+(?:\.\d+)?(?:e[+-]?\d+)?|Infinity)|NaN)$/,
  timestamp: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?$/,
  date: /^(?:\d{4}-\d{2}-\d{2}|-?infinity)$/,
  smallint: /^[0-4]$/,
};

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.orderBy, cursor.direction === 'next' ? 'n' : 'p', ...cursor.keys])).toString('base64url');
}

/** The cursor that continues after (or before) `row`. */
export function cursorAt(orderBy: OrderBy, direction: Direction, row: ListRow): string {
  return encodeCursor({ orderBy, direction, keys: [...ORDERS[orderBy].keys.map((k) => k.of(row)), row[ROW.id] ?? ''] });
}

/** Decodes a cursor made by encodeCursor for this order_by, or explains why it cannot be used. */
export function decodeCursor(text: string, orderBy: OrderBy): Cursor | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return 'is not a cursor returned by this list';
  }
  if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) return 'is not a cursor returned by this list';
  const [order, direction, ...keys] = parsed as string[];
  if (order !== orderBy) return `belongs to order_by=${order ?? '?'}, not ${orderBy}: start again without a cursor`;
  if (direction !== 'n' && direction !== 'p') return 'is not a cursor returned by this list';
  const spec = ORDERS[orderBy];
  if (keys.length !== spec.keys.length + 1) return 'is not a cursor returned by this list';
  const valid = spec.keys.every((k, index) => {
    const value = keys[index] ?? '';
    if (!KEY_PATTERNS[k.type].test(value)) return false;
    return (k.type !== 'timestamp' && k.type !== 'date') || !/^\d/.test(value) || !Number.isNaN(Date.parse(value.slice(0, 10)));
  });
  if (!valid || !UUID.test(keys[keys.length - 1] ?? '')) return 'is not a cursor returned by this list';
  return { orderBy, direction: direction === 'n' ? 'next' : 'prev', keys };
}

/**
 * `ORDER BY …` for the order (reversed when walking backwards), ending in the id tiebreaker.
 * `unindexed` shifts the first key by zero: the same order, but one no index provides, so the
 * planner reads the rows another way and sorts them (see boardStatement).
 */
export function orderClause(orderBy: OrderBy, reverse = false, unindexed = false): string {
  const spec = ORDERS[orderBy];
  const dir = spec.desc !== reverse ? ' DESC' : '';
  const exprs = spec.keys.map((k, index) =>
    unindexed && index === 0 ? (k.type === 'timestamp' ? `(${k.expr} + '0 s'::interval)` : `(${k.expr} + 0)`) : k.expr,
  );
  return [...exprs, 'i.id'].map((e) => `${e}${dir}`).join(', ');
}

const castKey = (type: KeyType, param: string): string =>
  type === 'timestamp' ? `(${param}::timestamp AT TIME ZONE 'UTC')` : `${param}::${type}`;

/** The keyset condition "after the cursor's row" in the walking direction (a row comparison: one index range). */
export function cursorCondition(cursor: Cursor, p: Params): string {
  const spec = ORDERS[cursor.orderBy];
  const walkingDesc = cursor.direction === 'next' ? spec.desc : !spec.desc;
  const left = [...spec.keys.map((k) => k.expr), 'i.id'].join(', ');
  const right = [
    ...spec.keys.map((k, index) => castKey(k.type, p.add(cursor.keys[index] ?? ''))),
    `${p.add(cursor.keys[spec.keys.length] ?? '')}::uuid`,
  ].join(', ');
  return `(${left}) ${walkingDesc ? '<' : '>'} (${right})`;
}
