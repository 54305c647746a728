// A project with a work item and one signed-in client per role (admin = the project's creator,
// member, guest), plus an outsider with a work item of their own in another workspace.
import { randomBytes } from 'node:crypto';
import { ROLE } from '../../server/api/access/roles.ts';
import { createSession } from '../../server/auth/sessions.ts';
import { buildUser, type UserRow } from '../factories/accounts.ts';
import { addProjectMember, buildProject, type ProjectFixture } from '../factories/projects.ts';
import { buildWorkItem, type WorkItemFixture } from '../factories/workItems.ts';
import type { ApiHarness, Client, Response } from '../helpers/apiHarness.ts';

export interface World {
  h: ApiHarness;
  project: ProjectFixture;
  item: WorkItemFixture;
  users: { admin: UserRow; member: UserRow; guest: UserRow; outsider: UserRow };
  admin: Client;
  member: Client;
  guest: Client;
  outsider: Client;
  /** The outsider's own project and work item (another workspace). */
  other: { project: ProjectFixture; item: WorkItemFixture };
  /** `/api/workspaces/<slug>/projects/<id>/issues/<item id>` */
  url(item?: { id: string; project: { id: string; workspace: { slug: string } } }): string;
  /** A raw request as `user` (session cookie + CSRF token), for bodies that are not JSON. */
  raw(
    user: UserRow,
    method: string,
    url: string,
    body: Buffer | string | undefined,
    headers?: Record<string, string>,
  ): Promise<Response<unknown>>;
}

export async function buildWorld(h: ApiHarness): Promise<World> {
  const admin = await buildUser(h.db);
  const member = await buildUser(h.db);
  const guest = await buildUser(h.db);
  const outsider = await buildUser(h.db);
  const project = await buildProject(h.db, { creator: admin });
  await addProjectMember(h.db, project, member, ROLE.member);
  await addProjectMember(h.db, project, guest, ROLE.guest);
  const item = await buildWorkItem(h.db, { project, creator: admin });
  const otherProject = await buildProject(h.db, { creator: outsider });
  const otherItem = await buildWorkItem(h.db, { project: otherProject, creator: outsider });
  const url = (i: { id: string; project: { id: string; workspace: { slug: string } } } = item): string =>
    `/api/workspaces/${i.project.workspace.slug}/projects/${i.project.id}/issues/${i.id}`;
  const raw: World['raw'] = async (user, method, path, body, headers = {}) => {
    const { token } = await createSession(h.db, user.id, 'test');
    const csrf = randomBytes(16).toString('base64url');
    const res = await h.app.inject({
      method: method as 'PUT',
      url: path,
      headers: { host: 'localhost', cookie: `hangar_session=${token}; hangar_csrf=${csrf}`, 'x-csrf-token': csrf, ...headers },
      ...(body !== undefined ? { payload: body } : {}),
    });
    let parsed: unknown = res.rawPayload;
    if (String(res.headers['content-type'] ?? '').startsWith('application/json')) parsed = JSON.parse(res.body);
    return { status: res.statusCode, body: parsed, headers: res.headers };
  };
  return {
    h,
    project,
    item,
    users: { admin, member, guest, outsider },
    admin: await h.as(admin.id),
    member: await h.as(member.id),
    guest: await h.as(guest.id),
    outsider: await h.as(outsider.id),
    other: { project: otherProject, item: otherItem },
    url,
    raw,
  };
}

/** Lets a test say "this value is a record" without `any`. */
export function rec(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`expected an object, got ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
}

export function list(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) throw new Error(`expected an array, got ${JSON.stringify(value)}`);
  return value.map(rec);
}
