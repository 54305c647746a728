// The security world (world.ts) seen through /api/v1: every role gets an API token, and the World's
// `call` sends it as X-Api-Key instead of a session cookie, so matrixRunner.ts runs the v1 matrix
// unchanged. Objects are still built through the app API (world.ts builders).
import { createApiToken } from '../../server/auth/apiTokens.ts';
import { type RawResponse, send } from './rawClient.ts';
import type { RoleName, World } from './world.ts';

export interface V1World extends World {
  /** Each role's API token (service tokens: the harness lifts their rate limit). */
  tokens: Record<RoleName, string>;
  /** A request with an explicit key (null: none), e.g. a token bound to one workspace. */
  callWithKey(key: string | null, method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<RawResponse>;
}

const ROLES: RoleName[] = ['admin', 'member', 'guest', 'outsider', 'stranger'];

/** A new unbound service token for `userId`, or one bound to `workspaceId`. */
export async function tokenFor(world: World, userId: string, workspaceId: string | null = null): Promise<string> {
  const { token } = await createApiToken(world.h.db, { userId, workspaceId, label: 'security', isService: true });
  return token;
}

export async function overApiKeys(world: World): Promise<V1World> {
  const tokens = {} as Record<RoleName, string>;
  for (const role of ROLES) tokens[role] = await tokenFor(world, world.sessions[role].userId);
  const callWithKey: V1World['callWithKey'] = (key, method, url, body, headers = {}) =>
    send(world.h.app, world.ledger, { method, url, body, headers: { ...(key === null ? {} : { 'x-api-key': key }), ...headers } });
  return {
    ...world,
    tokens,
    callWithKey,
    call: (role, method, url, body, headers) => callWithKey(role === 'anonymous' ? null : tokens[role], method, url, body, headers),
  };
}

/** External id pairs (Plane's importer idempotency) that v1Matrix's lookups and creates use. */
export const EXTERNAL = { source: 'matrix', shared: 'shared-ext', bOnly: 'b-only' } as const;

/**
 * Gives A's, A's other project's and B's objects the same external pair (a lookup must find only the
 * caller's own), and two of B's objects a pair nobody else has (a create reusing it must succeed,
 * not answer 409 with B's id). Projects are looked up per workspace, so only A's and B's get it.
 */
export async function markExternalIds(world: World): Promise<void> {
  const mark = (table: string, id: string, externalId: string) =>
    world.h.db.query(`UPDATE ${table} SET external_source = $2, external_id = $3 WHERE id = $1`, [id, EXTERNAL.source, externalId]);
  for (const side of [world.a, world.b]) await mark('projects', side.project.id, EXTERNAL.shared);
  for (const side of [world.a, world.a2, world.b]) {
    await mark('states', side.ids.state, EXTERNAL.shared);
    await mark('labels', side.ids.label, EXTERNAL.shared);
    await mark('issues', side.ids.issue, EXTERNAL.shared);
    await mark('cycles', side.ids.cycle, EXTERNAL.shared);
    await mark('modules', side.ids.module, EXTERNAL.shared);
    await mark('issue_comments', side.ids.comment, EXTERNAL.shared);
  }
  await mark('issues', world.b.ids.issue2, EXTERNAL.bOnly);
  await mark('labels', world.b.ids.label2, EXTERNAL.bOnly);
}
