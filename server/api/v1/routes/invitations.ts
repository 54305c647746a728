// v1 workspace invitations: the list is a bare array; POST {email, role, message?} → 201 with the
// invitation (its email goes out through the outbox, as from the app). Members read; writes are for
// workspace admins (Plane's v1 invitation views are admin-only).
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { sendInvitations } from '../../../commands/invitationSender.ts';
import { presentInvitation } from '../../../presenters/invitation.ts';
import type { InvitationRow } from '../../../repositories/invitationsRepository.ts';
import { deleteInvitation, findInvitation, listOpenInvitations, updateInvitation } from '../../../repositories/invitationsRepository.ts';
import { isUuid, requireRole, workspaceAccess } from '../../access/membership.ts';
import { isRole, ROLE } from '../../access/roles.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { refuseNulls } from '../../routes/projects/schema.ts';
import { type SlugParams, WORKSPACE } from '../paths.ts';
import { Audit, Errors, NoContent, NullableTimestamp, ObjectOf, Ref } from '../schemas.ts';

const Invitation = ObjectOf('WorkspaceInvitation', {
  ...Audit,
  email: Type.String(),
  role: Type.Integer(),
  message: Type.String(),
  accepted: Type.Boolean(),
  responded_at: NullableTimestamp,
  workspace: Ref,
});

const MESSAGE = Type.String({ maxLength: 10_000 });
const CreateBody = Type.Object({
  email: Type.String({ maxLength: 320 }),
  role: Type.Optional(Type.Integer()),
  message: Type.Optional(MESSAGE),
});
const PatchBody = Type.Object({ role: Type.Optional(Type.Integer()), message: Type.Optional(MESSAGE) });
type InvitationParams = SlugParams & { invitationId: string };

const INVITATIONS = `${WORKSPACE}/invitations`;
const INVITATION = `${INVITATIONS}/:invitationId`;
const TAGS = ['Invitations'];
const notFound = () => NotFoundError('This invitation does not exist.');

const present = (row: InvitationRow) => ({ ...presentInvitation(row), deleted_at: null });

function checkRole(role: number | undefined): void {
  if (role !== undefined && !isRole(role))
    throw ValidationError('The role must be 20 (admin), 15 (member) or 5 (guest).', { role: ['Invalid role.'] });
}

export async function v1InvitationRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;

  app.get<{ Params: SlugParams }>(
    INVITATIONS,
    {
      schema: {
        tags: TAGS,
        summary: "List the workspace's open invitations (a bare array)",
        response: { 200: Type.Array(Invitation), ...Errors },
      },
    },
    async (request) => {
      const access = await workspaceAccess(request, request.params.slug);
      requireRole(access, ROLE.member, 'see invitations');
      return (await listOpenInvitations(db, access.workspace.id)).map(present);
    },
  );

  app.post<{ Params: SlugParams; Body: Static<typeof CreateBody> }>(
    INVITATIONS,
    {
      schema: {
        tags: TAGS,
        summary: 'Invite someone by email (workspace admins)',
        body: CreateBody,
        response: { 201: Invitation, 409: Errors[400], ...Errors },
      },
      preValidation: refuseNulls(CreateBody),
    },
    async (request, reply) => {
      const access = await workspaceAccess(request, request.params.slug);
      requireRole(access, ROLE.admin, 'invite people');
      checkRole(request.body.role);
      const [created] = await sendInvitations(db, {
        workspace: access.workspace,
        inviter: { id: access.user.id, role: access.role, displayName: access.user.display_name, email: access.user.email },
        publicUrl: app.ctx.env.publicUrl,
        invites: [{ email: request.body.email, role: request.body.role, message: request.body.message }],
      });
      if (!created) throw new Error('sendInvitations returned no invitation');
      return reply.status(201).send(present(created));
    },
  );

  app.get<{ Params: InvitationParams }>(
    INVITATION,
    { schema: { tags: TAGS, summary: 'Get an invitation', response: { 200: Invitation, ...Errors } } },
    async (request) => {
      const access = await workspaceAccess(request, request.params.slug);
      requireRole(access, ROLE.member, 'see invitations');
      const invitation = isUuid(request.params.invitationId)
        ? await findInvitation(db, access.workspace.id, request.params.invitationId)
        : null;
      if (!invitation) throw notFound();
      return present(invitation);
    },
  );

  app.patch<{ Params: InvitationParams; Body: Static<typeof PatchBody> }>(
    INVITATION,
    {
      schema: {
        tags: TAGS,
        summary: "Change an open invitation's role or message (workspace admins)",
        body: PatchBody,
        response: { 200: Invitation, ...Errors },
      },
      preValidation: refuseNulls(PatchBody),
    },
    async (request) => {
      const access = await workspaceAccess(request, request.params.slug);
      requireRole(access, ROLE.admin, 'change invitations');
      if (!isUuid(request.params.invitationId)) throw notFound();
      checkRole(request.body.role);
      const invitation = await updateInvitation(
        db,
        access.workspace.id,
        request.params.invitationId,
        { role: request.body.role, message: request.body.message?.trim() },
        access.user.id,
      );
      if (!invitation) throw notFound();
      return present(invitation);
    },
  );

  app.delete<{ Params: InvitationParams }>(
    INVITATION,
    { schema: { tags: TAGS, summary: 'Delete an invitation (workspace admins)', response: { 204: NoContent, ...Errors } } },
    async (request, reply) => {
      const access = await workspaceAccess(request, request.params.slug);
      requireRole(access, ROLE.admin, 'delete invitations');
      if (!isUuid(request.params.invitationId) || !(await deleteInvitation(db, access.workspace.id, request.params.invitationId)))
        throw notFound();
      return reply.status(204).send();
    },
  );
}
