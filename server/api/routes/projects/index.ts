// /api/workspaces/:slug/projects…: projects (list, create, settings, archive, delete, join) and
// their members. Each route resolves the caller's membership first; queries use its ids.
import type { FastifyInstance } from 'fastify';
import { addMemberToProject, joinProject } from '../../../commands/projectMemberAdder.ts';
import { leaveProject, removeProjectMember } from '../../../commands/projectMemberRemover.ts';
import { updateProjectMemberRole } from '../../../commands/projectMemberUpdater.ts';
import { createProject } from '../../../commands/projectCreator.ts';
import { updateProjectSettings } from '../../../commands/projectUpdater.ts';
import { presentProject } from '../../../presenters/project.ts';
import { presentProjectMember } from '../../../presenters/projectMember.ts';
import { findProjectMember, findProjectMemberByUser, listProjectMembers } from '../../../repositories/projectMembersRepository.ts';
import {
  findProjectView,
  listProjectViews,
  projectsWithIdentifier,
  setArchived,
  softDeleteProject,
} from '../../../repositories/projectsRepository.ts';
import { isUuid, type ProjectAccess, projectAccess, requireRole, workspaceAccess } from '../../access/membership.ts';
import { ROLE } from '../../access/roles.ts';
import { NotFoundError } from '../../errors.ts';
import { AddMemberBody, CreateProjectBody, IdentifierQuery, MemberRoleBody, PatchProjectBody, refuseNulls } from './schema.ts';

type SlugParams = { Params: { slug: string } };
type ProjectParams = { Params: { slug: string; projectId: string } };
type MemberParams = { Params: { slug: string; projectId: string; memberId: string } };

const PROJECTS = '/api/workspaces/:slug/projects';
const PROJECT = `${PROJECTS}/:projectId`;
// Plane's app uses /members/; its v1 API also answers under /project-members/.
const MEMBER_BASES = [`${PROJECT}/members`, `${PROJECT}/project-members`];

const isGuestViewer = (access: ProjectAccess): boolean => access.projectRole <= ROLE.guest || access.role <= ROLE.guest;

export async function projectRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;

  const projectJson = async (workspaceId: string, projectId: string, viewerId: string) => {
    const view = await findProjectView(db, workspaceId, projectId, viewerId);
    if (!view) throw NotFoundError();
    return presentProject(view);
  };

  app.get<SlugParams>(PROJECTS, async (request) => {
    const access = await workspaceAccess(request, request.params.slug);
    const views = await listProjectViews(db, access.workspace.id, { id: access.user.id, workspaceRole: access.role }, { archived: false });
    return views.map(presentProject);
  });

  app.get<SlugParams>(`${PROJECTS}/archived`, async (request) => {
    const access = await workspaceAccess(request, request.params.slug);
    const views = await listProjectViews(db, access.workspace.id, { id: access.user.id, workspaceRole: access.role }, { archived: true });
    return views.map(presentProject);
  });

  app.post<SlugParams & { Body: CreateProjectBody }>(
    PROJECTS,
    { schema: { body: CreateProjectBody }, preValidation: refuseNulls(CreateProjectBody) },
    async (request, reply) => {
      const access = await workspaceAccess(request, request.params.slug);
      requireRole(access, ROLE.member, 'create projects');
      const project = await createProject(db, { workspaceId: access.workspace.id, actorId: access.user.id, data: request.body });
      return reply.status(201).send(await projectJson(access.workspace.id, project.id, access.user.id));
    },
  );

  // Plane's create form asks whether an identifier is free before submitting.
  app.get<SlugParams & { Querystring: IdentifierQuery }>(
    '/api/workspaces/:slug/project-identifiers',
    { schema: { querystring: IdentifierQuery } },
    async (request) => {
      const access = await workspaceAccess(request, request.params.slug);
      const identifier = request.query.name.trim().toUpperCase();
      const taken = await projectsWithIdentifier(db, access.workspace.id, identifier);
      return { exists: taken.length, identifiers: taken.map((p) => p.identifier) };
    },
  );

  app.get<ProjectParams>(PROJECT, async (request) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    return projectJson(access.workspace.id, access.project.id, access.user.id);
  });

  app.patch<ProjectParams & { Body: PatchProjectBody }>(
    PROJECT,
    { schema: { body: PatchProjectBody }, preValidation: refuseNulls(PatchProjectBody) },
    async (request) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      requireRole(access, ROLE.admin, 'change the project settings');
      await updateProjectSettings(db, {
        workspaceId: access.workspace.id,
        projectId: access.project.id,
        actorId: access.user.id,
        data: request.body,
      });
      return projectJson(access.workspace.id, access.project.id, access.user.id);
    },
  );

  app.delete<ProjectParams>(PROJECT, async (request, reply) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId, { includeArchived: true });
    requireRole(access, ROLE.admin, 'delete the project');
    await softDeleteProject(db, access.workspace.id, access.project.id, access.user.id);
    return reply.status(204).send();
  });

  for (const archived of [true, false]) {
    const method = archived ? 'post' : 'delete';
    app[method]<ProjectParams>(`${PROJECT}/archive`, async (request, reply) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId, { includeArchived: true });
      requireRole(access, ROLE.admin, archived ? 'archive the project' : 'restore the project');
      await setArchived(db, access.workspace.id, access.project.id, access.user.id, archived);
      return reply.status(204).send();
    });
  }

  app.post<ProjectParams>(`${PROJECT}/join`, async (request, reply) => {
    const access = await workspaceAccess(request, request.params.slug);
    if (!isUuid(request.params.projectId)) throw NotFoundError();
    await joinProject(db, {
      workspaceId: access.workspace.id,
      workspaceRole: access.role,
      projectId: request.params.projectId,
      userId: access.user.id,
    });
    return reply.status(201).send(await projectJson(access.workspace.id, request.params.projectId, access.user.id));
  });

  for (const base of MEMBER_BASES) {
    app.get<ProjectParams>(base, async (request) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      const viewer = { isGuest: isGuestViewer(access) };
      return (await listProjectMembers(db, access.project.id)).map((m) => presentProjectMember(m, viewer));
    });

    app.post<ProjectParams & { Body: AddMemberBody }>(
      base,
      { schema: { body: AddMemberBody }, preValidation: refuseNulls(AddMemberBody) },
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
        if (!view) throw NotFoundError();
        return reply.status(201).send(presentProjectMember(view, { isGuest: false }));
      },
    );

    app.get<ProjectParams>(`${base}/me`, async (request) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      const view = await findProjectMemberByUser(db, access.project.id, access.user.id);
      if (!view) throw NotFoundError();
      return presentProjectMember(view, { isGuest: isGuestViewer(access) });
    });

    app.post<ProjectParams>(`${base}/leave`, async (request, reply) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      await leaveProject(db, { workspaceId: access.workspace.id, projectId: access.project.id, userId: access.user.id });
      return reply.status(204).send();
    });

    app.get<MemberParams>(`${base}/:memberId`, async (request) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      const view = isUuid(request.params.memberId) ? await findProjectMember(db, access.project.id, request.params.memberId) : null;
      if (!view) throw NotFoundError('This project member does not exist.');
      return presentProjectMember(view, { isGuest: isGuestViewer(access) });
    });

    app.patch<MemberParams & { Body: MemberRoleBody }>(
      `${base}/:memberId`,
      { schema: { body: MemberRoleBody }, preValidation: refuseNulls(MemberRoleBody) },
      async (request) => {
        const access = await projectAccess(request, request.params.slug, request.params.projectId);
        requireRole(access, ROLE.admin, 'change project roles');
        if (!isUuid(request.params.memberId)) throw NotFoundError('This project member does not exist.');
        const view = await updateProjectMemberRole(db, {
          workspaceId: access.workspace.id,
          projectId: access.project.id,
          actorId: access.user.id,
          membershipId: request.params.memberId,
          role: request.body.role,
        });
        return presentProjectMember(view, { isGuest: false });
      },
    );

    app.delete<MemberParams>(`${base}/:memberId`, async (request, reply) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      if (!isUuid(request.params.memberId)) throw NotFoundError('This project member does not exist.');
      const own = await findProjectMemberByUser(db, access.project.id, access.user.id);
      // Removing one's own membership is leaving, which any member may do.
      if (own?.id === request.params.memberId) {
        await leaveProject(db, { workspaceId: access.workspace.id, projectId: access.project.id, userId: access.user.id });
      } else {
        requireRole(access, ROLE.admin, 'remove project members');
        await removeProjectMember(db, {
          workspaceId: access.workspace.id,
          projectId: access.project.id,
          actorId: access.user.id,
          membershipId: request.params.memberId,
        });
      }
      return reply.status(204).send();
    });
  }
}
