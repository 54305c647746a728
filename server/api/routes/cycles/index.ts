// /api/workspaces/:slug/projects/:projectId/cycles…: a project's cycles, the work items in them,
// transfer, archive. Guests read (work items only those they may see); members and admins write.
import type { FastifyInstance } from 'fastify';
import { archiveCycle, unarchiveCycle } from '../../../commands/cycleArchiver.ts';
import { createCycle } from '../../../commands/cycleCreator.ts';
import { deleteCycle } from '../../../commands/cycleDeleter.ts';
import { removeCycleIssue } from '../../../commands/cycleIssueRemover.ts';
import { addCycleIssues } from '../../../commands/cycleIssuesAdder.ts';
import { transferCycleIssues } from '../../../commands/cycleIssuesTransferrer.ts';
import { cycleNotFound, projectCycleContext } from '../../../commands/cycleRules.ts';
import { updateCycle } from '../../../commands/cycleUpdater.ts';
import { presentCycle, presentCycleIssue } from '../../../presenters/cycle.ts';
import { presentWorkItem } from '../../../presenters/workItem.ts';
import { findCycle, listCycles, listCycleWorkItems } from '../../../repositories/cyclesRepository.ts';
import { isUuid, type ProjectAccess, projectAccess, requireRole } from '../../access/membership.ts';
import { ROLE } from '../../access/roles.ts';
import { NotFoundError } from '../../errors.ts';
import { refuseNulls } from '../projects/schema.ts';
import { CreateCycleBody, CycleIssuesBody, CycleViewQuery, PatchCycleBody, TransferBody } from './schema.ts';

type ProjectParams = { Params: { slug: string; projectId: string } };
type CycleParams = { Params: { slug: string; projectId: string; cycleId: string } };
type CycleIssueParams = { Params: { slug: string; projectId: string; cycleId: string; issueId: string } };

const P = '/api/workspaces/:slug/projects/:projectId';
const CYCLES = `${P}/cycles`;
const CYCLE = `${CYCLES}/:cycleId`;

/** Guests without guest_view_all_features see only the work items they created (Plane's rule). */
export const viewerOf = (access: ProjectAccess) => ({
  userId: access.user.id,
  onlyOwnItems: access.projectRole < ROLE.member && !access.project.guest_view_all_features,
});

/** The cycle id from the path, or 404 before any SQL. */
export function cycleIdOf(params: { cycleId: string }): string {
  if (!isUuid(params.cycleId)) throw cycleNotFound();
  return params.cycleId.toLowerCase();
}

export async function cycleRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;

  app.get<ProjectParams & { Querystring: CycleViewQuery }>(CYCLES, { schema: { querystring: CycleViewQuery } }, async (request) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    const { today } = await projectCycleContext(db, access.project.id);
    const view = request.query.cycle_view ?? 'all';
    return (await listCycles(db, access.project.id, today, { view })).map(presentCycle);
  });

  app.get<ProjectParams>(`${P}/archived-cycles`, async (request) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    const { today } = await projectCycleContext(db, access.project.id);
    return (await listCycles(db, access.project.id, today, { archived: true })).map(presentCycle);
  });

  app.post<ProjectParams & { Body: CreateCycleBody }>(
    CYCLES,
    { schema: { body: CreateCycleBody }, preValidation: refuseNulls(CreateCycleBody) },
    async (request, reply) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      requireRole(access, ROLE.member, 'create cycles');
      const cycle = await createCycle(db, { project: access.project, actorId: access.user.id, data: request.body });
      return reply.status(201).send(presentCycle(cycle));
    },
  );

  app.get<CycleParams>(CYCLE, async (request) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    const cycleId = cycleIdOf(request.params);
    const { today } = await projectCycleContext(db, access.project.id);
    const cycle = await findCycle(db, access.project.id, cycleId, today);
    if (!cycle) throw cycleNotFound();
    return presentCycle(cycle);
  });

  app.patch<CycleParams & { Body: PatchCycleBody }>(
    CYCLE,
    { schema: { body: PatchCycleBody }, preValidation: refuseNulls(PatchCycleBody) },
    async (request) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      requireRole(access, ROLE.member, 'change cycles');
      const cycleId = cycleIdOf(request.params);
      const cycle = await updateCycle(db, { project: access.project, cycleId, actorId: access.user.id, data: request.body });
      return presentCycle(cycle);
    },
  );

  app.delete<CycleParams>(CYCLE, async (request, reply) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    requireRole(access, ROLE.member, 'delete cycles');
    const cycleId = cycleIdOf(request.params);
    await deleteCycle(db, { project: access.project, cycleId, actorId: access.user.id, actorIsAdmin: access.projectRole >= ROLE.admin });
    return reply.status(204).send();
  });

  app.get<CycleParams>(`${CYCLE}/cycle-issues`, async (request) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    const cycleId = cycleIdOf(request.params);
    const { today } = await projectCycleContext(db, access.project.id);
    if (!(await findCycle(db, access.project.id, cycleId, today))) throw cycleNotFound();
    const items = await listCycleWorkItems(db, { projectId: access.project.id, cycleId, viewer: viewerOf(access) });
    return items.map(presentWorkItem);
  });

  app.post<CycleParams & { Body: CycleIssuesBody }>(
    `${CYCLE}/cycle-issues`,
    { schema: { body: CycleIssuesBody } },
    async (request, reply) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      requireRole(access, ROLE.member, 'add work items to cycles');
      const cycleId = cycleIdOf(request.params);
      const rows = await addCycleIssues(db, { project: access.project, cycleId, actorId: access.user.id, issueIds: request.body.issues });
      return reply.status(201).send(rows.map(presentCycleIssue));
    },
  );

  app.delete<CycleIssueParams>(`${CYCLE}/cycle-issues/:issueId`, async (request, reply) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    requireRole(access, ROLE.member, 'remove work items from cycles');
    const cycleId = cycleIdOf(request.params);
    if (!isUuid(request.params.issueId)) throw NotFoundError('This work item is not in the cycle.');
    await removeCycleIssue(db, {
      project: access.project,
      cycleId,
      issueId: request.params.issueId.toLowerCase(),
      actorId: access.user.id,
    });
    return reply.status(204).send();
  });

  app.post<CycleParams & { Body: TransferBody }>(`${CYCLE}/transfer-issues`, { schema: { body: TransferBody } }, async (request) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    requireRole(access, ROLE.member, 'transfer work items between cycles');
    const cycleId = cycleIdOf(request.params);
    const { moved } = await transferCycleIssues(db, {
      project: access.project,
      cycleId,
      newCycleId: request.body.new_cycle_id,
      actorId: access.user.id,
    });
    return { message: 'Success', transferred: moved.length };
  });

  app.post<CycleParams>(`${CYCLE}/archive`, async (request, reply) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    requireRole(access, ROLE.member, 'archive cycles');
    await archiveCycle(db, { project: access.project, cycleId: cycleIdOf(request.params), actorId: access.user.id });
    return reply.status(204).send();
  });

  app.delete<CycleParams>(`${CYCLE}/archive`, async (request, reply) => {
    const access = await projectAccess(request, request.params.slug, request.params.projectId);
    requireRole(access, ROLE.member, 'restore cycles');
    await unarchiveCycle(db, { project: access.project, cycleId: cycleIdOf(request.params), actorId: access.user.id });
    return reply.status(204).send();
  });
}
