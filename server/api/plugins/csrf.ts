// CSRF protection for cookie-authenticated writes: a double-submit token (cookie hangar_csrf echoed
// in X-CSRF-Token) plus an Origin check. /api/v1 uses API keys, not cookies, and is exempt.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { serializeCookie } from '../cookies.ts';
import { HttpError } from '../errors.ts';

export const CSRF_COOKIE = 'hangar_csrf';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const CsrfError = (message: string): HttpError => new HttpError(403, 'csrf_failed', message);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function originMatchesHost(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return true; // same-origin fetches from older browsers omit it; the token still has to match
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/** Issues (or returns the existing) CSRF token and sets its cookie; readable by the page on purpose. */
export function issueCsrfToken(request: FastifyRequest, reply: FastifyReply): string {
  const existing = request.cookies[CSRF_COOKIE];
  const token = existing && /^[A-Za-z0-9_-]{20,64}$/.test(existing) ? existing : randomBytes(24).toString('base64url');
  reply.header('Set-Cookie', serializeCookie(CSRF_COOKIE, token, { httpOnly: false, secure: request.protocol === 'https' }));
  return token;
}

export const csrfProtection = fp(async (app: FastifyInstance) => {
  app.addHook('preValidation', (request, _reply, done) => {
    // Reads change nothing: answered without a promise (this runs on every request).
    if (SAFE.has(request.method)) return done();
    try {
      checkWrite(request);
      done();
    } catch (error) {
      done(error as HttpError);
    }
  });
});

/** Throws unless a cookie-authenticated write carries the right token from the right origin. */
function checkWrite(request: FastifyRequest): void {
  // The matched route's pattern, not the raw URL: the router decodes %-escapes, so "/%61pi/…" reaches /api/….
  const url = request.routeOptions.url ?? request.url;
  if (!(url.startsWith('/api/') || url.startsWith('/auth/')) || url.startsWith('/api/v1/') || url.startsWith('/api/public/')) return;
  if (!originMatchesHost(request)) throw CsrfError('Cross-origin requests are not allowed.');
  const cookie = request.cookies[CSRF_COOKIE];
  const header = request.headers['x-csrf-token'];
  if (!cookie || typeof header !== 'string' || !sameToken(cookie, header)) {
    throw CsrfError('Missing or wrong CSRF token: reload the page and try again.');
  }
}
