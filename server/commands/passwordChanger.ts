// Changes the signed-in user's password (Argon2id) and signs out their other sessions, at once.
import { HttpError, ValidationError } from '../api/errors.ts';
import { checkNewPassword } from '../auth/credentials.ts';
import type { LoginRateLimiter } from '../auth/loginRateLimiter.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { findPasswordHash, replacePassword } from '../repositories/usersRepository.ts';

export async function changePassword(
  db: Pool,
  limiter: LoginRateLimiter,
  input: { userId: string; sessionToken: string | null; oldPassword: string; newPassword: string },
): Promise<void> {
  // A stolen session must not become a way to guess the password behind it.
  const keys = [`password-change:${input.userId}`];
  const wait = limiter.retryAfter(keys);
  if (wait > 0) throw new HttpError(429, 'too_many_attempts', `Too many wrong passwords. Try again in ${Math.ceil(wait / 60)} minute(s).`);
  const stored = await findPasswordHash(db, input.userId);
  if (!(await verifyPassword(stored, input.oldPassword))) {
    limiter.fail(keys);
    throw ValidationError('The current password is wrong.', { old_password: ['The current password is wrong.'] });
  }
  limiter.succeed(keys);
  let password: string;
  try {
    password = checkNewPassword(input.newPassword);
  } catch (error) {
    const message = error instanceof Error ? error.message : 'Invalid password.';
    throw ValidationError(message, { new_password: [message] });
  }
  if (password === input.oldPassword) {
    const message = 'The new password cannot be the same as the current one.';
    throw ValidationError(message, { new_password: [message] });
  }
  const hash = await hashPassword(password);
  await inTransaction(db, (tx) => replacePassword(tx, input.userId, hash, input.sessionToken));
}
