// /api/workspaces…: workspaces, their members and the invitations an admin sends.
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { sendInvitations } from '../../../commands/invitationSender.ts';
import { createWorkspace, workspaceSlugProblem } from '../../../commands/workspaceCreator.ts';
import { leaveWorkspace, removeWorkspaceMember } from '../../../commands/workspaceMemberRemover.ts';
import { updateWorkspaceMemberRole } from '../../../commands/workspaceMemberRoleUpdater.ts';
import { presentInvitation } from '../../../presenters/invitation.ts';
import { presentWorkspace } from '../../../presenters/workspace.ts';
import { presentWorkspaceMember } from '../../../presenters/workspaceMember.ts';
import {
  deleteInvitation,
  findInvitation,
  listOpenInvitations,
  updateInvitationRole,
} from '../../../repositories/invitationsRepository.ts';
import { listWorkspaceMembers } from '../../../repositories/workspaceMembersRepository.ts';
import { findWorkspaceForMember, isSlugTaken, softDeleteWorkspace, updateWorkspace } from '../../../repositories/workspacesRepository.ts';
import { isUuid, requireRole, workspaceAccess } from '../../access/membership.ts';
import { isRole, ROLE } from '../../access/roles.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { requireUser } from '../../plugins/sessionAuth.ts';
import { CreateWorkspaceBody, checkWorkspacePatch, InviteBody, MemberRoleBody, PatchWorkspaceBody, SlugCheckQuery } from './schema.ts';

type SlugParams = { Params: { slug: string } };
type MemberParams = { Params: { slug: string; memberId: string } };
type InvitationParams = { Params: { slug: string; id: string } };

export async function workspaceRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;

  app.post<{ Body: Static<typeof CreateWorkspaceBody> }>(
    '/api/workspaces',
    { schema: { body: CreateWorkspaceBody } },
    async (request, reply) => {
      const user = requireUser(request);
      const workspace = await createWorkspace(db, {
        name: request.body.name,
        slug: request.body.slug,
        organizationSize: request.body.organization_size,
        ownerId: user.id,
      });
      return reply.status(201).send(presentWorkspace(workspace));
    },
  );

  const slugCheck = async (slug: string | undefined): Promise<{ status: boolean }> => {
    if (!slug) throw ValidationError('Workspace slug is required.', { slug: ['This field is required.'] });
    return { status: workspaceSlugProblem(slug) === null && !(await isSlugTaken(db, slug)) };
  };
  for (const path of ['/api/workspaces/slug-check', '/api/workspace-slug-check']) {
    app.get<{ Querystring: Static<typeof SlugCheckQuery> }>(path, { schema: { querystring: SlugCheckQuery } }, async (request) => {
      requireUser(request);
      return slugCheck(request.query.slug);
    });
  }

  app.get<SlugParams>('/api/workspaces/:slug', async (request) => {
    const access = await workspaceAccess(request, request.params.slug);
    const workspace = await findWorkspaceForMember(db, access.workspace.id, access.user.id);
    if (!workspace) throw NotFoundError();
    return presentWorkspace(workspace);
  });

  app.patch<SlugParams & { Body: Static<typeof PatchWorkspaceBody> }>(
    '/api/workspaces/:slug',
    { schema: { body: PatchWorkspaceBody } },
    async (request) => {
      const access = await workspaceAccess(request, request.params.slug);
      requireRole(access, ROLE.admin, 'change the workspace');
      await updateWorkspace(db, access.workspace.id, checkWorkspacePatch(request.body), access.user.id);
      const workspace = await findWorkspaceForMember(db, access.workspace.id, access.user.id);
      if (!workspace) throw NotFoundError();
      return presentWorkspace(workspace);
    },
  );

  app.delete<SlugParams>('/api/workspaces/:slug', async (request, reply) => {
    const access = await workspaceAccess(request, request.params.slug);
    requireRole(access, ROLE.admin, 'delete the workspace');
    await softDeleteWorkspace(db, access.workspace.id, access.user.id);
    return reply.status(204).send();
  });

  app.get<SlugParams>('/api/workspaces/:slug/members', async (request) => {
    const access = await workspaceAccess(request, request.params.slug);
    return (await listWorkspaceMembers(db, access.workspace.id)).map((m) => presentWorkspaceMember(m, access.role));
  });

  app.patch<MemberParams & { Body: Static<typeof MemberRoleBody> }>(
    '/api/workspaces/:slug/members/:memberId',
    { schema: { body: MemberRoleBody } },
    async (request) => {
      const access = await workspaceAccess(request, request.params.slug);
      if (!isUuid(request.params.memberId)) throw NotFoundError();
      requireRole(access, ROLE.admin, 'change member roles');
      const role = request.body.role;
      if (!isRole(role)) throw ValidationError('The role must be 20 (admin), 15 (member) or 5 (guest).', { role: ['Invalid role.'] });
      const member = await updateWorkspaceMemberRole(db, {
        workspaceId: access.workspace.id,
        actorId: access.user.id,
        memberId: request.params.memberId,
        role,
      });
      return presentWorkspaceMember(member, access.role);
    },
  );

  app.delete<MemberParams>('/api/workspaces/:slug/members/:memberId', async (request, reply) => {
    const access = await workspaceAccess(request, request.params.slug);
    if (!isUuid(request.params.memberId)) throw NotFoundError();
    requireRole(access, ROLE.admin, 'remove members');
    await removeWorkspaceMember(db, { workspaceId: access.workspace.id, actorId: access.user.id, memberId: request.params.memberId });
    return reply.status(204).send();
  });

  app.post<SlugParams>('/api/workspaces/:slug/members/leave', async (request, reply) => {
    const access = await workspaceAccess(request, request.params.slug);
    await leaveWorkspace(db, { workspaceId: access.workspace.id, userId: access.user.id });
    return reply.status(204).send();
  });

  // As in Plane, admins and members manage invitations (a member invites at most as a member);
  // guests cannot.
  app.get<SlugParams>('/api/workspaces/:slug/invitations', async (request) => {
    const access = await workspaceAccess(request, request.params.slug);
    requireRole(access, ROLE.member, 'see invitations');
    return (await listOpenInvitations(db, access.workspace.id)).map(presentInvitation);
  });

  app.post<SlugParams & { Body: Static<typeof InviteBody> }>(
    '/api/workspaces/:slug/invitations',
    { schema: { body: InviteBody } },
    async (request, reply) => {
      const access = await workspaceAccess(request, request.params.slug);
      requireRole(access, ROLE.member, 'invite people');
      const created = await sendInvitations(db, {
        workspace: access.workspace,
        inviter: { id: access.user.id, role: access.role, displayName: access.user.display_name, email: access.user.email },
        publicUrl: app.ctx.env.publicUrl,
        invites: request.body.emails,
      });
      return reply.status(201).send(created.map(presentInvitation));
    },
  );

  app.get<InvitationParams>('/api/workspaces/:slug/invitations/:id', async (request) => {
    const access = await workspaceAccess(request, request.params.slug);
    if (!isUuid(request.params.id)) throw NotFoundError();
    requireRole(access, ROLE.member, 'see invitations');
    const invitation = await findInvitation(db, access.workspace.id, request.params.id);
    if (!invitation) throw NotFoundError();
    return presentInvitation(invitation);
  });

  // Changing a pending invitation's role is a role change: admins only, as for members.
  app.patch<InvitationParams & { Body: Static<typeof MemberRoleBody> }>(
    '/api/workspaces/:slug/invitations/:id',
    { schema: { body: MemberRoleBody } },
    async (request) => {
      const access = await workspaceAccess(request, request.params.slug);
      if (!isUuid(request.params.id)) throw NotFoundError();
      requireRole(access, ROLE.admin, 'change invitations');
      const role = request.body.role;
      if (!isRole(role)) throw ValidationError('The role must be 20 (admin), 15 (member) or 5 (guest).', { role: ['Invalid role.'] });
      const invitation = await updateInvitationRole(db, access.workspace.id, request.params.id, role, access.user.id);
      if (!invitation) throw NotFoundError();
      return presentInvitation(invitation);
    },
  );

  app.delete<InvitationParams>('/api/workspaces/:slug/invitations/:id', async (request, reply) => {
    const access = await workspaceAccess(request, request.params.slug);
    if (!isUuid(request.params.id)) throw NotFoundError();
    requireRole(access, ROLE.admin, 'delete invitations');
    if (!(await deleteInvitation(db, access.workspace.id, request.params.id))) throw NotFoundError();
    return reply.status(204).send();
  });
}
