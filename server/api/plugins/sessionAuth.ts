// Resolves the session cookie to a user on every request; routes ask with requireUser/requireAdmin.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { TokenPrincipal } from '../../auth/apiTokens.ts';
import { SESSION_COOKIE, type SessionUser, sessionUser } from '../../auth/sessions.ts';
import { parseCookies } from '../cookies.ts';
import { AuthenticationError, ForbiddenError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
    sessionToken: string | null;
    /** Set on /api/v1 requests: the API token the caller authenticated with (then `user` is its owner). */
    apiToken: TokenPrincipal | null;
    cookies: Record<string, string>;
  }
}

export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw AuthenticationError();
  return request.user;
}

export function requireInstanceAdmin(request: FastifyRequest): SessionUser {
  const user = requireUser(request);
  if (!user.is_instance_admin) throw ForbiddenError('Only the instance admin can do this.');
  return user;
}

export const sessionAuth = fp(async (app: FastifyInstance) => {
  app.decorateRequest('user', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('apiToken', null);
  // Parsed on first use and kept on the request.
  const parsed = new WeakMap<FastifyRequest, Record<string, string>>();
  app.decorateRequest('cookies', {
    getter(this: FastifyRequest) {
      let cookies = parsed.get(this);
      if (!cookies) {
        cookies = parseCookies(this.headers.cookie);
        parsed.set(this, cookies);
      }
      return cookies;
    },
  });
  app.addHook('onRequest', async (request) => {
    // /api/v1 authenticates with X-Api-Key only (server/api/v1/apiKeyAuth.ts); a cookie there means nothing.
    if (request.url.startsWith('/api/v1/') || request.url === '/api/v1') return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token || token.length > 100) return;
    request.user = await sessionUser(app.ctx.db, token);
    request.sessionToken = request.user ? token : null;
  });
});
