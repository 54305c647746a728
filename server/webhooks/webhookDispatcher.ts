// Turns the webhook outbox (webhook_events) into `deliver-webhook` jobs: one per captured change and
// matching webhook. Runs in the api process beside the job runner. The capture trigger NOTIFYs at
// commit, so a change is fanned out within milliseconds; a sweep at start and every
// `sweepIntervalMs` picks up whatever a missed notification left (api down, LISTEN reconnecting).
// At-least-once without duplicates: the job id is derived from (event, webhook), so re-sending a
// batch whose claim was not committed creates no second job.
import { createHash } from 'node:crypto';
import { inTransaction, type Pool } from '../db/pool.ts';
import type { EnqueueOptions } from '../jobs/jobRunner.ts';
import type { RetryOptions } from '../jobs/task.ts';
import type { DeliverWebhookProps } from '../jobs/tasks/deliverWebhook.ts';
import { createBus } from '../live/bus.ts';
import { claimWebhookEvents, deleteWebhookEvents, listeningWebhooks } from '../repositories/webhookEventsRepository.ts';
import type { Logger } from '../runtime/logger.ts';

export const WEBHOOK_EVENTS_CHANNEL = 'hangar_webhook_events';
const BATCH = 200;

export interface WebhookDispatcherOptions {
  connectionString: string;
  db: Pool;
  /** Sends one delivery job (the job runner's enqueue for 'deliver-webhook'). */
  enqueue(props: DeliverWebhookProps, options: EnqueueOptions): Promise<string | null>;
  log: Logger;
  /** Backstop sweep interval (default 30 s). */
  sweepIntervalMs?: number;
  /** Per-delivery retry policy overriding the task's (tests shorten the base delay). */
  retry?: Partial<RetryOptions>;
}

export interface WebhookDispatcher {
  /** Fans out everything pending now; resolves to the number of events handled. */
  sweep(): Promise<number>;
  stop(): Promise<void>;
}

/** A stable UUID for (event, webhook): the delivery id and the job id. */
export function deliveryIdFor(eventId: string, webhookId: string): string {
  const hex = createHash('sha256').update(`webhook-delivery:${eventId}:${webhookId}`).digest('hex');
  // RFC 9562 version 8 (custom) with the RFC variant bits.
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** One pass over the outbox, batch by batch, until it is empty. */
export async function dispatchWebhookEvents(options: Pick<WebhookDispatcherOptions, 'db' | 'enqueue' | 'retry'>): Promise<number> {
  let handled = 0;
  for (;;) {
    const count = await inTransaction(options.db, async (tx) => {
      const events = await claimWebhookEvents(tx, BATCH);
      if (events.length === 0) return 0;
      const hooks = await listeningWebhooks(tx, [...new Set(events.map((e) => e.workspace_id))]);
      for (const event of events) {
        for (const hook of hooks) {
          if (hook.workspace_id !== event.workspace_id || !hook[event.event]) continue;
          const deliveryId = deliveryIdFor(event.id, hook.id);
          await options.enqueue(
            {
              deliveryId,
              webhookId: hook.id,
              workspaceId: event.workspace_id,
              event: event.event,
              action: event.action,
              objectId: event.object_id,
              projectId: event.project_id,
              actor: event.actor,
              field: event.field,
              oldValue: event.old_value,
              newValue: event.new_value,
            },
            { id: deliveryId, ...options.retry },
          );
        }
      }
      // Events of workspaces without a listening webhook any more are dropped with the rest.
      await deleteWebhookEvents(
        tx,
        events.map((e) => e.id),
      );
      return events.length;
    });
    handled += count;
    if (count < BATCH) return handled;
  }
}

export async function startWebhookDispatcher(options: WebhookDispatcherOptions): Promise<WebhookDispatcher> {
  const { log } = options;
  let running: Promise<number> | null = null;
  let again = false;
  let stopped = false;

  // Single flight: a wake-up during a pass asks for one more pass after it.
  const sweep = (): Promise<number> => {
    if (stopped) return Promise.resolve(0);
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      do {
        again = false;
        try {
          total += await dispatchWebhookEvents(options);
        } catch (error) {
          log.warn({ err: error }, 'webhook dispatch failed; the next sweep retries');
        }
      } while (again && !stopped);
      return total;
    })().finally(() => {
      running = null;
    });
    return running;
  };

  const bus = createBus(options.connectionString, (error) => log.warn({ err: error }, 'webhook dispatcher bus error'));
  bus.on(WEBHOOK_EVENTS_CHANNEL, () => void sweep());
  bus.onReconnect(() => void sweep());
  // Without LISTEN the sweeps still deliver, only later.
  await bus.start().catch((error: unknown) => log.warn({ err: error }, 'webhook dispatcher cannot LISTEN; sweeping only'));
  const timer = setInterval(() => void sweep(), options.sweepIntervalMs ?? 30_000);
  timer.unref();
  void sweep();

  return {
    sweep,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await bus.close();
      await running?.catch(() => undefined);
    },
  };
}
