// Work-item lists for the UI: one page of a filtered, ordered list (keyset pagination), or a board
// (the first N items of every group) — each with its counts, in one statement. Counts come from
// the trigger-maintained counters of 0008 whenever the filter can be expressed on them, otherwise
// from an index-backed count of the matching items (see countPlan).
import type { Queryable } from './activityRepository.ts';
import {
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
  type WorkItemFilters,
  whereConditions,
} from './workItemListQuery.ts';
import { PRIORITIES } from './workItemsRepository.ts';

export interface ProjectStateRef {
  id: string;
  group: StateGroup;
  is_triage: boolean;
}

/** The project's live states in board order. */
export async function listProjectStates(db: Queryable, projectId: string): Promise<ProjectStateRef[]> {
  const { rows } = await db.query<ProjectStateRef>(
    'SELECT id, "group", is_triage FROM states WHERE project_id = $1 AND deleted_at IS NULL ORDER BY sequence, name',
    [projectId],
  );
  return rows;
}

/** Label ids (label order) or active member ids (by display name) of the project: a board's columns. */
export async function listMemberKeys(db: Queryable, projectId: string, kind: 'labels' | 'assignees'): Promise<string[]> {
  const text =
    kind === 'labels'
      ? 'SELECT id FROM labels WHERE project_id = $1 AND deleted_at IS NULL ORDER BY sort_order, name'
      : `SELECT pm.member_id AS id FROM project_members pm JOIN users u ON u.id = pm.member_id
          WHERE pm.project_id = $1 AND pm.is_active ORDER BY lower(u.display_name), u.id`;
  const { rows } = await db.query<{ id: string }>(text, [projectId]);
  return rows.map((r) => r.id);
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

function countersCanFilter(scope: ListScope): boolean {
  const f = scope.filters;
  return !scope.onlyCreatedBy && !f.createdBy && !f.startDate && !f.targetDate && f.parent === undefined && f.search === undefined;
}

/** The source of the total (and of state / priority group counts, which share the dimensions). */
function totalSource(scope: ListScope): CountSource {
  if (!countersCanFilter(scope)) return { from: 'scan' };
  const { assignees: a, labels: l } = scope.filters;
  if ((!a || onlyNone(a)) && (!l || onlyNone(l))) return { from: 'items', noAssignee: onlyNone(a), noLabel: onlyNone(l) };
  if (!l && singleId(a)) return { from: 'members', kind: 'a', ids: [singleId(a) as string] };
  if (!a && singleId(l)) return { from: 'members', kind: 'l', ids: [singleId(l) as string] };
  return { from: 'scan' };
}

/** For a board grouped by assignees / labels: per-member counts and the "None" column, or a scan. */
function memberGroupSources(scope: ListScope, groupBy: 'assignees' | 'labels'): { members: CountSource; none: CountSource } | null {
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

/** Conditions on a counters table `c` for the item-level filters (state, priority, archived, draft). */
function counterConditions(scope: ListScope, p: Params, project: string): string[] {
  const f = scope.filters;
  const where = [`c.project_id = ${project}`];
  if (f.archived === 'false') where.push('NOT c.archived');
  else if (f.archived === 'only') where.push('c.archived');
  where.push(f.draft ? 'c.draft' : 'NOT c.draft');
  const s = scope.stateScope;
  if (s.kind === 'not') {
    if (s.ids.length > 0) where.push(`(c.state_id IS NULL OR c.state_id <> ALL(${p.add(s.ids)}::uuid[]))`);
  } else where.push(`(c.state_id = ANY(${p.add(s.ids)}::uuid[])${s.orNull ? ' OR c.state_id IS NULL' : ''})`);
  if (f.priorities) where.push(`c.priority = ANY(${p.add(f.priorities)}::text[])`);
  return where;
}

// Every statement is one UNION ALL of count rows and item rows: (kind, key, n, raw, ...ROW_COLUMNS).
const countRow = (kind: 'total' | 'group', key: string, n: string, raw: string, rest: string): string =>
  `SELECT '${kind}'::text, ${key}::text, ${n}::int, ${raw}::int, ${ROW_NULLS.join(', ')} ${rest}`;
const ITEM_COLUMNS = ROW_COLUMNS.map((c, index) => `${c} AS c${index}`).join(', ');

/** Branches counting from the counters: the total (groupColumn null) or one row per group. */
function counterBranch(
  source: CountSource,
  scope: ListScope,
  p: Params,
  project: string,
  kind: 'total' | 'group',
  groupColumn: string | null,
): string {
  if (source.from === 'scan') throw new Error('not a counter source');
  const where = counterConditions(scope, p, project);
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
  return countRow(kind, key, 'coalesce(sum(c.n), 0)', 'count(*)', rest);
}

/** Branches counting the matching items themselves (index-backed: every filter has an index to start from). */
function scanBranch(where: string[], kind: 'total' | 'group', groupBy: GroupBy | null): string[] {
  const w = where.join(' AND ');
  if (kind === 'total' || !groupBy) return [countRow('total', 'NULL', 'count(*)', '0', `FROM issues i WHERE ${w}`)];
  if (groupBy === 'state') return [countRow('group', 'i.state_id', 'count(*)', '0', `FROM issues i WHERE ${w} GROUP BY i.state_id`)];
  if (groupBy === 'priority') return [countRow('group', 'i.priority', 'count(*)', '0', `FROM issues i WHERE ${w} GROUP BY i.priority`)];
  const [table, column] = groupBy === 'assignees' ? ['issue_assignees', 'assignee_id'] : ['issue_labels', 'label_id'];
  return [
    countRow('group', `g.${column}`, 'count(*)', '0', `FROM issues i JOIN ${table} g ON g.issue_id = i.id WHERE ${w} GROUP BY g.${column}`),
    countRow(
      'group',
      'NULL',
      'count(*)',
      '0',
      `FROM issues i WHERE ${w} AND NOT EXISTS (SELECT 1 FROM ${table} g WHERE g.issue_id = i.id)`,
    ),
  ];
}

// ── running a statement ─────────────────────────────────────────────────────────────────────────

/** Every value as the text Postgres sent: no Date or array parsing (the presenter writes JSON from text). */
const RAW_TEXT = { getTypeParser: () => (value: string) => value };

interface Result {
  total: number;
  groups: Map<string | null, number>;
  items: ListRow[];
  /** Item rows by group key (boards). */
  byGroup: Map<string | null, ListRow[]>;
}

/** Counter rows read above which the project's deltas are compacted (see 0008). */
const COMPACT_ABOVE = 2_000;

/** One statement (a UNION ALL of count rows and item rows: (kind, key, n, raw, ...ROW_COLUMNS)). */
export interface Statement {
  sql: string;
  values: unknown[];
}

/** Runs a list statement the way the repository does (raw text rows); the API benchmark's floor uses it too. */
export async function queryRawRows(db: Queryable, statement: Statement): Promise<(string | null)[][]> {
  const { rows } = await db.query<(string | null)[]>({ text: statement.sql, values: statement.values, rowMode: 'array', types: RAW_TEXT });
  return rows;
}

async function run(db: Queryable, scope: ListScope, statement: Statement): Promise<Result> {
  const rows = await queryRawRows(db, statement);
  const result: Result = { total: 0, groups: new Map(), items: [], byGroup: new Map() };
  let raw = 0;
  for (const r of rows) {
    const kind = r[0];
    if (kind === 'item') {
      const item = r.slice(4);
      result.items.push(item);
      const key = r[1] ?? null;
      const list = result.byGroup.get(key);
      if (list) list.push(item);
      else result.byGroup.set(key, [item]);
    } else {
      const n = Math.max(0, Number(r[2] ?? 0));
      raw += Number(r[3] ?? 0);
      if (kind === 'total') result.total = n;
      else result.groups.set(r[1] ?? null, (result.groups.get(r[1] ?? null) ?? 0) + n);
    }
  }
  if (raw > COMPACT_ABOVE) compactLater(db, scope.projectId);
  return result;
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

// ── a page of the flat list ─────────────────────────────────────────────────────────────────────

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

export function listStatement(scope: ListScope, request: ListPageRequest): Statement {
  const { orderBy, perPage, cursor } = request;
  const p = new Params();
  const where = whereConditions(scope, p); // $1 is the project id
  const source = totalSource(scope);
  const total =
    source.from === 'scan' ? (scanBranch(where, 'total', null)[0] as string) : counterBranch(source, scope, p, '$1', 'total', null);
  const pageWhere = cursor ? [...where, cursorCondition(cursor, p)] : where;
  const sql = `${total}
UNION ALL
(SELECT 'item', NULL, NULL, NULL, ${ITEM_COLUMNS} FROM issues i
  WHERE ${pageWhere.join(' AND ')} ORDER BY ${orderClause(orderBy, cursor?.direction === 'prev')} LIMIT ${Math.trunc(perPage) + 1})`;
  return { sql, values: p.values };
}

export async function listWorkItemsPage(db: Queryable, scope: ListScope, request: ListPageRequest): Promise<ListPage> {
  const { orderBy, perPage, cursor } = request;
  const backwards = cursor?.direction === 'prev';
  const result = await run(db, scope, listStatement(scope, request));
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
    totalCount: result.total,
    nextCursor: hasNext && last ? cursorAt(orderBy, 'next', last) : null,
    prevCursor: hasPrev && first ? cursorAt(orderBy, 'prev', first) : null,
  };
}

// ── a board: the first N items of every group ───────────────────────────────────────────────────

export interface BoardRequest {
  groupBy: GroupBy;
  orderBy: OrderBy;
  perGroup: number;
  /** The groups' keys in column order; null is the "None" group (no state / assignee / label). */
  keys: (string | null)[];
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

export function boardStatement(scope: ListScope, request: BoardRequest): Statement {
  const { groupBy, orderBy, perGroup, keys } = request;
  const p = new Params();
  const where = whereConditions(scope, p); // $1 is the project id
  const branches: string[] = [];

  const total = totalSource(scope);
  if (groupBy === 'state' || groupBy === 'priority') {
    const column = groupBy === 'state' ? 'state_id' : 'priority';
    if (total.from === 'scan') branches.push(...scanBranch(where, 'total', null), ...scanBranch(where, 'group', groupBy));
    else branches.push(counterBranch(total, scope, p, '$1', 'total', null), counterBranch(total, scope, p, '$1', 'group', column));
  } else {
    const sources = memberGroupSources(scope, groupBy);
    if (!sources) branches.push(...scanBranch(where, 'group', groupBy));
    else {
      branches.push(counterBranch(sources.members, scope, p, '$1', 'group', 'member_id'));
      branches.push(counterBranch(sources.none, scope, p, '$1', 'group', null));
    }
    if (total.from === 'scan') branches.push(...scanBranch(where, 'total', null));
    else branches.push(counterBranch(total, scope, p, '$1', 'total', null));
  }

  // One LATERAL walk per group, in the order of the keys; the "None" group on its own.
  const limit = `ORDER BY ${orderClause(orderBy)} LIMIT ${Math.trunc(perGroup)}`;
  const named = keys.filter((k): k is string => k !== null);
  if (named.length > 0) {
    const keyType = groupBy === 'priority' ? 'text' : 'uuid';
    branches.push(`SELECT 'item', g.key::text, NULL, NULL, p.* FROM unnest(${p.add(named)}::${keyType}[]) WITH ORDINALITY AS g(key, ord)
  CROSS JOIN LATERAL (SELECT ${ITEM_COLUMNS} FROM issues i WHERE ${[...where, groupCondition(groupBy, 'g.key')].join(' AND ')} ${limit}) p`);
  }
  if (keys.includes(null)) {
    branches.push(
      `(SELECT 'item', NULL, NULL, NULL, ${ITEM_COLUMNS} FROM issues i WHERE ${[...where, groupCondition(groupBy, null)].join(' AND ')} ${limit})`,
    );
  }
  return { sql: branches.join('\nUNION ALL\n'), values: p.values };
}

export async function boardWorkItems(db: Queryable, scope: ListScope, request: BoardRequest): Promise<Board> {
  const { orderBy, keys } = request;
  const result = await run(db, scope, boardStatement(scope, request));
  return {
    totalCount: result.total,
    groups: keys.map((key): BoardGroup => {
      const rows = result.byGroup.get(key) ?? [];
      const count = result.groups.get(key) ?? 0;
      const last = rows[rows.length - 1];
      return { key, count, rows, nextCursor: count > rows.length && last ? cursorAt(orderBy, 'next', last) : null };
    }),
  };
}

/** A board's columns, in order: states by sequence, urgent → none, labels / members; null is "None". */
export async function boardGroupKeys(
  db: Queryable,
  scope: ListScope,
  groupBy: GroupBy,
  states: readonly { id: string; is_triage: boolean }[],
): Promise<(string | null)[]> {
  const f = scope.filters;
  switch (groupBy) {
    case 'state': {
      const s = scope.stateScope;
      if (s.kind === 'not') return [...states.filter((x) => !x.is_triage).map((x) => x.id), null];
      const allowed = new Set(s.ids);
      return [...states.filter((x) => allowed.has(x.id)).map((x) => x.id), ...(s.orNull ? [null] : [])];
    }
    case 'priority':
      return PRIORITIES.filter((x) => !f.priorities || f.priorities.includes(x));
    case 'assignees':
    case 'labels': {
      const own = groupBy === 'assignees' ? f.assignees : f.labels;
      const all = await listMemberKeys(db, scope.projectId, groupBy);
      const wanted = own ? new Set(own.ids) : null;
      return [...all.filter((id) => !wanted || wanted.has(id)), ...(!own || own.none ? [null] : [])];
    }
  }
}
