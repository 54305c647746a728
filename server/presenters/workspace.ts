// Workspaces as Plane's WorkSpaceSerializer shows them: the owner as user lite, member count and the
// viewer's role. Guests do not see the owner's email (Plane shows guests user lite without emails).
import type { WorkspaceDetail } from '../repositories/workspacesRepository.ts';
import { presentUserLite, presentUserLiteForGuest, type UserLite } from './user.ts';

export interface WorkspaceJson {
  id: string;
  name: string;
  slug: string;
  logo: string;
  logo_url: string | null;
  organization_size: string;
  timezone: string;
  owner: UserLite | Omit<UserLite, 'email'>;
  total_members: number;
  role: number;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
  created_by: string | null;
  updated_by: string | null;
}

/** `row.role` is the viewer's role in the workspace. */
export function presentWorkspace(row: WorkspaceDetail): WorkspaceJson {
  const owner = {
    id: row.owner_id,
    first_name: row.owner_first_name,
    last_name: row.owner_last_name,
    email: row.owner_email,
    avatar: row.owner_avatar,
    display_name: row.owner_display_name,
  };
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    logo: row.logo,
    logo_url: row.logo || null,
    organization_size: row.organization_size,
    timezone: row.timezone,
    owner: row.role > 5 ? presentUserLite(owner) : presentUserLiteForGuest(owner),
    total_members: row.total_members,
    role: row.role,
    created_at: row.created_at,
    updated_at: row.updated_at,
    deleted_at: row.deleted_at,
    created_by: row.created_by,
    updated_by: row.updated_by,
  };
}
