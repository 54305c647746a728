// /api/workspaces/:slug/projects/:projectId/modules…: a project's modules, their work items and
// archive. Guests read (work items only their own unless the project lets them see all); members
// write; a module is deleted by its creator or a project admin.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { archiveModule, unarchiveModule } from '../../../commands/moduleArchiver.ts';
import { createModule } from '../../../commands/moduleCreator.ts';
import { deleteModule } from '../../../commands/moduleDeleter.ts';
import { removeModuleIssue } from '../../../commands/moduleIssueRemover.ts';
import { addModuleIssues } from '../../../commands/moduleIssuesAdder.ts';
import { moduleNotFound, updateModuleSettings } from '../../../commands/moduleUpdater.ts';
import { presentModule, presentModuleIssue } from '../../../presenters/module.ts';
import { presentWorkItem } from '../../../presenters/workItem.ts';
import { findModule, listModules, listModuleWorkItems } from '../../../repositories/modulesRepository.ts';
import { isUuid, type ProjectAccess, projectAccess, requireRole } from '../../access/membership.ts';
import { ROLE } from '../../access/roles.ts';
import { NotFoundError } from '../../errors.ts';
import { refuseNulls } from '../projects/schema.ts';
import { viewerOf } from '../workItems/index.ts';
import { CreateModuleBody, ModuleIssuesBody, PatchModuleBody, toModuleInput } from './schema.ts';

type ProjectParams = { Params: { slug: string; projectId: string } };
type ModuleParams = { Params: { slug: string; projectId: string; moduleId: string } };
type ModuleIssueParams = { Params: { slug: string; projectId: string; moduleId: string; issueId: string } };

const PROJECT = '/api/workspaces/:slug/projects/:projectId';
const MODULES = `${PROJECT}/modules`;
const MODULE = `${MODULES}/:moduleId`;
/** The app lists a module's items in one answer (as Plane's web app does); a bound keeps it finite. */
const MODULE_ITEMS_LIMIT = 10_000;

/** The caller's access and the module id (lower-cased; a malformed one is simply not found). */
async function moduleAccess(
  request: FastifyRequest,
  params: ModuleParams['Params'],
  writeAction?: string,
): Promise<{ access: ProjectAccess; moduleId: string }> {
  const access = await projectAccess(request, params.slug, params.projectId);
  if (writeAction) requireRole(access, ROLE.member, writeAction);
  if (!isUuid(params.moduleId)) throw moduleNotFound();
  return { access, moduleId: params.moduleId.toLowerCase() };
}

export async function moduleRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;

  app.get<ProjectParams>(MODULES, async (request) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    return (await listModules(db, access.project.id, { archived: false })).map(presentModule);
  });

  app.get<ProjectParams>(`${PROJECT}/archived-modules`, async (request) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    return (await listModules(db, access.project.id, { archived: true })).map(presentModule);
  });

  app.post<ProjectParams & { Body: CreateModuleBody }>(
    MODULES,
    { schema: { body: CreateModuleBody }, preValidation: refuseNulls(CreateModuleBody) },
    async (request, reply) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      requireRole(access, ROLE.member, 'create modules');
      const module = await createModule(db, {
        project: access.project,
        actorId: access.user.id,
        data: { ...toModuleInput(request.body), name: request.body.name },
      });
      return reply.status(201).send(presentModule(module));
    },
  );

  app.get<ModuleParams>(MODULE, async (request) => {
    const { access, moduleId } = await moduleAccess(request, request.params);
    const module = await findModule(db, access.project.id, moduleId);
    if (!module) throw moduleNotFound();
    return presentModule(module);
  });

  app.patch<ModuleParams & { Body: PatchModuleBody }>(
    MODULE,
    { schema: { body: PatchModuleBody }, preValidation: refuseNulls(PatchModuleBody) },
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

  app.delete<ModuleParams>(MODULE, async (request, reply) => {
    const { access, moduleId } = await moduleAccess(request, request.params, 'delete modules');
    await deleteModule(db, {
      project: access.project,
      moduleId,
      actorId: access.user.id,
      isProjectAdmin: access.projectRole >= ROLE.admin,
    });
    return reply.status(204).send();
  });

  app.post<ModuleParams>(`${MODULE}/archive`, async (request, reply) => {
    const { access, moduleId } = await moduleAccess(request, request.params, 'archive modules');
    await archiveModule(db, { project: access.project, moduleId, actorId: access.user.id });
    return reply.status(204).send();
  });

  app.delete<ModuleParams>(`${MODULE}/archive`, async (request, reply) => {
    const { access, moduleId } = await moduleAccess(request, request.params, 'restore modules');
    await unarchiveModule(db, { project: access.project, moduleId, actorId: access.user.id });
    return reply.status(204).send();
  });

  app.get<ModuleParams>(`${MODULE}/module-issues`, async (request) => {
    const { access, moduleId } = await moduleAccess(request, request.params);
    if (!(await findModule(db, access.project.id, moduleId))) throw moduleNotFound();
    const { rows } = await listModuleWorkItems(db, {
      projectId: access.project.id,
      moduleId,
      viewer: viewerOf(access),
      limit: MODULE_ITEMS_LIMIT,
      offset: 0,
    });
    return rows.map(presentWorkItem);
  });

  app.post<ModuleParams & { Body: ModuleIssuesBody }>(
    `${MODULE}/module-issues`,
    { schema: { body: ModuleIssuesBody } },
    async (request, reply) => {
      const { access, moduleId } = await moduleAccess(request, request.params, 'add work items to modules');
      const rows = await addModuleIssues(db, {
        project: access.project,
        moduleId,
        actorId: access.user.id,
        issueIds: request.body.issues,
      });
      return reply.status(201).send(rows.map(presentModuleIssue));
    },
  );

  app.delete<ModuleIssueParams>(`${MODULE}/module-issues/:issueId`, async (request, reply) => {
    const { access, moduleId } = await moduleAccess(request, request.params, 'remove work items from modules');
    if (!isUuid(request.params.issueId)) throw NotFoundError();
    await removeModuleIssue(db, {
      project: access.project,
      moduleId,
      issueId: request.params.issueId,
      actorId: access.user.id,
    });
    return reply.status(204).send();
  });
}
