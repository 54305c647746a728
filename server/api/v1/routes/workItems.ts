// v1 work items under both `/issues/` and `/work-items/`: the project's list (Plane's envelope, by
// page number, `order_by`), create (201; no state → the project's default; 409 on a repeated external
// id), read, update (assignees/labels replace the sets), delete (204), and the lookup by human key
// `workspaces/{ws}/{work-items|issues}/{IDENT}-{seq}/`. The commands check every id in a body against
// the caller's project (state, parent, labels, assignees): anything else is a 400, never stored.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { createWorkItem } from '../../../commands/workItemCreator.ts';
import { deleteWorkItem } from '../../../commands/workItemDeleter.ts';
import type { WorkItemActor, WorkItemInput } from '../../../commands/workItemFields.ts';
import { updateWorkItem } from '../../../commands/workItemUpdater.ts';
import { presentWorkItem } from '../../../presenters/workItem.ts';
import { isPageOrderBy, PAGE_ORDER_BYS, pageWorkItems } from '../../../repositories/workItemPagesRepository.ts';
import { findProjectIdByKey, findWorkItem, type WorkItemRow } from '../../../repositories/workItemsRepository.ts';
import { isUuid, type ProjectAccess, projectAccess, requireRole, workspaceAccess } from '../../access/membership.ts';
import { ROLE } from '../../access/roles.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { CreateBody, UpdateBody } from '../../routes/workItems/schema.ts';
import { viewerOf } from '../../routes/workItems/index.ts';
import { findByExternalId, refuseExternalDuplicate } from '../externalIds.ts';
import { envelope, PageQuery, parsePage } from '../pagination.ts';
import { type ProjectParams, WORK_ITEM_COLLECTIONS, WORKSPACE, type WorkItemParams, workItemPaths } from '../paths.ts';
import {
  Audit,
  DateOnly,
  EnvelopeOf,
  ErrorBody,
  Errors,
  NoContent,
  NullableString,
  NullableTimestamp,
  ObjectOf,
  Ref,
  RefList,
} from '../schemas.ts';
import { shapeAll, shapeOne, ShapeQuery } from '../shape.ts';

/** Plane's work item (plane-api-v1.md "work item"); `expand` may turn the id fields into objects. */
export const WorkItem = ObjectOf('WorkItem', {
  ...Audit,
  type_id: Ref,
  type: Ref,
  name: Type.String(),
  description_html: Type.String(),
  description_binary: NullableString,
  priority: Type.Union(['urgent', 'high', 'medium', 'low', 'none'].map((p) => Type.Literal(p))),
  start_date: DateOnly,
  target_date: DateOnly,
  sequence_id: Type.Integer(),
  sort_order: Type.Number(),
  point: Type.Union([Type.Integer(), Type.Null()]),
  completed_at: NullableTimestamp,
  archived_at: NullableTimestamp,
  is_draft: Type.Boolean(),
  external_source: NullableString,
  external_id: NullableString,
  project: Ref,
  workspace: Ref,
  parent: Ref,
  state: Ref,
  estimate_point: Ref,
  assignees: RefList,
  labels: RefList,
});

const ListQuery = Type.Object({
  ...PageQuery,
  ...ShapeQuery,
  order_by: Type.Optional(
    Type.String({ description: `One of ${PAGE_ORDER_BYS.join(', ')} (default -created_at; priority: urgent → none).` }),
  ),
  external_id: Type.Optional(Type.String()),
  external_source: Type.Optional(Type.String()),
});
const OneQuery = Type.Object(ShapeQuery);
type KeyParams = { slug: string; key: string };

const TAGS = ['Work items'];
const notFound = () => NotFoundError('Work item not found.');

function actorOf(access: ProjectAccess): WorkItemActor {
  return { userId: access.user.id, projectId: access.project.id, workspaceId: access.workspace.id };
}

const lower = (id: string | null | undefined): string | null | undefined => (typeof id === 'string' ? id.toLowerCase() : id);

/** Body → command input. Plane's names (`state`, `parent`, `assignees`, `labels`) win over the `_id` ones. */
function toInput(body: UpdateBody): WorkItemInput {
  const input: WorkItemInput = {};
  const entries: { [K in keyof WorkItemInput]: WorkItemInput[K] | undefined } = {
    name: body.name,
    description_html: body.description_html,
    description_binary: body.description_binary,
    priority: body.priority,
    start_date: body.start_date,
    target_date: body.target_date,
    state_id: lower(body.state !== undefined ? body.state : body.state_id),
    parent_id: lower(body.parent !== undefined ? body.parent : body.parent_id),
    assignee_ids: (body.assignees ?? body.assignee_ids)?.map((id) => id.toLowerCase()),
    label_ids: (body.labels ?? body.label_ids)?.map((id) => id.toLowerCase()),
    estimate_point: lower(body.estimate_point),
    type_id: lower(body.type_id),
    point: body.point,
    sort_order: body.sort_order,
    is_draft: body.is_draft,
    external_source: body.external_source,
    external_id: body.external_id,
  };
  for (const [key, value] of Object.entries(entries)) if (value !== undefined) Object.assign(input, { [key]: value });
  return input;
}

async function readItem(request: FastifyRequest, params: WorkItemParams): Promise<{ access: ProjectAccess; row: WorkItemRow }> {
  const access = await projectAccess(request, params.slug, params.projectId);
  if (!isUuid(params.workItemId)) throw notFound();
  const row = await findWorkItem(request.server.ctx.db, {
    projectId: access.project.id,
    issueId: params.workItemId.toLowerCase(),
    viewer: viewerOf(access),
  });
  if (!row) throw notFound();
  return { access, row };
}

async function writable(request: FastifyRequest, params: WorkItemParams, action: string): Promise<ProjectAccess> {
  const access = await projectAccess(request, params.slug, params.projectId);
  requireRole(access, ROLE.member, action);
  if (!isUuid(params.workItemId)) throw notFound();
  return access;
}

export async function v1WorkItemRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;

  for (const path of WORK_ITEM_COLLECTIONS) {
    app.get<{ Params: ProjectParams; Querystring: Static<typeof ListQuery> }>(
      path,
      {
        schema: {
          tags: TAGS,
          summary: "List a project's work items (or the one with ?external_id=&external_source=)",
          querystring: ListQuery,
          response: { 200: Type.Union([EnvelopeOf(WorkItem), WorkItem]), ...Errors },
        },
      },
      async (request) => {
        const access = await projectAccess(request, request.params.slug, request.params.projectId);
        const viewer = viewerOf(access);
        const { external_id, external_source } = request.query;
        if (external_id && external_source) {
          const id = await findByExternalId(
            db,
            { table: 'issues', column: 'project_id', id: access.project.id },
            { external_id, external_source },
          );
          const row = id ? await findWorkItem(db, { projectId: access.project.id, issueId: id, viewer }) : null;
          if (!row) throw notFound();
          return shapeOne(request, presentWorkItem(row), access.workspace.id);
        }
        const orderBy = request.query.order_by || '-created_at';
        if (!isPageOrderBy(orderBy)) {
          const message = `order_by must be one of ${PAGE_ORDER_BYS.join(', ')}.`;
          throw ValidationError(message, { order_by: [message] });
        }
        const page = parsePage(request.query);
        const { rows, total } = await pageWorkItems(
          db,
          { projectId: access.project.id, viewer },
          { orderBy, limit: page.perPage, offset: page.offset },
        );
        return envelope(page, total, await shapeAll(request, rows.map(presentWorkItem), access.workspace.id));
      },
    );

    app.post<{ Params: ProjectParams; Body: CreateBody }>(
      path,
      {
        schema: {
          tags: TAGS,
          summary: 'Create a work item',
          body: CreateBody,
          response: { 201: WorkItem, 409: ErrorBody, ...Errors },
        },
      },
      async (request, reply) => {
        const access = await projectAccess(request, request.params.slug, request.params.projectId);
        requireRole(access, ROLE.member, 'create work items');
        await refuseExternalDuplicate(db, { table: 'issues', column: 'project_id', id: access.project.id }, request.body, 'Issue');
        const row = await createWorkItem(db, actorOf(access), { ...toInput(request.body), name: request.body.name });
        return reply.status(201).send(presentWorkItem(row));
      },
    );
  }

  for (const path of workItemPaths()) {
    app.get<{ Params: WorkItemParams; Querystring: Static<typeof OneQuery> }>(
      path,
      { schema: { tags: TAGS, summary: 'Get a work item', querystring: OneQuery, response: { 200: WorkItem, ...Errors } } },
      async (request) => {
        const { access, row } = await readItem(request, request.params);
        return shapeOne(request, presentWorkItem(row), access.workspace.id);
      },
    );

    app.patch<{ Params: WorkItemParams; Body: UpdateBody }>(
      path,
      {
        schema: {
          tags: TAGS,
          summary: 'Update a work item (assignees and labels replace the sets)',
          body: UpdateBody,
          response: { 200: WorkItem, 409: ErrorBody, ...Errors },
        },
      },
      async (request) => {
        const access = await writable(request, request.params, 'change work items');
        const row = await updateWorkItem(db, actorOf(access), request.params.workItemId.toLowerCase(), toInput(request.body));
        return presentWorkItem(row);
      },
    );

    app.delete<{ Params: WorkItemParams }>(
      path,
      { schema: { tags: TAGS, summary: 'Delete a work item', response: { 204: NoContent, ...Errors } } },
      async (request, reply) => {
        const access = await writable(request, request.params, 'delete work items');
        await deleteWorkItem(db, actorOf(access), request.params.workItemId.toLowerCase());
        return reply.status(204).send();
      },
    );
  }

  // `search` (another module's static route) wins over `:key` in the router, so it is not shadowed.
  for (const path of [`${WORKSPACE}/work-items/:key`, `${WORKSPACE}/issues/:key`]) {
    app.get<{ Params: KeyParams; Querystring: Static<typeof OneQuery> }>(
      path,
      {
        schema: {
          tags: TAGS,
          summary: 'Get a work item by its human key, e.g. WEB-12',
          querystring: OneQuery,
          response: { 200: WorkItem, ...Errors },
        },
      },
      async (request) => {
        // Membership first: someone else's workspace is "not found" before any lookup.
        await workspaceAccess(request, request.params.slug);
        const match = /^([A-Za-z0-9]{1,12})-(\d{1,9})$/.exec(request.params.key);
        if (!match?.[1] || !match[2]) throw notFound();
        const found = await findProjectIdByKey(db, {
          workspaceSlug: request.params.slug,
          identifier: match[1].toUpperCase(),
          sequenceId: Number(match[2]),
        });
        if (!found) throw notFound();
        const { access, row } = await readItem(request, {
          slug: request.params.slug,
          projectId: found.projectId,
          workItemId: found.issueId,
        });
        return shapeOne(request, presentWorkItem(row), access.workspace.id);
      },
    );
  }
}
