// The invitee answers an invitation from its link: accepting makes them a member with the invited
// role; declining only closes it. Either way the token can never be used again.
import { ForbiddenError, NotFoundError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { findOpenInvitationByToken, type InvitationForInvitee, markInvitationAnswered } from '../repositories/invitationsRepository.ts';
import { insertWorkspaceMember } from '../repositories/workspaceMembersRepository.ts';

export async function respondToInvitation(
  db: Pool,
  input: { token: string; user: { id: string; email: string }; accept: boolean },
): Promise<InvitationForInvitee> {
  return inTransaction(db, async (tx) => {
    const invitation = await findOpenInvitationByToken(tx, input.token);
    if (!invitation) throw NotFoundError('This invitation does not exist or has already been answered.');
    // The link may have been forwarded: only the invited address may use it.
    if (invitation.email !== input.user.email.toLowerCase()) {
      throw ForbiddenError(`This invitation was sent to another email address: sign in as ${invitation.email} to answer it.`);
    }
    const respondedAt = await markInvitationAnswered(tx, invitation.id, input.accept, input.user.id);
    if (!respondedAt) throw NotFoundError('This invitation does not exist or has already been answered.');
    // Someone already a member keeps their role.
    if (input.accept) await insertWorkspaceMember(tx, invitation.workspace_id, input.user.id, invitation.role);
    return { ...invitation, accepted: input.accept, responded_at: respondedAt };
  });
}
