// v1 workspace members: a bare array (not the envelope) of user lite + role, as Plane answers it.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { presentWorkspaceMember } from '../../../presenters/workspaceMember.ts';
import { listWorkspaceMembers } from '../../../repositories/workspaceMembersRepository.ts';
import { workspaceAccess } from '../../access/membership.ts';
import { WORKSPACE, type SlugParams } from '../paths.ts';
import { Errors, ObjectOf } from '../schemas.ts';
import { UserLiteFields } from './users.ts';

const WorkspaceMember = ObjectOf('WorkspaceMember', { ...UserLiteFields, role: Type.Integer() });

export async function v1WorkspaceMemberRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: SlugParams }>(
    `${WORKSPACE}/members`,
    {
      schema: {
        tags: ['Members'],
        summary: "List the workspace's members (a bare array)",
        response: { 200: Type.Array(WorkspaceMember), ...Errors },
      },
    },
    async (request) => {
      const access = await workspaceAccess(request, request.params.slug);
      return (await listWorkspaceMembers(app.ctx.db, access.workspace.id)).map((m) => presentWorkspaceMember(m, access.role));
    },
  );
}
