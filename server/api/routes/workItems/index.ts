// /api/workspaces/:slug/projects/:projectId/issues/:issueId/…: one work item (create, read, update,
// soft delete, archive, publish a draft, its sub-items and its activity), plus the lookup by human key
// /api/workspaces/:slug/work-items/:IDENT-:seq/. The list (GET …/issues/) lives in ../workItemLists/.
// Every route resolves the caller's project membership first (404 for non-members); writes need
// the member role; guests read only, and without guest_view_all_features only what they created.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { archiveWorkItem, unarchiveWorkItem } from '../../../commands/workItemArchiver.ts';
import { createWorkItem } from '../../../commands/workItemCreator.ts';
import { deleteWorkItem } from '../../../commands/workItemDeleter.ts';
import { addSubItems } from '../../../commands/workItemSubItemsAdder.ts';
import type { WorkItemActor, WorkItemInput } from '../../../commands/workItemFields.ts';
import { updateWorkItem } from '../../../commands/workItemUpdater.ts';
import { presentActivity } from '../../../presenters/activity.ts';
import { presentWorkItem } from '../../../presenters/workItem.ts';
import { findActivity, listActivities } from '../../../repositories/activityRepository.ts';
import {
  findProjectIdByKey,
  findWorkItem,
  listSubItems,
  stateDistribution,
  type Viewer,
} from '../../../repositories/workItemsRepository.ts';
import { isUuid, type ProjectAccess, projectAccess, requireRole, workspaceAccess } from '../../access/membership.ts';
import { ROLE } from '../../access/roles.ts';
import { NotFoundError } from '../../errors.ts';
import { ActivityParams, CreateBody, IssueParams, KeyParams, ProjectParams, SubItemsBody, UpdateBody } from './schema.ts';

const BASE = '/api/workspaces/:slug/projects/:projectId/issues';

function actorOf(access: ProjectAccess): WorkItemActor {
  return { userId: access.user.id, projectId: access.project.id, workspaceId: access.workspace.id };
}

/** Guests see only the items they created unless the project lets them see everything (Plane's rule). */
export function viewerOf(access: ProjectAccess): Viewer {
  return { userId: access.user.id, onlyOwnItems: access.projectRole < ROLE.member && !access.project.guest_view_all_features };
}

const lower = (id: string | null | undefined): string | null | undefined => (typeof id === 'string' ? id.toLowerCase() : id);
const lowerAll = (ids: string[] | undefined): string[] | undefined => ids?.map((id) => id.toLowerCase());

/** Body → command input: Plane's v1 names win over the web app's `_id` names when both are sent. */
function toInput(body: UpdateBody): WorkItemInput {
  const input: WorkItemInput = {};
  const put = <K extends keyof WorkItemInput>(key: K, value: WorkItemInput[K] | undefined): void => {
    if (value !== undefined) input[key] = value;
  };
  put('name', body.name);
  put('description_html', body.description_html);
  put('description_binary', body.description_binary);
  put('priority', body.priority);
  put('start_date', body.start_date);
  put('target_date', body.target_date);
  put('state_id', lower(body.state !== undefined ? body.state : body.state_id));
  put('parent_id', lower(body.parent !== undefined ? body.parent : body.parent_id));
  put('assignee_ids', lowerAll(body.assignees ?? body.assignee_ids));
  put('label_ids', lowerAll(body.labels ?? body.label_ids));
  put('estimate_point', lower(body.estimate_point));
  put('type_id', lower(body.type_id));
  put('point', body.point);
  put('sort_order', body.sort_order);
  put('is_draft', body.is_draft);
  put('external_source', body.external_source);
  put('external_id', body.external_id);
  return input;
}

async function readable(request: FastifyRequest, params: IssueParams): Promise<{ access: ProjectAccess; viewer: Viewer }> {
  const access = await projectAccess(request, params.slug, params.projectId);
  if (!isUuid(params.issueId)) throw NotFoundError();
  return { access, viewer: viewerOf(access) };
}

async function writable(request: FastifyRequest, params: IssueParams, action: string): Promise<ProjectAccess> {
  const access = await projectAccess(request, params.slug, params.projectId);
  requireRole(access, ROLE.member, action);
  if (!isUuid(params.issueId)) throw NotFoundError();
  return access;
}

export async function workItemRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;

  app.post<{ Params: ProjectParams; Body: CreateBody }>(
    `${BASE}/`,
    { schema: { params: ProjectParams, body: CreateBody } },
    async (request, reply) => {
      const access = await projectAccess(request, request.params.slug, request.params.projectId);
      requireRole(access, ROLE.member, 'create work items');
      const row = await createWorkItem(db, actorOf(access), { ...toInput(request.body), name: request.body.name });
      return reply.status(201).send(presentWorkItem(row));
    },
  );

  app.get<{ Params: IssueParams }>(`${BASE}/:issueId/`, { schema: { params: IssueParams } }, async (request) => {
    const { access, viewer } = await readable(request, request.params);
    const row = await findWorkItem(db, { projectId: access.project.id, issueId: request.params.issueId, viewer });
    if (!row) throw NotFoundError();
    return presentWorkItem(row);
  });

  app.patch<{ Params: IssueParams; Body: UpdateBody }>(
    `${BASE}/:issueId/`,
    { schema: { params: IssueParams, body: UpdateBody } },
    async (request) => {
      const access = await writable(request, request.params, 'change work items');
      return presentWorkItem(await updateWorkItem(db, actorOf(access), request.params.issueId, toInput(request.body)));
    },
  );

  app.delete<{ Params: IssueParams }>(`${BASE}/:issueId/`, { schema: { params: IssueParams } }, async (request, reply) => {
    const access = await writable(request, request.params, 'delete work items');
    await deleteWorkItem(db, actorOf(access), request.params.issueId);
    return reply.status(204).send();
  });

  app.post<{ Params: IssueParams }>(`${BASE}/:issueId/publish/`, { schema: { params: IssueParams } }, async (request) => {
    const access = await writable(request, request.params, 'publish drafts');
    return presentWorkItem(await updateWorkItem(db, actorOf(access), request.params.issueId, { is_draft: false }));
  });

  app.post<{ Params: IssueParams }>(`${BASE}/:issueId/archive/`, { schema: { params: IssueParams } }, async (request) => {
    const access = await writable(request, request.params, 'archive work items');
    return presentWorkItem(await archiveWorkItem(db, actorOf(access), request.params.issueId));
  });

  app.delete<{ Params: IssueParams }>(`${BASE}/:issueId/archive/`, { schema: { params: IssueParams } }, async (request) => {
    const access = await writable(request, request.params, 'restore work items');
    return presentWorkItem(await unarchiveWorkItem(db, actorOf(access), request.params.issueId));
  });

  app.get<{ Params: IssueParams }>(`${BASE}/:issueId/sub-issues/`, { schema: { params: IssueParams } }, async (request) => {
    const { access, viewer } = await readable(request, request.params);
    const scope = { projectId: access.project.id, issueId: request.params.issueId, viewer };
    if (!(await findWorkItem(db, scope))) throw NotFoundError();
    const rows = await listSubItems(db, { projectId: scope.projectId, parentId: scope.issueId, viewer });
    const distribution = await stateDistribution(db, { projectId: scope.projectId, issueIds: rows.map((r) => r.id) });
    return { sub_issues: rows.map(presentWorkItem), state_distribution: distribution };
  });

  app.post<{ Params: IssueParams; Body: SubItemsBody }>(
    `${BASE}/:issueId/sub-issues/`,
    { schema: { params: IssueParams, body: SubItemsBody } },
    async (request) => {
      const access = await writable(request, request.params, 'change work items');
      const parentId = request.params.issueId;
      const rows = await addSubItems(db, actorOf(access), parentId, request.body.sub_issue_ids);
      const distribution = await stateDistribution(db, { projectId: access.project.id, issueIds: rows.map((r) => r.id) });
      return { sub_issues: rows.map(presentWorkItem), state_distribution: distribution };
    },
  );

  app.get<{ Params: IssueParams }>(`${BASE}/:issueId/activities/`, { schema: { params: IssueParams } }, async (request) => {
    const { access, viewer } = await readable(request, request.params);
    const scope = { projectId: access.project.id, issueId: request.params.issueId };
    if (!(await findWorkItem(db, { ...scope, viewer }))) throw NotFoundError();
    return (await listActivities(db, scope)).map(presentActivity);
  });

  app.get<{ Params: ActivityParams }>(
    `${BASE}/:issueId/activities/:activityId/`,
    { schema: { params: ActivityParams } },
    async (request) => {
      const { access, viewer } = await readable(request, request.params);
      if (!isUuid(request.params.activityId)) throw NotFoundError();
      const scope = { projectId: access.project.id, issueId: request.params.issueId };
      if (!(await findWorkItem(db, { ...scope, viewer }))) throw NotFoundError();
      const row = await findActivity(db, { ...scope, activityId: request.params.activityId });
      if (!row) throw NotFoundError();
      return presentActivity(row);
    },
  );

  app.get<{ Params: KeyParams }>('/api/workspaces/:slug/work-items/:key/', { schema: { params: KeyParams } }, async (request) => {
    // Membership first: a malformed slug or someone else's workspace is "not found" before any lookup.
    await workspaceAccess(request, request.params.slug);
    const match = /^([A-Za-z0-9]{1,12})-(\d{1,9})$/.exec(request.params.key);
    if (!match?.[1] || !match[2]) throw NotFoundError();
    const found = await findProjectIdByKey(db, {
      workspaceSlug: request.params.slug,
      identifier: match[1].toUpperCase(),
      sequenceId: Number(match[2]),
    });
    // "No such item" and "not your workspace" answer the same 404.
    if (!found) throw NotFoundError();
    const access = await projectAccess(request, request.params.slug, found.projectId);
    const row = await findWorkItem(db, { projectId: access.project.id, issueId: found.issueId, viewer: viewerOf(access) });
    if (!row) throw NotFoundError();
    return presentWorkItem(row);
  });
}
