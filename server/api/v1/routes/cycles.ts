// v1 cycles (plane-api-v1.md): list by cycle_view (`current` answers a bare array, the others the
// envelope), create (201; needs the project's cycle_view on; `project_id` in the body is accepted, the
// path's project is used), read, update, delete (204); cycle items (POST moves items from other
// cycles; 201 with the cycle-item rows), transfer of unfinished items, archive / unarchive (204).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
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
import { cycleIdOf, viewerOf } from '../../routes/cycles/index.ts';
import { CreateCycleBody, CycleIssuesBody, CycleViewQuery, PatchCycleBody, TransferBody } from '../../routes/cycles/schema.ts';
import { refuseNulls } from '../../routes/projects/schema.ts';
import { findByExternalId, refuseExternalDuplicate } from '../externalIds.ts';
import { PageQuery, pageOf } from '../pagination.ts';
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
import { ShapeQuery, shapeAll, shapeOne } from '../shape.ts';

const FreeObject = Type.Object({}, { additionalProperties: true });
const Count = Type.Integer({ minimum: 0 });

const Cycle = ObjectOf('Cycle', {
  ...Audit,
  name: Type.String(),
  description: Type.String(),
  start_date: DateOnly,
  end_date: DateOnly,
  owned_by: Ref,
  view_props: FreeObject,
  sort_order: Type.Number(),
  progress_snapshot: FreeObject,
  archived_at: NullableTimestamp,
  logo_props: FreeObject,
  timezone: Type.String(),
  version: Type.Integer(),
  external_source: NullableString,
  external_id: NullableString,
  project: Ref,
  workspace: Ref,
  status: Type.Union(['DRAFT', 'UPCOMING', 'CURRENT', 'COMPLETED'].map((s) => Type.Literal(s))),
  total_issues: Count,
  cancelled_issues: Count,
  completed_issues: Count,
  started_issues: Count,
  unstarted_issues: Count,
  backlog_issues: Count,
  total_estimates: Type.Number(),
  completed_estimates: Type.Number(),
  started_estimates: Type.Number(),
});

const CycleIssue = ObjectOf('CycleIssue', {
  ...Audit,
  cycle: Id,
  issue: Id,
  project: Id,
  workspace: Id,
});

/** The work items of a cycle, as Plane's work-item serializer shows them (ids may be expanded). */
const CycleWorkItem = ObjectOf('WorkItem', {
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

const CreateBody = Type.Object({
  ...CreateCycleBody.properties,
  project_id: Type.Optional(
    Type.Unsafe<string | null>({
      type: ['string', 'null'],
      maxLength: 64,
      description: "Plane's clients send it; the path's project is used.",
    }),
  ),
});
type CreateBody = Static<typeof CreateBody>;

const ListQuery = Type.Object({
  ...PageQuery,
  ...ShapeQuery,
  ...CycleViewQuery.properties,
  external_id: Type.Optional(Type.String()),
  external_source: Type.Optional(Type.String()),
});
const PagedShapeQuery = Type.Object({ ...PageQuery, ...ShapeQuery });
const OneQuery = Type.Object(ShapeQuery);
type CycleParams = ProjectParams & { cycleId: string };
type CycleItemParams = CycleParams & { workItemId: string };

const CYCLES = `${PROJECT}/cycles`;
const CYCLE = `${CYCLES}/:cycleId`;
const TAGS = ['Cycles'];

async function cycleAccess(
  request: FastifyRequest,
  params: CycleParams,
  writeAction?: string,
): Promise<{ access: ProjectAccess; cycleId: string }> {
  const access = await projectAccess(request, params.slug, params.projectId);
  if (writeAction) requireRole(access, ROLE.member, writeAction);
  return { access, cycleId: cycleIdOf(params) };
}

export async function v1CycleRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;

  app.get<{ Params: ProjectParams; Querystring: Static<typeof ListQuery> }>(
    CYCLES,
    {
      schema: {
        tags: TAGS,
        summary: "List a project's cycles (cycle_view=current answers a bare array)",
        querystring: ListQuery,
        response: { 200: Type.Union([EnvelopeOf(Cycle), Type.Array(Cycle), Cycle]), ...Errors },
      },
    },
    async (request) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      const { today } = await projectCycleContext(db, access.project.id);
      const { external_id, external_source } = request.query;
      if (external_id && external_source) {
        const id = await findByExternalId(
          db,
          { table: 'cycles', column: 'project_id', id: access.project.id },
          { external_id, external_source },
        );
        const cycle = id ? await findCycle(db, access.project.id, id, today) : null;
        if (!cycle) throw cycleNotFound();
        return shapeOne(request, presentCycle(cycle), access.workspace.id);
      }
      const view = request.query.cycle_view ?? 'all';
      const cycles = (await listCycles(db, access.project.id, today, { view })).map(presentCycle);
      if (view === 'current') return shapeAll(request, cycles, access.workspace.id);
      const page = pageOf(request.query, cycles);
      return { ...page, results: await shapeAll(request, page.results, access.workspace.id) };
    },
  );

  app.post<{ Params: ProjectParams; Body: CreateBody }>(
    CYCLES,
    {
      schema: {
        tags: TAGS,
        summary: 'Create a cycle (both dates or neither; the project must have cycles on)',
        body: CreateBody,
        response: { 201: Cycle, 409: Errors[400], ...Errors },
      },
      preValidation: refuseNulls(CreateBody),
    },
    async (request, reply) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      requireRole(access, ROLE.member, 'create cycles');
      await refuseExternalDuplicate(db, { table: 'cycles', column: 'project_id', id: access.project.id }, request.body, 'Cycle');
      const { project_id: _ignored, ...data } = request.body;
      const cycle = await createCycle(db, { project: access.project, actorId: access.user.id, data });
      return reply.status(201).send(presentCycle(cycle));
    },
  );

  app.get<{ Params: CycleParams; Querystring: Static<typeof OneQuery> }>(
    CYCLE,
    { schema: { tags: TAGS, summary: 'Get a cycle with its counts', querystring: OneQuery, response: { 200: Cycle, ...Errors } } },
    async (request) => {
      const { access, cycleId } = await cycleAccess(request, request.params);
      const { today } = await projectCycleContext(db, access.project.id);
      const cycle = await findCycle(db, access.project.id, cycleId, today);
      if (!cycle) throw cycleNotFound();
      return shapeOne(request, presentCycle(cycle), access.workspace.id);
    },
  );

  app.patch<{ Params: CycleParams; Body: PatchCycleBody }>(
    CYCLE,
    {
      schema: {
        tags: TAGS,
        summary: 'Update a cycle (an archived one cannot be edited; a completed one only takes sort_order)',
        body: PatchCycleBody,
        response: { 200: Cycle, 409: Errors[400], ...Errors },
      },
      preValidation: refuseNulls(PatchCycleBody),
    },
    async (request) => {
      const { access, cycleId } = await cycleAccess(request, request.params, 'change cycles');
      const cycle = await updateCycle(db, { project: access.project, cycleId, actorId: access.user.id, data: request.body });
      return presentCycle(cycle);
    },
  );

  app.delete<{ Params: CycleParams }>(
    CYCLE,
    { schema: { tags: TAGS, summary: 'Delete a cycle (its owner or a project admin)', response: { 204: NoContent, ...Errors } } },
    async (request, reply) => {
      const { access, cycleId } = await cycleAccess(request, request.params, 'delete cycles');
      await deleteCycle(db, { project: access.project, cycleId, actorId: access.user.id, actorIsAdmin: access.projectRole >= ROLE.admin });
      return reply.status(204).send();
    },
  );

  app.get<{ Params: CycleParams; Querystring: Static<typeof PagedShapeQuery> }>(
    `${CYCLE}/cycle-issues`,
    {
      schema: {
        tags: TAGS,
        summary: "List a cycle's work items",
        querystring: PagedShapeQuery,
        response: { 200: EnvelopeOf(CycleWorkItem), ...Errors },
      },
    },
    async (request) => {
      const { access, cycleId } = await cycleAccess(request, request.params);
      const { today } = await projectCycleContext(db, access.project.id);
      if (!(await findCycle(db, access.project.id, cycleId, today))) throw cycleNotFound();
      const rows = await listCycleWorkItems(db, { projectId: access.project.id, cycleId, viewer: viewerOf(access) });
      const page = pageOf(request.query, rows.map(presentWorkItem));
      return { ...page, results: await shapeAll(request, page.results, access.workspace.id) };
    },
  );

  app.post<{ Params: CycleParams; Body: CycleIssuesBody }>(
    `${CYCLE}/cycle-issues`,
    {
      schema: {
        tags: TAGS,
        summary: 'Add work items to a cycle (moving them from other cycles; a completed cycle takes none)',
        body: CycleIssuesBody,
        response: { 201: Type.Array(CycleIssue), ...Errors },
      },
    },
    async (request, reply) => {
      const { access, cycleId } = await cycleAccess(request, request.params, 'add work items to cycles');
      const rows = await addCycleIssues(db, { project: access.project, cycleId, actorId: access.user.id, issueIds: request.body.issues });
      return reply.status(201).send(rows.map(presentCycleIssue));
    },
  );

  app.delete<{ Params: CycleItemParams }>(
    `${CYCLE}/cycle-issues/:workItemId`,
    { schema: { tags: TAGS, summary: 'Remove a work item from a cycle', response: { 204: NoContent, ...Errors } } },
    async (request, reply) => {
      const { access, cycleId } = await cycleAccess(request, request.params, 'remove work items from cycles');
      if (!isUuid(request.params.workItemId)) throw NotFoundError('This work item is not in the cycle.');
      await removeCycleIssue(db, {
        project: access.project,
        cycleId,
        issueId: request.params.workItemId.toLowerCase(),
        actorId: access.user.id,
      });
      return reply.status(204).send();
    },
  );

  app.post<{ Params: CycleParams; Body: TransferBody }>(
    `${CYCLE}/transfer-issues`,
    {
      schema: {
        tags: TAGS,
        summary: "Move a cycle's unfinished work items to another cycle (not a completed one)",
        body: TransferBody,
        response: { 200: Type.Object({ message: Type.String() }, { additionalProperties: true }), ...Errors },
      },
    },
    async (request) => {
      const { access, cycleId } = await cycleAccess(request, request.params, 'transfer work items between cycles');
      await transferCycleIssues(db, { project: access.project, cycleId, newCycleId: request.body.new_cycle_id, actorId: access.user.id });
      return { message: 'Success' };
    },
  );

  app.post<{ Params: CycleParams }>(
    `${CYCLE}/archive`,
    { schema: { tags: TAGS, summary: 'Archive a completed cycle', response: { 204: NoContent, ...Errors } } },
    async (request, reply) => {
      const { access, cycleId } = await cycleAccess(request, request.params, 'archive cycles');
      await archiveCycle(db, { project: access.project, cycleId, actorId: access.user.id });
      return reply.status(204).send();
    },
  );

  app.get<{ Params: ProjectParams; Querystring: Static<typeof PagedShapeQuery> }>(
    `${PROJECT}/archived-cycles`,
    {
      schema: {
        tags: TAGS,
        summary: "List a project's archived cycles",
        querystring: PagedShapeQuery,
        response: { 200: EnvelopeOf(Cycle), ...Errors },
      },
    },
    async (request) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      const { today } = await projectCycleContext(db, access.project.id);
      const page = pageOf(request.query, (await listCycles(db, access.project.id, today, { archived: true })).map(presentCycle));
      return { ...page, results: await shapeAll(request, page.results, access.workspace.id) };
    },
  );

  app.delete<{ Params: CycleParams }>(
    `${PROJECT}/archived-cycles/:cycleId/unarchive`,
    { schema: { tags: TAGS, summary: 'Restore an archived cycle', response: { 204: NoContent, ...Errors } } },
    async (request, reply) => {
      const { access, cycleId } = await cycleAccess(request, request.params, 'restore cycles');
      await unarchiveCycle(db, { project: access.project, cycleId, actorId: access.user.id });
      return reply.status(204).send();
    },
  );
}
