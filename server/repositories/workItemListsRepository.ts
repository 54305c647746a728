// Work-item lists for the UI: one page of a filtered, ordered list (keyset pagination), or a board
// (the first N items of every group), with their counts. Two round trips:
//   1. the "meta" statement: the project's states (and a board's label / member columns) and, when
//      the trigger-maintained counters of 0008 can answer the filter, every count;
//   2. the page: items (plus index-backed counts when the counters could not answer).
//
// Plans. Planning a page costs Postgres about as much as running it, so pages are prepared
// statements (planned once per connection) whenever one plan is right for every execution: when
// everything a plan depends on — the project, its state ids, priorities, a board's group keys — is
// written into the SQL as checked literals (uuids from the database, enum words), and the only
// parameters left are a cursor's position. Filters with free values (assignees, labels, creators,
// dates, parent, text) stay parameters and are planned afresh for their values, so a rare assignee
// is read through its index instead of walking the whole order.
import { createHash } from 'node:crypto';
import type { Queryable } from './activityRepository.ts';
import {
  type BaseScope,
  type Cursor,
  cursorAt,
  cursorCondition,
  type GroupBy,
  type IdFilter,
  type ListRow,
  type ListScope,
  type OrderBy,
  orderClause,
  Params,
  ROW_COLUMNS,
  ROW_NULLS,
  type StateGroup,
  type StateScope,
  uuidLiteral,
  type WorkItemFilters,
  whereConditions,
} from './workItemListQuery.ts';
import { PRIORITIES } from './workItemsRepository.ts';

export interface ProjectStateRef {
  id: string;
  group: StateGroup;
  is_triage: boolean;
}

/** The states an item may be in under the filters (see StateScope). */
export function resolveStateScope(states: readonly ProjectStateRef[], filters: WorkItemFilters): StateScope {
  if (!filters.states && !filters.stateGroups) return { kind: 'not', ids: states.filter((s) => s.is_triage).map((s) => s.id) };
  const ids = filters.states ? new Set(filters.states.ids) : null;
  const groups = filters.stateGroups ? new Set<string>(filters.stateGroups) : null;
  return {
    kind: 'in',
    ids: states.filter((s) => (!ids || ids.has(s.id)) && (!groups || groups.has(s.group))).map((s) => s.id),
    orNull: filters.states?.none === true && !groups,
  };
}

// ── running statements ──────────────────────────────────────────────────────────────────────────

export interface Statement {
  sql: string;
  values: unknown[];
  /**
   * A prepared statement's name: its plan is made once per connection instead of on every
   * execution. Only given where one plan suits every execution (see the top of this file).
   */
  name?: string;
}

/** Every value as the text Postgres sent: no Date or array parsing (the presenter writes JSON from text). */
const RAW_TEXT = { getTypeParser: () => (value: string) => value };

export async function queryRawRows(db: Queryable, statement: Statement): Promise<(string | null)[][]> {
  const { rows } = await db.query<(string | null)[]>({
    ...(statement.name ? { name: statement.name } : {}),
    text: statement.sql,
    values: statement.values,
    rowMode: 'array',
    types: RAW_TEXT,
  });
  return rows;
}

/**
 * Every connection keeps each prepared statement (and its plan) until it closes, and page statements
 * carry their project's id: past this many distinct names, new shapes run unnamed.
 */
const MAX_NAMED = 200;
const named = new Set<string>();
function nameOf(sql: string, suffix = ''): string | undefined {
  const name = `wil_${createHash('sha1').update(sql).digest('base64url').slice(0, 22)}${suffix}`;
  if (!named.has(name)) {
    if (named.size >= MAX_NAMED) return undefined;
    named.add(name);
  }
  return name;
}

// ── counts ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Where a count comes from. The counters (0008) carry state, priority, archived, draft and the
 * "no assignee" / "no label" flags, and per-assignee / per-label counts with the same dimensions; a
 * filter on anything else (creator, dates, parent, text, the guest rule) or a combination they cannot
 * answer exactly (two assignees: an item with both would count twice) is counted from the items.
 */
type CountSource =
  | { from: 'items'; noAssignee: boolean; noLabel: boolean }
  | { from: 'members'; kind: 'a' | 'l'; ids: string[] | null }
  | { from: 'scan' };

const onlyNone = (f: IdFilter | undefined): boolean => f?.none === true && f.ids.length === 0;
const singleId = (f: IdFilter | undefined): string | null => (f && !f.none && f.ids.length === 1 ? (f.ids[0] ?? null) : null);

function countersCanFilter(scope: BaseScope): boolean {
  const f = scope.filters;
  return !scope.onlyCreatedBy && !f.createdBy && !f.startDate && !f.targetDate && f.parent === undefined && f.search === undefined;
}

/** The source of the total (and of state / priority group counts, which share the dimensions). */
function totalSource(scope: BaseScope): CountSource {
  if (!countersCanFilter(scope)) return { from: 'scan' };
  const { assignees: a, labels: l } = scope.filters;
  if ((!a || onlyNone(a)) && (!l || onlyNone(l))) return { from: 'items', noAssignee: onlyNone(a), noLabel: onlyNone(l) };
  if (!l && singleId(a)) return { from: 'members', kind: 'a', ids: [singleId(a) as string] };
  if (!a && singleId(l)) return { from: 'members', kind: 'l', ids: [singleId(l) as string] };
  return { from: 'scan' };
}

/** For a board grouped by assignees / labels: per-member counts and the "None" column, or null (scan). */
function memberGroupSources(scope: BaseScope, groupBy: 'assignees' | 'labels'): { members: CountSource; none: CountSource } | null {
  if (!countersCanFilter(scope)) return null;
  const own = groupBy === 'assignees' ? scope.filters.assignees : scope.filters.labels;
  const other = groupBy === 'assignees' ? scope.filters.labels : scope.filters.assignees;
  if (other) return null;
  const kind = groupBy === 'assignees' ? 'a' : 'l';
  return {
    members: { from: 'members', kind, ids: own ? own.ids : null },
    none: { from: 'items', noAssignee: kind === 'a', noLabel: kind === 'l' },
  };
}

/** Whether the counters answer every count this request needs. */
function countersAnswer(scope: BaseScope, groupBy: GroupBy | null): boolean {
  if (groupBy === 'assignees' || groupBy === 'labels')
    return memberGroupSources(scope, groupBy) !== null && totalSource(scope).from !== 'scan';
  return totalSource(scope).from !== 'scan';
}

/**
 * The state filter on a counters table `c`, written against `states` (the table is small: any plan
 * will do), with the same meaning as resolveStateScope.
 */
function counterStateCondition(filters: WorkItemFilters, p: Params, project: string): string {
  const live = `SELECT s.id FROM states s WHERE s.project_id = ${project} AND s.deleted_at IS NULL`;
  if (!filters.states && !filters.stateGroups) return `(c.state_id IS NULL OR c.state_id NOT IN (${live} AND s.is_triage))`;
  let inner = live;
  if (filters.states) inner += ` AND s.id = ANY(${p.add(filters.states.ids)}::uuid[])`;
  if (filters.stateGroups) inner += ` AND s."group" = ANY(${p.add(filters.stateGroups)}::text[])`;
  const orNull = filters.states?.none === true && !filters.stateGroups;
  return `(c.state_id IN (${inner})${orNull ? ' OR c.state_id IS NULL' : ''})`;
}

/** Conditions on a counters table `c` for the item-level filters (state, priority, archived, draft). */
function counterConditions(scope: BaseScope, p: Params, project: string): string[] {
  const f = scope.filters;
  const where = [`c.project_id = ${project}`];
  if (f.archived === 'false') where.push('NOT c.archived');
  else if (f.archived === 'only') where.push('c.archived');
  where.push(f.draft ? 'c.draft' : 'NOT c.draft');
  where.push(counterStateCondition(f, p, project));
  if (f.priorities) where.push(`c.priority = ANY(${p.add(f.priorities)}::text[])`);
  return where;
}

/** A count row of the meta statement: (kind, key, n, raw, a, b). */
const metaCountRow = (kind: 'total' | 'group', key: string, n: string, raw: string, rest: string): string =>
  `SELECT '${kind}'::text, ${key}::text, ${n}::int, ${raw}::int, NULL::text, NULL::text ${rest}`;

/** Counting from the counters: the total (groupColumn null) or one row per group. */
function counterBranch(source: CountSource, scope: BaseScope, p: Params, kind: 'total' | 'group', groupColumn: string | null): string {
  if (source.from === 'scan') throw new Error('not a counter source');
  const where = counterConditions(scope, p, '$1');
  let table = 'work_item_counts';
  if (source.from === 'items') {
    if (source.noAssignee) where.push('c.no_assignee');
    if (source.noLabel) where.push('c.no_label');
  } else {
    table = 'work_item_member_counts';
    where.push(`c.kind = '${source.kind}'`);
    if (source.ids) where.push(`c.member_id = ANY(${p.add(source.ids)}::uuid[])`);
  }
  const key = groupColumn ? `c.${groupColumn}` : 'NULL';
  const rest = `FROM ${table} c WHERE ${where.join(' AND ')}${groupColumn ? ` GROUP BY c.${groupColumn}` : ''}`;
  return metaCountRow(kind, key, 'coalesce(sum(c.n), 0)', 'count(*)', rest);
}

// Page statements: one UNION ALL of count rows and item rows, (kind, key, n, ...ROW_COLUMNS).
const pageCountRow = (kind: 'total' | 'group', key: string, rest: string): string =>
  `SELECT '${kind}'::text, ${key}::text, count(*)::int, ${ROW_NULLS.join(', ')} ${rest}`;
const ITEM_COLUMNS = ROW_COLUMNS.map((c, index) => `${c} AS c${index}`).join(', ');

/** Counting the matching items themselves (index-backed: every such filter has an index to start from). */
function scanBranches(where: string[], groupBy: GroupBy | null): string[] {
  const w = where.join(' AND ');
  const total = pageCountRow('total', 'NULL', `FROM issues i WHERE ${w}`);
  if (!groupBy) return [total];
  if (groupBy === 'state') return [total, pageCountRow('group', 'i.state_id', `FROM issues i WHERE ${w} GROUP BY i.state_id`)];
  if (groupBy === 'priority') return [total, pageCountRow('group', 'i.priority', `FROM issues i WHERE ${w} GROUP BY i.priority`)];
  const [table, column] = groupBy === 'assignees' ? ['issue_assignees', 'assignee_id'] : ['issue_labels', 'label_id'];
  return [
    total,
    pageCountRow('group', `g.${column}`, `FROM issues i JOIN ${table} g ON g.issue_id = i.id WHERE ${w} GROUP BY g.${column}`),
    pageCountRow('group', 'NULL', `FROM issues i WHERE ${w} AND NOT EXISTS (SELECT 1 FROM ${table} g WHERE g.issue_id = i.id)`),
  ];
}

export interface Counts {
  total: number;
  groups: Map<string | null, number>;
}

// ── round trip 1: the meta statement ────────────────────────────────────────────────────────────

export interface ListMeta {
  states: ProjectStateRef[];
  /** A board's label / member columns (labels by their order, members by display name). */
  memberKeys: string[];
  /** From the counters, when they can answer this filter; null: counted with the page. */
  counts: Counts | null;
}

/** Counter rows read above which the project's deltas are compacted (see 0008). */
const COMPACT_ABOVE = 2_000;

export function metaStatement(scope: BaseScope, groupBy: GroupBy | null): Statement {
  const p = new Params();
  p.add(scope.projectId);
  const branches = [
    `(SELECT 'state'::text, s.id::text, NULL::int, NULL::int, s."group", s.is_triage::text FROM states s
       WHERE s.project_id = $1 AND s.deleted_at IS NULL ORDER BY s.sequence, s.name)`,
  ];
  if (groupBy === 'labels')
    branches.push(`(SELECT 'member', l.id::text, NULL, NULL, NULL, NULL FROM labels l
       WHERE l.project_id = $1 AND l.deleted_at IS NULL ORDER BY l.sort_order, l.name)`);
  if (groupBy === 'assignees')
    branches.push(`(SELECT 'member', pm.member_id::text, NULL, NULL, NULL, NULL FROM project_members pm JOIN users u ON u.id = pm.member_id
       WHERE pm.project_id = $1 AND pm.is_active ORDER BY lower(u.display_name), u.id)`);
  if (countersAnswer(scope, groupBy)) {
    const total = totalSource(scope);
    if (groupBy === 'assignees' || groupBy === 'labels') {
      const sources = memberGroupSources(scope, groupBy);
      if (sources)
        branches.push(counterBranch(sources.members, scope, p, 'group', 'member_id'), counterBranch(sources.none, scope, p, 'group', null));
    } else if (groupBy) branches.push(counterBranch(total, scope, p, 'group', groupBy === 'state' ? 'state_id' : 'priority'));
    branches.push(counterBranch(total, scope, p, 'total', null));
  }
  const sql = branches.join('\nUNION ALL\n');
  const name = nameOf(sql);
  return { sql, values: p.values, ...(name ? { name } : {}) };
}

export async function loadListMeta(db: Queryable, scope: BaseScope, groupBy: GroupBy | null): Promise<ListMeta> {
  const rows = await queryRawRows(db, metaStatement(scope, groupBy));
  const meta: ListMeta = { states: [], memberKeys: [], counts: null };
  const counts: Counts = { total: 0, groups: new Map() };
  let counted = false;
  let raw = 0;
  for (const r of rows) {
    const n = Number(r[2] ?? 0);
    raw += Number(r[3] ?? 0);
    switch (r[0]) {
      case 'state':
        meta.states.push({ id: r[1] ?? '', group: (r[4] ?? 'backlog') as StateGroup, is_triage: r[5] === 'true' });
        break;
      case 'member':
        meta.memberKeys.push(r[1] ?? '');
        break;
      case 'total':
        counted = true;
        counts.total = Math.max(0, n);
        break;
      case 'group':
        counts.groups.set(r[1] ?? null, (counts.groups.get(r[1] ?? null) ?? 0) + Math.max(0, n));
        break;
    }
  }
  if (counted) meta.counts = counts;
  if (raw > COMPACT_ABOVE) compactLater(db, scope.projectId);
  return meta;
}

/**
 * Folds a project's counter deltas into one row per key, under a transaction-scoped advisory lock
 * so that only one compactor works on a project at a time. Deltas appended meanwhile by other
 * transactions are not visible to the DELETE and stay as they are: nothing is lost or counted twice.
 */
export async function compactWorkItemCounts(db: Queryable, projectId: string): Promise<void> {
  await db.query(
    `WITH lock AS (SELECT pg_try_advisory_xact_lock(hashtextextended('work_item_counts:' || $1, 0)) AS ok),
          items AS (DELETE FROM work_item_counts c USING lock WHERE lock.ok AND c.project_id = $1::uuid RETURNING c.*),
          members AS (DELETE FROM work_item_member_counts c USING lock WHERE lock.ok AND c.project_id = $1::uuid RETURNING c.*),
          items_in AS (
            INSERT INTO work_item_counts (project_id, state_id, priority, archived, draft, no_assignee, no_label, n)
            SELECT project_id, state_id, priority, archived, draft, no_assignee, no_label, sum(n)
              FROM items GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(n) <> 0)
     INSERT INTO work_item_member_counts (project_id, kind, member_id, state_id, priority, archived, draft, n)
     SELECT project_id, kind, member_id, state_id, priority, archived, draft, sum(n)
       FROM members GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(n) <> 0`,
    [projectId],
  );
}

const compacting = new Set<string>();
function compactLater(db: Queryable, projectId: string): void {
  if (compacting.has(projectId)) return;
  compacting.add(projectId);
  // Off the request's path; a failure only means the next reader tries again.
  setImmediate(() => {
    compactWorkItemCounts(db, projectId)
      .catch(() => undefined)
      .finally(() => compacting.delete(projectId));
  });
}

/** The scope of the page: the meta's states resolve the state filter into ids. */
export function pageScope(scope: BaseScope, meta: ListMeta): ListScope {
  return { ...scope, stateScope: resolveStateScope(meta.states, scope.filters) };
}

// ── round trip 2: a page of the flat list ───────────────────────────────────────────────────────

export interface ListPageRequest {
  orderBy: OrderBy;
  perPage: number;
  cursor: Cursor | null;
}

export interface ListPage {
  rows: ListRow[];
  totalCount: number;
  nextCursor: string | null;
  prevCursor: string | null;
}

export function listStatement(scope: ListScope, request: ListPageRequest, meta: Pick<ListMeta, 'counts'>): Statement {
  const { orderBy, perPage, cursor } = request;
  const p = new Params();
  const where = whereConditions(scope, p);
  const preparable = p.values.length === 0;
  const pageWhere = cursor ? [...where, cursorCondition(cursor, p)] : where;
  const page = `(SELECT 'item', NULL, NULL, ${ITEM_COLUMNS} FROM issues i
  WHERE ${pageWhere.join(' AND ')} ORDER BY ${orderClause(orderBy, cursor?.direction === 'prev')} LIMIT ${Math.trunc(perPage) + 1})`;
  const sql = meta.counts ? page : `${scanBranches(where, null).join('\nUNION ALL\n')}\nUNION ALL\n${page}`;
  const name = preparable ? nameOf(sql) : undefined;
  return { sql, values: p.values, ...(name ? { name } : {}) };
}

interface PageResult {
  counts: Counts;
  items: ListRow[];
  /** Item rows by group key (boards). */
  byGroup: Map<string | null, ListRow[]>;
}

async function runPage(db: Queryable, statement: Statement, counts: Counts | null): Promise<PageResult> {
  const rows = await queryRawRows(db, statement);
  const result: PageResult = { counts: counts ?? { total: 0, groups: new Map() }, items: [], byGroup: new Map() };
  for (const r of rows) {
    const kind = r[0];
    if (kind === 'item') {
      const item = r.slice(3);
      result.items.push(item);
      const key = r[1] ?? null;
      const list = result.byGroup.get(key);
      if (list) list.push(item);
      else result.byGroup.set(key, [item]);
    } else if (kind === 'total') result.counts.total = Number(r[2] ?? 0);
    else if (kind === 'group') result.counts.groups.set(r[1] ?? null, (result.counts.groups.get(r[1] ?? null) ?? 0) + Number(r[2] ?? 0));
  }
  return result;
}

export async function listWorkItemsPage(db: Queryable, scope: ListScope, meta: ListMeta, request: ListPageRequest): Promise<ListPage> {
  const { orderBy, perPage, cursor } = request;
  const backwards = cursor?.direction === 'prev';
  const result = await runPage(db, listStatement(scope, request, meta), meta.counts);
  const more = result.items.length > perPage;
  const rows = result.items.slice(0, perPage);
  if (backwards) rows.reverse();
  const first = rows[0];
  const last = rows[rows.length - 1];
  // Walking forwards, there is a previous page whenever we came from a cursor; backwards, a next one.
  const hasNext = backwards ? true : more;
  const hasPrev = backwards ? more : cursor !== null;
  return {
    rows,
    totalCount: result.counts.total,
    nextCursor: hasNext && last ? cursorAt(orderBy, 'next', last) : null,
    prevCursor: hasPrev && first ? cursorAt(orderBy, 'prev', first) : null,
  };
}

// ── round trip 2 (and 3): a board ───────────────────────────────────────────────────────────────

export interface BoardRequest {
  groupBy: GroupBy;
  orderBy: OrderBy;
  perGroup: number;
}

export interface BoardGroup {
  key: string | null;
  count: number;
  rows: ListRow[];
  /** Continue this group with the flat list, filtered to the group, from this cursor. */
  nextCursor: string | null;
}

export interface Board {
  totalCount: number;
  groups: BoardGroup[];
}

/** A board's columns, in order: states by sequence, urgent → none, labels / members; null is "None". */
export function boardGroupKeys(scope: ListScope, groupBy: GroupBy, meta: ListMeta): (string | null)[] {
  const f = scope.filters;
  switch (groupBy) {
    case 'state': {
      const s = scope.stateScope;
      if (s.kind === 'not') return [...meta.states.filter((x) => !x.is_triage).map((x) => x.id), null];
      const allowed = new Set(s.ids);
      return [...meta.states.filter((x) => allowed.has(x.id)).map((x) => x.id), ...(s.orNull ? [null] : [])];
    }
    case 'priority':
      return PRIORITIES.filter((x) => !f.priorities || f.priorities.includes(x));
    case 'assignees':
    case 'labels': {
      const own = groupBy === 'assignees' ? f.assignees : f.labels;
      const wanted = own ? new Set(own.ids) : null;
      return [...meta.memberKeys.filter((id) => !wanted || wanted.has(id)), ...(!own || own.none ? [null] : [])];
    }
  }
}

/** The condition putting item `i` in the group whose key is `key` (a column or parameter), or in "None". */
function groupCondition(groupBy: GroupBy, key: string | null): string {
  switch (groupBy) {
    case 'state':
      return key === null ? 'i.state_id IS NULL' : `i.state_id = ${key}`;
    case 'priority':
      return `i.priority = ${key}`;
    case 'assignees':
      return key === null
        ? 'NOT EXISTS (SELECT 1 FROM issue_assignees gm WHERE gm.issue_id = i.id)'
        : `EXISTS (SELECT 1 FROM issue_assignees gm WHERE gm.issue_id = i.id AND gm.assignee_id = ${key})`;
    case 'labels':
      return key === null
        ? 'NOT EXISTS (SELECT 1 FROM issue_labels gm WHERE gm.issue_id = i.id)'
        : `EXISTS (SELECT 1 FROM issue_labels gm WHERE gm.issue_id = i.id AND gm.label_id = ${key})`;
  }
}

/**
 * The first items of every group, one branch per group with its key as a literal: the planner
 * sees how many items each key holds and reads a big group by walking the order index (it meets
 * its first N items soon) and a small one through its own index, then sorts — walking the order
 * index for a column of 3 items would read the whole project. Groups known to be empty are skipped.
 */
export function boardStatement(scope: ListScope, request: BoardRequest, keys: (string | null)[], counts: Counts | null): Statement {
  const { groupBy, orderBy, perGroup } = request;
  const p = new Params();
  const where = whereConditions(scope, p);
  const literal = (key: string): string => {
    if (groupBy !== 'priority') return uuidLiteral(key);
    if (!(PRIORITIES as readonly string[]).includes(key)) throw new Error('not a priority');
    return `'${key}'::text`;
  };
  const branches = keys
    .filter((key) => !counts || (counts.groups.get(key) ?? 0) > 0)
    .map(
      (key) => `(SELECT 'item', ${key === null ? 'NULL' : `'${key}'`}, NULL, ${ITEM_COLUMNS} FROM issues i
  WHERE ${[...where, groupCondition(groupBy, key === null ? null : literal(key))].join(' AND ')} ORDER BY ${orderClause(orderBy)} LIMIT ${Math.trunc(perGroup)})`,
    );
  if (!counts) branches.unshift(...scanBranches(where, groupBy));
  // Nothing to read (every group empty): a statement that returns no row.
  if (branches.length === 0) branches.push(`SELECT 'item', NULL, NULL, ${ROW_NULLS.join(', ')} WHERE false`);
  const sql = branches.join('\nUNION ALL\n');
  const name = p.values.length === 0 ? nameOf(sql) : undefined;
  return { sql, values: p.values, ...(name ? { name } : {}) };
}

export async function boardWorkItems(db: Queryable, scope: ListScope, meta: ListMeta, request: BoardRequest): Promise<Board> {
  const { groupBy, orderBy } = request;
  const keys = boardGroupKeys(scope, groupBy, meta);
  const result = await runPage(db, boardStatement(scope, request, keys, meta.counts), meta.counts);
  const counts = result.counts;
  return {
    totalCount: counts.total,
    groups: keys.map((key): BoardGroup => {
      const rows = result.byGroup.get(key) ?? [];
      const count = counts.groups.get(key) ?? 0;
      const last = rows[rows.length - 1];
      return { key, count, rows, nextCursor: count > rows.length && last ? cursorAt(orderBy, 'next', last) : null };
    }),
  };
}
