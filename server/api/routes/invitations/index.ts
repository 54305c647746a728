// /api/invitations/:token…: what the invitation link's page calls. The token itself is the proof of
// having received the email, so reading needs no membership; answering needs the invited account.
import type { FastifyInstance } from 'fastify';
import { respondToInvitation } from '../../../commands/invitationResponder.ts';
import { presentInvitationForInvitee } from '../../../presenters/invitation.ts';
import { findOpenInvitationByToken } from '../../../repositories/invitationsRepository.ts';
import { NotFoundError } from '../../errors.ts';
import { requireUser } from '../../plugins/sessionAuth.ts';

type TokenParams = { Params: { token: string } };

const TOKEN = /^[A-Za-z0-9_-]{20,128}$/;
const NOT_OPEN = 'This invitation does not exist or has already been answered.';

function checkToken(token: string): string {
  if (!TOKEN.test(token)) throw NotFoundError(NOT_OPEN);
  return token;
}

export async function invitationRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;

  app.get<TokenParams>('/api/invitations/:token', async (request) => {
    const invitation = await findOpenInvitationByToken(db, checkToken(request.params.token));
    if (!invitation) throw NotFoundError(NOT_OPEN);
    return presentInvitationForInvitee(invitation);
  });

  for (const [action, accept] of [
    ['accept', true],
    ['decline', false],
  ] as const) {
    app.post<TokenParams>(`/api/invitations/:token/${action}`, async (request) => {
      const user = requireUser(request);
      const token = checkToken(request.params.token);
      return presentInvitationForInvitee(await respondToInvitation(db, { token, user, accept }));
    });
  }
}
