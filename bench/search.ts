// W5 (QUALITY.md): work-item search at 100k and 1M items. Seeds one workspace (bench/seed/seedSearch.ts)
// in a throwaway embedded Postgres (the appliance's binaries and settings), ANALYZEs, then times
// searchWorkItems — the repository function both search routes call, top 25, over one pooled
// connection as a route would use it (statements prepared on first use) — for a fixed set of
// realistic queries: common, rare and partial words, several words, typos (trigram fallback), a bare
// number; and KEY-123 lookups. Queries run in interleaved rounds so the machine's other load spreads
// evenly over them. Writes bench/results/search.json and prints a one-line summary.
//
// BENCH_SEARCH_SIZES=100000,1000000 (default), BENCH_SEARCH_ROUNDS=40, BENCH_DATABASE_URL=… reuses
// (and grows) a database seeded by an earlier run instead of starting a fresh Postgres.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createPool, type Pool } from '../server/db/pool.ts';
import { type SearchScope, searchWorkItems } from '../server/repositories/searchRepository.ts';
import { repoRoot } from '../tests/helpers/appliance.ts';
import { startTestPostgres, type TestPostgres } from '../tests/helpers/testPostgres.ts';
import { createSearchWorkspace, findSearchWorkspace, growTo, rareWord, type SearchSeed } from './seed/seedSearch.ts';

const SIZES = (process.env.BENCH_SEARCH_SIZES ?? '100000,1000000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_SEARCH_ROUNDS ?? 40);
const LIMIT = 25;

const log = (line: string): void => {
  process.stderr.write(`[bench:search] ${line}\n`);
};
const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

function stats(samples: number[]): { n: number; p50_ms: number; p95_ms: number; p99_ms: number; max_ms: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50_ms: round(percentile(sorted, 50)),
    p95_ms: round(percentile(sorted, 95)),
    p99_ms: round(percentile(sorted, 99)),
    max_ms: round(sorted[sorted.length - 1] ?? Number.NaN),
  };
}

/** What people type into a search box, by kind. */
const QUERIES: Array<{ kind: string; text: string }> = [
  { kind: 'common word', text: 'login' },
  { kind: 'common word', text: 'dashboard' },
  { kind: 'common word', text: 'fix' },
  { kind: 'common description word', text: 'error' },
  { kind: 'very common word', text: 'the' },
  { kind: 'rare word', text: rareWord(4242) },
  { kind: 'rare word', text: rareWord(17) },
  { kind: 'rare word', text: 'certificate' },
  { kind: 'partial word', text: 'dashb' },
  { kind: 'partial word', text: 'notif' },
  { kind: 'partial word', text: 'migr' },
  { kind: 'multi-word', text: 'export csv' },
  { kind: 'multi-word', text: 'login on safari' },
  { kind: 'multi-word', text: 'dark mode sidebar' },
  { kind: 'multi-word', text: 'crash after upgrade' },
  { kind: 'multi-word, partial last', text: 'webhook ret' },
  { kind: 'typo (trigram)', text: 'dashbord' },
  { kind: 'typo (trigram)', text: 'notifcations' },
  { kind: 'fragment (trigram)', text: 'ashboar' },
  { kind: 'number', text: '1234' },
];

interface SizeResult {
  items: number;
  seed_seconds: number;
  load_avg_1m: number;
  search: ReturnType<typeof stats>;
  lookup: ReturnType<typeof stats>;
  per_query: Array<{ kind: string; text: string; hits: number } & ReturnType<typeof stats>>;
}

async function measure(db: Pool, seed: SearchSeed): Promise<Omit<SizeResult, 'seed_seconds'>> {
  const scope: SearchScope = { workspaceId: seed.workspaceId, userId: seed.userId };
  // Keys of searchable items spread over the user's projects (a deleted or archived one finds nothing).
  const live = await db.query<{ key: string }>(
    `SELECT p.identifier || '-' || i.sequence_id AS key FROM issues i JOIN projects p ON p.id = i.project_id
      WHERE p.id = ANY($1::uuid[]) AND i.sequence_id % 97 = 0 AND i.deleted_at IS NULL AND i.archived_at IS NULL AND NOT i.is_draft`,
    [seed.projects.filter((p) => p.member).map((p) => p.id)],
  );
  const keys = live.rows.map((r) => r.key);
  // Warm-up: prepares the statements on the connection and brings the indexes into memory.
  for (let i = 0; i < 3; i += 1) for (const q of QUERIES) await searchWorkItems(db, scope, q.text, LIMIT);
  const samples = QUERIES.map(() => [] as number[]);
  const hits = QUERIES.map(() => 0);
  const lookups: number[] = [];
  let n = 0;
  for (let r = 0; r < ROUNDS; r += 1) {
    for (const [k, q] of QUERIES.entries()) {
      const t0 = performance.now();
      const found = await searchWorkItems(db, scope, q.text, LIMIT);
      samples[k]?.push(performance.now() - t0);
      hits[k] = found.length;
    }
    for (let j = 0; j < QUERIES.length; j += 1) {
      // A different existing item each time (lower-case now and then, as people type it).
      n += 1;
      const key = keys[(n * 7919) % keys.length] ?? '';
      const t0 = performance.now();
      const found = await searchWorkItems(db, scope, n % 3 ? key : key.toLowerCase(), LIMIT);
      lookups.push(performance.now() - t0);
      if (found.length !== 1) throw new Error(`lookup ${key} found ${found.length} items`);
    }
  }
  return {
    items: seed.items,
    load_avg_1m: round(os.loadavg()[0] ?? 0),
    search: stats(samples.flat()),
    lookup: stats(lookups),
    per_query: QUERIES.map((q, k) => ({ ...q, hits: hits[k] ?? 0, ...stats(samples[k] ?? []) })),
  };
}

let pg: TestPostgres | null = null;
let url = process.env.BENCH_DATABASE_URL;
if (!url) {
  pg = await startTestPostgres();
  url = await pg.createDatabase({ migrate: true });
}
const db = createPool(url, 1);
const results: SizeResult[] = [];
try {
  const seed = (await findSearchWorkspace(db)) ?? (await createSearchWorkspace(db));
  for (const size of SIZES) {
    const t0 = performance.now();
    if (seed.items < size) {
      await growTo(db, seed, size, log);
      await db.query('VACUUM (ANALYZE) issues');
    }
    const seedSeconds = (performance.now() - t0) / 1000;
    log(`${seed.items} items ready (${round(seedSeconds, 1)} s); measuring ${ROUNDS} rounds`);
    const measured = await measure(db, seed);
    results.push({ ...measured, seed_seconds: round(seedSeconds, 1) });
    log(`${seed.items} items: search p95 ${measured.search.p95_ms} ms, lookup p95 ${measured.lookup.p95_ms} ms`);
  }
} finally {
  await db.end();
  await pg?.stop();
}

const at = (items: number): SizeResult | undefined => results.find((r) => r.items === items);
const result = {
  benchmark: 'W5 search',
  measured_through: 'searchWorkItems (server/repositories/searchRepository.ts), one pooled connection, top 25',
  w5_p95_ms_100k: at(100_000)?.search.p95_ms ?? null,
  w5_p95_ms_1m: at(1_000_000)?.search.p95_ms ?? null,
  w5_lookup_p95_ms: Math.max(...results.map((r) => r.lookup.p95_ms)),
  targets: { p95_ms_100k: 20, p95_ms_1m: 50, lookup_p95_ms: 2 },
  rounds: ROUNDS,
  machine: { cpus: os.cpus().length, node: process.version, load_avg_1m_end: round(os.loadavg()[0] ?? 0) },
  sizes: results,
};
await mkdir(path.join(repoRoot, 'bench', 'results'), { recursive: true });
await writeFile(path.join(repoRoot, 'bench', 'results', 'search.json'), `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(
  `W5 search: p95 ${result.w5_p95_ms_100k} ms @100k (≤20), ${result.w5_p95_ms_1m} ms @1M (≤50); KEY-123 lookup p95 ${result.w5_lookup_p95_ms} ms (≤2); load ${result.machine.load_avg_1m_end}\n`,
);
