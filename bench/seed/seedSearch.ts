// Seeds one workspace for the search benchmark (W5): five projects (the searching user is a member
// of four; the fifth belongs to someone else, so scoping has something to exclude) and N work items
// generated inside Postgres with generate_series and word lists — fast enough for a million rows.
//
// Titles: a verb, one or two product nouns and often a context, drawn with a skewed (Zipf-like)
// distribution so some words are very common and others rare; one title in eight carries a
// "customer code" made of three syllables (27,000 of them, each in a handful of items: the rare words).
// Descriptions: 10–60 words, skewed, over a few hundred everyday and technical words. About 1 %
// deleted, 3 % archived, 1 % drafts (which search must skip). Items go round-robin into the projects;
// KEY-n numbers are dense per project and project_issue_sequences is moved past them.
//
// growTo(n) adds items up to n in total, so one database can be measured at 100k and then at 1M.
import { hashPassword } from '../../server/auth/passwords.ts';
import { createProject } from '../../server/commands/projectCreator.ts';
import type { Pool } from '../../server/db/pool.ts';

export const VERBS = (
  'Fix|Add|Remove|Refactor|Document|Investigate|Speed up|Polish|Migrate|Test|Improve|Update|Support|' +
  'Handle|Rewrite|Validate|Cache|Log|Deprecate|Split|Merge|Redesign|Localize|Secure|Monitor|Debug|' +
  'Clean up|Expose|Hide|Retry'
).split('|');
export const NOUNS = (
  'login|dashboard|export|import|search|notifications|settings|sidebar|onboarding|billing|invoice|' +
  'checkout|profile|avatar|upload|attachments|comments|labels|filters|calendar|timeline|board|kanban|' +
  'cycle|module|webhook|api|token|session|password|email|digest|report|chart|analytics|permissions|' +
  'roles|members|invitations|workspace|project|sprint|backlog|estimate|priority|assignee|mentions|' +
  'editor|markdown|table|toolbar|shortcut|theme|dark mode|layout|modal|tooltip|dropdown|datepicker|' +
  'pagination|scroll|drag and drop|sync|offline mode|backup|restore|migration|schema|index|query|cache|' +
  'queue|worker|cron|scheduler|rate limit|throttling|logging|metrics|tracing|alerts|csv|pdf|json|xml|' +
  'graphql|oauth|sso|saml|ldap|audit log|history|activity feed|reactions|subscribers|relations|' +
  'sub-issues|parent|archive|trash|drafts|intake|triage|pages|wiki|stickies|views|favorites|recent|' +
  'inbox|desktop app|mobile app|installer|updater|tray icon|window|printing|clipboard|' +
  'keyboard navigation|screen reader|contrast|translations|timezone|currency|locale|fonts|icons|emoji|' +
  'images|video|audio'
).split('|');
export const CONTEXTS = (
  'on Safari|on Firefox|on Windows|on macOS|on Linux|for guests|for admins|in the mobile layout|' +
  'after sign-out|after upgrade|with many items|in archived projects|for new members|on slow networks|' +
  'when offline|during import|under load|in dark mode|with long names|in Japanese|with RTL text|' +
  'behind a proxy|on first run|after restore'
).split('|');
export const WORDS = (
  'the a to and of in is it for on that this with when we should not be but from after user users page ' +
  'button click clicking error fails failed works expected actual steps reproduce behaviour broken ' +
  'crash crashes slow fast timeout request response server client browser network database screen ' +
  'shows showing missing wrong value values field fields form list item items open close save saved ' +
  'saving load loading loaded empty state status message warning again sometimes always never only ' +
  'also still now then before because while customer reported support ticket regression release ' +
  'version build deploy staging production config option default setting enable disable toggle flag ' +
  'feature design mockup spec review feedback approve approved blocked blocker depends performance ' +
  'memory cpu latency throughput benchmark profile profiling leak spike retry retries backoff queue ' +
  'job jobs worker timer interval date time zone format parse parser encoding unicode utf8 emoji font ' +
  'render rendering layout css html svg canvas animation transition hover focus keyboard mouse touch ' +
  'scroll scrolling resize window dialog popup menu sidebar header footer title description comment ' +
  'comments label labels assignee owner team member guest admin permission access denied allowed token ' +
  'session cookie login logout password reset email invite notification digest webhook payload ' +
  'signature export import csv file files upload download attachment image preview thumbnail size ' +
  'limit quota search filter sort order group count total number sequence id key link url api endpoint ' +
  'docs documentation example test tests flaky coverage ci pipeline migration schema index query cache ' +
  'invalidate stale refresh sync conflict merge offline online mobile desktop tablet android ios ' +
  'windows macos linux safari firefox chrome edge proxy firewall certificate https dns port backup ' +
  'restore'
).split(' ');
const SYLLABLES = (
  'ka zor vin mel tra qu lio pex dra sun bel rok fi nam gor tal ve xan plo hu tri mos cel dun ar bix ' + 'sol wen yo zed'
).split(' ');

/** The i-th rare "customer code" (three syllables): 27,000 distinct words. */
export function rareWord(i: number): string {
  const n = SYLLABLES.length;
  return `${SYLLABLES[Math.floor(i / (n * n)) % n]}${SYLLABLES[Math.floor(i / n) % n]}${SYLLABLES[i % n]}`;
}

const RARE_WORDS = Array.from({ length: SYLLABLES.length ** 3 }, (_, i) => rareWord(i));

const GIN_INDEXES = ['issues_search_idx', 'issues_name_trgm_idx'];

export const PROJECT_KEYS = ['WEB', 'API', 'MOB', 'OPS', 'SEC'] as const;

export interface SearchSeed {
  workspaceId: string;
  workspaceSlug: string;
  /** The searching user: member of the first four projects, not of the fifth. */
  userId: string;
  projects: { id: string; identifier: string; member: boolean }[];
  items: number;
}

const sqlArray = (xs: readonly string[]): string => `ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]::text[]`;

/** The workspace an earlier run seeded in this database (to grow it further), or null. */
export async function findSearchWorkspace(db: Pool): Promise<SearchSeed | null> {
  const ws = await db.query<{ id: string; owner_id: string }>(`SELECT id, owner_id FROM workspaces WHERE slug = 'search-bench'`);
  const row = ws.rows[0];
  if (!row) return null;
  const projects = await db.query<{ id: string; identifier: string; member: boolean }>(
    `SELECT p.id, p.identifier, EXISTS (SELECT 1 FROM project_members m WHERE m.project_id = p.id AND m.member_id = $2) AS member
       FROM projects p WHERE p.workspace_id = $1 ORDER BY array_position($3::text[], p.identifier)`,
    [row.id, row.owner_id, PROJECT_KEYS],
  );
  const count = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM issues WHERE workspace_id = $1', [row.id]);
  return {
    workspaceId: row.id,
    workspaceSlug: 'search-bench',
    userId: row.owner_id,
    projects: projects.rows,
    items: count.rows[0]?.n ?? 0,
  };
}

export async function createSearchWorkspace(db: Pool): Promise<SearchSeed> {
  const hash = await hashPassword('bench-search-password');
  const users = await db.query<{ id: string }>(
    `INSERT INTO users (email, password_hash, first_name, last_name, display_name)
     VALUES ('search-bench@example.com', $1, 'Search', 'Bench', 'searcher'), ('search-other@example.com', $1, 'Other', 'Owner', 'other')
     RETURNING id`,
    [hash],
  );
  const [userId, otherId] = users.rows.map((r) => r.id) as [string, string];
  const ws = await db.query<{ id: string }>(
    `INSERT INTO workspaces (name, slug, owner_id, created_by, updated_by) VALUES ('Search bench', 'search-bench', $1, $1, $1) RETURNING id`,
    [userId],
  );
  const workspaceId = ws.rows[0]?.id ?? '';
  await db.query('INSERT INTO workspace_members (workspace_id, member_id, role) VALUES ($1, $2, 20), ($1, $3, 15)', [
    workspaceId,
    userId,
    otherId,
  ]);
  const projects: SearchSeed['projects'] = [];
  for (const [i, identifier] of PROJECT_KEYS.entries()) {
    const member = i < PROJECT_KEYS.length - 1;
    const project = await createProject(db, {
      workspaceId,
      actorId: member ? userId : otherId,
      data: { name: `Search ${identifier}`, identifier },
    });
    projects.push({ id: project.id, identifier, member });
  }
  return { workspaceId, workspaceSlug: 'search-bench', userId, projects, items: 0 };
}

/**
 * Adds generated work items until the workspace holds `total`, in statements of `batch` rows. Item g
 * (1-based, workspace-wide) goes to project g mod 5 with KEY number ceil(g / 5).
 */
export async function growTo(db: Pool, seed: SearchSeed, total: number, log: (line: string) => void = () => undefined): Promise<void> {
  const batch = 50_000;
  const projectIds = seed.projects.map((p) => p.id);
  const states = await db.query<{ project_id: string; id: string }>(
    'SELECT project_id, id FROM states WHERE project_id = ANY($1::uuid[]) AND "default" AND deleted_at IS NULL',
    [projectIds],
  );
  const stateIds = projectIds.map((id) => states.rows.find((s) => s.project_id === id)?.id ?? null);
  const client = await db.connect();
  // A big load builds the two GIN indexes once at the end (same definitions) instead of row by row.
  const rebuild =
    total - seed.items > 200_000
      ? (
          await client.query<{ name: string; def: string }>(
            `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'issues' AND indexname = ANY($1)`,
            [GIN_INDEXES],
          )
        ).rows
      : [];
  try {
    for (const index of rebuild) await client.query(`DROP INDEX ${index.name}`);
    // One session, one seed: the same database every run (no parallel workers; rows in order).
    await client.query('SELECT setseed(0.42)');
    for (let from = seed.items + 1; from <= total; from += batch) {
      const to = Math.min(total, from + batch - 1);
      await client.query(
        `WITH g AS (
         SELECT g, ($3::uuid[])[1 + g % 5] AS project_id, ($7::uuid[])[1 + g % 5] AS state_id, (g + 4) / 5 AS seq
           FROM generate_series($1::int, $2::int) AS g
       ), t AS (
         SELECT g.g, g.project_id, g.state_id, g.seq,
                verbs[1 + floor(random() * cardinality(verbs))::int] || ' '
                  || nouns[1 + floor(power(random(), 2) * cardinality(nouns))::int]
                  || CASE WHEN random() < 0.3 THEN ' ' || nouns[1 + floor(power(random(), 1.5) * cardinality(nouns))::int] ELSE '' END
                  || CASE WHEN random() < 0.125 THEN ' for ' || rare[1 + floor(random() * cardinality(rare))::int] ELSE '' END
                  || CASE WHEN random() < 0.6 THEN ' ' || contexts[1 + floor(random() * cardinality(contexts))::int] ELSE '' END AS name,
                (SELECT string_agg(w, ' ') FROM (
                   SELECT words[1 + floor(power(random(), 2.5) * cardinality(words))::int] AS w
                     FROM generate_series(1, 10 + (random() * 50)::int + 0 * g.g)) AS ws) AS body,
                random() AS r
           FROM g,
                (SELECT ${sqlArray(VERBS)} AS verbs, ${sqlArray(NOUNS)} AS nouns, ${sqlArray(CONTEXTS)} AS contexts,
                        ${sqlArray(WORDS)} AS words, $4::text[] AS rare) AS lists
       )
       INSERT INTO issues (workspace_id, project_id, sequence_id, name, description_html, description_stripped, priority, state_id,
                           sort_order, archived_at, is_draft, deleted_at, created_by, updated_by, created_at, updated_at)
       SELECT $5, t.project_id, t.seq, t.name, '<p>' || t.body || '</p>', t.body,
              (ARRAY['none', 'low', 'medium', 'high', 'urgent'])[1 + t.g % 5],
              t.state_id,
              t.seq * 1000, CASE WHEN t.r < 0.03 THEN now() END, t.r >= 0.03 AND t.r < 0.04,
              CASE WHEN t.r >= 0.04 AND t.r < 0.05 THEN now() END, $6, $6,
              now() - (($2 - t.g) * interval '1 minute'), now() - (($2 - t.g) * interval '1 minute')
         FROM t`,
        [from, to, projectIds, RARE_WORDS, seed.workspaceId, seed.userId, stateIds],
      );
      log(`seeded ${to} / ${total} work items`);
    }
    await client.query(`SET maintenance_work_mem = '256MB'`);
    for (const index of rebuild) {
      log(`building ${index.name}`);
      await client.query(index.def);
    }
  } finally {
    client.release();
  }
  await db.query(
    `UPDATE project_issue_sequences s SET last_sequence = m.seq
       FROM (SELECT project_id, max(sequence_id) AS seq FROM issues WHERE project_id = ANY($1::uuid[]) GROUP BY 1) m
      WHERE s.project_id = m.project_id`,
    [projectIds],
  );
  seed.items = total;
}
