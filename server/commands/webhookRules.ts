// What a webhook may be: an http(s) URL whose host resolves only to public addresses (unless the
// instance allows private targets), once per workspace; its secret is random and made here.
import { randomBytes } from 'node:crypto';
import { ConflictError, ValidationError } from '../api/errors.ts';
import type { Pool, PoolClient } from '../db/pool.ts';
import { findWebhookByUrl } from '../repositories/webhooksRepository.ts';
import { privateTargetsAllowed } from '../webhooks/privateTargets.ts';
import { checkWebhookTarget } from '../webhooks/targetGuard.ts';

export const MAX_URL_LENGTH = 2048;

/** Plane's secret format: `plane_wh_` + random hex. */
export function newWebhookSecret(): string {
  return `plane_wh_${randomBytes(32).toString('hex')}`;
}

/** The trimmed URL when it may receive deliveries; 400 naming the reason otherwise. */
export async function checkWebhookUrl(db: Pool, raw: string, allowPrivateFromEnv: boolean): Promise<string> {
  const url = raw.trim();
  if (!url) throw ValidationError('The webhook URL is required.', { url: ['This field is required.'] });
  if (url.length > MAX_URL_LENGTH) throw ValidationError('The webhook URL is too long.', { url: ['Too long.'] });
  const allowPrivate = await privateTargetsAllowed(db, allowPrivateFromEnv);
  const check = await checkWebhookTarget(url, { allowPrivate });
  if (!check.ok) {
    const reason = check.reason ?? 'This URL cannot receive webhooks.';
    throw ValidationError(reason, { url: [reason] });
  }
  return url;
}

export async function checkWebhookUrlFree(db: Pool | PoolClient, workspaceId: string, url: string, exceptId?: string): Promise<void> {
  const existing = await findWebhookByUrl(db, workspaceId, url);
  if (existing && existing.id !== exceptId)
    throw ConflictError('A webhook with this URL already exists in the workspace.', { id: existing.id, url: ['Already taken.'] });
}
