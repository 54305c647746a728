// Factories for projects, project members, states and labels; missing parents are created.
import { randomUUID } from 'node:crypto';
import type { Role } from '../../server/api/access/roles.ts';
import { createProject, type ProjectRow } from '../../server/commands/projectCreator.ts';
import type { Pool } from '../../server/db/pool.ts';
import { insertLabel, type LabelRow } from '../../server/repositories/labelsRepository.ts';
import { upsertProjectMember } from '../../server/repositories/projectMembersRepository.ts';
import { insertState, moveDefaultState, type StateGroup, type StateRow, stateSlug } from '../../server/repositories/statesRepository.ts';
import { addWorkspaceMember, buildWorkspace, type UserRow, type WorkspaceRow } from './accounts.ts';

/** A project row plus the workspace and creator it was built with (handy for URLs and sign-ins). */
export type ProjectFixture = ProjectRow & { workspace: WorkspaceRow; creator: UserRow };

let counter = 0;
const suffix = (): string => `${++counter}${randomUUID().replace(/-/g, '').slice(0, 4)}`.toUpperCase();

export async function buildProject(
  db: Pool,
  overrides: { workspace?: WorkspaceRow; creator?: UserRow; identifier?: string; name?: string; network?: 0 | 2 } = {},
): Promise<ProjectFixture> {
  const workspace = overrides.workspace ?? (await buildWorkspace(db, overrides.creator ? { owner: overrides.creator } : {}));
  const creator = overrides.creator ?? workspace.owner;
  if (creator.id !== workspace.owner.id) {
    // A creator must be in the workspace; keep an existing role, else make them a member.
    await db.query('INSERT INTO workspace_members (workspace_id, member_id, role) VALUES ($1, $2, 15) ON CONFLICT DO NOTHING', [
      workspace.id,
      creator.id,
    ]);
  }
  const tag = suffix();
  const identifier = overrides.identifier ?? `P${tag}`.slice(0, 12);
  const project = await createProject(db, {
    workspaceId: workspace.id,
    actorId: creator.id,
    data: {
      name: overrides.name ?? `Project ${tag}`,
      identifier,
      ...(overrides.network !== undefined ? { network: overrides.network } : {}),
    },
  });
  return { ...project, workspace, creator };
}

/** Makes `user` a project member with `role`; they join the workspace with the same role if not in it. */
export async function addProjectMember(
  db: Pool,
  project: { id: string; workspace_id: string },
  user: { id: string },
  role: Role,
): Promise<void> {
  const { rows } = await db.query('SELECT 1 FROM workspace_members WHERE workspace_id = $1 AND member_id = $2', [
    project.workspace_id,
    user.id,
  ]);
  if (rows.length === 0) await addWorkspaceMember(db, { id: project.workspace_id }, user, role);
  await upsertProjectMember(db, { workspaceId: project.workspace_id, projectId: project.id, memberId: user.id, role, actorId: user.id });
}

export async function buildState(
  db: Pool,
  project: { id: string; workspace_id: string },
  overrides: { name?: string; color?: string; group?: StateGroup; sequence?: number; description?: string; default?: boolean } = {},
): Promise<StateRow> {
  const name = overrides.name ?? `State ${suffix()}`;
  const group = overrides.group ?? 'started';
  const state = await insertState(db, project, null, {
    name,
    color: overrides.color ?? '#3A86FF',
    group,
    sequence: overrides.sequence ?? 40000,
    description: overrides.description ?? '',
    slug: stateSlug(name),
    is_triage: group === 'triage',
  });
  if (overrides.default) {
    await moveDefaultState(db, project.id, state.id);
    return { ...state, default: true };
  }
  return state;
}

export async function buildLabel(
  db: Pool,
  project: { id: string; workspace_id: string },
  overrides: { name?: string; color?: string; parent?: { id: string } | string | null; sort_order?: number; description?: string } = {},
): Promise<LabelRow> {
  const parent =
    overrides.parent === undefined || overrides.parent === null
      ? null
      : typeof overrides.parent === 'string'
        ? overrides.parent
        : overrides.parent.id;
  return insertLabel(db, project, null, {
    name: overrides.name ?? `Label ${suffix()}`,
    color: overrides.color ?? '#858E96',
    parent,
    sort_order: overrides.sort_order ?? 65535,
    description: overrides.description ?? '',
  });
}
