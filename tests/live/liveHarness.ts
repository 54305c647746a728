// Test harness: a real Postgres, the live role as a real child process (`node server/live/main.ts`
// with env vars, ready over IPC), and the api's ctrl + public apps in-process with a real pool.
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ChildMessage } from '../../contracts/childMessages.ts';
import { buildCtrlApp, buildPublicApp } from '../../server/api/app.ts';
import { createPool, type Pool } from '../../server/db/pool.ts';
import { parseServerEnv } from '../../server/env.ts';
import { createLogger } from '../../server/runtime/logger.ts';
import { startTestPostgres, type TestPostgres } from '../helpers/testPostgres.ts';

const LIVE_MAIN = path.resolve(import.meta.dirname, '../../server/live/main.ts');
export const CTRL_SECRET = 'test-ctrl-secret-0123456789';

export interface ConnectResponse {
  backend_id: string;
  spawned: boolean;
  status: string;
  token: string;
  url: string;
  secret_token: string;
  status_url: string;
}

export interface LiveHarness {
  pg: TestPostgres;
  databaseUrl: string;
  dataDir: string;
  db: Pool;
  live: ChildProcess;
  livePort: number;
  ctrl: FastifyInstance;
  pub: FastifyInstance;
  pubOrigin: string;
  connect(body: Record<string, unknown>): Promise<ConnectResponse>;
  ctrlRequest(method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ statusCode: number; json: Record<string, unknown> }>;
  stop(): Promise<void>;
}

export async function startLiveChild(databaseUrl: string, dataDir: string, port = 0): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(LIVE_MAIN, [], {
    env: {
      PATH: process.env.PATH,
      HANGAR_DATA_DIR: dataDir,
      HANGAR_DATABASE_URL: databaseUrl,
      HANGAR_LISTEN_PORT: String(port),
      HANGAR_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('live child did not get ready')), 15_000);
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message.port);
      }
    });
    child.once('exit', (code) => reject(new Error(`live child exited with ${code}`)));
  });
  return { child, port: ready };
}

/** Stops a live child the way the supervisor does: a shutdown request over IPC, then wait. */
export async function stopLiveChild(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.send({ type: 'shutdown' });
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

export async function startLiveHarness(): Promise<LiveHarness> {
  const pg = await startTestPostgres();
  const databaseUrl = await pg.createDatabase({ migrate: true });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hangar-live-test-'));
  const { child: live, port: livePort } = await startLiveChild(databaseUrl, dataDir);
  const { env, problems } = parseServerEnv({
    HANGAR_DATA_DIR: dataDir,
    HANGAR_DATABASE_URL: databaseUrl,
    HANGAR_CTRL_SECRET: CTRL_SECRET,
    // Tests talk to the live server directly (no Caddy), so the public URL is its address.
    HANGAR_PUBLIC_URL: `http://127.0.0.1:${livePort}`,
  });
  if (problems.length > 0) throw new Error(problems.join('; '));
  const db = createPool(databaseUrl, 5);
  const log = createLogger('http', 'warn');
  const ctx = { env, db, services: () => [] };
  const ctrl = await buildCtrlApp(log, ctx);
  const pub = await buildPublicApp(log, ctx);
  await pub.listen({ host: '127.0.0.1', port: 0 });
  const address = pub.server.address();
  const pubOrigin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  async function ctrlRequest(method: 'GET' | 'POST', url: string, body?: unknown) {
    const response = await ctrl.inject({
      method,
      url,
      headers: { authorization: `Bearer ${CTRL_SECRET}` },
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });
    return { statusCode: response.statusCode, json: response.json() as Record<string, unknown> };
  }

  const harness: LiveHarness = {
    pg,
    databaseUrl,
    dataDir,
    db,
    live,
    livePort,
    ctrl,
    pub,
    pubOrigin,
    ctrlRequest,
    async connect(body) {
      const response = await ctrlRequest('POST', '/ctrl/connect', body);
      if (response.statusCode !== 200) throw new Error(`connect failed: ${response.statusCode} ${JSON.stringify(response.json)}`);
      return response.json as unknown as ConnectResponse;
    },
    async stop() {
      await stopLiveChild(harness.live);
      await Promise.allSettled([ctrl.close(), pub.close()]);
      await db.end();
      await pg.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}
