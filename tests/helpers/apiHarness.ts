// The app API in-process (Fastify inject) on a fresh, migrated database in a real embedded Postgres,
// with clients that act as a signed-in user (session cookie + CSRF token) or anonymously.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createSession } from '../../server/auth/sessions.ts';
import { buildPublicApp } from '../../server/api/app.ts';
import { createPool, type Pool } from '../../server/db/pool.ts';
import { parseServerEnv } from '../../server/env.ts';
import { createLogger } from '../../server/runtime/logger.ts';
import { startTestPostgres, type TestPostgres } from './testPostgres.ts';

export interface Response<T = unknown> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
}

/** Default response body: an object whose fields the test narrows as it reads them. */
export type Body = Record<string, unknown>;

export interface Client {
  request<T = Body>(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Response<T>>;
  get<T = Body>(url: string): Promise<Response<T>>;
  post<T = Body>(url: string, body?: unknown): Promise<Response<T>>;
  patch<T = Body>(url: string, body?: unknown): Promise<Response<T>>;
  delete<T = Body>(url: string, body?: unknown): Promise<Response<T>>;
}

export interface ApiHarness {
  app: FastifyInstance;
  db: Pool;
  databaseUrl: string;
  /** A client signed in as `userId` (a real session row), sending the CSRF token on writes. */
  as(userId: string): Promise<Client>;
  anonymous: Client;
  close(): Promise<void>;
}

let shared: Promise<TestPostgres> | null = null;
let users = 0;
/**
 * One Postgres per test process while any harness is open; each harness gets its own database in
 * it. The last close() stops it, so a test file's process can exit.
 */
function testPostgres(): Promise<TestPostgres> {
  users += 1;
  shared ??= startTestPostgres();
  return shared;
}

async function releaseTestPostgres(): Promise<void> {
  users -= 1;
  if (users > 0 || !shared) return;
  const pg = shared;
  shared = null;
  await (await pg).stop();
}

function client(app: FastifyInstance, cookies: string, csrf: string | null): Client {
  const request = async <T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response<T>> => {
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers: {
        host: 'localhost',
        ...(cookies ? { cookie: cookies } : {}),
        ...(csrf && method !== 'GET' ? { 'x-csrf-token': csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    const text = res.body;
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.statusCode, body: parsed as T, headers: res.headers };
  };
  return {
    request,
    get: (url) => request('GET', url),
    post: (url, body) => request('POST', url, body ?? {}),
    patch: (url, body) => request('PATCH', url, body ?? {}),
    delete: (url, body) => request('DELETE', url, body),
  };
}

/**
 * `env` overrides the server's environment. API tokens made by v1As are service tokens, whose
 * per-minute budget is lifted here so suites are not throttled; the rate-limit tests set it back.
 */
export async function startApiHarness(options: { env?: Record<string, string> } = {}): Promise<ApiHarness> {
  const pg = await testPostgres();
  const databaseUrl = await pg.createDatabase({ migrate: true });
  const db = createPool(databaseUrl, 5);
  const { env } = parseServerEnv({
    HANGAR_DATA_DIR: '/tmp/hangar-api-test',
    HANGAR_DATABASE_URL: databaseUrl,
    HANGAR_PUBLIC_URL: 'http://localhost',
    HANGAR_SERVICE_API_RATE_LIMIT: '1000000',
    ...options.env,
  });
  const app = await buildPublicApp(createLogger('http', 'silent'), { env, db, services: () => [] });
  await app.ready();
  return {
    app,
    db,
    databaseUrl,
    async as(userId) {
      const { token } = await createSession(db, userId, 'test');
      const csrf = randomBytes(16).toString('base64url');
      return client(app, `hangar_session=${token}; hangar_csrf=${csrf}`, csrf);
    },
    anonymous: client(app, '', null),
    async close() {
      await app.close();
      await db.end();
      await releaseTestPostgres();
    },
  };
}
