// The OpenAPI 3 description of /api/v1, built from the route schemas themselves (collected as the
// routes register), so the document cannot drift from what the server validates.
import type { FastifyInstance, RouteOptions } from 'fastify';

type Schema = Record<string, unknown>;

declare module 'fastify' {
  interface FastifySchema {
    /** OpenAPI text for the route (ignored by validation). */
    summary?: string;
    description?: string;
    tags?: string[];
    /** Left out of the OpenAPI document. */
    hide?: boolean;
  }
}

interface RouteDoc {
  method: string;
  path: string;
  schema: Schema;
}

const METHODS = new Set(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']);

/** "/api/v1/workspaces/:slug/" → "/api/v1/workspaces/{slug}/" (Plane's paths end in "/"). */
function openApiPath(url: string): string {
  const path = url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
  return path.endsWith('/') || path.endsWith('.json') ? path : `${path}/`;
}

function pathParams(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] ?? '');
}

function properties(schema: unknown): [string, Schema][] {
  const props = (schema as { properties?: Record<string, Schema> } | undefined)?.properties;
  return props ? Object.entries(props) : [];
}

function required(schema: unknown): string[] {
  return (schema as { required?: string[] } | undefined)?.required ?? [];
}

function operation(route: RouteDoc): Schema {
  const { schema } = route;
  const parameters: Schema[] = [
    ...pathParams(route.path).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
    ...properties(schema.querystring).map(([name, s]) => ({
      name,
      in: 'query',
      required: required(schema.querystring).includes(name),
      schema: s,
      ...(typeof s.description === 'string' ? { description: s.description } : {}),
    })),
  ];
  const responses: Schema = {};
  for (const [code, s] of Object.entries((schema.response as Record<string, Schema> | undefined) ?? {})) {
    const description = typeof s.description === 'string' ? s.description : `${code} response`;
    responses[code] = code === '204' || code === '302' ? { description } : { description, content: { 'application/json': { schema: s } } };
  }
  if (Object.keys(responses).length === 0) responses['200'] = { description: 'OK' };
  return {
    ...(schema.summary ? { summary: schema.summary } : {}),
    ...(schema.description ? { description: schema.description } : {}),
    tags: schema.tags ?? [route.path.split('/')[4] ?? 'v1'],
    operationId: `${route.method.toLowerCase()}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    parameters,
    ...(schema.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema.body } } } } : {}),
    responses,
  };
}

export class OpenApiCollector {
  private readonly routes: RouteDoc[] = [];

  /** Hook this onto the v1 context before its routes register. */
  attach(app: FastifyInstance): void {
    app.addHook('onRoute', (route: RouteOptions) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const schema = (route.schema ?? {}) as Schema;
      if (schema.hide) return;
      for (const method of methods) if (METHODS.has(method)) this.routes.push({ method, path: route.url, schema });
    });
  }

  document(serverUrl: string): Schema {
    const paths: Record<string, Record<string, Schema>> = {};
    for (const route of this.routes) {
      const path = openApiPath(route.path);
      paths[path] ??= {};
      const entry = paths[path];
      if (entry) entry[route.method.toLowerCase()] = operation(route);
    }
    return {
      openapi: '3.0.3',
      info: {
        title: 'Hangar REST API v1',
        version: '1.0.0',
        description: 'Plane-compatible REST API. Authenticate with an API token in the X-Api-Key header.',
      },
      servers: [{ url: serverUrl }],
      security: [{ ApiKeyAuth: [] }],
      components: { securitySchemes: { ApiKeyAuth: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } } },
      paths,
    };
  }
}
