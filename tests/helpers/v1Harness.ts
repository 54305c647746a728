// /api/v1 in-process: clients that authenticate with a real API token (X-Api-Key), and a checker
// that validates every answer against the response schema the route declares in /api/v1/openapi.json.
import assert from 'node:assert/strict';
import { Ajv, type ValidateFunction } from 'ajv';
import type { FastifyInstance } from 'fastify';
import { createApiToken } from '../../server/auth/apiTokens.ts';
import type { ApiHarness, Body, Response } from './apiHarness.ts';

export interface V1Client {
  token: string;
  request<T = Body>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response<T>>;
  get<T = Body>(path: string): Promise<Response<T>>;
  post<T = Body>(path: string, body?: unknown): Promise<Response<T>>;
  patch<T = Body>(path: string, body?: unknown): Promise<Response<T>>;
  delete<T = Body>(path: string, body?: unknown): Promise<Response<T>>;
}

/** A raw request to /api/v1 with whatever key (or none) the test gives. */
export async function v1Request<T = Body>(
  app: FastifyInstance,
  method: string,
  path: string,
  key: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response<T>> {
  const res = await app.inject({
    method: method as 'GET',
    url: path.startsWith('/api/v1') ? path : `/api/v1${path}`,
    headers: {
      host: 'localhost',
      ...(key !== null ? { 'x-api-key': key } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  let parsed: unknown = res.body;
  try {
    parsed = res.body ? JSON.parse(res.body) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.statusCode, body: parsed as T, headers: res.headers };
}

export function v1ClientFor(app: FastifyInstance, token: string): V1Client {
  const request = <T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    v1Request<T>(app, method, path, token, body, headers);
  return {
    token,
    request,
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body ?? {}),
    patch: (path, body) => request('PATCH', path, body ?? {}),
    delete: (path, body) => request('DELETE', path, body),
  };
}

/** A v1 client acting as `userId` through a fresh API token (optionally bound to a workspace). */
export async function v1As(
  harness: ApiHarness,
  userId: string,
  options: { workspaceId?: string; isService?: boolean } = {},
): Promise<V1Client> {
  const { token } = await createApiToken(harness.db, {
    userId,
    workspaceId: options.workspaceId ?? null,
    label: 'test',
    isService: options.isService ?? true,
  });
  return v1ClientFor(harness.app, token);
}

type Doc = {
  paths: Record<string, Record<string, { responses: Record<string, { content?: { 'application/json'?: { schema: unknown } } }> }>>;
};

/** Validates answers against the OpenAPI document's response schemas. */
export class SchemaChecker {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly routes: Array<{ pattern: RegExp; path: string }>;
  private readonly doc: Doc;
  checked = 0;

  constructor(doc: Doc) {
    this.doc = doc;
    this.routes = Object.keys(doc.paths).map((path) => ({
      path,
      pattern: new RegExp(`^${path.replace(/\/$/, '').replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
    }));
  }

  static async load(app: FastifyInstance): Promise<SchemaChecker> {
    const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers: { host: 'localhost' } });
    return new SchemaChecker(JSON.parse(res.body) as Doc);
  }

  /** Asserts `body` matches the schema for (method, path, status); fails when the route declares none. */
  check(method: string, path: string, status: number, body: unknown): void {
    const bare = path.replace(/^\/api\/v1/, '').split('?')[0] ?? '';
    const url = `/api/v1${bare}`;
    // Prefer literal segments over parameters (".../archived-cycles/" over ".../cycles/{id}/").
    const matches = this.routes.filter((r) => r.pattern.test(url) && this.doc.paths[r.path]?.[method.toLowerCase()]);
    matches.sort((a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0));
    const route = matches[0];
    assert.ok(route, `no documented route for ${method} ${url}`);
    const responses = this.doc.paths[route.path]?.[method.toLowerCase()]?.responses ?? {};
    const response = responses[String(status)];
    assert.ok(response, `${method} ${route.path} documents no ${status} response`);
    const schema = response.content?.['application/json']?.schema;
    if (!schema) return;
    const key = `${method} ${route.path} ${status}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema as object);
      this.compiled.set(key, validate);
    }
    assert.ok(validate(body), `${key}: ${this.ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`);
    this.checked += 1;
  }
}
