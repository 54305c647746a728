// A workspace's webhooks and their delivery logs. Every query is scoped by the workspace id that the
// caller's access check (or the delivery job's props) resolved; soft-deleted webhooks are invisible.
import type { Pool, PoolClient } from '../db/pool.ts';

type Db = Pool | PoolClient;

export const WEBHOOK_EVENTS = ['project', 'issue', 'module', 'cycle', 'issue_comment'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export type WebhookAction = 'create' | 'update' | 'delete';

export type WebhookToggles = Record<WebhookEvent, boolean>;

export interface WebhookRow extends WebhookToggles {
  id: string;
  workspace_id: string;
  url: string;
  secret: string;
  is_active: boolean;
  created_by: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

export interface WebhookLogRow {
  id: string;
  webhook_id: string;
  workspace_id: string;
  event: string;
  action: string;
  delivery_id: string;
  attempt: number;
  request_headers: Record<string, string>;
  request_body: string;
  response_status: number | null;
  response_body: string | null;
  error: string | null;
  duration_ms: number | null;
  created_at: Date;
}

/** Fields a caller may write; nothing else reaches SQL. */
export interface WebhookFields extends Partial<WebhookToggles> {
  url?: string;
  is_active?: boolean;
}

const COLUMNS = `id, workspace_id, url, secret, is_active, project, issue, module, cycle, issue_comment,
  created_by, updated_by, created_at, updated_at, deleted_at`;

export async function listWebhooks(db: Db, workspaceId: string): Promise<WebhookRow[]> {
  const { rows } = await db.query<WebhookRow>(
    `SELECT ${COLUMNS} FROM webhooks WHERE workspace_id = $1 AND deleted_at IS NULL ORDER BY created_at, id`,
    [workspaceId],
  );
  return rows;
}

export async function findWebhook(db: Db, workspaceId: string, webhookId: string): Promise<WebhookRow | null> {
  const { rows } = await db.query<WebhookRow>(
    `SELECT ${COLUMNS} FROM webhooks WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL`,
    [workspaceId, webhookId],
  );
  return rows[0] ?? null;
}

export async function findWebhookByUrl(db: Db, workspaceId: string, url: string): Promise<{ id: string } | null> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM webhooks WHERE workspace_id = $1 AND url = $2 AND deleted_at IS NULL', [
    workspaceId,
    url,
  ]);
  return rows[0] ?? null;
}

export async function insertWebhook(
  db: Db,
  w: { workspaceId: string; actorId: string; url: string; secret: string; fields: WebhookFields },
): Promise<WebhookRow> {
  const f = w.fields;
  const { rows } = await db.query<WebhookRow>(
    `INSERT INTO webhooks (workspace_id, url, secret, is_active, project, issue, module, cycle, issue_comment, created_by, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING ${COLUMNS}`,
    [
      w.workspaceId,
      w.url,
      w.secret,
      f.is_active ?? true,
      f.project ?? false,
      f.issue ?? false,
      f.module ?? false,
      f.cycle ?? false,
      f.issue_comment ?? false,
      w.actorId,
    ],
  );
  const row = rows[0];
  if (!row) throw new Error('webhook insert returned no row');
  return row;
}

export async function updateWebhook(
  db: Db,
  scope: { workspaceId: string; webhookId: string; actorId: string },
  f: WebhookFields,
): Promise<WebhookRow | null> {
  const { rows } = await db.query<WebhookRow>(
    `UPDATE webhooks SET url = COALESCE($3, url), is_active = COALESCE($4, is_active), project = COALESCE($5, project),
            issue = COALESCE($6, issue), module = COALESCE($7, module), cycle = COALESCE($8, cycle),
            issue_comment = COALESCE($9, issue_comment), updated_by = $10, updated_at = now()
      WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING ${COLUMNS}`,
    [
      scope.workspaceId,
      scope.webhookId,
      f.url ?? null,
      f.is_active ?? null,
      f.project ?? null,
      f.issue ?? null,
      f.module ?? null,
      f.cycle ?? null,
      f.issue_comment ?? null,
      scope.actorId,
    ],
  );
  return rows[0] ?? null;
}

export async function replaceWebhookSecret(
  db: Db,
  scope: { workspaceId: string; webhookId: string; actorId: string },
  secret: string,
): Promise<WebhookRow | null> {
  const { rows } = await db.query<WebhookRow>(
    `UPDATE webhooks SET secret = $3, updated_by = $4, updated_at = now()
      WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING ${COLUMNS}`,
    [scope.workspaceId, scope.webhookId, secret, scope.actorId],
  );
  return rows[0] ?? null;
}

export async function softDeleteWebhook(db: Db, scope: { workspaceId: string; webhookId: string; actorId: string }): Promise<boolean> {
  const result = await db.query(
    `UPDATE webhooks SET deleted_at = now(), is_active = false, updated_by = $3, updated_at = now()
      WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL`,
    [scope.workspaceId, scope.webhookId, scope.actorId],
  );
  return result.rowCount === 1;
}

/** The newest attempts first. */
export async function listWebhookLogs(
  db: Db,
  scope: { workspaceId: string; webhookId: string },
  page: { limit: number; offset: number },
): Promise<WebhookLogRow[]> {
  const { rows } = await db.query<WebhookLogRow>(
    `SELECT id, webhook_id, workspace_id, event, action, delivery_id, attempt, request_headers, request_body, response_status,
            response_body, error, duration_ms, created_at
       FROM webhook_logs WHERE workspace_id = $1 AND webhook_id = $2
      ORDER BY created_at DESC, attempt DESC, id LIMIT $3 OFFSET $4`,
    [scope.workspaceId, scope.webhookId, page.limit, page.offset],
  );
  return rows;
}

export interface NewWebhookLog {
  webhookId: string;
  workspaceId: string;
  event: string;
  action: string;
  deliveryId: string;
  attempt: number;
  requestHeaders: Record<string, string>;
  requestBody: string;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
  durationMs: number | null;
}

export async function insertWebhookLog(db: Db, log: NewWebhookLog): Promise<void> {
  await db.query(
    `INSERT INTO webhook_logs (webhook_id, workspace_id, event, action, delivery_id, attempt, request_headers, request_body,
                               response_status, response_body, error, duration_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      log.webhookId,
      log.workspaceId,
      log.event,
      log.action,
      log.deliveryId,
      log.attempt,
      JSON.stringify(log.requestHeaders),
      log.requestBody,
      log.responseStatus,
      log.responseBody,
      log.error,
      log.durationMs,
    ],
  );
}

/** Whether an attempt of this delivery already got a 2xx (deliveries run at least once). */
export async function wasDelivered(db: Db, scope: { workspaceId: string; deliveryId: string }): Promise<boolean> {
  const { rows } = await db.query(
    'SELECT 1 FROM webhook_logs WHERE workspace_id = $1 AND delivery_id = $2 AND response_status BETWEEN 200 AND 299 LIMIT 1',
    [scope.workspaceId, scope.deliveryId],
  );
  return rows.length > 0;
}
