// v1 projects: list (envelope), create (201; the creator becomes admin and the default states are
// made), read, update, delete (204), archive / unarchive (204). Taken names and identifiers answer
// 409 with Plane's wording and the existing project's id; so do repeated external ids.
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { createProject } from '../../../commands/projectCreator.ts';
import { updateProjectSettings } from '../../../commands/projectUpdater.ts';
import { presentProject } from '../../../presenters/project.ts';
import { findProjectView, listProjectViews, setArchived, softDeleteProject } from '../../../repositories/projectsRepository.ts';
import { projectAccess, requireRole, workspaceAccess } from '../../access/membership.ts';
import { ROLE } from '../../access/roles.ts';
import { ConflictError, HttpError, NotFoundError } from '../../errors.ts';
import { CreateProjectBody, PatchProjectBody, refuseNulls } from '../../routes/projects/schema.ts';
import { type ExternalScope, findByExternalId, refuseExternalDuplicate } from '../externalIds.ts';
import { PageQuery, pageOf } from '../pagination.ts';
import { PROJECT, type ProjectParams, type SlugParams, WORKSPACE } from '../paths.ts';
import { Audit, EnvelopeOf, Errors, NoContent, NullableId, NullableString, NullableTimestamp, ObjectOf, Ref } from '../schemas.ts';
import { ShapeQuery, shapeAll, shapeOne } from '../shape.ts';

const NullableObject = Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]);

const Project = ObjectOf('Project', {
  ...Audit,
  name: Type.String(),
  description: Type.String(),
  description_text: NullableString,
  description_html: Type.String(),
  network: Type.Integer(),
  identifier: Type.String({ maxLength: 12 }),
  emoji: NullableString,
  icon_prop: NullableObject,
  logo_props: Type.Object({}, { additionalProperties: true }),
  module_view: Type.Boolean(),
  cycle_view: Type.Boolean(),
  issue_views_view: Type.Boolean(),
  page_view: Type.Boolean(),
  intake_view: Type.Boolean(),
  is_time_tracking_enabled: Type.Boolean(),
  is_issue_type_enabled: Type.Boolean(),
  guest_view_all_features: Type.Boolean(),
  cover_image: NullableString,
  archive_in: Type.Integer(),
  close_in: Type.Integer(),
  archived_at: NullableTimestamp,
  timezone: Type.String(),
  external_source: NullableString,
  external_id: NullableString,
  workspace: Ref,
  default_assignee: Ref,
  project_lead: Ref,
  estimate: NullableId,
  default_state: NullableId,
  total_members: Type.Integer(),
  total_cycles: Type.Integer(),
  total_modules: Type.Integer(),
  is_member: Type.Boolean(),
  sort_order: Type.Number(),
  member_role: Type.Union([Type.Integer(), Type.Null()]),
  is_deployed: Type.Boolean(),
});

const ListQuery = Type.Object({
  ...PageQuery,
  ...ShapeQuery,
  external_id: Type.Optional(Type.String()),
  external_source: Type.Optional(Type.String()),
});
const OneQuery = Type.Object(ShapeQuery);

const PROJECTS = `${WORKSPACE}/projects`;
const TAGS = ['Projects'];
const Conflict = { 409: Errors[400] };

/** The existing command's 409 (name or identifier taken) in Plane's words, keeping the existing id. */
async function withPlaneConflicts<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof HttpError && error.statusCode === 409 && typeof error.extra.id === 'string') {
      const message = 'identifier' in error.extra ? 'Project identifier is already taken' : 'Project name is already taken';
      throw ConflictError(message, { id: error.extra.id });
    }
    throw error;
  }
}

export async function v1ProjectRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;
  const scopeOf = (workspaceId: string): ExternalScope => ({ table: 'projects', column: 'workspace_id', id: workspaceId });

  const projectJson = async (workspaceId: string, projectId: string, viewerId: string) => {
    const view = await findProjectView(db, workspaceId, projectId, viewerId);
    if (!view) throw NotFoundError();
    return presentProject(view);
  };

  app.get<{ Params: SlugParams; Querystring: Static<typeof ListQuery> }>(
    PROJECTS,
    {
      schema: {
        tags: TAGS,
        summary: 'List the projects the caller can see',
        querystring: ListQuery,
        response: { 200: Type.Union([EnvelopeOf(Project), Project]), ...Errors },
      },
    },
    async (request) => {
      const access = await workspaceAccess(request, request.params.slug);
      const views = await listProjectViews(
        db,
        access.workspace.id,
        { id: access.user.id, workspaceRole: access.role },
        { archived: false },
      );
      const { external_id, external_source } = request.query;
      if (external_id && external_source) {
        // Only among the projects the caller may see: the lookup is no way around visibility.
        const id = await findByExternalId(db, scopeOf(access.workspace.id), { external_id, external_source });
        const view = id ? views.find((candidate) => candidate.id === id) : undefined;
        if (!view) throw NotFoundError();
        return shapeOne(request, presentProject(view), access.workspace.id);
      }
      const page = pageOf(request.query, views.map(presentProject));
      return { ...page, results: await shapeAll(request, page.results, access.workspace.id) };
    },
  );

  app.post<{ Params: SlugParams; Body: CreateProjectBody }>(
    PROJECTS,
    {
      schema: {
        tags: TAGS,
        summary: 'Create a project (the caller becomes its admin; default states are created)',
        body: CreateProjectBody,
        response: { 201: Project, ...Conflict, ...Errors },
      },
      preValidation: refuseNulls(CreateProjectBody),
    },
    async (request, reply) => {
      const access = await workspaceAccess(request, request.params.slug);
      requireRole(access, ROLE.member, 'create projects');
      await refuseExternalDuplicate(db, scopeOf(access.workspace.id), request.body, 'Project');
      const project = await withPlaneConflicts(() =>
        createProject(db, { workspaceId: access.workspace.id, actorId: access.user.id, data: request.body }),
      );
      return reply.status(201).send(await projectJson(access.workspace.id, project.id, access.user.id));
    },
  );

  app.get<{ Params: ProjectParams; Querystring: Static<typeof OneQuery> }>(
    PROJECT,
    { schema: { tags: TAGS, summary: 'Get a project', querystring: OneQuery, response: { 200: Project, ...Errors } } },
    async (request) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      return shapeOne(request, await projectJson(access.workspace.id, access.project.id, access.user.id), access.workspace.id);
    },
  );

  app.patch<{ Params: ProjectParams; Body: PatchProjectBody }>(
    PROJECT,
    {
      schema: {
        tags: TAGS,
        summary: 'Update a project (project admins)',
        body: PatchProjectBody,
        response: { 200: Project, ...Conflict, ...Errors },
      },
      preValidation: refuseNulls(PatchProjectBody),
    },
    async (request) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      requireRole(access, ROLE.admin, 'change the project settings');
      const taken = await findByExternalId(db, scopeOf(access.workspace.id), request.body);
      if (taken && taken !== access.project.id)
        throw ConflictError('Project with the same external id and external source already exists', { id: taken });
      await withPlaneConflicts(() =>
        updateProjectSettings(db, {
          workspaceId: access.workspace.id,
          projectId: access.project.id,
          actorId: access.user.id,
          data: request.body,
        }),
      );
      return projectJson(access.workspace.id, access.project.id, access.user.id);
    },
  );

  app.delete<{ Params: ProjectParams }>(
    PROJECT,
    { schema: { tags: TAGS, summary: 'Delete a project (project admins)', response: { 204: NoContent, ...Errors } } },
    async (request, reply) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId, { includeArchived: true });
      requireRole(access, ROLE.admin, 'delete the project');
      await softDeleteProject(db, access.workspace.id, access.project.id, access.user.id);
      return reply.status(204).send();
    },
  );

  for (const archived of [true, false]) {
    app.route<{ Params: ProjectParams }>({
      method: archived ? 'POST' : 'DELETE',
      url: `${PROJECT}/archive`,
      schema: {
        tags: TAGS,
        summary: archived ? 'Archive a project' : 'Restore an archived project',
        response: { 204: NoContent, ...Errors },
      },
      handler: async (request, reply) => {
        const access = await projectAccess(request, request.params.slug, request.params.projectId, { includeArchived: true });
        requireRole(access, ROLE.admin, archived ? 'archive the project' : 'restore the project');
        await setArchived(db, access.workspace.id, access.project.id, access.user.id, archived);
        return reply.status(204).send();
      },
    });
  }
}
