// Webhooks as Plane shows them (`secret_key`, one boolean per event kind, bare `workspace` id) — only
// workspace admins reach these routes, so the secret is shown — and their delivery logs, with
// Plane's log names (`event_type`, `request_method`, `retry_count`) beside Hangar's.
import type { WebhookLogRow, WebhookRow } from '../repositories/webhooksRepository.ts';

export function presentWebhook(row: WebhookRow) {
  return {
    id: row.id,
    url: row.url,
    is_active: row.is_active,
    secret_key: row.secret,
    project: row.project,
    issue: row.issue,
    module: row.module,
    cycle: row.cycle,
    issue_comment: row.issue_comment,
    workspace: row.workspace_id,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    deleted_at: row.deleted_at?.toISOString() ?? null,
    created_by: row.created_by,
    updated_by: row.updated_by,
  };
}

export function presentWebhookLog(row: WebhookLogRow) {
  return {
    id: row.id,
    webhook: row.webhook_id,
    workspace: row.workspace_id,
    event: row.event,
    event_type: row.event,
    action: row.action,
    delivery_id: row.delivery_id,
    attempt: row.attempt,
    retry_count: row.attempt - 1,
    request_method: 'POST',
    request_headers: row.request_headers,
    request_body: row.request_body,
    response_status: row.response_status,
    response_body: row.response_body,
    error: row.error,
    duration_ms: row.duration_ms,
    created_at: row.created_at.toISOString(),
  };
}
