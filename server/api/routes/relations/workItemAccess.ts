// The work item behind `…/issues/:issueId/…` routes of its parts (relations, links, comments,
// subscribers, attachments): the caller's project access, then the item itself, live and in that
// project (else 404, exactly as for a missing one). Guests without `guest_view_all_features` reach
// only the items they created (Plane's rule).
import type { FastifyRequest } from 'fastify';
import { isUuid, type ProjectAccess, projectAccess, requireRole } from '../../access/membership.ts';
import { ROLE, type Role } from '../../access/roles.ts';
import { NotFoundError } from '../../errors.ts';

export interface WorkItemParams {
  slug: string;
  projectId: string;
  issueId: string;
}

export interface WorkItemRef {
  id: string;
  project_id: string;
  workspace_id: string;
  sequence_id: number;
  name: string;
  created_by: string | null;
}

export interface WorkItemAccess {
  access: ProjectAccess;
  issue: WorkItemRef;
  /** `IDENT-123`, for activity rows. */
  key: string;
}

/** Resolves access and the work item; with `minRole`, 403 unless the caller's project role reaches it. */
export async function workItemAccess(
  request: FastifyRequest,
  params: WorkItemParams,
  minRole?: Role,
  action?: string,
): Promise<WorkItemAccess> {
  const access = await projectAccess(request, params.slug, params.projectId);
  if (!isUuid(params.issueId)) throw NotFoundError();
  const onlyOwn = access.projectRole === ROLE.guest && !access.project.guest_view_all_features;
  const { rows } = await request.server.ctx.db.query<WorkItemRef>(
    `SELECT id, project_id, workspace_id, sequence_id, name, created_by FROM issues
      WHERE id = $1 AND project_id = $2 AND deleted_at IS NULL AND ($3::uuid IS NULL OR created_by = $3)`,
    [params.issueId, access.project.id, onlyOwn ? access.user.id : null],
  );
  const issue = rows[0];
  if (!issue) throw NotFoundError('Work item not found.');
  if (minRole !== undefined) requireRole(access, minRole, action);
  return { access, issue, key: `${access.project.identifier}-${issue.sequence_id}` };
}

/** What every command on a work item's parts needs: the item, its project and workspace, the actor. */
export interface WorkItemScope {
  issueId: string;
  projectId: string;
  workspaceId: string;
  actorId: string;
}

export function scopeOf(item: WorkItemAccess): WorkItemScope {
  return { issueId: item.issue.id, projectId: item.access.project.id, workspaceId: item.access.workspace.id, actorId: item.access.user.id };
}
