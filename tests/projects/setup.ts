// Shared set-up for the project API tests: a workspace with an admin, a member and a guest, a
// project the admin created (member and guest added), and a second workspace of strangers.
import type { Role } from '../../server/api/access/roles.ts';
import { addWorkspaceMember, buildUser, buildWorkspace, type UserRow, type WorkspaceRow } from '../factories/accounts.ts';
import { addProjectMember, buildProject, type ProjectFixture } from '../factories/projects.ts';
import type { ApiHarness, Client } from '../helpers/apiHarness.ts';

export interface Team {
  workspace: WorkspaceRow;
  project: ProjectFixture;
  admin: UserRow;
  member: UserRow;
  guest: UserRow;
  /** In the workspace (as member) but not in the project. */
  outsider: UserRow;
  as: { admin: Client; member: Client; guest: Client; outsider: Client };
  /** `/api/workspaces/<slug>/projects/<id>` */
  base: string;
}

export async function buildTeam(h: ApiHarness, options: { network?: 0 | 2 } = {}): Promise<Team> {
  const workspace = await buildWorkspace(h.db);
  const admin = workspace.owner;
  const project = await buildProject(h.db, { workspace, ...(options.network !== undefined ? { network: options.network } : {}) });
  const member = await buildUser(h.db);
  const guest = await buildUser(h.db);
  const outsider = await buildUser(h.db);
  await addProjectMember(h.db, project, member, 15);
  await addProjectMember(h.db, project, guest, 5);
  await addWorkspaceMember(h.db, workspace, outsider, 15);
  return {
    workspace,
    project,
    admin,
    member,
    guest,
    outsider,
    as: { admin: await h.as(admin.id), member: await h.as(member.id), guest: await h.as(guest.id), outsider: await h.as(outsider.id) },
    base: `/api/workspaces/${workspace.slug}/projects/${project.id}`,
  };
}

export async function userIn(h: ApiHarness, workspace: { id: string }, role: Role): Promise<{ user: UserRow; client: Client }> {
  const user = await buildUser(h.db);
  await addWorkspaceMember(h.db, workspace, user, role);
  return { user, client: await h.as(user.id) };
}

export const NIL_UUID = '00000000-0000-4000-8000-000000000000';
