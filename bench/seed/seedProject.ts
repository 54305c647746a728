// Seeds one workspace with a project of N work items (default 50,000) through the real schema: 15
// members, Plane's default states, 20 labels, assignees, labels, dates, comments, a few archived
// items and drafts. Rows go in as multi-row INSERT … SELECT FROM unnest(…) batches; KEY-123 numbers
// are reserved from project_issue_sequences exactly as single creates take them, and the counter
// triggers of 0008 run as they would for any write. Deterministic (seeded PRNG).
//
// As a script: node bench/seed/seedProject.ts --database-url postgres://… [--items 50000]
//          or: node bench/seed/seedProject.ts --data-dir <appliance data dir> [--items 50000]
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { hashPassword } from '../../server/auth/passwords.ts';
import { createProject } from '../../server/commands/projectCreator.ts';
import { createPool, inTransaction, type Pool } from '../../server/db/pool.ts';

export interface SeedOptions {
  items?: number;
  members?: number;
  labels?: number;
  /** Emails are `<prefix>+<n>@example.com`; the first member is the workspace owner. */
  emailPrefix?: string;
  slug?: string;
  identifier?: string;
  password?: string;
  seed?: number;
  batchSize?: number;
  log?: (line: string) => void;
}

export interface SeededProject {
  workspaceId: string;
  workspaceSlug: string;
  projectId: string;
  identifier: string;
  owner: { id: string; email: string; password: string };
  memberIds: string[];
  states: { id: string; name: string; group: string }[];
  labelIds: string[];
  items: number;
  comments: number;
  seconds: number;
}

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VERBS = ['Fix', 'Add', 'Remove', 'Refactor', 'Document', 'Investigate', 'Speed up', 'Polish', 'Migrate', 'Test'];
const THINGS = [
  'login redirect',
  'board drag and drop',
  'label picker',
  'CSV export',
  'email digest',
  'search ranking',
  'cycle burndown',
  'sidebar',
  'webhook retries',
  'avatar upload',
  'date picker',
  'keyboard shortcuts',
  'dark mode',
  'API rate limit',
  'activity feed',
];
const WHERE = [
  'on Safari',
  'for guests',
  'in the mobile layout',
  'after sign-out',
  'with 1k items',
  'in archived projects',
  'for new members',
  'on slow networks',
  '',
  '',
];
const LABEL_NAMES = [
  'bug',
  'feature',
  'improvement',
  'docs',
  'design',
  'frontend',
  'backend',
  'api',
  'performance',
  'security',
  'ux',
  'infra',
  'mobile',
  'desktop',
  'research',
  'tech-debt',
  'customer',
  'regression',
  'good first issue',
  'blocked',
];
const COLORS = ['#EF4444', '#F59E0B', '#10B981', '#3B82F6', '#8B5CF6', '#EC4899', '#14B8A6', '#F97316'];

function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)] as T;
}

/** Picks from weighted choices: [[value, weight], …]. */
function weighted<T>(rand: () => number, choices: readonly (readonly [T, number])[]): T {
  const total = choices.reduce((a, [, w]) => a + w, 0);
  let x = rand() * total;
  for (const [value, w] of choices) {
    x -= w;
    if (x < 0) return value;
  }
  return (choices[choices.length - 1] as readonly [T, number])[0];
}

const DAY = 86_400_000;
const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export async function seedProject(db: Pool, options: SeedOptions = {}): Promise<SeededProject> {
  const began = performance.now();
  const items = options.items ?? 50_000;
  const memberCount = options.members ?? 15;
  const labelCount = Math.min(options.labels ?? 20, LABEL_NAMES.length);
  const batchSize = options.batchSize ?? 2_000;
  const rand = prng(options.seed ?? 42);
  const tag = randomUUID().slice(0, 8);
  const emailPrefix = options.emailPrefix ?? `bench-${tag}`;
  const slug = options.slug ?? `bench-${tag}`;
  const identifier = options.identifier ?? 'BENCH';
  const password = options.password ?? `bench-${randomUUID()}`;
  const log = options.log ?? (() => undefined);

  // People: one real password hash, shared (hashing is deliberately slow).
  const hash = await hashPassword(password);
  const emails = Array.from({ length: memberCount }, (_, i) => `${emailPrefix}+${i}@example.com`.toLowerCase());
  const users = await db.query<{ id: string; email: string }>(
    `INSERT INTO users (email, password_hash, first_name, last_name, display_name)
     SELECT e, $2, 'Member', n::text, 'member' || n FROM unnest($1::text[]) WITH ORDINALITY AS t(e, n)
     RETURNING id, email`,
    [emails, hash],
  );
  const byEmail = new Map(users.rows.map((r) => [r.email, r.id]));
  const memberIds = emails.map((e) => byEmail.get(e) ?? '');
  const ownerId = memberIds[0] ?? '';

  const ws = await db.query<{ id: string }>(
    'INSERT INTO workspaces (name, slug, owner_id, created_by, updated_by) VALUES ($1, $2, $3, $3, $3) RETURNING id',
    [`Bench ${tag}`, slug, ownerId],
  );
  const workspaceId = ws.rows[0]?.id ?? '';
  await db.query(
    `INSERT INTO workspace_members (workspace_id, member_id, role)
     SELECT $1, m, CASE WHEN m = $3 THEN 20 ELSE 15 END FROM unnest($2::uuid[]) AS m`,
    [workspaceId, memberIds, ownerId],
  );
  const project = await createProject(db, { workspaceId, actorId: ownerId, data: { name: `Bench ${tag}`, identifier } });
  await db.query(
    `INSERT INTO project_members (workspace_id, project_id, member_id, role, created_by, updated_by)
     SELECT $1, $2, m, 15, $3, $3 FROM unnest($4::uuid[]) AS m ON CONFLICT (project_id, member_id) DO NOTHING`,
    [workspaceId, project.id, ownerId, memberIds],
  );
  const states = (
    await db.query<{ id: string; name: string; group: string }>(
      'SELECT id, name, "group" FROM states WHERE project_id = $1 AND deleted_at IS NULL ORDER BY sequence',
      [project.id],
    )
  ).rows;
  const labels = await db.query<{ id: string }>(
    `INSERT INTO labels (workspace_id, project_id, name, color, sort_order, created_by, updated_by)
     SELECT $1, $2, name, ($4::text[])[1 + (n::int % cardinality($4::text[]))], n * 10000, $5, $5
       FROM unnest($3::text[]) WITH ORDINALITY AS t(name, n)
     RETURNING id`,
    [workspaceId, project.id, LABEL_NAMES.slice(0, labelCount), COLORS, ownerId],
  );
  const labelIds = labels.rows.map((r) => r.id);

  const stateOf = (group: string): string => states.find((s) => s.group === group)?.id ?? '';
  const stateChoices = [
    [stateOf('backlog'), 20],
    [stateOf('unstarted'), 20],
    [stateOf('started'), 15],
    [stateOf('completed'), 35],
    [stateOf('cancelled'), 10],
  ] as const;
  const doneStates = new Set([stateOf('completed'), stateOf('cancelled')]);
  const priorities = [
    ['none', 30],
    ['low', 20],
    ['medium', 25],
    ['high', 15],
    ['urgent', 10],
  ] as const;

  // Items are created over the last two years, in sequence order.
  const now = Date.now();
  const span = 730 * DAY;
  let comments = 0;
  for (let offset = 0; offset < items; offset += batchSize) {
    const n = Math.min(batchSize, items - offset);
    const cols = {
      id: [] as string[],
      seq: [] as number[],
      name: [] as string[],
      html: [] as string[],
      priority: [] as string[],
      state: [] as string[],
      start: [] as (string | null)[],
      target: [] as (string | null)[],
      sort: [] as number[],
      completed: [] as (string | null)[],
      archived: [] as (string | null)[],
      draft: [] as boolean[],
      creator: [] as string[],
      created: [] as string[],
      updated: [] as string[],
      // The lists' copies of the item's assignees and labels (0017), filled in here as a bulk import
      // would: the triggers then find them right and leave the rows alone.
      assigneeList: [] as string[],
      labelList: [] as string[],
    };
    const assignIssue: string[] = [];
    const assignUser: string[] = [];
    const labelIssue: string[] = [];
    const labelId: string[] = [];
    const commentIssue: string[] = [];
    const commentActor: string[] = [];
    const commentHtml: string[] = [];
    const commentAt: string[] = [];

    await inTransaction(db, async (tx) => {
      const reserved = await tx.query<{ last_sequence: number }>(
        'UPDATE project_issue_sequences SET last_sequence = last_sequence + $2 WHERE project_id = $1 RETURNING last_sequence',
        [project.id, n],
      );
      const first = (reserved.rows[0]?.last_sequence ?? n) - n + 1;
      for (let k = 0; k < n; k += 1) {
        const seq = first + k;
        const id = randomUUID();
        const created = now - span + ((offset + k) / items) * span + rand() * 60_000;
        const updated = Math.min(now, created + rand() * 30 * DAY);
        const state = weighted(rand, stateChoices);
        const where = pick(rand, WHERE);
        cols.id.push(id);
        cols.seq.push(seq);
        cols.name.push(`${pick(rand, VERBS)} ${pick(rand, THINGS)}${where ? ` ${where}` : ''}`);
        cols.html.push(`<p>Seeded work item ${seq}: steps to reproduce, expected and actual behaviour.</p>`);
        cols.priority.push(weighted(rand, priorities));
        cols.state.push(state);
        const hasStart = rand() < 0.3;
        const hasTarget = rand() < 0.45;
        const start = created + rand() * 20 * DAY;
        cols.start.push(hasStart ? isoDate(start) : null);
        cols.target.push(hasTarget ? isoDate((hasStart ? start : created) + (1 + rand() * 40) * DAY) : null);
        // Manual order: roughly sequence order with some shuffling, as people drag cards around.
        cols.sort.push(Math.round((seq + (rand() - 0.5) * 50) * 1000) / 10);
        cols.completed.push(doneStates.has(state) ? new Date(updated).toISOString() : null);
        cols.archived.push(doneStates.has(state) && rand() < 0.05 ? new Date(updated).toISOString() : null);
        cols.draft.push(rand() < 0.01);
        cols.creator.push(pick(rand, memberIds));
        cols.created.push(new Date(created).toISOString());
        cols.updated.push(new Date(updated).toISOString());

        const assignees = weighted(rand, [
          [0, 15],
          [1, 60],
          [2, 25],
        ] as const);
        const who = new Set<string>();
        while (who.size < assignees) who.add(pick(rand, memberIds));
        cols.assigneeList.push(`{${[...who].sort().join(',')}}`);
        for (const u of who) {
          assignIssue.push(id);
          assignUser.push(u);
        }
        const labelN = weighted(rand, [
          [0, 20],
          [1, 50],
          [2, 25],
          [3, 5],
        ] as const);
        const what = new Set<string>();
        while (what.size < labelN) what.add(pick(rand, labelIds));
        cols.labelList.push(`{${[...what].sort().join(',')}}`);
        for (const l of what) {
          labelIssue.push(id);
          labelId.push(l);
        }
        if (rand() < 0.25) {
          const count = 1 + Math.floor(rand() * 3);
          for (let c = 0; c < count; c += 1) {
            commentIssue.push(id);
            commentActor.push(pick(rand, memberIds));
            commentHtml.push(`<p>Comment ${c + 1} on ${identifier}-${seq}: looks good, one more case to check.</p>`);
            commentAt.push(new Date(Math.min(now, created + (c + 1) * rand() * 5 * DAY)).toISOString());
          }
        }
      }
      await tx.query(
        `INSERT INTO issues (id, workspace_id, project_id, sequence_id, name, description_html, description_stripped, priority,
                             state_id, start_date, target_date, sort_order, completed_at, archived_at, is_draft,
                             created_by, updated_by, created_at, updated_at, list_assignee_ids, list_label_ids)
         SELECT id, $1, $2, seq, name, html, regexp_replace(html, '<[^>]*>', '', 'g'), priority,
                state, start_d, target_d, sort, completed, archived, draft, creator, creator, created, updated, al::uuid[], ll::uuid[]
           FROM unnest($3::uuid[], $4::int[], $5::text[], $6::text[], $7::text[], $8::uuid[], $9::date[], $10::date[],
                       $11::float8[], $12::timestamptz[], $13::timestamptz[], $14::bool[], $15::uuid[], $16::timestamptz[], $17::timestamptz[],
                       $18::text[], $19::text[])
             AS t(id, seq, name, html, priority, state, start_d, target_d, sort, completed, archived, draft, creator, created, updated, al, ll)`,
        [
          workspaceId,
          project.id,
          cols.id,
          cols.seq,
          cols.name,
          cols.html,
          cols.priority,
          cols.state,
          cols.start,
          cols.target,
          cols.sort,
          cols.completed,
          cols.archived,
          cols.draft,
          cols.creator,
          cols.created,
          cols.updated,
          cols.assigneeList,
          cols.labelList,
        ],
      );
      await tx.query(
        `INSERT INTO issue_assignees (issue_id, assignee_id, project_id, workspace_id, created_by)
         SELECT i, u, $1, $2, $3 FROM unnest($4::uuid[], $5::uuid[]) AS t(i, u)`,
        [project.id, workspaceId, ownerId, assignIssue, assignUser],
      );
      await tx.query(
        `INSERT INTO issue_labels (issue_id, label_id, project_id, workspace_id, created_by)
         SELECT i, l, $1, $2, $3 FROM unnest($4::uuid[], $5::uuid[]) AS t(i, l)`,
        [project.id, workspaceId, ownerId, labelIssue, labelId],
      );
      await tx.query(
        `INSERT INTO issue_comments (issue_id, project_id, workspace_id, actor_id, comment_html, comment_stripped, created_by, updated_by, created_at, updated_at)
         SELECT i, $1, $2, a, h, regexp_replace(h, '<[^>]*>', '', 'g'), a, a, t, t FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::timestamptz[]) AS x(i, a, h, t)`,
        [project.id, workspaceId, commentIssue, commentActor, commentHtml, commentAt],
      );
    });
    comments += commentIssue.length;
    if ((offset / batchSize) % 5 === 4 || offset + n >= items) log(`seeded ${offset + n} / ${items} work items`);
  }
  // Fresh statistics and visibility map, as autovacuum would leave them after a while.
  for (const table of ['issues', 'issue_assignees', 'issue_labels', 'issue_comments', 'work_item_counts', 'work_item_member_counts']) {
    await db.query(`VACUUM (ANALYZE) ${table}`);
  }
  return {
    workspaceId,
    workspaceSlug: slug,
    projectId: project.id,
    identifier,
    owner: { id: ownerId, email: emails[0] ?? '', password },
    memberIds,
    states,
    labelIds,
    items,
    comments,
    seconds: (performance.now() - began) / 1000,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
      items: { type: 'string', default: '50000' },
    },
  });
  const run = async (url: string): Promise<void> => {
    const db = createPool(url, 2);
    try {
      const seeded = await seedProject(db, { items: Number(values.items), log: (l) => process.stdout.write(`${l}\n`) });
      process.stdout.write(
        `${JSON.stringify({ ...seeded, states: seeded.states.length, labelIds: seeded.labelIds.length, memberIds: seeded.memberIds.length }, null, 2)}\n`,
      );
    } finally {
      await db.end();
    }
  };
  if (values['database-url']) await run(values['database-url']);
  else if (values['data-dir']) {
    const { withDatabase } = await import('../../app/cli/withDatabase.ts');
    await withDatabase(values['data-dir'], run);
  } else throw new Error('Pass --database-url or --data-dir.');
}

if (import.meta.main) {
  await main();
}
