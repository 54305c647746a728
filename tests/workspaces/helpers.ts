// Shared bits of the workspace tests: an anonymous client that passes CSRF (so a write reaches the
// route and its 401), and a project with members inserted directly (projects are another suite's).
import type { ApiHarness, Body, Response } from '../helpers/apiHarness.ts';

const CSRF = 'anonymous-csrf-token-123456';

/** An anonymous write carrying a valid CSRF pair, so the answer is the route's own (401). */
export function anonymousWrite(h: ApiHarness, method: string, url: string, body: unknown = {}): Promise<Response<Body>> {
  return h.anonymous.request(method, url, body, { cookie: `hangar_csrf=${CSRF}`, 'x-csrf-token': CSRF });
}

let projects = 0;

/** A project in the workspace with the given active members and their project roles. */
export async function insertProject(h: ApiHarness, workspaceId: string, members: { id: string; role: number }[]): Promise<string> {
  projects += 1;
  const { rows } = await h.db.query<{ id: string }>(
    'INSERT INTO projects (workspace_id, name, identifier) VALUES ($1, $2, $3) RETURNING id',
    [workspaceId, `Project ${projects}`, `P${projects}`],
  );
  const id = rows[0]?.id ?? '';
  for (const m of members) {
    await h.db.query('INSERT INTO project_members (workspace_id, project_id, member_id, role) VALUES ($1, $2, $3, $4)', [
      workspaceId,
      id,
      m.id,
      m.role,
    ]);
  }
  return id;
}

export async function activeProjectMembership(h: ApiHarness, projectId: string, userId: string): Promise<boolean | null> {
  const { rows } = await h.db.query<{ is_active: boolean }>(
    'SELECT is_active FROM project_members WHERE project_id = $1 AND member_id = $2',
    [projectId, userId],
  );
  return rows[0]?.is_active ?? null;
}
