// Creates a workspace and makes its creator its admin, in one transaction.
import { ConflictError, ValidationError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { insertWorkspaceMember } from '../repositories/workspaceMembersRepository.ts';
import { findWorkspaceForMember, insertWorkspace, type WorkspaceDetail } from '../repositories/workspacesRepository.ts';

export const MAX_WORKSPACE_NAME = 80;
export const MAX_ORGANIZATION_SIZE = 20;

/**
 * Slugs that are paths of the web apps (Plane's RESTRICTED_WORKSPACE_SLUGS) or of Hangar's own
 * listeners (/auth, /pub, /ctrl, /live, static assets): a workspace there would be unreachable.
 */
export const RESERVED_WORKSPACE_SLUGS: ReadonlySet<string> = new Set([
  '404',
  'accounts',
  'admin',
  'api',
  'assets',
  'auth',
  'billing',
  'business',
  'calendar',
  'channels',
  'chat',
  'config',
  'configuration',
  'create-workspace',
  'ctrl',
  'dashboard',
  'desktop',
  'disco',
  'drive',
  'enterprise',
  'epic',
  'epics',
  'files',
  'flags',
  'god-mode',
  'health',
  'import',
  'importers',
  'ingest',
  'initiative',
  'initiatives',
  'installations',
  'instance',
  'instances',
  'integration',
  'integrations',
  'invitations',
  'license',
  'licenses',
  'live',
  'm',
  'mobile',
  'monitor',
  'monitoring',
  'one',
  'onboarding',
  'onload',
  'pages',
  'password',
  'plane-enterprise',
  'plane-pro',
  'plane-ultimate',
  'pro',
  'profile',
  'pub',
  'real-time',
  'reset-password',
  'settings',
  'sign-in',
  'sign-out',
  'sign-up',
  'signin',
  'signup',
  'silo',
  'slug-check',
  'spaces',
  'static',
  'story',
  'upgrade',
  'uploads',
  'users',
  'workflow',
  'workflows',
  'workspace-invitations',
  'workspaces',
]);

const SLUG = /^[a-z0-9][a-z0-9_-]*$/;

/** Why `slug` cannot be a workspace URL, or null when it can (whether it is taken is checked apart). */
export function workspaceSlugProblem(slug: string): string | null {
  if (slug === '') return 'The workspace URL is required.';
  if (slug.length > 48) return 'The workspace URL may be at most 48 characters long.';
  if (!SLUG.test(slug))
    return 'The workspace URL may only use lower-case letters, digits, "-" and "_", and must start with a letter or digit.';
  if (RESERVED_WORKSPACE_SLUGS.has(slug)) return `"${slug}" is reserved: choose another workspace URL.`;
  return null;
}

export interface WorkspaceInput {
  name: string;
  slug: string;
  organizationSize?: string;
  ownerId: string;
}

export async function createWorkspace(db: Pool, input: WorkspaceInput): Promise<WorkspaceDetail> {
  const name = input.name.trim();
  if (name === '') throw ValidationError('The workspace name is required.', { name: ['This field may not be blank.'] });
  if (name.length > MAX_WORKSPACE_NAME) {
    const message = `The maximum length for name is ${MAX_WORKSPACE_NAME}.`;
    throw ValidationError(message, { name: [message] });
  }
  const slugProblem = workspaceSlugProblem(input.slug);
  if (slugProblem) throw ValidationError(slugProblem, { slug: [slugProblem] });
  const organizationSize = (input.organizationSize ?? '').trim();
  if (organizationSize.length > MAX_ORGANIZATION_SIZE) {
    const message = `The organization size may be at most ${MAX_ORGANIZATION_SIZE} characters long.`;
    throw ValidationError(message, { organization_size: [message] });
  }
  return inTransaction(db, async (tx) => {
    const created = await insertWorkspace(tx, { name, slug: input.slug, organizationSize, ownerId: input.ownerId });
    if (!created) {
      const message = 'The workspace with the slug already exists.';
      throw ConflictError(message, { slug: [message] });
    }
    await insertWorkspaceMember(tx, created.id, input.ownerId, 20);
    const detail = await findWorkspaceForMember(tx, created.id, input.ownerId);
    if (!detail) throw new Error('a workspace just created could not be read back');
    return detail;
  });
}
