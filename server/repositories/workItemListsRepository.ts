// Work-item lists for the UI: one page of a filtered, ordered list (keyset pagination), or a board
// (the first N items of every group), with their counts, usually in ONE round trip.
//
// Building the SQL needs the project's states (the state filter and the board's columns are written
// as their ids). They are kept per project in this process, and every statement also returns a
// fingerprint of the states it ran against: if a state was added, renamed, regrouped or deleted
// meanwhile, the answer is thrown away and the statement is rebuilt from fresh states. A board by
// labels or assignees (its columns change with labels and members) and a cold cache take a first
// round trip, the "meta" statement: states, fingerprint, columns and the counters' counts.
//
// Counts come from the trigger-maintained counters of 0008 whenever the filter can be expressed on
// them, otherwise from an index-backed count of the matching items in the same statement.
//
// Plans. Planning a page costs Postgres about as much as running it, so statements are prepared
// (planned once per connection) whenever one plan is right for every execution: when everything a
// plan depends on — the project, its state ids, priorities, a board's group keys — is written into
// the SQL as checked literals (uuids read from the database or validated, enum words) and the only
// parameters left are a cursor's position. Filters with free values (assignees, labels, creators,
// dates, parent, text) stay parameters and are planned afresh for their values, so that a rare
// assignee is read through its index instead of walking the whole order.
import { createHash } from 'node:crypto';
import { type RawParam, rawQuery } from '../db/rawQuery.ts';
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
  prioritiesLiteral,
  priorityOrderCondition,
  projectLiteral,
  ROW,
  ROW_COLUMNS,
  ROW_NULLS,
  type StateGroup,
  type StateScope,
  uuidLiteral,
  uuidsLiteral,
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

// ── statements ──────────────────────────────────────────────────────────────────────────────────

export interface Statement {
  sql: string;
  values: RawParam[];
  /** A prepared statement's name: planned once per connection (see the top of this file). */
  name?: string;
}

/** Every value as the text Postgres sent (rawQuery.ts): the presenter writes JSON from text. */
export async function queryRawRows(db: Queryable, statement: Statement): Promise<(string | null)[][]> {
  return rawQuery(db, statement.name ? { name: statement.name, text: statement.sql } : { text: statement.sql }, statement.values);
}

/**
 * Every connection keeps each prepared statement (and its plan) until it closes, and these carry
 * their project's ids: past this many distinct names, new shapes run unnamed.
 */
const MAX_NAMED = 200;
const named = new Set<string>();
function prepared(sql: string, values: RawParam[], preparable: boolean): Statement {
  if (!preparable) return { sql, values };
  const name = `wil_${createHash('sha1').update(sql).digest('base64url').slice(0, 24)}`;
  if (!named.has(name)) {
    if (named.size >= MAX_NAMED) return { sql, values };
    named.add(name);
  }
  return { sql, values, name };
}

// Every statement is one UNION ALL of rows (kind, key, n, raw, a, b, ...ROW_COLUMNS):
//   state  key = id, a = group, b = is_triage   member  key = id (a board's column, in order)
//   fp     key = the states' fingerprint          total / group  n = count, raw = counter rows read,
//                                                                 a = their table ('i' items, 'm' members)
//   item   key = the group key (boards), then the item's columns
const HEAD = 6;
const ROW_TAIL = ROW_NULLS.join(', ');
const ITEM_COLUMNS = ROW_COLUMNS.map((c, index) => `${c} AS c${index}`).join(', ');
/** A board card needs fewer columns (see presentListRows.ts), plus the timestamp its order's cursor reads. */
const BOARD_SKIPS: readonly number[] = [ROW.completedAt, ROW.archivedAt, ROW.isDraft, ROW.parentId, ROW.createdBy];
const boardColumns = (orderBy: OrderBy): string =>
  ROW_COLUMNS.map((c, index) => {
    const unused =
      BOARD_SKIPS.includes(index) ||
      (index === ROW.createdAt && !orderBy.endsWith('created_at')) ||
      (index === ROW.updatedAt && !orderBy.endsWith('updated_at'));
    return `${unused ? ROW_NULLS[index] : c} AS c${index}`;
  }).join(', ');
const row = (kind: string, key: string, n: string, raw: string, a = 'NULL', b = 'NULL'): string =>
  `SELECT '${kind}'::text, ${key}::text, ${n}::int, ${raw}::int, ${a}::text, ${b}::text, ${ROW_TAIL}`;

/** A digest of everything the SQL takes from the project's states: ids, groups, triage, order. */
const fingerprintExpr = (project: string): string =>
  `(SELECT md5(coalesce(string_agg(s.id::text || s."group" || s.is_triage::text || s.sequence::text || s.name, ',' ORDER BY s.id), ''))
      FROM states s WHERE s.project_id = ${project} AND s.deleted_at IS NULL)`;

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
  // parent=none ("no sub-items") is a counter dimension; one parent's sub-items are few: counted.
  return (
    !scope.onlyCreatedBy &&
    !f.createdBy &&
    !f.startDate &&
    !f.targetDate &&
    (f.parent === undefined || f.parent === null) &&
    f.search === undefined
  );
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
  if (totalSource(scope).from === 'scan') return false;
  return !(groupBy === 'assignees' || groupBy === 'labels') || memberGroupSources(scope, groupBy) !== null;
}

/**
 * The state filter on a counters table `c`: from the resolved state ids when the states are known,
 * else written against `states` (the counters are small: any plan will do), meaning the same.
 */
function counterStateCondition(scope: BaseScope, stateScope: StateScope | null, p: Params, project: string): string {
  if (stateScope) {
    if (stateScope.kind === 'not')
      return stateScope.ids.length > 0 ? `(c.state_id IS NULL OR c.state_id <> ALL(${uuidsLiteral(stateScope.ids)}))` : 'true';
    return `(c.state_id = ANY(${uuidsLiteral(stateScope.ids)})${stateScope.orNull ? ' OR c.state_id IS NULL' : ''})`;
  }
  const f = scope.filters;
  const live = `SELECT s.id FROM states s WHERE s.project_id = ${project} AND s.deleted_at IS NULL`;
  if (!f.states && !f.stateGroups) return `(c.state_id IS NULL OR c.state_id NOT IN (${live} AND s.is_triage))`;
  let inner = live;
  if (f.states) inner += ` AND s.id = ANY(${p.add(f.states.ids)}::uuid[])`;
  if (f.stateGroups) inner += ` AND s."group" = ANY(${p.add(f.stateGroups)}::text[])`;
  const orNull = f.states?.none === true && !f.stateGroups;
  return `(c.state_id IN (${inner})${orNull ? ' OR c.state_id IS NULL' : ''})`;
}

/** Counting from the counters: the total (groupColumn null) or one row per group. */
function counterBranch(
  source: CountSource,
  scope: BaseScope,
  stateScope: StateScope | null,
  p: Params,
  kind: 'total' | 'group',
  groupColumn: string | null,
): string {
  if (source.from === 'scan') throw new Error('not a counter source');
  const f = scope.filters;
  const project = projectLiteral(scope.projectId);
  const where = [`c.project_id = ${project}`, f.draft ? 'c.draft' : 'NOT c.draft', counterStateCondition(scope, stateScope, p, project)];
  if (f.archived === 'false') where.push('NOT c.archived');
  else if (f.archived === 'only') where.push('c.archived');
  if (f.priorities) where.push(`c.priority = ANY(${prioritiesLiteral(f.priorities)})`);
  if (f.parent === null) where.push('c.top_level');
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
  const rest = ` FROM ${table} c WHERE ${where.join(' AND ')}${groupColumn ? ` GROUP BY c.${groupColumn}` : ''}`;
  return row(kind, key, 'coalesce(sum(c.n), 0)', 'count(*)', source.from === 'items' ? "'i'" : "'m'") + rest;
}

/** Every count the request needs, from the counters. */
function counterBranches(scope: BaseScope, stateScope: StateScope | null, groupBy: GroupBy | null, p: Params): string[] {
  const total = totalSource(scope);
  const branches = [counterBranch(total, scope, stateScope, p, 'total', null)];
  if (groupBy === 'assignees' || groupBy === 'labels') {
    const sources = memberGroupSources(scope, groupBy);
    if (sources)
      branches.push(
        counterBranch(sources.members, scope, stateScope, p, 'group', 'member_id'),
        counterBranch(sources.none, scope, stateScope, p, 'group', null),
      );
  } else if (groupBy) branches.push(counterBranch(total, scope, stateScope, p, 'group', groupBy === 'state' ? 'state_id' : 'priority'));
  return branches;
}

/** Counting the matching items themselves (index-backed: every such filter has an index to start from). */
function scanBranches(where: string[], groupBy: GroupBy | null): string[] {
  const w = where.join(' AND ');
  const count = (kind: 'total' | 'group', key: string, rest: string): string => `${row(kind, key, 'count(*)', '0')} ${rest}`;
  const total = count('total', 'NULL', `FROM issues i WHERE ${w}`);
  if (!groupBy) return [total];
  if (groupBy === 'state') return [total, count('group', 'i.state_id', `FROM issues i WHERE ${w} GROUP BY i.state_id`)];
  if (groupBy === 'priority') return [total, count('group', 'i.priority', `FROM issues i WHERE ${w} GROUP BY i.priority`)];
  const [table, column] = groupBy === 'assignees' ? ['issue_assignees', 'assignee_id'] : ['issue_labels', 'label_id'];
  return [
    total,
    count('group', `g.${column}`, `FROM issues i JOIN ${table} g ON g.issue_id = i.id WHERE ${w} GROUP BY g.${column}`),
    count('group', 'NULL', `FROM issues i WHERE ${w} AND NOT EXISTS (SELECT 1 FROM ${table} g WHERE g.issue_id = i.id)`),
  ];
}

// ── the requests ────────────────────────────────────────────────────────────────────────────────

export interface ListPageRequest {
  orderBy: OrderBy;
  perPage: number;
  cursor: Cursor | null;
}

export interface BoardRequest {
  groupBy: GroupBy;
  orderBy: OrderBy;
  perGroup: number;
}

export type ListingRequest = ({ kind: 'list' } & ListPageRequest) | ({ kind: 'board' } & BoardRequest);

const groupByOf = (request: ListingRequest): GroupBy | null => (request.kind === 'board' ? request.groupBy : null);

/** The condition putting item `i` in the group whose key literal is `key`, or in "None". */
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

/** A board's columns, in order: states by sequence, urgent → none, labels / members; null is "None". */
export function boardGroupKeys(
  scope: ListScope,
  groupBy: GroupBy,
  states: readonly ProjectStateRef[],
  memberKeys: readonly string[],
): (string | null)[] {
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
      const wanted = own ? new Set(own.ids) : null;
      return [...memberKeys.filter((id) => !wanted || wanted.has(id)), ...(!own || own.none ? [null] : [])];
    }
  }
}

/**
 * The item rows. A list: one page past the cursor (one row more, to know whether more follow). A
 * board: one branch per group with its key as a literal, so the planner sees how many items each
 * key holds and reads a big group by walking the order index (it meets its first N items soon) and
 * a small one through its own index, then sorts; walking the order index for a column of 3 items
 * would read the whole project. Groups known to be empty are skipped.
 */
function itemBranches(
  filters: WorkItemFilters,
  request: ListingRequest,
  where: string[],
  keys: (string | null)[],
  counts: Counts | null,
  p: Params,
): string[] {
  const head = (key: string): string =>
    `SELECT 'item', ${key}::text, NULL, NULL, NULL, NULL, ${request.kind === 'list' ? ITEM_COLUMNS : boardColumns(request.orderBy)} FROM issues i`;
  if (request.kind === 'list') {
    const { orderBy, perPage, cursor } = request;
    const pageWhere = [...where, ...priorityOrderCondition(filters, orderBy), ...(cursor ? [cursorCondition(cursor, p)] : [])];
    return [
      `(${head('NULL')} WHERE ${pageWhere.join(' AND ')} ORDER BY ${orderClause(orderBy, cursor?.direction === 'prev')} LIMIT ${Math.trunc(perPage) + 1})`,
    ];
  }
  const { groupBy, orderBy, perGroup } = request;
  const literal = (key: string): string => {
    if (groupBy !== 'priority') return uuidLiteral(key);
    if (!(PRIORITIES as readonly string[]).includes(key)) throw new Error('not a priority');
    return `'${key}'::text`;
  };
  return keys
    .filter((key) => !counts || (counts.groups.get(key) ?? 0) > 0)
    .map((key) => {
      const lit = key === null ? null : literal(key);
      const conditions = [...where, ...priorityOrderCondition(filters, orderBy), groupCondition(groupBy, lit)];
      return `(${head(lit ?? 'NULL')} WHERE ${conditions.join(' AND ')} ORDER BY ${orderClause(orderBy)} LIMIT ${Math.trunc(perGroup)})`;
    });
}

/** The statement that answers the request from known states: fingerprint, counts, items. */
export function listingStatement(
  scope: ListScope,
  request: ListingRequest,
  keys: (string | null)[],
  options: { counts?: Counts | null; fingerprint?: boolean } = {},
): Statement {
  const p = new Params();
  const where = whereConditions(scope, p);
  const groupBy = groupByOf(request);
  const branches: string[] = [];
  if (options.fingerprint) branches.push(row('fp', fingerprintExpr(projectLiteral(scope.projectId)), 'NULL', 'NULL'));
  // Counts: already known (from the meta statement), or from the counters, or counted here.
  if (options.counts === undefined)
    branches.push(
      ...(countersAnswer(scope, groupBy) ? counterBranches(scope, scope.stateScope, groupBy, p) : scanBranches(where, groupBy)),
    );
  else if (options.counts === null) branches.push(...scanBranches(where, groupBy));
  // Parameters so far hold filter values; a cursor's position (added next) does not change a plan.
  const preparable = p.values.length === 0;
  branches.push(...itemBranches(scope.filters, request, where, keys, options.counts ?? null, p));
  return prepared(branches.join('\nUNION ALL\n'), p.values, preparable);
}

/** The meta statement: states, their fingerprint, a board's label / member columns, the counters' counts. */
export function metaStatement(scope: BaseScope, groupBy: GroupBy | null): Statement {
  const p = new Params();
  const project = projectLiteral(scope.projectId);
  const branches = [
    `(SELECT 'state'::text, s.id::text, NULL::int, NULL::int, s."group", s.is_triage::text, ${ROW_TAIL} FROM states s
       WHERE s.project_id = ${project} AND s.deleted_at IS NULL ORDER BY s.sequence, s.name)`,
    row('fp', fingerprintExpr(project), 'NULL', 'NULL'),
  ];
  if (groupBy === 'labels')
    branches.push(`(SELECT 'member', l.id::text, NULL, NULL, NULL, NULL, ${ROW_TAIL} FROM labels l
       WHERE l.project_id = ${project} AND l.deleted_at IS NULL ORDER BY l.sort_order, l.name)`);
  if (groupBy === 'assignees')
    branches.push(`(SELECT 'member', pm.member_id::text, NULL, NULL, NULL, NULL, ${ROW_TAIL} FROM project_members pm JOIN users u ON u.id = pm.member_id
       WHERE pm.project_id = ${project} AND pm.is_active ORDER BY lower(u.display_name), u.id)`);
  if (countersAnswer(scope, groupBy)) branches.push(...counterBranches(scope, null, groupBy, p));
  // The counters are small: whatever the filter's values, one plan suits them.
  return prepared(branches.join('\nUNION ALL\n'), p.values, true);
}

// ── running ─────────────────────────────────────────────────────────────────────────────────────

export interface Counts {
  total: number;
  groups: Map<string | null, number>;
}

interface Answer {
  states: ProjectStateRef[];
  fingerprint: string | null;
  memberKeys: string[];
  counts: Counts | null;
  items: ListRow[];
  /** Item rows by group key (boards). */
  byGroup: Map<string | null, ListRow[]>;
}

/**
 * When to fold a project's counter deltas (see 0008): when a read meets more counter rows than twice
 * what the last compaction left (plus some slack). Until this process has compacted a project once,
 * that is after a few dozen rows, so the first reader after a bulk import folds its deltas.
 */
const compactedRows = new Map<string, { items: number; members: number }>();
function needsCompaction(projectId: string, items: number, members: number): boolean {
  const base = compactedRows.get(projectId) ?? { items: 0, members: 0 };
  return items > 2 * base.items + 64 || members > 2 * base.members + 256;
}

async function run(db: Queryable, projectId: string, statement: Statement): Promise<Answer> {
  const rows = await queryRawRows(db, statement);
  const answer: Answer = { states: [], fingerprint: null, memberKeys: [], counts: null, items: [], byGroup: new Map() };
  const raw = { items: 0, members: 0 };
  const counted = (r: (string | null)[]): void => {
    if (r[4] === 'm') raw.members += Number(r[3] ?? 0);
    else raw.items += Number(r[3] ?? 0);
  };
  const counts = (): Counts => {
    answer.counts ??= { total: 0, groups: new Map() };
    return answer.counts;
  };
  for (const r of rows) {
    const key = r[1] ?? null;
    switch (r[0]) {
      case 'item': {
        const item = r.slice(HEAD);
        answer.items.push(item);
        const list = answer.byGroup.get(key);
        if (list) list.push(item);
        else answer.byGroup.set(key, [item]);
        break;
      }
      case 'state':
        answer.states.push({ id: key ?? '', group: (r[4] ?? 'backlog') as StateGroup, is_triage: r[5] === 'true' });
        break;
      case 'member':
        answer.memberKeys.push(key ?? '');
        break;
      case 'fp':
        answer.fingerprint = key;
        break;
      case 'total':
        counts().total = Math.max(0, Number(r[2] ?? 0));
        counted(r);
        break;
      case 'group':
        counts().groups.set(key, (counts().groups.get(key) ?? 0) + Math.max(0, Number(r[2] ?? 0)));
        counted(r);
        break;
    }
  }
  if (needsCompaction(projectId, raw.items, raw.members)) compactLater(db, projectId);
  return answer;
}

/** The project's live states in board order (as the meta statement reads them). */
export async function loadProjectStates(db: Queryable, base: BaseScope): Promise<ProjectStateRef[]> {
  return (await run(db, base.projectId, metaStatement(base, null))).states;
}

interface StatesSnapshot {
  states: ProjectStateRef[];
  fingerprint: string;
}
/** The states of recently listed projects (see the top of this file); insertion-ordered, bounded. */
const statesCache = new Map<string, StatesSnapshot>();
const STATES_CACHE_SIZE = 500;
function remember(projectId: string, snapshot: StatesSnapshot): void {
  statesCache.delete(projectId);
  statesCache.set(projectId, snapshot);
  if (statesCache.size > STATES_CACHE_SIZE) statesCache.delete(statesCache.keys().next().value as string);
}

interface Listing {
  scope: ListScope;
  keys: (string | null)[];
  answer: Answer;
}

async function answerListing(db: Queryable, base: BaseScope, request: ListingRequest): Promise<Listing> {
  const groupBy = groupByOf(request);
  const cached = groupBy === 'assignees' || groupBy === 'labels' ? undefined : statesCache.get(base.projectId);
  if (cached) {
    const scope: ListScope = { ...base, stateScope: resolveStateScope(cached.states, base.filters) };
    const keys = groupBy ? boardGroupKeys(scope, groupBy, cached.states, []) : [];
    const answer = await run(db, base.projectId, listingStatement(scope, request, keys, { fingerprint: true }));
    if (answer.fingerprint === cached.fingerprint) return { scope, keys, answer };
    statesCache.delete(base.projectId);
  }
  const meta = await run(db, base.projectId, metaStatement(base, groupBy));
  if (meta.fingerprint !== null) remember(base.projectId, { states: meta.states, fingerprint: meta.fingerprint });
  const scope: ListScope = { ...base, stateScope: resolveStateScope(meta.states, base.filters) };
  const keys = groupBy ? boardGroupKeys(scope, groupBy, meta.states, meta.memberKeys) : [];
  const answer = await run(db, base.projectId, listingStatement(scope, request, keys, { counts: meta.counts }));
  answer.counts ??= meta.counts;
  return { scope, keys, answer };
}

// ── the flat list and the board ─────────────────────────────────────────────────────────────────

export interface ListPage {
  rows: ListRow[];
  totalCount: number;
  nextCursor: string | null;
  prevCursor: string | null;
}

export async function listWorkItemsPage(db: Queryable, base: BaseScope, request: ListPageRequest): Promise<ListPage> {
  const { orderBy, perPage, cursor } = request;
  const { answer } = await answerListing(db, base, { kind: 'list', ...request });
  const backwards = cursor?.direction === 'prev';
  const more = answer.items.length > perPage;
  const rows = answer.items.slice(0, perPage);
  if (backwards) rows.reverse();
  const first = rows[0];
  const last = rows[rows.length - 1];
  // Walking forwards, there is a previous page whenever we came from a cursor; backwards, a next one.
  const hasNext = backwards ? true : more;
  const hasPrev = backwards ? more : cursor !== null;
  return {
    rows,
    totalCount: answer.counts?.total ?? 0,
    nextCursor: hasNext && last ? cursorAt(orderBy, 'next', last) : null,
    prevCursor: hasPrev && first ? cursorAt(orderBy, 'prev', first) : null,
  };
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

export async function boardWorkItems(db: Queryable, base: BaseScope, request: BoardRequest): Promise<Board> {
  const { keys, answer } = await answerListing(db, base, { kind: 'board', ...request });
  const counts = answer.counts ?? { total: 0, groups: new Map() };
  return {
    totalCount: counts.total,
    groups: keys.map((key): BoardGroup => {
      const rows = answer.byGroup.get(key) ?? [];
      const count = counts.groups.get(key) ?? 0;
      const last = rows[rows.length - 1];
      return { key, count, rows, nextCursor: count > rows.length && last ? cursorAt(request.orderBy, 'next', last) : null };
    }),
  };
}

// ── counter maintenance ─────────────────────────────────────────────────────────────────────────

/**
 * Folds a project's counter deltas into one row per key, under a transaction-scoped advisory lock
 * so that only one compactor works on a project at a time. Deltas appended meanwhile by other
 * transactions are not visible to the DELETE and stay as they are: nothing is lost or counted twice.
 */
export async function compactWorkItemCounts(db: Queryable, projectId: string): Promise<{ items: number; members: number } | null> {
  const { rows } = await db.query<{ ok: boolean; items: number; members: number }>(
    `WITH lock AS (SELECT pg_try_advisory_xact_lock(hashtextextended('work_item_counts:' || $1, 0)) AS ok),
          items AS (DELETE FROM work_item_counts c USING lock WHERE lock.ok AND c.project_id = $1::uuid RETURNING c.*),
          members AS (DELETE FROM work_item_member_counts c USING lock WHERE lock.ok AND c.project_id = $1::uuid RETURNING c.*),
          items_in AS (
            INSERT INTO work_item_counts (project_id, state_id, priority, archived, draft, top_level, no_assignee, no_label, n)
            SELECT project_id, state_id, priority, archived, draft, top_level, no_assignee, no_label, sum(n)
              FROM items GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(n) <> 0
            RETURNING 1),
          members_in AS (
            INSERT INTO work_item_member_counts (project_id, kind, member_id, state_id, priority, archived, draft, top_level, n)
            SELECT project_id, kind, member_id, state_id, priority, archived, draft, top_level, sum(n)
              FROM members GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(n) <> 0
            RETURNING 1)
     SELECT (SELECT ok FROM lock) AS ok, (SELECT count(*) FROM items_in)::int AS items, (SELECT count(*) FROM members_in)::int AS members`,
    [projectId],
  );
  const row = rows[0];
  if (!row?.ok) return null;
  const left = { items: row.items, members: row.members };
  compactedRows.set(projectId, left);
  if (compactedRows.size > 1_000) compactedRows.delete(compactedRows.keys().next().value as string);
  return left;
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
