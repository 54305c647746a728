// /api/instance: first-run setup (the first visitor creates the instance admin) and god-mode settings.
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { createInstanceAdmin } from '../../../commands/instanceAdminCreator.ts';
import { requireInstanceAdmin } from '../../plugins/sessionAuth.ts';
import { startSession } from '../auth/index.ts';

const SetupBody = Type.Object({
  email: Type.String({ maxLength: 320 }),
  password: Type.String({ maxLength: 1024 }),
  first_name: Type.Optional(Type.String({ maxLength: 100 })),
  last_name: Type.Optional(Type.String({ maxLength: 100 })),
  workspace_name: Type.Optional(Type.String({ maxLength: 80 })),
});
const PatchBody = Type.Object({
  signup_open: Type.Optional(Type.Boolean()),
  instance_name: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
});

const INSTANCE_COLUMNS = 'instance_name, is_setup_done, signup_open';

export async function instanceRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/instance', async () => {
    const { rows } = await app.ctx.db.query(`SELECT ${INSTANCE_COLUMNS} FROM instance WHERE id = 1`);
    return rows[0];
  });

  app.post<{ Body: Static<typeof SetupBody> }>('/api/instance/setup', { schema: { body: SetupBody } }, async (request, reply) => {
    const b = request.body;
    const result = await createInstanceAdmin(app.ctx.db, {
      email: b.email,
      password: b.password,
      firstName: b.first_name,
      lastName: b.last_name,
      workspaceName: b.workspace_name,
    });
    await startSession(app, request, reply, result.userId);
    return reply.status(201).send({ user: { id: result.userId, email: result.email }, workspace: result.workspace });
  });

  app.patch<{ Body: Static<typeof PatchBody> }>('/api/instance', { schema: { body: PatchBody } }, async (request) => {
    requireInstanceAdmin(request);
    const { rows } = await app.ctx.db.query(
      `UPDATE instance SET signup_open = COALESCE($1, signup_open), instance_name = COALESCE($2, instance_name), updated_at = now()
        WHERE id = 1 RETURNING ${INSTANCE_COLUMNS}`,
      [request.body.signup_open ?? null, request.body.instance_name?.trim() || null],
    );
    return rows[0];
  });

  app.get('/api/instance/services', async (request) => {
    requireInstanceAdmin(request);
    return { services: app.ctx.services() };
  });
}
