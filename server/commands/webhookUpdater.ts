// Changes a webhook's URL, toggles or active flag; a new URL is checked like a new webhook's.
import { NotFoundError } from '../api/errors.ts';
import type { Pool } from '../db/pool.ts';
import { updateWebhook, type WebhookFields, type WebhookRow } from '../repositories/webhooksRepository.ts';
import { uniqueViolation } from './projectRules.ts';
import { checkWebhookUrl, checkWebhookUrlFree } from './webhookRules.ts';

export async function changeWebhook(
  db: Pool,
  input: { workspaceId: string; webhookId: string; actorId: string; fields: WebhookFields; allowPrivateFromEnv: boolean },
): Promise<WebhookRow> {
  const fields = { ...input.fields };
  if (fields.url !== undefined) {
    fields.url = await checkWebhookUrl(db, fields.url, input.allowPrivateFromEnv);
    await checkWebhookUrlFree(db, input.workspaceId, fields.url, input.webhookId);
  }
  const scope = { workspaceId: input.workspaceId, webhookId: input.webhookId, actorId: input.actorId };
  try {
    const row = await updateWebhook(db, scope, fields);
    if (!row) throw NotFoundError('This webhook does not exist.');
    return row;
  } catch (error) {
    if (fields.url !== undefined && uniqueViolation(error, ['webhooks_url_key']))
      await checkWebhookUrlFree(db, input.workspaceId, fields.url, input.webhookId);
    throw error;
  }
}
