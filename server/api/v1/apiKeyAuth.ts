// /api/v1 authentication: X-Api-Key only (missing → 401, unknown/revoked/expired → 403), then the
// per-key rate limit, whose headers ride on every authenticated response.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { tokenPrincipal } from '../../auth/apiTokens.ts';
import { AuthenticationError, ForbiddenError, HttpError } from '../errors.ts';
import { ApiRateLimiter } from './rateLimiter.ts';

/** Plane's throttle answer, verbatim (plus `message` for the SDK). */
export const RateLimitExceeded = (): HttpError =>
  new HttpError(429, 'rate_limited', 'RATE_LIMIT_EXCEEDED', { error_code: 5900, error_message: 'RATE_LIMIT_EXCEEDED' });

function apiKey(request: FastifyRequest): string | null {
  const value = request.headers['x-api-key'];
  const key = Array.isArray(value) ? value[0] : value;
  return key && key.trim() !== '' ? key.trim() : null;
}

export function registerApiKeyAuth(app: FastifyInstance): void {
  const limiter = new ApiRateLimiter();
  const { apiRateLimit, serviceApiRateLimit } = app.ctx.env;
  app.addHook('onRequest', async (request, reply) => {
    const key = apiKey(request);
    if (!key) throw AuthenticationError('Authentication credentials were not provided.');
    const principal = await tokenPrincipal(app.ctx.db, key);
    if (!principal) throw ForbiddenError('Given API token is not valid');
    request.user = principal.user;
    request.apiToken = principal;
    const decision = limiter.take(principal.tokenId, principal.isService ? serviceApiRateLimit : apiRateLimit);
    reply.header('X-RateLimit-Limit', decision.limit);
    reply.header('X-RateLimit-Remaining', decision.remaining);
    reply.header('X-RateLimit-Reset', decision.resetAt);
    if (!decision.allowed) {
      reply.header('Retry-After', Math.max(1, decision.resetAt - Math.floor(Date.now() / 1000)));
      throw RateLimitExceeded();
    }
  });
}
