// Requests with full control over cookies and headers (the harness client always sends its CSRF
// token), and a ledger of every response so a suite can assert "never a 5xx" over all its calls.
import type { FastifyInstance } from 'fastify';
import { createSession } from '../../server/auth/sessions.ts';
import type { Pool } from '../../server/db/pool.ts';

export interface RawResponse {
  status: number;
  text: string;
  body: unknown;
}

export interface RawRequest {
  method: string;
  url: string;
  /** A JS value sent as JSON, or a string sent as is (broken JSON, huge bodies). */
  body?: unknown;
  cookie?: string;
  headers?: Record<string, string>;
}

export interface Ledger {
  calls: number;
  serverErrors: string[];
}

export const newLedger = (): Ledger => ({ calls: 0, serverErrors: [] });

export async function send(app: FastifyInstance, ledger: Ledger, request: RawRequest): Promise<RawResponse> {
  const headers: Record<string, string> = { host: 'localhost', ...(request.cookie ? { cookie: request.cookie } : {}) };
  let payload: string | undefined;
  if (request.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
  }
  Object.assign(headers, request.headers ?? {});
  const res = await app.inject({
    method: request.method as 'GET',
    url: request.url,
    headers,
    ...(payload !== undefined ? { payload } : {}),
  });
  ledger.calls += 1;
  if (res.statusCode >= 500) ledger.serverErrors.push(`${request.method} ${request.url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
  let body: unknown = res.body;
  try {
    body = res.body ? JSON.parse(res.body) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.statusCode, text: res.body, body };
}

export interface Session {
  userId: string;
  csrf: string;
  /** The Cookie header: session + CSRF cookie. */
  cookie: string;
  /** Headers a well-behaved browser page sends on a write. */
  writeHeaders: Record<string, string>;
}

export async function signIn(db: Pool, userId: string): Promise<Session> {
  const { token } = await createSession(db, userId, 'security-test');
  const csrf = `csrf-${userId.replace(/-/g, '')}`.slice(0, 40);
  return { userId, csrf, cookie: `hangar_session=${token}; hangar_csrf=${csrf}`, writeHeaders: { 'x-csrf-token': csrf } };
}
