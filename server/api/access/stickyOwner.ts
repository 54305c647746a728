// Stickies are private notes: the scope of every sticky query is (workspace, caller). As in Plane,
// workspace admins and members have stickies; guests do not (403).
import type { FastifyRequest } from 'fastify';
import type { StickyOwner } from '../../repositories/stickiesRepository.ts';
import { NotFoundError } from '../errors.ts';
import { requireRole, workspaceAccess } from './membership.ts';
import { ROLE } from './roles.ts';

export async function stickyOwner(request: FastifyRequest, slug: string): Promise<StickyOwner> {
  const access = await workspaceAccess(request, slug);
  requireRole(access, ROLE.member, 'use stickies');
  return { workspaceId: access.workspace.id, ownerId: access.user.id };
}

/** Someone else's sticky and a missing one answer the same. */
export const stickyNotFound = () => NotFoundError('This sticky does not exist.');
