// /api/users/me…: the signed-in user and the workspaces they belong to.
import type { FastifyInstance } from 'fastify';
import { presentMe } from '../../../presenters/user.ts';
import { requireUser } from '../../plugins/sessionAuth.ts';

export async function userRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/users/me', async (request) => presentMe(requireUser(request)));

  app.get('/api/users/me/workspaces', async (request) => {
    const user = requireUser(request);
    const { rows } = await app.ctx.db.query(
      `SELECT w.id, w.name, w.slug, m.role FROM workspace_members m JOIN workspaces w ON w.id = m.workspace_id
        WHERE m.member_id = $1 AND w.deleted_at IS NULL ORDER BY w.name`,
      [user.id],
    );
    return rows;
  });
}
