// Every route of the built public app, read two ways that cannot go stale: the real app's router
// (printRoutes) and an onRoute hook on a twin instance that runs the same registerPublicRoutes (which
// also yields each route's schemas, for schema-driven bad-input tests).
import Fastify, { type FastifyInstance, type FastifySchema } from 'fastify';
import { registerPublicRoutes } from '../../server/api/routes/index.ts';

export interface RouteInfo {
  method: string;
  /** The path as registered, e.g. /api/workspaces/:slug/projects/:projectId */
  path: string;
  schema: FastifySchema | undefined;
  bodyLimit: number | undefined;
}

export const routeKey = (method: string, path: string): string => `${method} ${path}`;
const normalize = (path: string): string => (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);

/** The real app's routes from its router tree (methods other than HEAD). */
export function routerRoutes(app: FastifyInstance): Array<{ method: string; path: string }> {
  const tree = app.printRoutes({ commonPrefix: false });
  const found: Array<{ method: string; path: string }> = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│├└─\s]*?)(?:├── |└── )(.*)$/u.exec(line);
    if (!match) continue;
    const depth = Math.round([...(match[1] ?? '')].length / 4);
    const rest = match[2] ?? '';
    const withMethods = /^(.*) \(([A-Z, ]+)\)$/.exec(rest);
    const label = withMethods ? (withMethods[1] ?? '') : rest;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + label;
    stack[depth] = path;
    for (const method of withMethods?.[2]?.split(', ') ?? []) if (method !== 'HEAD') found.push({ method, path: normalize(path) });
  }
  return found;
}

/** The same routes with their options, from a twin instance (shares the app's ctx; never listens). */
export async function declaredRoutes(app: FastifyInstance): Promise<RouteInfo[]> {
  const twin = Fastify({ logger: false, routerOptions: { ignoreTrailingSlash: true } });
  twin.decorate('ctx', app.ctx);
  const routes: RouteInfo[] = [];
  twin.addHook('onRoute', (options) => {
    const methods = Array.isArray(options.method) ? options.method : [options.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routes.push({ method, path: normalize(options.url ?? options.path), schema: options.schema, bodyLimit: options.bodyLimit });
    }
  });
  await registerPublicRoutes(twin);
  await twin.ready();
  await twin.close();
  return routes;
}

export const isWrite = (method: string): boolean => !['GET', 'HEAD', 'OPTIONS'].includes(method);
