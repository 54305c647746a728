// One webhook delivery (one captured change × one webhook), sent by the webhook dispatcher
// (server/webhooks/webhookDispatcher.ts). Each attempt signs the body with the webhook's secret,
// POSTs it and logs the attempt in webhook_logs; anything but a 2xx throws, so pg-boss retries with
// exponential backoff (10 s, 20 s, 40 s, 80 s … by default) until the retries are used up.
// Idempotent: the delivery id is the job id, and an attempt that finds a 2xx already logged for it
// sends nothing.
import { createHmac } from 'node:crypto';
import { webhookAllowPrivateFromEnv } from '../../env.ts';
import { findWebhook, insertWebhookLog, wasDelivered } from '../../repositories/webhooksRepository.ts';
import { privateTargetsAllowed } from '../../webhooks/privateTargets.ts';
import { checkWebhookTarget } from '../../webhooks/targetGuard.ts';
import { buildWebhookBody, type WebhookChange } from '../../webhooks/webhookPayload.ts';
import { postWebhook } from '../../webhooks/webhookSender.ts';
import { defineTask } from '../task.ts';

export interface DeliverWebhookProps extends WebhookChange {
  /** X-Plane-Delivery: the same for every attempt of this delivery. */
  deliveryId: string;
  webhookId: string;
}

export type DeliverWebhookResult = { outcome: 'delivered'; status: number } | { outcome: 'skipped' | 'refused'; reason: string };

/** Plane's user agent for webhook deliveries. */
export const WEBHOOK_USER_AGENT = 'Autopilot';
const TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 4_096;

export function signWebhookBody(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

export const deliverWebhook = defineTask({
  name: 'deliver-webhook',
  // 5 attempts in all. The dispatcher may override these per job (tests use a 1 s base delay).
  retry: { retryLimit: 4, retryDelay: 10, retryBackoff: true, retryDelayMax: 300 },
  expireInSeconds: 60,
  // Mostly waiting on the network; the thread pool still bounds the total.
  concurrency: 2,
  async run(props: DeliverWebhookProps, ctx): Promise<DeliverWebhookResult> {
    const webhook = await findWebhook(ctx.db, props.workspaceId, props.webhookId);
    if (!webhook?.is_active || !webhook[props.event])
      return { outcome: 'skipped', reason: 'webhook deleted, inactive or no longer subscribed' };
    if (await wasDelivered(ctx.db, { workspaceId: props.workspaceId, deliveryId: props.deliveryId }))
      return { outcome: 'skipped', reason: 'already delivered' };

    const body = JSON.stringify(await buildWebhookBody(ctx.db, webhook.id, props));
    const headers = {
      'Content-Type': 'application/json',
      'User-Agent': WEBHOOK_USER_AGENT,
      'X-Plane-Delivery': props.deliveryId,
      'X-Plane-Event': props.event,
      'X-Plane-Signature': signWebhookBody(webhook.secret, body),
    };
    const log = {
      webhookId: webhook.id,
      workspaceId: webhook.workspace_id,
      event: props.event,
      action: props.action,
      deliveryId: props.deliveryId,
      attempt: ctx.job.retryCount + 1,
      requestHeaders: headers,
      requestBody: body,
    };

    // Again at delivery time: the host's DNS answer may have changed since the webhook was saved.
    const allowPrivate = await privateTargetsAllowed(ctx.db, webhookAllowPrivateFromEnv());
    const target = await checkWebhookTarget(webhook.url, { allowPrivate });
    if (!target.ok || !target.url || !target.addresses) {
      const reason = `refused: ${target.reason ?? 'invalid target'}`;
      await insertWebhookLog(ctx.db, { ...log, responseStatus: null, responseBody: null, error: reason, durationMs: 0 });
      ctx.log.warn({ webhookId: webhook.id, deliveryId: props.deliveryId }, 'webhook target refused');
      // Not retried: the target is refused by policy, not failing.
      return { outcome: 'refused', reason };
    }

    const result = await postWebhook({ url: target.url, addresses: target.addresses }, headers, body, {
      timeoutMs: TIMEOUT_MS,
      maxResponseBytes: MAX_RESPONSE_BYTES,
    });
    await insertWebhookLog(ctx.db, {
      ...log,
      responseStatus: result.status,
      responseBody: result.body,
      error: result.error,
      durationMs: result.durationMs,
    });
    if (result.status !== null && result.status >= 200 && result.status < 300) return { outcome: 'delivered', status: result.status };
    throw new Error(`webhook delivery ${props.deliveryId} failed: ${result.error ?? `HTTP ${result.status}`}`);
  },
});
