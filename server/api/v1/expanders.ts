// `?expand=` loaders: each turns the bare ids found under one key into the related objects, in one
// query per key, and only ever from the caller's workspace (an id from elsewhere stays a bare id).
import type { Db } from '../../repositories/projectsRepository.ts';
import { presentLabel } from '../../presenters/label.ts';
import { presentUserLite, type UserLiteSource } from '../../presenters/user.ts';
import type { LabelRow } from '../../repositories/labelsRepository.ts';

export type Loader = (db: Db, workspaceId: string, ids: string[]) => Promise<Map<string, unknown>>;

const byId = <T extends { id: string }>(rows: T[], present: (row: T) => unknown = (row) => row): Map<string, unknown> =>
  new Map(rows.map((row) => [row.id, present(row)]));

const users: Loader = async (db, workspaceId, ids) => {
  const { rows } = await db.query<UserLiteSource>(
    `SELECT u.id, u.first_name, u.last_name, u.email, u.avatar, u.display_name
       FROM users u JOIN workspace_members m ON m.member_id = u.id AND m.workspace_id = $1
      WHERE u.id = ANY($2::uuid[])`,
    [workspaceId, ids],
  );
  return byId(rows, presentUserLite);
};

const states: Loader = async (db, workspaceId, ids) => {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id, name, color, "group" FROM states WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
    [workspaceId, ids],
  );
  return byId(rows);
};

const projects: Loader = async (db, workspaceId, ids) => {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id, identifier, name, cover_image, icon_prop, emoji, description
       FROM projects WHERE workspace_id = $1 AND id = ANY($2::uuid[]) AND deleted_at IS NULL`,
    [workspaceId, ids],
  );
  return byId(rows);
};

const labels: Loader = async (db, workspaceId, ids) => {
  const { rows } = await db.query<LabelRow>(
    `SELECT l.id, l.workspace_id, l.project_id, l.parent, l.name, l.description, l.color, l.sort_order, l.external_source,
            l.external_id, l.created_by, l.updated_by, l.created_at, l.updated_at, l.deleted_at
       FROM labels l WHERE l.workspace_id = $1 AND l.id = ANY($2::uuid[])`,
    [workspaceId, ids],
  );
  return byId(rows, presentLabel);
};

const parents: Loader = async (db, workspaceId, ids) => {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id, sequence_id, project_id FROM issues WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
    [workspaceId, ids],
  );
  return byId(rows);
};

const workspaces: Loader = async (db, workspaceId, ids) => {
  const { rows } = await db.query<{ id: string }>(`SELECT name, slug, id FROM workspaces WHERE id = $1 AND id = ANY($2::uuid[])`, [
    workspaceId,
    ids,
  ]);
  return byId(rows);
};

const estimatePoints: Loader = async (db, workspaceId, ids) => {
  // The estimates tables arrive with their own migration; until a point exists nothing expands.
  const { rows } = await db.query<{ id: string }>(
    `SELECT id, key, value, description, estimate_id AS estimate FROM estimate_points
      WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
    [workspaceId, ids],
  );
  return byId(rows);
};

/** What each expandable key loads (plane-api-v1.md "Lists": `?expand=`). */
export const EXPANDERS: Record<string, Loader> = {
  state: states,
  project: projects,
  assignees: users,
  members: users,
  created_by: users,
  updated_by: users,
  owned_by: users,
  actor: users,
  lead: users,
  project_lead: users,
  default_assignee: users,
  labels,
  parent: parents,
  workspace: workspaces,
  estimate_point: estimatePoints,
};
