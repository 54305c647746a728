// W1 + W2 (QUALITY.md): first-run and warm start to /api/health 200 through Caddy, and the idle
// footprint per service 60 s after start. Writes bench/results/startup.json and a one-line summary.
// Floors measured in the same run: a bare Postgres start on the same cluster and a bare `node -e 0`.
import { execFileSync, spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { controlClient } from '../app/supervisor/controlClient.ts';
import { binariesReachableBy, findPostgresBinaries } from '../app/supervisor/postgresBinaries.ts';
import { postgresAccount, postgresArgs } from '../app/supervisor/postgresCluster.ts';
import { freePort } from '../app/supervisor/ports.ts';
import { cliPath as sourceCli, repoRoot, tempDataDir } from '../tests/helpers/appliance.ts';

// What `npm start` runs: the compiled build (BENCH_FROM=source measures the .ts sources instead).
const fromSource = process.env.BENCH_FROM === 'source';
if (!fromSource) execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'buildServer.ts')], { stdio: 'ignore' });
const cliPath = fromSource ? sourceCli : path.join(repoRoot, 'dist', 'app', 'cli', 'hangar.js');

const WARM_RUNS = Number(process.env.BENCH_WARM_RUNS ?? 5);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 60);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};
const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

/** Spawns `hangar serve` and returns the seconds until /api/health answers 200 through Caddy. */
async function timedStart(dataDir: string, port: number): Promise<{ seconds: number; stop: () => Promise<void> }> {
  const began = performance.now();
  const child = spawn(process.execPath, [cliPath, 'serve', '--data-dir', dataDir, '--port', String(port)], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`appliance exited: ${stderr}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.status === 200) break;
    } catch {
      // not up yet
    }
    await sleep(10);
    if (performance.now() - began > 60_000) throw new Error('appliance did not become healthy in 60 s');
  }
  const seconds = (performance.now() - began) / 1000;
  return {
    seconds,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function bareNodeSeconds(): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const began = performance.now();
    await new Promise((r) => spawn(process.execPath, ['-e', '0']).once('exit', r));
    runs.push((performance.now() - began) / 1000);
  }
  return median(runs);
}

async function barePostgresSeconds(pgDir: string): Promise<number> {
  const account = await postgresAccount();
  const found = await findPostgresBinaries();
  const bins = account ? await binariesReachableBy(found, '/var/cache/hangar', 'embedded') : found;
  const port = await freePort();
  const began = performance.now();
  const child = spawn(bins.postgres, postgresArgs(pgDir, port), { ...(account ?? {}), stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve) => {
    child.stderr.on('data', (c: Buffer) => {
      if (c.toString().includes('ready to accept connections')) resolve();
    });
  });
  const seconds = (performance.now() - began) / 1000;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  await exited;
  return seconds;
}

const dataDir = await tempDataDir();
const port = await freePort();
try {
  const first = await timedStart(dataDir, port);
  await first.stop();
  const warm: number[] = [];
  for (let i = 0; i < WARM_RUNS; i += 1) {
    const run = await timedStart(dataDir, port);
    warm.push(run.seconds);
    await run.stop();
  }
  const floorPg = await barePostgresSeconds(path.join(dataDir, 'pg'));
  const floorNode = await bareNodeSeconds();

  const idle = await timedStart(dataDir, port);
  await sleep(IDLE_SECONDS * 1000);
  const status = await controlClient(dataDir).status();
  const { treeMemoryBytes } = await import('../app/supervisor/processes.ts');
  const supervisorBytes = (await treeMemoryBytes(status.supervisorPid)) ?? 0;
  await idle.stop();

  const perService = Object.fromEntries(status.services.map((s) => [s.name, round((s.rssBytes ?? 0) / 1048576, 1)]));
  const total = round(
    Object.values(perService).reduce((a, b) => a + b, 0),
    1,
  );
  const childrenBytes = status.services.reduce((a, s) => a + (s.rssBytes ?? 0), 0);
  const result = {
    first_run_s: round(first.seconds),
    warm_start_s: round(median(warm)),
    warm_start_runs_s: warm.map((x) => round(x)),
    floor_bare_postgres_start_s: round(floorPg),
    floor_bare_node_start_s: round(floorNode),
    rss_mb: perService,
    rss_total_mb: total,
    supervisor_mb: round(Math.max(0, supervisorBytes - childrenBytes) / 1048576, 1),
    memory_method: 'PSS (proportional set size) summed over each service process tree, read from /proc after idling',
    idle_seconds: IDLE_SECONDS,
    targets: { warm_start_s: 2.0, first_run_s: 10, rss_total_mb: 250 },
    ran_from: fromSource ? 'sources (.ts, type stripping)' : 'compiled build (dist/, what npm start runs)',
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
  };
  await mkdir(path.join(repoRoot, 'bench', 'results'), { recursive: true });
  await writeFile(path.join(repoRoot, 'bench', 'results', 'startup.json'), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(
    `startup: first run ${result.first_run_s} s, warm ${result.warm_start_s} s (median of ${WARM_RUNS}; floors pg ${result.floor_bare_postgres_start_s} s + node ${result.floor_bare_node_start_s} s), idle ${total} MB (${Object.entries(
      perService,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; supervisor ${result.supervisor_mb})\n`,
  );
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
