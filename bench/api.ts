// W3, W4, W9 (QUALITY.md): boots a real appliance (hangar serve, Caddy in front), seeds a project
// with 50,000 work items (bench/seed/seedProject.ts), signs in through the API (CSRF token + session
// cookie), then measures with keep-alive node:http clients:
//   W3  the list: first page of 100, filtered + ordered, 20 concurrent clients through Caddy (no
//       writes meanwhile, so the api answers from its response cache after the first request);
//       floor: the same statement + JSON.stringify on a bare node:http server, same concurrency.
//   W4  the board: group_by=state, 5 columns × 30 cards + per-column totals; its floor likewise.
//   W9  CPU time of the api process per authenticated GET /api/users/me/ (read from /proc, minus its
//       idle rate) minus the same for a Fastify hello-world.
// Floors run in the same run, on the same machine, against the same database. Writes
// bench/results/api.json and prints a one-line summary.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { dataPaths } from '../app/config/dataDir.ts';
import { controlClient } from '../app/supervisor/controlClient.ts';
import { openApplianceDb } from '../app/state/applianceDb.ts';
import { parseListQuery } from '../server/api/routes/workItemLists/parseListQuery.ts';
import { createPool } from '../server/db/pool.ts';
import type { BaseScope, ListScope } from '../server/repositories/workItemListQuery.ts';
import {
  boardGroupKeys,
  type ListingRequest,
  listingStatement,
  loadProjectStates,
  resolveStateScope,
  type Statement,
} from '../server/repositories/workItemListsRepository.ts';
import { repoRoot, startAppliance } from '../tests/helpers/appliance.ts';
import type { FloorConfig } from './apiFloors.ts';
import { seedProject } from './seed/seedProject.ts';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 50_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARM_SECONDS = Number(process.env.BENCH_WARM_SECONDS ?? 2);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const W9_REQUESTS = Number(process.env.BENCH_W9_REQUESTS ?? 20_000);
const W9_ROUNDS = Number(process.env.BENCH_W9_ROUNDS ?? 3);

/** W3: open work, urgent to medium, most recently updated first — what a triage list view asks for. */
const LIST_QUERY = 'state_group=backlog,unstarted,started&priority=urgent,high,medium&order_by=-updated_at&per_page=100';
/** W4: the board, by state, manual order, 30 cards per column. */
const BOARD_QUERY = 'group_by=state&order_by=sort_order&per_page=30';

const log = (line: string): void => {
  process.stderr.write(`[bench:api] ${line}\n`);
};
const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

interface LoadResult {
  requests: number;
  rps: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  max_ms: number;
  bytes: number;
}

/** `concurrency` clients, each sending its next request as soon as the previous one is answered. */
async function load(url: string, options: { concurrency: number; seconds: number; headers?: Record<string, string> }): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const target = new URL(url);
  const latencies: number[] = [];
  let bytes = 0;
  const get = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = http.get(
        { host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, agent, headers: options.headers ?? {} },
        (res) => {
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
          });
          res.on('end', () => {
            if (res.statusCode !== 200) reject(new Error(`${url} answered ${res.statusCode}`));
            else resolve(size);
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
    });
  const began = performance.now();
  const deadline = began + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        bytes = await get();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - began) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    rps: round(latencies.length / elapsed, 0),
    p50_ms: round(percentile(latencies, 50)),
    p95_ms: round(percentile(latencies, 95)),
    p99_ms: round(percentile(latencies, 99)),
    max_ms: round(latencies[latencies.length - 1] ?? Number.NaN),
    bytes,
  };
}

/** Warm-up, then the measured run. */
let processes: Processes = {};
async function measure(label: string, url: string, headers: Record<string, string>, concurrency = CONCURRENCY): Promise<LoadResult> {
  await load(url, { concurrency, seconds: WARM_SECONDS, headers });
  const result = await cpuSplit(processes, () => load(url, { concurrency, seconds: SECONDS, headers }));
  log(
    `${label}: p50 ${result.p50_ms} ms, p95 ${result.p95_ms} ms, p99 ${result.p99_ms} ms, ${result.rps} req/s, ${result.bytes} bytes; CPU µs/request ${JSON.stringify(result.cpu_us_per_request)}`,
  );
  return result;
}

/** utime + stime of a process, in microseconds (from /proc; clock ticks of 10 ms). */
function cpuMicros(pid: number): number {
  const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * (1_000_000 / 100);
}

/** utime + stime (µs) of `pid` and all its descendants (Postgres: the postmaster and its backends). */
function treeCpuMicros(pid: number): number {
  const children = new Map<number, number[]>();
  const own = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = (readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
      const ppid = Number(fields[1]);
      // utime + stime, plus cutime + cstime: children already exited and reaped (Postgres backends
      // the pool closed meanwhile) count towards their parent.
      own.set(Number(entry), (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 10_000);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const next = stack.pop() as number;
    total += own.get(next) ?? 0;
    stack.push(...(children.get(next) ?? []));
  }
  return total;
}

type Processes = Record<string, number>;
/** CPU µs per request of each process (tree) while `work` runs. */
async function cpuSplit<T extends { requests: number }>(
  processes: Processes,
  work: () => Promise<T>,
): Promise<T & { cpu_us_per_request: Record<string, number> }> {
  const before = Object.fromEntries(Object.entries(processes).map(([name, pid]) => [name, treeCpuMicros(pid)]));
  const self0 = process.cpuUsage();
  const result = await work();
  const self = process.cpuUsage(self0);
  const split: Record<string, number> = {};
  for (const [name, pid] of Object.entries(processes)) split[name] = round((treeCpuMicros(pid) - (before[name] ?? 0)) / result.requests, 0);
  split.load_generator = round((self.user + self.system) / result.requests, 0);
  return { ...result, cpu_us_per_request: split };
}

/** CPU µs the process at `pid` spends per request to `url` (its idle rate, measured first, taken off). */
async function cpuPerRequest(pid: number, url: string, headers: Record<string, string>): Promise<number> {
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const target = new URL(url);
  const one = (): Promise<void> =>
    new Promise((resolve, reject) => {
      http
        .get({ host: target.hostname, port: target.port, path: target.pathname, agent, headers }, (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`${url} answered ${res.statusCode}`))));
        })
        .on('error', reject);
    });
  const run = async (n: number): Promise<void> => {
    let left = n;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (left > 0) {
          left -= 1;
          await one();
        }
      }),
    );
  };
  await run(Math.min(2_000, W9_REQUESTS));
  const idle0 = cpuMicros(pid);
  const idleT0 = performance.now();
  await sleep(3_000);
  const idleRate = (cpuMicros(pid) - idle0) / (performance.now() - idleT0);
  const c0 = cpuMicros(pid);
  const t0 = performance.now();
  await run(W9_REQUESTS);
  const busy = cpuMicros(pid) - c0 - idleRate * (performance.now() - t0);
  agent.destroy();
  return busy / W9_REQUESTS;
}

function spawnFloor(mode: 'floor' | 'hello', env: Record<string, string> = {}): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bench', 'apiFloors.ts'), mode], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const match = /READY (\d+)/.exec(out);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
}

async function signIn(base: string, email: string, password: string): Promise<Record<string, string>> {
  const csrfRes = await fetch(`${base}/auth/csrf`);
  const { csrf_token: csrf } = (await csrfRes.json()) as { csrf_token: string };
  const res = await fetch(`${base}/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `hangar_csrf=${csrf}`, 'x-csrf-token': csrf },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('hangar_session='));
  if (!session) throw new Error('sign-in set no session cookie');
  return { cookie: `${session}; hangar_csrf=${csrf}` };
}

const appliance = await startAppliance();
const children: ChildProcess[] = [];
try {
  log(`appliance up at ${appliance.url}`);
  const { db: state } = openApplianceDb(dataPaths(appliance.dataDir).applianceDb);
  const databaseUrl = `postgres://hangar:${encodeURIComponent(state.get<string>('pg.password') ?? '')}@127.0.0.1:${state.get<number>('pg.port')}/hangar`;
  state.close();
  const db = createPool(databaseUrl, 4);
  const seeded = await seedProject(db, { items: ITEMS, log });
  log(`seeded ${seeded.items} items, ${seeded.comments} comments in ${round(seeded.seconds, 1)} s`);

  const headers = await signIn(appliance.url, seeded.owner.email, seeded.owner.password);
  const base = `${appliance.url}/api/workspaces/${seeded.workspaceSlug}/projects/${seeded.projectId}/issues/`;

  // The statement the route runs for each request once the project's states are known (same
  // builders, same scope), for the floors.
  const statementOf = async (query: string): Promise<Statement> => {
    const parsed = parseListQuery(Object.fromEntries(new URLSearchParams(query)));
    const base: BaseScope = { projectId: seeded.projectId, identifier: seeded.identifier, onlyCreatedBy: null, filters: parsed.filters };
    const states = await loadProjectStates(db, base);
    const scope: ListScope = { ...base, stateScope: resolveStateScope(states, parsed.filters) };
    const request: ListingRequest = parsed.groupBy
      ? { kind: 'board', groupBy: parsed.groupBy, orderBy: parsed.orderBy, perGroup: parsed.perPage }
      : { kind: 'list', orderBy: parsed.orderBy, perPage: parsed.perPage, cursor: null };
    const keys = parsed.groupBy ? boardGroupKeys(scope, parsed.groupBy, states, []) : [];
    return listingStatement(scope, request, keys, { fingerprint: true });
  };
  const config: FloorConfig = { databaseUrl, list: [await statementOf(LIST_QUERY)], board: [await statementOf(BOARD_QUERY)] };
  await db.end();
  const floor = await spawnFloor('floor', { FLOOR_CONFIG: JSON.stringify(config) });
  children.push(floor.child);
  const floorBase = `http://127.0.0.1:${floor.port}`;
  const status = await controlClient(appliance.dataDir).status();
  const pidOf = (name: string): number => status.services.find((s) => s.name === name)?.pid ?? 0;
  const apiPid = pidOf('api');
  if (!apiPid) throw new Error('no api process in the appliance status');
  processes = { api: apiPid, postgres: pidOf('postgres'), caddy: pidOf('caddy'), floor: floor.child.pid ?? 0 };

  const boardSample = (await (await fetch(`${base}?${BOARD_QUERY}`, { headers })).json()) as {
    groups: { count: number; results: unknown[] }[];
  };
  const columns = boardSample.groups.length;
  const cards = boardSample.groups.reduce((a, g) => a + g.results.length, 0);

  const w3 = await measure('W3 list', `${base}?${LIST_QUERY}`, headers);
  const w3Floor = await measure('W3 floor', `${floorBase}/list`, {});
  const w4 = await measure('W4 board', `${base}?${BOARD_QUERY}`, headers);
  const w4Floor = await measure('W4 floor', `${floorBase}/board`, {});
  // One person opening the list / the board (no queueing behind other clients): context for the above.
  const w3Single = await measure('W3 list, 1 client', `${base}?${LIST_QUERY}`, headers, 1);
  const w4Single = await measure('W4 board, 1 client', `${base}?${BOARD_QUERY}`, headers, 1);

  const hello = await spawnFloor('hello');
  children.push(hello.child);
  // Alternating rounds, medians: the machine's other load drifts; both sides see the same drift.
  const meRuns: number[] = [];
  const helloRuns: number[] = [];
  for (let round = 0; round < W9_ROUNDS; round += 1) {
    meRuns.push(await cpuPerRequest(apiPid, `${appliance.url}/api/users/me/`, headers));
    helloRuns.push(await cpuPerRequest(hello.child.pid ?? 0, `http://127.0.0.1:${hello.port}/`, {}));
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  const meCpu = median(meRuns);
  const helloCpu = median(helloRuns);
  log(`W9: api ${round(meCpu, 1)} µs CPU per GET /api/users/me/, hello-world ${round(helloCpu, 1)} µs`);

  const result = {
    w3_list_p95_ms: w3.p95_ms,
    w3_floor_p95_ms: w3Floor.p95_ms,
    w3_ratio: round(w3.p95_ms / w3Floor.p95_ms),
    w4_board_p95_ms: w4.p95_ms,
    w4_board_bytes: w4.bytes,
    w4_floor_p95_ms: w4Floor.p95_ms,
    w9_overhead_us: round(meCpu - helloCpu, 1),
    details: {
      w3_list: w3,
      w3_floor: w3Floor,
      w4_board: { ...w4, columns, cards },
      w4_floor: w4Floor,
      w3_list_1_client: w3Single,
      w4_board_1_client: w4Single,
      w9: {
        api_users_me_cpu_us: round(meCpu, 1),
        fastify_hello_cpu_us: round(helloCpu, 1),
        rounds_api_us: meRuns.map((x) => round(x, 1)),
        rounds_hello_us: helloRuns.map((x) => round(x, 1)),
        requests_per_round: W9_REQUESTS,
      },
      list_query: LIST_QUERY,
      board_query: BOARD_QUERY,
      concurrency: CONCURRENCY,
      seconds: SECONDS,
      items: seeded.items,
      comments: seeded.comments,
      seed_seconds: round(seeded.seconds, 1),
    },
    method:
      "Closed-loop keep-alive node:http clients (BENCH_CONCURRENCY, default 20, for W3 and W4 alike; one-client runs in details); list and board through Caddy with a session cookie from /auth/sign-in (the same query repeated with no writes: after the first request each is answered from the api's response cache, which still runs the session and membership+data-version lookups every time); floors are a bare node:http server (no Caddy, no session, no membership check, no presenter) running the statement the route runs once the project's states are cached, rows JSON.stringify'd. CPU µs/request per process tree from /proc. W9: utime+stime of the api process per request, idle rate subtracted, minus the same for a Fastify hello-world.",
    targets: { w3_list_p95_ms: 25, w3_ratio: 3, w4_board_p95_ms: 15, w4_board_bytes: 40_960, w9_overhead_us: 50 },
    machine: { cpus: os.cpus().length, node: process.version, load_avg_1m: round(os.loadavg()[0] ?? 0) },
  };
  await mkdir(path.join(repoRoot, 'bench', 'results'), { recursive: true });
  await writeFile(path.join(repoRoot, 'bench', 'results', 'api.json'), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(
    `api: W3 list p95 ${result.w3_list_p95_ms} ms (floor ${result.w3_floor_p95_ms} ms, ${result.w3_ratio}×), ` +
      `W4 board p95 ${result.w4_board_p95_ms} ms, ${result.w4_board_bytes} bytes (${columns} columns, ${cards} cards; floor ${result.w4_floor_p95_ms} ms), ` +
      `W9 overhead ${result.w9_overhead_us} µs CPU per request (${CONCURRENCY} clients, ${seeded.items} items, ${os.cpus().length} CPUs)\n`,
  );
} finally {
  for (const child of children) child.kill();
  await appliance.stop();
}
