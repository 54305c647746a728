// Workspace invitations. Only a SHA-256 of the link's token is stored; an invitation is "open" until
// it is accepted or declined (responded_at set), and then it can never be used again.
import { createHash } from 'node:crypto';
import type { Db } from './workspacesRepository.ts';

export const hashInvitationToken = (token: string): Buffer => createHash('sha256').update(token).digest();

export interface InvitationRow {
  id: string;
  workspace_id: string;
  email: string;
  role: number;
  message: string;
  accepted: boolean;
  responded_at: Date | null;
  created_by: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
}

/** An open invitation with what its invitee is shown: the workspace and who invited them. */
export interface InvitationForInvitee extends InvitationRow {
  workspace_name: string;
  workspace_slug: string;
  workspace_logo: string;
  inviter_first_name: string | null;
  inviter_last_name: string | null;
  inviter_email: string | null;
  inviter_avatar: string | null;
  inviter_display_name: string | null;
}

const COLUMNS =
  'i.id, i.workspace_id, i.email, i.role, i.message, i.accepted, i.responded_at, i.created_by, i.updated_by, i.created_at, i.updated_at';

/** The workspace's open invitations, newest first. */
export async function listOpenInvitations(db: Db, workspaceId: string): Promise<InvitationRow[]> {
  const { rows } = await db.query<InvitationRow>(
    `SELECT ${COLUMNS} FROM workspace_invitations i WHERE i.workspace_id = $1 AND i.responded_at IS NULL ORDER BY i.created_at DESC, i.id`,
    [workspaceId],
  );
  return rows;
}

/** Invitation `id` of the workspace (open or answered), or null. */
export async function findInvitation(db: Db, workspaceId: string, id: string): Promise<InvitationRow | null> {
  const { rows } = await db.query<InvitationRow>(`SELECT ${COLUMNS} FROM workspace_invitations i WHERE i.workspace_id = $1 AND i.id = $2`, [
    workspaceId,
    id,
  ]);
  return rows[0] ?? null;
}

/** Changes the role of open invitation `id`; null when there is no such open invitation. */
export async function updateInvitationRole(
  db: Db,
  workspaceId: string,
  id: string,
  role: number,
  actorId: string,
): Promise<InvitationRow | null> {
  const { rows } = await db.query<InvitationRow>(
    `UPDATE workspace_invitations i SET role = $3, updated_by = $4, updated_at = now()
      WHERE i.workspace_id = $1 AND i.id = $2 AND i.responded_at IS NULL
      RETURNING ${COLUMNS}`,
    [workspaceId, id, role, actorId],
  );
  return rows[0] ?? null;
}

/** Changes the role and/or message of open invitation `id`; null when there is no such open invitation. */
export async function updateInvitation(
  db: Db,
  workspaceId: string,
  id: string,
  patch: { role?: number; message?: string },
  actorId: string,
): Promise<InvitationRow | null> {
  const { rows } = await db.query<InvitationRow>(
    `UPDATE workspace_invitations i SET role = COALESCE($3, role), message = COALESCE($4, message), updated_by = $5, updated_at = now()
      WHERE i.workspace_id = $1 AND i.id = $2 AND i.responded_at IS NULL
      RETURNING ${COLUMNS}`,
    [workspaceId, id, patch.role ?? null, patch.message ?? null, actorId],
  );
  return rows[0] ?? null;
}

/** Emails (of `emails`) that already have an open invitation to the workspace. */
export async function openInvitationEmails(db: Db, workspaceId: string, emails: string[]): Promise<string[]> {
  const { rows } = await db.query<{ email: string }>(
    'SELECT email FROM workspace_invitations WHERE workspace_id = $1 AND email = ANY($2::text[]) AND responded_at IS NULL ORDER BY email',
    [workspaceId, emails],
  );
  return rows.map((r) => r.email);
}

/** Inserts an open invitation; null when that email already has one (the partial unique index decides). */
export async function insertInvitation(
  db: Db,
  input: { workspaceId: string; email: string; role: number; message?: string; tokenHash: Buffer; actorId: string },
): Promise<InvitationRow | null> {
  const { rows } = await db.query<InvitationRow>(
    `INSERT INTO workspace_invitations AS i (workspace_id, email, role, token_hash, created_by, updated_by, message)
     VALUES ($1, $2, $3, $4, $5, $5, $6)
     ON CONFLICT (workspace_id, email) WHERE responded_at IS NULL DO NOTHING
     RETURNING ${COLUMNS}`,
    [input.workspaceId, input.email, input.role, input.tokenHash, input.actorId, input.message ?? ''],
  );
  return rows[0] ?? null;
}

/** Deletes invitation `id` of the workspace; false when there is none. */
export async function deleteInvitation(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM workspace_invitations WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
  return (rowCount ?? 0) > 0;
}

/** The open invitation behind a link token, in a live workspace; null otherwise. */
export async function findOpenInvitationByToken(db: Db, token: string): Promise<InvitationForInvitee | null> {
  const { rows } = await db.query<InvitationForInvitee>(
    `SELECT ${COLUMNS}, w.name AS workspace_name, w.slug AS workspace_slug, w.logo AS workspace_logo,
            u.first_name AS inviter_first_name, u.last_name AS inviter_last_name, u.email AS inviter_email,
            u.avatar AS inviter_avatar, u.display_name AS inviter_display_name
       FROM workspace_invitations i
       JOIN workspaces w ON w.id = i.workspace_id AND w.deleted_at IS NULL
       LEFT JOIN users u ON u.id = i.created_by
      WHERE i.token_hash = $1 AND i.responded_at IS NULL`,
    [hashInvitationToken(token)],
  );
  return rows[0] ?? null;
}

/**
 * Marks the open invitation `id` answered and returns when. Null when it was answered (or deleted)
 * meanwhile: the `responded_at IS NULL` guard makes a token single-use even under concurrent requests.
 */
export async function markInvitationAnswered(db: Db, id: string, accepted: boolean, actorId: string): Promise<Date | null> {
  const { rows } = await db.query<{ responded_at: Date }>(
    `UPDATE workspace_invitations SET accepted = $2, responded_at = now(), updated_by = $3, updated_at = now()
      WHERE id = $1 AND responded_at IS NULL RETURNING responded_at`,
    [id, accepted, actorId],
  );
  return rows[0]?.responded_at ?? null;
}

/** True when `email` has an open invitation to a live workspace (lets them sign up when sign-up is closed). */
export async function hasOpenInvitation(db: Db, email: string): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM workspace_invitations i JOIN workspaces w ON w.id = i.workspace_id AND w.deleted_at IS NULL
      WHERE i.email = $1 AND i.responded_at IS NULL LIMIT 1`,
    [email],
  );
  return rows.length > 0;
}

export async function enqueueEmail(
  db: Db,
  email: { to: string; subject: string; bodyText: string; kind: string; idempotencyKey: string },
): Promise<void> {
  await db.query(
    `INSERT INTO email_outbox (to_email, subject, body_text, kind, idempotency_key) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [email.to, email.subject, email.bodyText, email.kind, email.idempotencyKey],
  );
}
