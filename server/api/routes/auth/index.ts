// /auth/…: CSRF token, sign-in, sign-up, sign-out (email + password; sessions in Postgres).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { checkNewPassword, displayNameFor, normalizeEmail } from '../../../auth/credentials.ts';
import { LoginRateLimiter } from '../../../auth/loginRateLimiter.ts';
import { hashPassword, verifyPassword } from '../../../auth/passwords.ts';
import { SESSION_COOKIE, SESSION_DAYS, createSession, destroySession } from '../../../auth/sessions.ts';
import { presentMe } from '../../../presenters/user.ts';
import { hasOpenInvitation } from '../../../repositories/invitationsRepository.ts';
import { serializeCookie } from '../../cookies.ts';
import { AuthenticationError, ConflictError, ForbiddenError, HttpError } from '../../errors.ts';
import { issueCsrfToken } from '../../plugins/csrf.ts';
import { SignInBody, SignUpBody } from './schema.ts';

export async function startSession(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, userId: string): Promise<void> {
  const { token } = await createSession(app.ctx.db, userId, request.headers['user-agent'] ?? '');
  reply.header(
    'Set-Cookie',
    serializeCookie(SESSION_COOKIE, token, { httpOnly: true, secure: request.protocol === 'https', maxAgeSeconds: SESSION_DAYS * 86_400 }),
  );
}

export async function authRoutes(app: FastifyInstance): Promise<void> {
  const limiter = new LoginRateLimiter();

  app.get('/auth/csrf', async (request, reply) => ({ csrf_token: issueCsrfToken(request, reply) }));

  app.post<{ Body: Static<typeof SignInBody> }>('/auth/sign-in', { schema: { body: SignInBody } }, async (request, reply) => {
    const email = normalizeEmail(request.body.email);
    const keys = [`email:${email}`, `ip:${request.ip}`];
    const wait = limiter.retryAfter(keys);
    if (wait > 0) {
      reply.header('Retry-After', String(wait));
      throw new HttpError(429, 'too_many_attempts', `Too many sign-in attempts. Try again in ${Math.ceil(wait / 60)} minute(s).`);
    }
    const { rows } = await app.ctx.db.query<{ id: string; password_hash: string | null }>(
      'SELECT id, password_hash FROM users WHERE email = $1 AND is_active AND deleted_at IS NULL',
      [email],
    );
    const user = rows[0];
    if (!(await verifyPassword(user?.password_hash ?? null, request.body.password)) || !user) {
      limiter.fail(keys);
      throw AuthenticationError('Wrong email or password.');
    }
    limiter.succeed([`email:${email}`]);
    await startSession(app, request, reply, user.id);
    const me = await app.ctx.db.query(
      'SELECT id, email, first_name, last_name, display_name, avatar, timezone, is_instance_admin FROM users WHERE id = $1',
      [user.id],
    );
    return { user: presentMe(me.rows[0]) };
  });

  app.post<{ Body: Static<typeof SignUpBody> }>('/auth/sign-up', { schema: { body: SignUpBody } }, async (request, reply) => {
    const { rows } = await app.ctx.db.query<{ signup_open: boolean; is_setup_done: boolean }>(
      'SELECT signup_open, is_setup_done FROM instance WHERE id = 1',
    );
    const instance = rows[0];
    if (!instance?.is_setup_done)
      throw ForbiddenError('This instance is not set up yet: the first visitor creates the instance admin in /god-mode/.');
    const email = normalizeEmail(request.body.email);
    // "Invite only" still lets people with an open invitation create their account.
    if (!instance.signup_open && !(await hasOpenInvitation(app.ctx.db, email)))
      throw ForbiddenError('Sign-up is closed on this instance: ask an admin for an invitation.');
    const password = checkNewPassword(request.body.password);
    const first = (request.body.first_name ?? '').trim();
    const last = (request.body.last_name ?? '').trim();
    const hash = await hashPassword(password);
    const inserted = await app.ctx.db.query<{ id: string }>(
      `INSERT INTO users (email, password_hash, first_name, last_name, display_name) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (email) DO NOTHING RETURNING id`,
      [email, hash, first, last, displayNameFor(first, last, email)],
    );
    const id = inserted.rows[0]?.id;
    if (!id) throw ConflictError('An account with this email already exists. Sign in instead.');
    await startSession(app, request, reply, id);
    const me = await app.ctx.db.query(
      'SELECT id, email, first_name, last_name, display_name, avatar, timezone, is_instance_admin FROM users WHERE id = $1',
      [id],
    );
    return reply.status(201).send({ user: presentMe(me.rows[0]) });
  });

  app.post('/auth/sign-out', async (request, reply) => {
    if (request.sessionToken) await destroySession(app.ctx.db, request.sessionToken);
    reply.header(
      'Set-Cookie',
      serializeCookie(SESSION_COOKIE, '', { httpOnly: true, secure: request.protocol === 'https', maxAgeSeconds: 0 }),
    );
    return reply.status(204).send();
  });
}
