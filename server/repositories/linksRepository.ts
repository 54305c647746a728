// A work item's links (url + title + metadata), scoped by project and work item.
import type { Pool, PoolClient } from '../db/pool.ts';

export type Db = Pool | PoolClient;

export interface LinkRow {
  id: string;
  issue_id: string;
  project_id: string;
  workspace_id: string;
  title: string | null;
  url: string;
  metadata: Record<string, unknown>;
  created_by: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, issue_id, project_id, workspace_id, title, url, metadata, created_by, updated_by, created_at, updated_at';

export async function listLinks(db: Db, scope: { projectId: string; issueId: string }): Promise<LinkRow[]> {
  const { rows } = await db.query<LinkRow>(
    `SELECT ${COLUMNS} FROM issue_links WHERE project_id = $1 AND issue_id = $2 ORDER BY created_at, id`,
    [scope.projectId, scope.issueId],
  );
  return rows;
}

export async function findLink(
  db: Db,
  scope: { projectId: string; issueId: string; linkId: string },
  options: { forUpdate?: boolean } = {},
): Promise<LinkRow | null> {
  const { rows } = await db.query<LinkRow>(
    `SELECT ${COLUMNS} FROM issue_links WHERE project_id = $1 AND issue_id = $2 AND id = $3${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [scope.projectId, scope.issueId, scope.linkId],
  );
  return rows[0] ?? null;
}

export async function findLinkByUrl(db: Db, scope: { projectId: string; issueId: string }, url: string): Promise<LinkRow | null> {
  const { rows } = await db.query<LinkRow>(`SELECT ${COLUMNS} FROM issue_links WHERE project_id = $1 AND issue_id = $2 AND url = $3`, [
    scope.projectId,
    scope.issueId,
    url,
  ]);
  return rows[0] ?? null;
}

export async function insertLink(
  db: Db,
  input: {
    issueId: string;
    projectId: string;
    workspaceId: string;
    actorId: string;
    url: string;
    title: string | null;
    metadata: Record<string, unknown>;
  },
): Promise<LinkRow> {
  const { rows } = await db.query<LinkRow>(
    `INSERT INTO issue_links (issue_id, project_id, workspace_id, url, title, metadata, created_by, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING ${COLUMNS}`,
    [input.issueId, input.projectId, input.workspaceId, input.url, input.title, JSON.stringify(input.metadata), input.actorId],
  );
  const row = rows[0];
  if (!row) throw new Error('insert into issue_links returned no row');
  return row;
}

export async function updateLink(
  db: Db,
  id: string,
  input: { url: string; title: string | null; metadata: Record<string, unknown>; actorId: string },
): Promise<LinkRow> {
  const { rows } = await db.query<LinkRow>(
    `UPDATE issue_links SET url = $2, title = $3, metadata = $4, updated_by = $5, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, input.url, input.title, JSON.stringify(input.metadata), input.actorId],
  );
  const row = rows[0];
  if (!row) throw new Error('update of issue_links returned no row');
  return row;
}

export async function deleteLink(db: Db, id: string): Promise<void> {
  await db.query('DELETE FROM issue_links WHERE id = $1', [id]);
}
