// Issues an API token for a user (the app API's "API tokens" settings and `hangar api-token create`):
// checks the label, the expiry and, when the token is bound to a workspace, that the user is in it.
import { NotFoundError, ValidationError } from '../api/errors.ts';
import { type ApiTokenRow, createApiToken } from '../auth/apiTokens.ts';
import type { Pool } from '../db/pool.ts';

export interface ApiTokenRequest {
  userId: string;
  label?: string;
  description?: string;
  /** ISO date-time; null or absent = never expires. */
  expiresAt?: string | null;
  /** Workspace slug the token is limited to. */
  workspaceSlug?: string | null;
}

async function workspaceOfMember(db: Pool, userId: string, slug: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT w.id FROM workspaces w JOIN workspace_members m ON m.workspace_id = w.id AND m.member_id = $2
      WHERE w.slug = $1 AND w.deleted_at IS NULL`,
    [slug, userId],
  );
  const id = rows[0]?.id;
  if (!id) throw NotFoundError(`No workspace "${slug}" that this user belongs to.`);
  return id;
}

function expiry(value: string | null | undefined): Date | null {
  if (value === undefined || value === null || value === '') return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw ValidationError('expired_at must be a date-time.', { expired_at: ['Enter a valid date/time.'] });
  if (date.getTime() <= Date.now()) throw ValidationError('expired_at must be in the future.', { expired_at: ['Must be in the future.'] });
  return date;
}

export async function issueApiToken(db: Pool, input: ApiTokenRequest): Promise<{ token: string; row: ApiTokenRow }> {
  const label = (input.label ?? '').trim();
  if (label.length > 255) throw ValidationError('The label is too long (255 characters at most).', { label: ['Too long.'] });
  const expiresAt = expiry(input.expiresAt);
  const workspaceId = input.workspaceSlug ? await workspaceOfMember(db, input.userId, input.workspaceSlug) : null;
  return createApiToken(db, {
    userId: input.userId,
    workspaceId,
    label: label || 'API token',
    description: input.description ?? '',
    expiresAt,
  });
}

/** For the CLI: the active user with this email. */
export async function activeUserIdByEmail(db: Pool, email: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM users WHERE lower(email) = lower($1) AND is_active AND deleted_at IS NULL',
    [email.trim()],
  );
  const id = rows[0]?.id;
  if (!id) throw NotFoundError(`No active user with the email ${email}.`);
  return id;
}
