// v1 modules: list (envelope; `?external_id=&external_source=` answers that one module), create (201;
// 400 while the project's module_view is off; 409 with the existing id on a repeated external pair),
// read, update (`members` replaces the set), delete (204), the module's work items (envelope of work
// items; POST `{issues}` → 201 with the link rows, ids outside the project refused), removal of one
// item (204), archive (204), the archived list and unarchive (204).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { archiveModule, unarchiveModule } from '../../../commands/moduleArchiver.ts';
import { createModule } from '../../../commands/moduleCreator.ts';
import { deleteModule } from '../../../commands/moduleDeleter.ts';
import { removeModuleIssue } from '../../../commands/moduleIssueRemover.ts';
import { addModuleIssues } from '../../../commands/moduleIssuesAdder.ts';
import { updateModuleSettings } from '../../../commands/moduleUpdater.ts';
import { presentModule, presentModuleIssue } from '../../../presenters/module.ts';
import { presentWorkItem } from '../../../presenters/workItem.ts';
import { findModule, listModules, listModuleWorkItems } from '../../../repositories/modulesRepository.ts';
import { isUuid, type ProjectAccess, projectAccess, requireRole } from '../../access/membership.ts';
import { ROLE } from '../../access/roles.ts';
import { NotFoundError } from '../../errors.ts';
import { CreateModuleBody, ModuleIssuesBody, ModuleStatus, PatchModuleBody, toModuleInput } from '../../routes/modules/schema.ts';
import { refuseNulls } from '../../routes/projects/schema.ts';
import { viewerOf } from '../../routes/workItems/index.ts';
import { findByExternalId, refuseExternalDuplicate } from '../externalIds.ts';
import { envelope, PageQuery, pageOf, parsePage } from '../pagination.ts';
import { PROJECT, type ProjectParams } from '../paths.ts';
import {
  Audit,
  DateOnly,
  EnvelopeOf,
  Errors,
  Id,
  NoContent,
  NullableString,
  NullableTimestamp,
  ObjectOf,
  Ref,
  RefList,
} from '../schemas.ts';
import { shapeAll, shapeOne, ShapeQuery } from '../shape.ts';

const Json = Type.Object({}, { additionalProperties: true });

const Module = ObjectOf('Module', {
  ...Audit,
  name: Type.String(),
  description: Type.String(),
  description_text: NullableString,
  description_html: Type.String(),
  start_date: DateOnly,
  target_date: DateOnly,
  status: ModuleStatus,
  lead: Ref,
  members: RefList,
  view_props: Json,
  sort_order: Type.Number(),
  archived_at: NullableTimestamp,
  logo_props: Json,
  external_source: NullableString,
  external_id: NullableString,
  project: Ref,
  workspace: Ref,
  total_issues: Type.Integer(),
  cancelled_issues: Type.Integer(),
  completed_issues: Type.Integer(),
  started_issues: Type.Integer(),
  unstarted_issues: Type.Integer(),
  backlog_issues: Type.Integer(),
});

const ModuleIssue = ObjectOf('ModuleIssue', {
  ...Audit,
  module: Id,
  issue: Id,
  project: Id,
  workspace: Id,
  sub_issues_count: Type.Integer(),
});

/** The work items of a module, as Plane's work-item serializer shows them (ids may be expanded). */
const ModuleWorkItem = ObjectOf('WorkItem', {
  ...Audit,
  name: Type.String(),
  sequence_id: Type.Integer(),
  priority: Type.String(),
  start_date: DateOnly,
  target_date: DateOnly,
  archived_at: NullableTimestamp,
  is_draft: Type.Boolean(),
  project: Ref,
  workspace: Ref,
  parent: Ref,
  state: Ref,
  assignees: RefList,
  labels: RefList,
});

const ListQuery = Type.Object({
  ...PageQuery,
  ...ShapeQuery,
  external_id: Type.Optional(Type.String()),
  external_source: Type.Optional(Type.String()),
});
const PagedShapeQuery = Type.Object({ ...PageQuery, ...ShapeQuery });
const OneQuery = Type.Object(ShapeQuery);
type ModuleParams = ProjectParams & { moduleId: string };
type ModuleItemParams = ModuleParams & { workItemId: string };

const MODULES = `${PROJECT}/modules`;
const MODULE = `${MODULES}/:moduleId`;
const TAGS = ['Modules'];
const notFound = () => NotFoundError('Module not found.');

/** Access plus the module id (lower-cased; a malformed one is simply not found). */
async function moduleAccess(
  request: FastifyRequest,
  params: ModuleParams,
  writeAction?: string,
): Promise<{ access: ProjectAccess; moduleId: string }> {
  const access = await projectAccess(request, params.slug, params.projectId);
  if (writeAction) requireRole(access, ROLE.member, writeAction);
  if (!isUuid(params.moduleId)) throw notFound();
  return { access, moduleId: params.moduleId.toLowerCase() };
}

export async function v1ModuleRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;

  app.get<{ Params: ProjectParams; Querystring: Static<typeof ListQuery> }>(
    MODULES,
    {
      schema: {
        tags: TAGS,
        summary: "List a project's modules (not archived)",
        querystring: ListQuery,
        response: { 200: Type.Union([EnvelopeOf(Module), Module]), ...Errors },
      },
    },
    async (request) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      const { external_id, external_source } = request.query;
      if (external_id && external_source) {
        const id = await findByExternalId(
          db,
          { table: 'modules', column: 'project_id', id: access.project.id },
          { external_id, external_source },
        );
        const module = id ? await findModule(db, access.project.id, id) : null;
        if (!module) throw notFound();
        return shapeOne(request, presentModule(module), access.workspace.id);
      }
      const page = pageOf(request.query, (await listModules(db, access.project.id, { archived: false })).map(presentModule));
      return { ...page, results: await shapeAll(request, page.results, access.workspace.id) };
    },
  );

  app.post<{ Params: ProjectParams; Body: CreateModuleBody }>(
    MODULES,
    {
      schema: {
        tags: TAGS,
        summary: 'Create a module (the project must have modules turned on)',
        body: CreateModuleBody,
        response: { 201: Module, 409: Errors[400], ...Errors },
      },
      preValidation: refuseNulls(CreateModuleBody),
    },
    async (request, reply) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      requireRole(access, ROLE.member, 'create modules');
      await refuseExternalDuplicate(db, { table: 'modules', column: 'project_id', id: access.project.id }, request.body, 'Module');
      const module = await createModule(db, {
        project: access.project,
        actorId: access.user.id,
        data: { ...toModuleInput(request.body), name: request.body.name },
      });
      return reply.status(201).send(presentModule(module));
    },
  );

  app.get<{ Params: ModuleParams; Querystring: Static<typeof OneQuery> }>(
    MODULE,
    { schema: { tags: TAGS, summary: 'Get a module', querystring: OneQuery, response: { 200: Module, ...Errors } } },
    async (request) => {
      const { access, moduleId } = await moduleAccess(request, request.params);
      const module = await findModule(db, access.project.id, moduleId);
      if (!module) throw notFound();
      return shapeOne(request, presentModule(module), access.workspace.id);
    },
  );

  app.patch<{ Params: ModuleParams; Body: PatchModuleBody }>(
    MODULE,
    {
      schema: {
        tags: TAGS,
        summary: 'Update a module (`members` replaces the member set; archived modules are read-only)',
        body: PatchModuleBody,
        response: { 200: Module, 409: Errors[400], ...Errors },
      },
      preValidation: refuseNulls(PatchModuleBody),
    },
    async (request) => {
      const { access, moduleId } = await moduleAccess(request, request.params, 'change modules');
      const module = await updateModuleSettings(db, {
        project: access.project,
        moduleId,
        actorId: access.user.id,
        data: toModuleInput(request.body),
      });
      return presentModule(module);
    },
  );

  app.delete<{ Params: ModuleParams }>(
    MODULE,
    { schema: { tags: TAGS, summary: 'Delete a module (its creator or a project admin)', response: { 204: NoContent, ...Errors } } },
    async (request, reply) => {
      const { access, moduleId } = await moduleAccess(request, request.params, 'delete modules');
      await deleteModule(db, {
        project: access.project,
        moduleId,
        actorId: access.user.id,
        isProjectAdmin: access.projectRole >= ROLE.admin,
      });
      return reply.status(204).send();
    },
  );

  app.get<{ Params: ModuleParams; Querystring: Static<typeof PagedShapeQuery> }>(
    `${MODULE}/module-issues`,
    {
      schema: {
        tags: TAGS,
        summary: "List a module's work items (not archived, not drafts), newest first",
        querystring: PagedShapeQuery,
        response: { 200: EnvelopeOf(ModuleWorkItem), ...Errors },
      },
    },
    async (request) => {
      const { access, moduleId } = await moduleAccess(request, request.params);
      if (!(await findModule(db, access.project.id, moduleId))) throw notFound();
      const page = parsePage(request.query);
      const { rows, total } = await listModuleWorkItems(db, {
        projectId: access.project.id,
        moduleId,
        viewer: viewerOf(access),
        limit: page.perPage,
        offset: page.offset,
      });
      return envelope(page, total, await shapeAll(request, rows.map(presentWorkItem), access.workspace.id));
    },
  );

  app.post<{ Params: ModuleParams; Body: ModuleIssuesBody }>(
    `${MODULE}/module-issues`,
    {
      schema: {
        tags: TAGS,
        summary: 'Add work items of this project to a module (`{issues: [ids]}`)',
        body: ModuleIssuesBody,
        response: { 201: Type.Array(ModuleIssue), ...Errors },
      },
    },
    async (request, reply) => {
      const { access, moduleId } = await moduleAccess(request, request.params, 'add work items to modules');
      const rows = await addModuleIssues(db, { project: access.project, moduleId, actorId: access.user.id, issueIds: request.body.issues });
      return reply.status(201).send(rows.map(presentModuleIssue));
    },
  );

  app.delete<{ Params: ModuleItemParams }>(
    `${MODULE}/module-issues/:workItemId`,
    { schema: { tags: TAGS, summary: 'Remove a work item from a module', response: { 204: NoContent, ...Errors } } },
    async (request, reply) => {
      const { access, moduleId } = await moduleAccess(request, request.params, 'remove work items from modules');
      if (!isUuid(request.params.workItemId)) throw NotFoundError('This work item is not in the module.');
      await removeModuleIssue(db, { project: access.project, moduleId, issueId: request.params.workItemId, actorId: access.user.id });
      return reply.status(204).send();
    },
  );

  app.post<{ Params: ModuleParams }>(
    `${MODULE}/archive`,
    {
      schema: { tags: TAGS, summary: 'Archive a module (only a completed or cancelled one)', response: { 204: NoContent, ...Errors } },
    },
    async (request, reply) => {
      const { access, moduleId } = await moduleAccess(request, request.params, 'archive modules');
      await archiveModule(db, { project: access.project, moduleId, actorId: access.user.id });
      return reply.status(204).send();
    },
  );

  app.get<{ Params: ProjectParams; Querystring: Static<typeof PagedShapeQuery> }>(
    `${PROJECT}/archived-modules`,
    {
      schema: {
        tags: TAGS,
        summary: "List a project's archived modules",
        querystring: PagedShapeQuery,
        response: { 200: EnvelopeOf(Module), ...Errors },
      },
    },
    async (request) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      const page = pageOf(request.query, (await listModules(db, access.project.id, { archived: true })).map(presentModule));
      return { ...page, results: await shapeAll(request, page.results, access.workspace.id) };
    },
  );

  app.delete<{ Params: ModuleParams }>(
    `${PROJECT}/archived-modules/:moduleId/unarchive`,
    { schema: { tags: TAGS, summary: 'Restore an archived module', response: { 204: NoContent, ...Errors } } },
    async (request, reply) => {
      const { access, moduleId } = await moduleAccess(request, request.params, 'restore modules');
      await unarchiveModule(db, { project: access.project, moduleId, actorId: access.user.id });
      return reply.status(204).send();
    },
  );
}
