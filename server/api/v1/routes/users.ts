// v1 users/me: the API key's user, as Plane's user object (user lite plus profile fields).
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { presentMe } from '../../../presenters/user.ts';
import { requireUser } from '../../plugins/sessionAuth.ts';
import { Errors, Id, NullableString, ObjectOf } from '../schemas.ts';

/** Plane's user lite; `email` is absent when a guest looks at other people. */
export const UserLiteFields = {
  id: Id,
  first_name: Type.String(),
  last_name: Type.String(),
  email: Type.Optional(Type.String()),
  avatar: Type.String(),
  avatar_url: NullableString,
  display_name: Type.String(),
};

const Me = ObjectOf('User', { ...UserLiteFields, email: Type.String(), timezone: Type.String() });

export async function v1UserRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/users/me',
    { schema: { tags: ['Users'], summary: 'The user the API key belongs to', response: { 200: Me, ...Errors } } },
    async (request) => presentMe(requireUser(request)),
  );
}
