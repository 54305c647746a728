// API tokens (X-Api-Key on /api/v1): random, shown once, stored as SHA-256; revocable and expiring.
import { createHash, randomBytes } from 'node:crypto';
import type { Pool } from '../db/pool.ts';
import type { SessionUser } from './sessions.ts';

const PREFIX = 'hangar_api_';
const digest = (token: string): Buffer => createHash('sha256').update(token).digest();
/** last_used is written at most this often per token, so reads do not turn into writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiTokenRow {
  id: string;
  user_id: string;
  workspace_id: string | null;
  label: string;
  description: string;
  token_hint: string;
  is_service: boolean;
  is_active: boolean;
  expired_at: Date | null;
  last_used: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface NewApiToken {
  userId: string;
  workspaceId?: string | null;
  label?: string;
  description?: string;
  expiresAt?: Date | null;
  isService?: boolean;
}

const COLUMNS = `id, user_id, workspace_id, label, description, token_hint, is_service, is_active, expired_at, last_used, created_at, updated_at`;

export async function createApiToken(db: Pool, input: NewApiToken): Promise<{ token: string; row: ApiTokenRow }> {
  const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  const { rows } = await db.query<ApiTokenRow>(
    `INSERT INTO api_tokens (user_id, workspace_id, label, description, token_hash, token_hint, expired_at, is_service)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
    [
      input.userId,
      input.workspaceId ?? null,
      input.label ?? '',
      input.description ?? '',
      digest(token),
      token.slice(0, PREFIX.length + 4),
      input.expiresAt ?? null,
      input.isService ?? false,
    ],
  );
  const row = rows[0];
  if (!row) throw new Error('api token insert returned no row');
  return { token, row };
}

export interface TokenPrincipal {
  tokenId: string;
  user: SessionUser;
  /** The one workspace the token may reach, or null for all of its user's workspaces. */
  workspaceId: string | null;
  isService: boolean;
}

interface PrincipalRow extends SessionUser {
  token_id: string;
  workspace_id: string | null;
  is_service: boolean;
  last_used: Date | null;
}

/** The token's user when the token is known, active, unexpired and its user active; else null. */
export async function tokenPrincipal(db: Pool, token: string): Promise<TokenPrincipal | null> {
  if (token.length < 16 || token.length > 200) return null;
  const { rows } = await db.query<PrincipalRow>({
    name: 'api_token_principal',
    text: `SELECT t.id AS token_id, t.workspace_id, t.is_service, t.last_used,
            u.id, u.email, u.first_name, u.last_name, u.display_name, u.avatar, u.timezone, u.is_instance_admin
       FROM api_tokens t JOIN users u ON u.id = t.user_id
      WHERE t.token_hash = $1 AND t.is_active AND (t.expired_at IS NULL OR t.expired_at > now())
        AND u.is_active AND u.deleted_at IS NULL`,
    values: [digest(token)],
  });
  const row = rows[0];
  if (!row) return null;
  if (!row.last_used || Date.now() - row.last_used.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.query('UPDATE api_tokens SET last_used = now() WHERE id = $1', [row.token_id]);
  }
  const { token_id, workspace_id, is_service, last_used: _lastUsed, ...user } = row;
  return { tokenId: token_id, user, workspaceId: workspace_id, isService: is_service };
}

export async function listApiTokens(db: Pool, userId: string): Promise<ApiTokenRow[]> {
  const { rows } = await db.query<ApiTokenRow>(
    `SELECT ${COLUMNS} FROM api_tokens WHERE user_id = $1 AND is_active ORDER BY created_at DESC`,
    [userId],
  );
  return rows;
}

/** Revokes one of the user's tokens; false when it is not theirs or already revoked. */
export async function revokeApiToken(db: Pool, userId: string, tokenId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE api_tokens SET is_active = false, updated_at = now() WHERE id = $1 AND user_id = $2 AND is_active',
    [tokenId, userId],
  );
  return rowCount === 1;
}
