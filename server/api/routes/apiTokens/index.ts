// /api/users/me/api-tokens…: the signed-in user's API tokens for /api/v1 — create (the token is in
// this one answer only), list, revoke.
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { listApiTokens, revokeApiToken } from '../../../auth/apiTokens.ts';
import { issueApiToken } from '../../../commands/apiTokenIssuer.ts';
import { presentApiToken } from '../../../presenters/apiToken.ts';
import { isUuid } from '../../access/membership.ts';
import { NotFoundError } from '../../errors.ts';
import { requireUser } from '../../plugins/sessionAuth.ts';
import { NullableString } from '../projects/schema.ts';

const CreateBody = Type.Object({
  label: Type.Optional(Type.String({ maxLength: 255 })),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  expired_at: Type.Optional(NullableString({ maxLength: 64 })),
  /** Slug of the one workspace the token may reach. */
  workspace_slug: Type.Optional(NullableString({ maxLength: 48 })),
});

const TOKENS = '/api/users/me/api-tokens';

export async function apiTokenRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;

  app.get(TOKENS, async (request) => (await listApiTokens(db, requireUser(request).id)).map(presentApiToken));

  app.post<{ Body: Static<typeof CreateBody> }>(TOKENS, { schema: { body: CreateBody } }, async (request, reply) => {
    const user = requireUser(request);
    const { token, row } = await issueApiToken(db, {
      userId: user.id,
      label: request.body.label,
      description: request.body.description,
      expiresAt: request.body.expired_at,
      workspaceSlug: request.body.workspace_slug,
    });
    return reply.status(201).send({ ...presentApiToken(row), token });
  });

  app.delete<{ Params: { tokenId: string } }>(`${TOKENS}/:tokenId`, async (request, reply) => {
    const user = requireUser(request);
    if (!isUuid(request.params.tokenId) || !(await revokeApiToken(db, user.id, request.params.tokenId))) {
      throw NotFoundError('This API token does not exist.');
    }
    return reply.status(204).send();
  });
}
