// Every workspace- or project-scoped route starts here: it resolves the caller's membership and
// answers 404 for anything the caller is not a member of, exactly as for a missing object.
import type { FastifyRequest } from 'fastify';
import type { SessionUser } from '../../auth/sessions.ts';
import { ForbiddenError, NotFoundError } from '../errors.ts';
import { requireUser } from '../plugins/sessionAuth.ts';
import type { Role } from './roles.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

export interface WorkspaceRef {
  id: string;
  slug: string;
  name: string;
  owner_id: string;
}

export interface WorkspaceAccess {
  user: SessionUser;
  workspace: WorkspaceRef;
  role: Role;
}

export interface ProjectRef {
  id: string;
  workspace_id: string;
  identifier: string;
  name: string;
  archived_at: string | null;
  guest_view_all_features: boolean;
}

export interface ProjectAccess extends WorkspaceAccess {
  project: ProjectRef;
  /** The caller's role in the project. */
  projectRole: Role;
}

/** An API token bound to one workspace reaches nothing in any other (and that looks like "not found"). */
function tokenReaches(request: FastifyRequest, workspaceId: string): boolean {
  const bound = request.apiToken?.workspaceId;
  return !bound || bound === workspaceId;
}

/** Anything that cannot be a workspace slug is simply not found (and never reaches SQL). */
const SLUG = /^[a-z0-9_-]{1,48}$/i;

/** The caller's membership of workspace `slug`; 404 when it does not exist or they are not in it. */
export async function workspaceAccess(request: FastifyRequest, slug: string): Promise<WorkspaceAccess> {
  const user = requireUser(request);
  if (!SLUG.test(slug)) throw NotFoundError();
  const { rows } = await request.server.ctx.db.query<WorkspaceRef & { role: Role }>({
    name: 'workspace_access',
    text: `SELECT w.id, w.slug, w.name, w.owner_id, m.role
       FROM workspaces w JOIN workspace_members m ON m.workspace_id = w.id AND m.member_id = $2
      WHERE w.slug = $1 AND w.deleted_at IS NULL`,
    values: [slug, user.id],
  });
  const row = rows[0];
  if (!row || !tokenReaches(request, row.id)) throw NotFoundError();
  const { role, ...workspace } = row;
  return { user, workspace, role };
}

/** The caller's membership of project `projectId` in workspace `slug`; 404 unless they are a member of both. */
export async function projectAccess(
  request: FastifyRequest,
  slug: string,
  projectId: string,
  options: { includeArchived?: boolean } = {},
): Promise<ProjectAccess> {
  const user = requireUser(request);
  if (!isUuid(projectId) || !SLUG.test(slug)) throw NotFoundError();
  const { rows } = await request.server.ctx.db.query<
    WorkspaceRef & {
      role: Role;
      project_role: Role;
      p_id: string;
      identifier: string;
      p_name: string;
      archived_at: string | null;
      guest_view_all_features: boolean;
    }
  >({
    // Named (prepared once per connection): every project route runs it, and planning this 4-table
    // join each time cost Postgres ~5× running it (~400 µs vs ~80 µs).
    name: 'project_access',
    text: `SELECT w.id, w.slug, w.name, w.owner_id, wm.role, pm.role AS project_role,
            p.id AS p_id, p.identifier, p.name AS p_name, p.archived_at, p.guest_view_all_features
       FROM workspaces w
       JOIN workspace_members wm ON wm.workspace_id = w.id AND wm.member_id = $3
       JOIN projects p ON p.workspace_id = w.id AND p.id = $2 AND p.deleted_at IS NULL
       JOIN project_members pm ON pm.project_id = p.id AND pm.member_id = $3 AND pm.is_active
      WHERE w.slug = $1 AND w.deleted_at IS NULL`,
    values: [slug, projectId, user.id],
  });
  const row = rows[0];
  if (!row || !tokenReaches(request, row.id)) throw NotFoundError();
  if (row.archived_at && !options.includeArchived) throw NotFoundError('This project is archived.');
  return {
    user,
    workspace: { id: row.id, slug: row.slug, name: row.name, owner_id: row.owner_id },
    role: row.role,
    projectRole: row.project_role,
    project: {
      id: row.p_id,
      workspace_id: row.id,
      identifier: row.identifier,
      name: row.p_name,
      archived_at: row.archived_at,
      guest_view_all_features: row.guest_view_all_features,
    },
  };
}

/** 403 unless the caller's role (in the workspace, or in the project for a ProjectAccess) is at least `min`. */
export function requireRole(access: WorkspaceAccess | ProjectAccess, min: Role, action = 'do this'): void {
  const role = 'projectRole' in access ? access.projectRole : access.role;
  if (role < min) throw ForbiddenError(`Your role does not allow you to ${action}.`);
}
