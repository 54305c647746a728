// Work-item search for one user in one workspace: the quick switcher's and Plane's v1
// `work-items/search/`. Only live items (not deleted, archived, drafts or intake items not yet
// triaged) of live projects the user is an active member of; guests without
// guest_view_all_features find only what they created.
//
// Order: an exact key (`WEB-123` → that item, and nothing else) or number (`123` → that number in
// each of the user's projects); then full-text hits ranked by ts_rank_cd (title words weigh more than
// description words, 0016_search.sql), whole words before matches of the last word as a prefix;
// then, when that leaves room, fuzzy hits: a typo or fragment of a common word ("dashbord") is read
// as that word, other text is compared with titles by trigram word similarity.
//
// Cost is bounded whatever the text: a stage ranks at most CANDIDATES (or PREFIX_CANDIDATES)
// matches. A common word matches tens of thousands of a million items; ranking them all would read
// every one from the heap. Past the cap the result is the best of the first matches found
// (Postgres' scan order), newest first among equal ranks — the price of an answer in milliseconds.
// How a prefix is looked up depends on how common it is (choosePrefixPlan, searchStats.ts).
// The key, number, scope and statistics lookups are named statements (one plan per connection).
// The text stages are not: the right plan depends on the words ("the": read the table until enough
// match; a rare word: the index), and Postgres gives a named statement one generic plan after five
// runs — a table read for a rare word is a million rows.
import type { Queryable } from './activityRepository.ts';
import { prefixFrequency, similarCommonWords, type WordStats, wordStats } from './searchStats.ts';
import { literal, parseSearchText, type SearchText } from './searchText.ts';

export const SEARCH_DEFAULT_LIMIT = 25;
export const SEARCH_MAX_LIMIT = 100;
/** How many matches a whole-word stage ranks at most. */
const CANDIDATES = 200;
/** …and a prefix or trigram stage (their hits rank after whole words anyway). */
const PREFIX_CANDIDATES = 100;
/** Below this many items an index never loses to reading the table. */
const MIN_ROWS_TO_SCAN = 20_000;

export interface SearchScope {
  workspaceId: string;
  userId: string;
  /** Only this project (it must still be one of the user's). */
  projectId?: string | null;
}

export interface SearchHit {
  id: string;
  name: string;
  sequence_id: number;
  project_id: string;
  project_identifier: string;
}

interface ScopeProject {
  id: string;
  identifier: string;
  sees_all: boolean;
}

// Intake items still pending (-2) or snoozed (0) are not work items yet; accepted, rejected and
// duplicate ones are, as in Plane's own issue manager and in Hangar's lists.
const LIVE = `i.deleted_at IS NULL AND i.archived_at IS NULL AND NOT i.is_draft
  AND NOT EXISTS (SELECT 1 FROM intake_issues ii WHERE ii.issue_id = i.id AND ii.status IN (-2, 0) AND ii.deleted_at IS NULL)`;
/** $1 projects where the user sees everything, $2 those where only their own items ($3 the user). */
const VISIBLE = '(i.project_id = ANY($1::uuid[]) OR (i.project_id = ANY($2::uuid[]) AND i.created_by = $3))';

/** The live projects of the workspace the user is an active member of (optionally just one). */
async function searchableProjects(db: Queryable, scope: SearchScope): Promise<ScopeProject[]> {
  const { rows } = await db.query<ScopeProject>({
    name: 'search_scope',
    text: `SELECT p.id, p.identifier, (pm.role >= 15 OR p.guest_view_all_features) AS sees_all
       FROM project_members pm JOIN projects p ON p.id = pm.project_id
      WHERE pm.member_id = $1 AND pm.is_active AND p.workspace_id = $2 AND p.deleted_at IS NULL AND p.archived_at IS NULL
        AND ($3::uuid IS NULL OR p.id = $3::uuid)
      ORDER BY p.identifier`,
    values: [scope.userId, scope.workspaceId, scope.projectId ?? null],
  });
  return rows;
}

type Row = Omit<SearchHit, 'project_identifier'>;

function visibility(projects: ScopeProject[], userId: string): [string[], string[], string] {
  return [projects.filter((p) => p.sees_all).map((p) => p.id), projects.filter((p) => !p.sees_all).map((p) => p.id), userId];
}

/** The item behind a human key, if it is one the user may see: one statement, no scope query first. */
async function byKey(db: Queryable, scope: SearchScope, key: { identifier: string; sequenceId: number }): Promise<SearchHit | null> {
  const { rows } = await db.query<SearchHit>({
    name: 'search_by_key',
    text: `SELECT i.id, i.name, i.sequence_id, i.project_id, p.identifier AS project_identifier
       FROM projects p
       JOIN project_members pm ON pm.project_id = p.id AND pm.member_id = $2 AND pm.is_active
       JOIN issues i ON i.project_id = p.id AND i.sequence_id = $4
      WHERE p.workspace_id = $1 AND p.identifier = $3 AND p.deleted_at IS NULL AND p.archived_at IS NULL
        AND ($5::uuid IS NULL OR p.id = $5::uuid)
        AND ${LIVE} AND (pm.role >= 15 OR p.guest_view_all_features OR i.created_by = $2)`,
    values: [scope.workspaceId, scope.userId, key.identifier, key.sequenceId, scope.projectId ?? null],
  });
  return rows[0] ?? null;
}

/** Items numbered `sequenceId` in the given projects. */
async function byNumber(db: Queryable, projects: ScopeProject[], userId: string, sequenceId: number): Promise<Row[]> {
  const { rows } = await db.query<Row>({
    name: 'search_by_number',
    text: `SELECT i.id, i.name, i.sequence_id, i.project_id FROM issues i
      WHERE i.project_id = ANY($4::uuid[]) AND i.sequence_id = $5 AND ${LIVE} AND ${VISIBLE}`,
    values: [...visibility(projects, userId), projects.map((p) => p.id), sequenceId],
  });
  return rows;
}

/**
 * How a full-text stage finds its candidates:
 * - `index`: the GIN index answers the whole query (the planner may still prefer reading rows);
 * - `filtered`: the index answers `indexed` (the whole words before a prefix) and each row is then
 *   checked against the query: "webhook ret" reads the items with "webhook" instead of gathering
 *   every item with a word starting "ret";
 * - `scan`: no index; rows are read in table order until enough have matched — for a query so
 *   common that this stops early.
 */
export type TextPlan = { form: 'index' } | { form: 'filtered'; indexed: string } | { form: 'scan' };

/** Full-text hits for `tsquery`, best first; at most `candidates` matches are ranked. */
async function byText(
  db: Queryable,
  projects: ScopeProject[],
  userId: string,
  search: { tsquery: string; plan: TextPlan; candidates: number },
  limit: number,
): Promise<Row[]> {
  const { plan } = search;
  // ts_match_vq is what @@ calls, but as a plain function call it is never an index condition.
  const match =
    plan.form === 'index'
      ? `i.search_vector @@ to_tsquery('simple', $4)`
      : `${plan.form === 'filtered' ? `i.search_vector @@ to_tsquery('simple', $7) AND ` : ''}ts_match_vq(i.search_vector, to_tsquery('simple', $4))`;
  // Unnamed on purpose, as is the trigram statement: planned for each text (see the header).
  const { rows } = await db.query<Row>({
    text: `SELECT c.id, c.name, c.sequence_id, c.project_id
       FROM (SELECT i.id, i.name, i.sequence_id, i.project_id, i.updated_at, i.search_vector
               FROM issues i
              WHERE ${match} AND ${LIVE} AND ${VISIBLE}
              LIMIT $6) c
      ORDER BY ts_rank_cd(c.search_vector, to_tsquery('simple', $4)) DESC, c.updated_at DESC, c.id
      LIMIT $5`,
    values: [
      ...visibility(projects, userId),
      search.tsquery,
      limit,
      search.candidates,
      ...(plan.form === 'filtered' ? [plan.indexed] : []),
    ],
  });
  return rows;
}

/**
 * The cheaper way to run a prefix query, from the statistics: reading rows in table order costs
 * about candidates / frequency rows, gathering the matches about frequency × rows at ~2× the cost
 * per row, so reading wins once frequency² > 2 × candidates / rows (above 4.5 % of 100k items, 1.4 % of 1M).
 */
export function choosePrefixPlan(stats: WordStats, query: SearchText): TextPlan {
  const { leading, last } = query.lexemes;
  let frequency = last ? prefixFrequency(stats, last) : 0;
  for (const word of leading) frequency *= stats.frequencies.get(word) ?? 0;
  if (stats.rows >= MIN_ROWS_TO_SCAN && frequency ** 2 > (2 * PREFIX_CANDIDATES) / stats.rows) return { form: 'scan' };
  return query.leading ? { form: 'filtered', indexed: query.leading } : { form: 'index' };
}

/** Titles containing something like `text` (pg_trgm word similarity over issues_name_trgm_idx). */
async function byTrigram(
  db: Queryable,
  projects: ScopeProject[],
  userId: string,
  text: string,
  skip: string[],
  limit: number,
): Promise<Row[]> {
  const { rows } = await db.query<Row>({
    text: `SELECT c.id, c.name, c.sequence_id, c.project_id
       FROM (SELECT i.id, i.name, i.sequence_id, i.project_id, i.updated_at
               FROM issues i
              WHERE $4 <% i.name AND ${LIVE} AND ${VISIBLE} AND NOT (i.id = ANY($5::uuid[]))
              LIMIT ${PREFIX_CANDIDATES}) c
      ORDER BY word_similarity($4, c.name) DESC, c.updated_at DESC, c.id
      LIMIT $6`,
    values: [...visibility(projects, userId), text, skip, limit],
  });
  return rows;
}

export function clampSearchLimit(limit: number | undefined, fallback = SEARCH_DEFAULT_LIMIT): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(SEARCH_MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

export async function searchWorkItems(
  db: Queryable,
  scope: SearchScope,
  input: string,
  limit = SEARCH_DEFAULT_LIMIT,
): Promise<SearchHit[]> {
  const query = parseSearchText(input);
  const max = clampSearchLimit(limit);
  if (!query.text) return [];
  if (query.key) {
    // A key names one item: when it is there, that is the whole answer.
    const found = await byKey(db, scope, query.key);
    if (found) return [found];
  }
  const projects = await searchableProjects(db, scope);
  if (projects.length === 0) return [];
  const identifiers = new Map(projects.map((p) => [p.id, p.identifier]));
  const hits: Row[] = [];
  const seen = new Set<string>();
  const add = (rows: Row[]): void => {
    for (const row of rows) {
      if (hits.length >= max || seen.has(row.id)) continue;
      seen.add(row.id);
      hits.push(row);
    }
  };
  const done = (): SearchHit[] => hits.map((h) => ({ ...h, project_identifier: identifiers.get(h.project_id) ?? '' }));

  if (query.sequenceId !== null) add(await byNumber(db, projects, scope.userId, query.sequenceId));
  // Whole words first; the prefix of the last word only when they leave room (see searchText.ts).
  if (query.words && hits.length < max) {
    add(await byText(db, projects, scope.userId, { tsquery: query.words, plan: { form: 'index' }, candidates: CANDIDATES }, max));
  }
  if (query.prefix && hits.length < max) {
    const plan = choosePrefixPlan(await wordStats(db, query.lexemes.leading, query.lexemes.last), query);
    add(await byText(db, projects, scope.userId, { tsquery: query.prefix, plan, candidates: PREFIX_CANDIDATES }, max));
  }
  if (hits.length < max) {
    // A typo or fragment of a common word means that word; only other text goes to the titles' trigrams.
    const single = query.lexemes.leading.length === 0 && query.text.length >= 3 ? query.text : null;
    const common = single ? await similarCommonWords(db, single) : [];
    if (common.length > 0) {
      const tsquery = common.map(literal).join(' | ');
      add(await byText(db, projects, scope.userId, { tsquery, plan: { form: 'index' }, candidates: CANDIDATES }, max));
    } else {
      add(await byTrigram(db, projects, scope.userId, query.text, [...seen], max - hits.length));
    }
  }
  return done();
}
