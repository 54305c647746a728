// The work item behind a v1 `…/{issues|work-items}/:workItemId/<part>/` path: the caller's project
// access, then the item itself, live and in that project (404 otherwise, exactly as for a missing
// one); with `minRole`, 403 below it. Shared by the work item's links, comments, activities,
// attachments and relations.
import type { FastifyRequest } from 'fastify';
import { isUuid } from '../../access/membership.ts';
import type { Role } from '../../access/roles.ts';
import { NotFoundError } from '../../errors.ts';
import { type WorkItemAccess, workItemAccess } from '../../routes/relations/workItemAccess.ts';
import type { WorkItemParams } from '../paths.ts';

export function v1WorkItemAccess(
  request: FastifyRequest,
  params: WorkItemParams,
  minRole?: Role,
  action?: string,
): Promise<WorkItemAccess> {
  return workItemAccess(request, { slug: params.slug, projectId: params.projectId, issueId: params.workItemId }, minRole, action);
}

/** A sub-resource id from the path, lower-cased; anything but a uuid is simply not found. */
export function partId(value: string, noun: string): string {
  if (!isUuid(value)) throw NotFoundError(`${noun} not found.`);
  return value.toLowerCase();
}
