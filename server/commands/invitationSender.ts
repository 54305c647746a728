// Invites people to a workspace by email: one open invitation per address, each with a random link
// token (only its SHA-256 is stored) and its email written to the outbox in the same transaction.
import { randomBytes } from 'node:crypto';
import { isRole, ROLE } from '../api/access/roles.ts';
import { ConflictError, ValidationError } from '../api/errors.ts';
import { normalizeEmail } from '../auth/credentials.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import {
  enqueueEmail,
  hashInvitationToken,
  type InvitationRow,
  insertInvitation,
  openInvitationEmails,
} from '../repositories/invitationsRepository.ts';

export const MAX_INVITATIONS_PER_REQUEST = 50;
const ROLE_NAMES: Record<number, string> = { [ROLE.admin]: 'an admin', [ROLE.member]: 'a member', [ROLE.guest]: 'a guest' };

export interface InvitationSenderInput {
  workspace: { id: string; slug: string; name: string };
  inviter: { id: string; role: number; displayName: string; email: string };
  /** Hangar's public origin, for the link in the email. */
  publicUrl: string;
  invites: { email: string; role?: number; message?: string }[];
}

function invitationEmail(input: InvitationSenderInput, invite: Invite, token: string): { subject: string; bodyText: string } {
  const link = `${input.publicUrl.replace(/\/+$/, '')}/invitations/?token=${encodeURIComponent(token)}&workspace=${encodeURIComponent(input.workspace.slug)}`;
  const who = input.inviter.displayName || input.inviter.email;
  return {
    subject: `${who} invited you to join ${input.workspace.name} on Hangar`,
    bodyText: [
      `${who} (${input.inviter.email}) invited you to join the workspace "${input.workspace.name}" as ${ROLE_NAMES[invite.role] ?? 'a member'}.`,
      '',
      ...(invite.message ? [`Their message: ${invite.message}`, ''] : []),
      `Accept or decline the invitation: ${link}`,
      '',
      'If you did not expect this invitation, you can ignore this email.',
    ].join('\n'),
  };
}

interface Invite {
  email: string;
  role: number;
  message: string;
}

/** Validates every invite before writing any, so a bad address in the list changes nothing. */
function normalizeInvites(input: InvitationSenderInput): Invite[] {
  if (input.invites.length === 0) throw ValidationError('Emails are required.', { emails: ['Add at least one email.'] });
  if (input.invites.length > MAX_INVITATIONS_PER_REQUEST) {
    const message = `At most ${MAX_INVITATIONS_PER_REQUEST} people can be invited at once.`;
    throw ValidationError(message, { emails: [message] });
  }
  const byEmail = new Map<string, Invite>();
  for (const invite of input.invites) {
    let email: string;
    try {
      email = normalizeEmail(invite.email);
    } catch {
      const message = `Invalid email - ${invite.email}: a valid email address is required to send the invite.`;
      throw ValidationError(message, { emails: [message] });
    }
    const role = invite.role ?? ROLE.guest;
    if (!isRole(role)) throw ValidationError('The role must be 20 (admin), 15 (member) or 5 (guest).', { role: ['Invalid role.'] });
    if (role > input.inviter.role)
      throw ValidationError('You cannot invite a user with a higher role than yours.', { role: ['Role too high.'] });
    // The same address twice in one request is one invitation (the first role given wins).
    if (!byEmail.has(email)) byEmail.set(email, { email, role, message: invite.message?.trim() ?? '' });
  }
  return [...byEmail.values()];
}

export async function sendInvitations(db: Pool, input: InvitationSenderInput): Promise<InvitationRow[]> {
  const invites = normalizeInvites(input);
  const emails = invites.map((i) => i.email);
  return inTransaction(db, async (tx) => {
    const members = await tx.query<{ email: string }>(
      `SELECT u.email FROM workspace_members m JOIN users u ON u.id = m.member_id
        WHERE m.workspace_id = $1 AND u.email = ANY($2::text[]) ORDER BY u.email`,
      [input.workspace.id, emails],
    );
    if (members.rows.length > 0) {
      const already = members.rows.map((r) => r.email);
      throw ValidationError(`Some users are already members of the workspace: ${already.join(', ')}.`, { emails: already });
    }
    const invited = await openInvitationEmails(tx, input.workspace.id, emails);
    if (invited.length > 0) {
      throw ConflictError(`An invitation is already open for ${invited.join(', ')}: delete it first to invite again.`, { emails: invited });
    }
    const created: InvitationRow[] = [];
    for (const invite of invites) {
      const token = randomBytes(32).toString('base64url');
      const row = await insertInvitation(tx, {
        workspaceId: input.workspace.id,
        email: invite.email,
        role: invite.role,
        message: invite.message,
        tokenHash: hashInvitationToken(token),
        actorId: input.inviter.id,
      });
      // Another request invited the same address in the meantime.
      if (!row) throw ConflictError(`An invitation is already open for ${invite.email}.`, { emails: [invite.email] });
      const email = invitationEmail(input, invite, token);
      await enqueueEmail(tx, {
        to: invite.email,
        subject: email.subject,
        bodyText: email.bodyText,
        kind: 'workspace_invitation',
        idempotencyKey: `workspace_invitation:${row.id}`,
      });
      created.push(row);
    }
    return created;
  });
}
