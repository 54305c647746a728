// v1 project members, under Plane's `/members/` and `/project-members/`: the list is a bare array of
// user lite + role (what Plane's SDK reads as ProjectMember); POST {member, role} → 201 with the
// membership. `{id}` in the detail routes may be the membership's id or the member's user id (Plane's
// clients use both). Guests read (without emails); project admins write; anyone may remove themself.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { addMemberToProject } from '../../../commands/projectMemberAdder.ts';
import { leaveProject, removeProjectMember } from '../../../commands/projectMemberRemover.ts';
import { updateProjectMemberRole } from '../../../commands/projectMemberUpdater.ts';
import { presentProjectMember } from '../../../presenters/projectMember.ts';
import { presentUserLite, presentUserLiteForGuest } from '../../../presenters/user.ts';
import {
  findProjectMember,
  findProjectMemberByUser,
  listProjectMembers,
  type ProjectMemberView,
} from '../../../repositories/projectMembersRepository.ts';
import { isUuid, type ProjectAccess, projectAccess, requireRole } from '../../access/membership.ts';
import { ROLE } from '../../access/roles.ts';
import { NotFoundError } from '../../errors.ts';
import { AddMemberBody, MemberRoleBody, refuseNulls } from '../../routes/projects/schema.ts';
import { PROJECT, type ProjectParams } from '../paths.ts';
import { Errors, Id, NoContent, ObjectOf, Ref, Timestamp } from '../schemas.ts';
import { UserLiteFields } from './users.ts';

const MemberUser = ObjectOf('ProjectMemberUser', { ...UserLiteFields, role: Type.Integer() });
const Membership = ObjectOf('ProjectMember', {
  id: Id,
  created_at: Timestamp,
  updated_at: Timestamp,
  created_by: Ref,
  updated_by: Ref,
  member: Id,
  member_detail: ObjectOf('UserLite', UserLiteFields),
  role: Type.Integer(),
  sort_order: Type.Number(),
  is_active: Type.Boolean(),
  project: Id,
  workspace: Id,
});

type MemberParams = ProjectParams & { memberId: string };

const BASES = [`${PROJECT}/members`, `${PROJECT}/project-members`];
const TAGS = ['Members'];
const notFound = () => NotFoundError('This project member does not exist.');
const isGuestViewer = (access: ProjectAccess): boolean => access.projectRole <= ROLE.guest || access.role <= ROLE.guest;

function presentMemberUser(row: ProjectMemberView, guestViewer: boolean) {
  const user = {
    id: row.member_id,
    first_name: row.first_name,
    last_name: row.last_name,
    email: row.email,
    avatar: row.avatar,
    display_name: row.display_name,
  };
  return { ...(guestViewer ? presentUserLiteForGuest(user) : presentUserLite(user)), role: row.role };
}

export async function v1ProjectMemberRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;

  /** The membership `{id}` names: a membership id first, else a member's user id. */
  const membershipOf = async (request: FastifyRequest<{ Params: MemberParams }>, access: ProjectAccess): Promise<ProjectMemberView> => {
    const id = request.params.memberId;
    if (!isUuid(id)) throw notFound();
    const found = (await findProjectMember(db, access.project.id, id)) ?? (await findProjectMemberByUser(db, access.project.id, id));
    if (!found) throw notFound();
    return found;
  };

  for (const base of BASES) {
    app.get<{ Params: ProjectParams }>(
      base,
      {
        schema: {
          tags: TAGS,
          summary: "List the project's members (a bare array of user lite + role)",
          response: { 200: Type.Array(MemberUser), ...Errors },
        },
      },
      async (request) => {
        const access = await projectAccess(request, request.params.slug, request.params.projectId);
        const guest = isGuestViewer(access);
        return (await listProjectMembers(db, access.project.id)).map((row) => presentMemberUser(row, guest));
      },
    );

    app.post<{ Params: ProjectParams; Body: AddMemberBody }>(
      base,
      {
        schema: {
          tags: TAGS,
          summary: 'Add a workspace member to the project (project admins)',
          body: AddMemberBody,
          response: { 201: Membership, 409: Errors[400], ...Errors },
        },
        preValidation: refuseNulls(AddMemberBody),
      },
      async (request, reply) => {
        const access = await projectAccess(request, request.params.slug, request.params.projectId);
        requireRole(access, ROLE.admin, 'add project members');
        const membership = await addMemberToProject(db, {
          workspaceId: access.workspace.id,
          projectId: access.project.id,
          actorId: access.user.id,
          memberId: request.body.member,
          role: request.body.role ?? ROLE.member,
        });
        const view = await findProjectMember(db, access.project.id, membership.id);
        if (!view) throw notFound();
        return reply.status(201).send(presentProjectMember(view, { isGuest: false }));
      },
    );

    app.get<{ Params: MemberParams }>(
      `${base}/:memberId`,
      { schema: { tags: TAGS, summary: 'Get a project membership', response: { 200: Membership, ...Errors } } },
      async (request) => {
        const access = await projectAccess(request, request.params.slug, request.params.projectId);
        return presentProjectMember(await membershipOf(request, access), { isGuest: isGuestViewer(access) });
      },
    );

    app.patch<{ Params: MemberParams; Body: MemberRoleBody }>(
      `${base}/:memberId`,
      {
        schema: {
          tags: TAGS,
          summary: "Change a member's project role (project admins)",
          body: MemberRoleBody,
          response: { 200: Membership, ...Errors },
        },
        preValidation: refuseNulls(MemberRoleBody),
      },
      async (request) => {
        const access = await projectAccess(request, request.params.slug, request.params.projectId);
        requireRole(access, ROLE.admin, 'change project roles');
        const membership = await membershipOf(request, access);
        const view = await updateProjectMemberRole(db, {
          workspaceId: access.workspace.id,
          projectId: access.project.id,
          actorId: access.user.id,
          membershipId: membership.id,
          role: request.body.role,
        });
        return presentProjectMember(view, { isGuest: false });
      },
    );

    app.delete<{ Params: MemberParams }>(
      `${base}/:memberId`,
      { schema: { tags: TAGS, summary: 'Remove a member from the project (or leave it)', response: { 204: NoContent, ...Errors } } },
      async (request, reply) => {
        const access = await projectAccess(request, request.params.slug, request.params.projectId);
        const membership = await membershipOf(request, access);
        // Removing one's own membership is leaving, which any member may do.
        if (membership.member_id === access.user.id) {
          await leaveProject(db, { workspaceId: access.workspace.id, projectId: access.project.id, userId: access.user.id });
        } else {
          requireRole(access, ROLE.admin, 'remove project members');
          await removeProjectMember(db, {
            workspaceId: access.workspace.id,
            projectId: access.project.id,
            actorId: access.user.id,
            membershipId: membership.id,
          });
        }
        return reply.status(204).send();
      },
    );
  }
}
