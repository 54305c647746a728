// Workspace invitations: the admin's view (bare ids, as Plane's v1 objects) and the invitee's view
// (the workspace and who invited them, what the invitation link's page shows). The token is never
// shown: only its hash is stored.
import type { InvitationForInvitee, InvitationRow } from '../repositories/invitationsRepository.ts';
import { presentUserLiteForGuest, type UserLite } from './user.ts';

export interface InvitationJson {
  id: string;
  email: string;
  role: number;
  message: string;
  accepted: boolean;
  responded_at: Date | null;
  workspace: string;
  created_at: Date;
  updated_at: Date;
  created_by: string | null;
  updated_by: string | null;
}

export function presentInvitation(row: InvitationRow): InvitationJson {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    message: row.message,
    accepted: row.accepted,
    responded_at: row.responded_at,
    workspace: row.workspace_id,
    created_at: row.created_at,
    updated_at: row.updated_at,
    created_by: row.created_by,
    updated_by: row.updated_by,
  };
}

export interface InviteeInvitationJson {
  id: string;
  email: string;
  role: number;
  accepted: boolean;
  responded_at: Date | null;
  workspace: { id: string; name: string; slug: string; logo_url: string | null };
  invited_by: Omit<UserLite, 'email'> | null;
  created_at: Date;
}

export function presentInvitationForInvitee(row: InvitationForInvitee): InviteeInvitationJson {
  const inviter =
    row.created_by === null
      ? null
      : presentUserLiteForGuest({
          id: row.created_by,
          first_name: row.inviter_first_name ?? '',
          last_name: row.inviter_last_name ?? '',
          email: row.inviter_email ?? '',
          avatar: row.inviter_avatar ?? '',
          display_name: row.inviter_display_name ?? '',
        });
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    accepted: row.accepted,
    responded_at: row.responded_at,
    workspace: { id: row.workspace_id, name: row.workspace_name, slug: row.workspace_slug, logo_url: row.workspace_logo || null },
    invited_by: inviter,
    created_at: row.created_at,
  };
}
