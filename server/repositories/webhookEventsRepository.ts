// The webhook outbox (webhook_events, written by the capture trigger of 0014_webhooks.sql): claimed
// in batches by the dispatcher, across workspaces by design — it is the one reader of the table.
import type { PoolClient } from '../db/pool.ts';
import type { WebhookAction, WebhookEvent, WebhookToggles } from './webhooksRepository.ts';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface WebhookEventRow {
  /** bigint, as text. */
  id: string;
  workspace_id: string;
  event: WebhookEvent;
  action: WebhookAction;
  object_id: string;
  project_id: string | null;
  actor: string | null;
  field: string | null;
  old_value: Json;
  new_value: Json;
}

export interface ListeningWebhook extends WebhookToggles {
  id: string;
  workspace_id: string;
}

/** The oldest unclaimed events, locked for the caller's transaction (other dispatchers skip them). */
export async function claimWebhookEvents(tx: PoolClient, limit: number): Promise<WebhookEventRow[]> {
  const { rows } = await tx.query<WebhookEventRow>(
    `SELECT id::text, workspace_id, event, action, object_id, project_id, actor, field, old_value, new_value
       FROM webhook_events ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows;
}

/** Active webhooks of these workspaces, with their toggles. */
export async function listeningWebhooks(tx: PoolClient, workspaceIds: readonly string[]): Promise<ListeningWebhook[]> {
  const { rows } = await tx.query<ListeningWebhook>(
    `SELECT id, workspace_id, project, issue, module, cycle, issue_comment
       FROM webhooks WHERE workspace_id = ANY($1::uuid[]) AND is_active AND deleted_at IS NULL ORDER BY created_at, id`,
    [workspaceIds],
  );
  return rows;
}

export async function deleteWebhookEvents(tx: PoolClient, ids: readonly string[]): Promise<void> {
  await tx.query('DELETE FROM webhook_events WHERE id = ANY($1::bigint[])', [ids]);
}
