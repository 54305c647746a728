// Users' own profile and password (sign-up and sessions live in server/auth).
import { createHash } from 'node:crypto';
import type { SessionUser } from '../auth/sessions.ts';
import type { Db } from './workspacesRepository.ts';

const PROFILE_COLUMNS = 'id, email, first_name, last_name, display_name, avatar, timezone, is_instance_admin';

export async function findProfile(db: Db, userId: string): Promise<SessionUser | null> {
  const { rows } = await db.query<SessionUser>(`SELECT ${PROFILE_COLUMNS} FROM users WHERE id = $1 AND deleted_at IS NULL`, [userId]);
  return rows[0] ?? null;
}

export interface ProfilePatch {
  first_name?: string;
  last_name?: string;
  display_name?: string;
  avatar?: string;
  timezone?: string;
}

/** Applies the fields present in `patch` and returns the profile. */
export async function updateProfile(db: Db, userId: string, patch: ProfilePatch): Promise<SessionUser | null> {
  const { rows } = await db.query<SessionUser>(
    `UPDATE users
        SET first_name = COALESCE($2, first_name), last_name = COALESCE($3, last_name), display_name = COALESCE($4, display_name),
            avatar = COALESCE($5, avatar), timezone = COALESCE($6, timezone), updated_at = now()
      WHERE id = $1 AND deleted_at IS NULL
      RETURNING ${PROFILE_COLUMNS}`,
    [userId, patch.first_name ?? null, patch.last_name ?? null, patch.display_name ?? null, patch.avatar ?? null, patch.timezone ?? null],
  );
  return rows[0] ?? null;
}

export async function findPasswordHash(db: Db, userId: string): Promise<string | null> {
  const { rows } = await db.query<{ password_hash: string | null }>('SELECT password_hash FROM users WHERE id = $1', [userId]);
  return rows[0]?.password_hash ?? null;
}

/** Stores the new hash and ends every session of the user except `keepSessionToken` (the caller's). */
export async function replacePassword(db: Db, userId: string, passwordHash: string, keepSessionToken: string | null): Promise<void> {
  await db.query('UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1', [userId, passwordHash]);
  const keep = keepSessionToken ? createHash('sha256').update(keepSessionToken).digest() : null;
  await db.query('DELETE FROM sessions WHERE user_id = $1 AND ($2::bytea IS NULL OR token_hash <> $2)', [userId, keep]);
}
