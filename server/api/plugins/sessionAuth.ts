// Resolves the session cookie to a user on every request; routes ask with requireUser/requireAdmin.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { TokenPrincipal } from '../../auth/apiTokens.ts';
import { SESSION_COOKIE, type SessionUser, sessionUser } from '../../auth/sessions.ts';
import { cookieValue, parseCookies } from '../cookies.ts';
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
  // Callback style: no promise or extra tick for the requests without a session cookie.
  app.addHook('onRequest', (request, _reply, done) => {
    // /api/v1 authenticates with X-Api-Key only (server/api/v1/apiKeyAuth.ts); a cookie there means nothing.
    if (request.url.startsWith('/api/v1/') || request.url === '/api/v1') return done();
    // Only this cookie: the others are parsed when something asks for request.cookies.
    const token = cookieValue(request.headers.cookie, SESSION_COOKIE);
    if (!token || token.length > 100) return done();
    sessionUser(app.ctx.db, token).then(
      (user) => {
        request.user = user;
        request.sessionToken = user ? token : null;
        done();
      },
      (error: Error) => done(error),
    );
  });
});
