// Registers a webhook for a workspace, with a fresh secret.
import type { Pool } from '../db/pool.ts';
import { insertWebhook, type WebhookFields, type WebhookRow } from '../repositories/webhooksRepository.ts';
import { uniqueViolation } from './projectRules.ts';
import { checkWebhookUrl, checkWebhookUrlFree, newWebhookSecret } from './webhookRules.ts';

export async function createWebhook(
  db: Pool,
  input: { workspaceId: string; actorId: string; url: string; fields: WebhookFields; allowPrivateFromEnv: boolean },
): Promise<WebhookRow> {
  const url = await checkWebhookUrl(db, input.url, input.allowPrivateFromEnv);
  await checkWebhookUrlFree(db, input.workspaceId, url);
  try {
    return await insertWebhook(db, {
      workspaceId: input.workspaceId,
      actorId: input.actorId,
      url,
      secret: newWebhookSecret(),
      fields: input.fields,
    });
  } catch (error) {
    // Lost a race with an identical create: answer as if it had come first.
    if (uniqueViolation(error, ['webhooks_url_key'])) await checkWebhookUrlFree(db, input.workspaceId, url);
    throw error;
  }
}
