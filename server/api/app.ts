// Builds the api role's two Fastify instances: the public one (behind Caddy) and the /ctrl one.
import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from '../runtime/logger.ts';
import type { ApiContext } from './context.ts';
import { registerCtrlRoutes } from './ctrl/index.ts';
import { errorHandler, notFoundHandler } from './errorHandler.ts';
import { AuthenticationError } from './errors.ts';
import { csrfProtection } from './plugins/csrf.ts';
import { sessionAuth } from './plugins/sessionAuth.ts';
import { guardNullsOnRoutes } from './nullGuard.ts';
import { registerPublicRoutes } from './routes/index.ts';

const BODY_LIMIT = 1024 * 1024;

function baseApp(log: Logger, ctx: ApiContext): FastifyInstance {
  const loggerInstance: FastifyBaseLogger = log;
  const app = Fastify({
    loggerInstance,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    // Plane's paths end in "/"; its clients sometimes drop it (the MCP server does).
    routerOptions: { ignoreTrailingSlash: true },
    trustProxy: '127.0.0.1',
    ajv: { customOptions: { removeAdditional: 'all', coerceTypes: 'array', useDefaults: true, allErrors: false } },
  });
  app.decorate('ctx', ctx);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  return app;
}

export async function buildPublicApp(log: Logger, ctx: ApiContext): Promise<FastifyInstance> {
  const app = baseApp(log, ctx);
  await app.register(sessionAuth);
  await app.register(csrfProtection);
  guardNullsOnRoutes(app);
  await registerPublicRoutes(app);
  return app;
}

function bearerMatches(header: string | undefined, secret: string): boolean {
  if (!header?.startsWith('Bearer ') || secret === '') return false;
  const given = Buffer.from(header.slice('Bearer '.length));
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function buildCtrlApp(log: Logger, ctx: ApiContext): Promise<FastifyInstance> {
  const app = baseApp(log, ctx);
  app.addHook('onRequest', async (request) => {
    if (!bearerMatches(request.headers.authorization, ctx.env.ctrlSecret)) throw AuthenticationError('A valid control token is required.');
  });
  await registerCtrlRoutes(app);
  return app;
}
