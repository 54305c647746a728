// /api/users/me…: the signed-in user's profile, password, and the workspaces they belong to.
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { LoginRateLimiter } from '../../../auth/loginRateLimiter.ts';
import { changePassword } from '../../../commands/passwordChanger.ts';
import { presentMe } from '../../../presenters/user.ts';
import { presentWorkspace } from '../../../presenters/workspace.ts';
import { updateProfile } from '../../../repositories/usersRepository.ts';
import { listWorkspacesOfUser } from '../../../repositories/workspacesRepository.ts';
import { AuthenticationError } from '../../errors.ts';
import { requireUser } from '../../plugins/sessionAuth.ts';
import { checkProfilePatch, PasswordBody, ProfileBody } from './schema.ts';

export async function userRoutes(app: FastifyInstance): Promise<void> {
  const passwordLimiter = new LoginRateLimiter();

  app.get('/api/users/me', async (request) => presentMe(requireUser(request)));

  app.patch<{ Body: Static<typeof ProfileBody> }>('/api/users/me', { schema: { body: ProfileBody } }, async (request) => {
    const user = requireUser(request);
    const updated = await updateProfile(app.ctx.db, user.id, checkProfilePatch(request.body));
    if (!updated) throw AuthenticationError();
    return presentMe(updated);
  });

  app.post<{ Body: Static<typeof PasswordBody> }>('/api/users/me/password', { schema: { body: PasswordBody } }, async (request) => {
    const user = requireUser(request);
    await changePassword(app.ctx.db, passwordLimiter, {
      userId: user.id,
      sessionToken: request.sessionToken,
      oldPassword: request.body.old_password,
      newPassword: request.body.new_password,
    });
    return { message: 'Password updated successfully.' };
  });

  app.get('/api/users/me/workspaces', async (request) => {
    const user = requireUser(request);
    return (await listWorkspacesOfUser(app.ctx.db, user.id)).map(presentWorkspace);
  });
}
