// The whole appliance (Postgres, api, live, Caddy) booted as `hangar serve` does, reached over real
// HTTP by Plane's own clients, plus a pool on its database for fixtures: a user, a workspace and a
// service API token — what a person would have after `hangar setup` and `hangar api-token create`.
import { dataPaths } from '../../app/config/dataDir.ts';
import { openApplianceDb } from '../../app/state/applianceDb.ts';
import { createApiToken } from '../../server/auth/apiTokens.ts';
import { createPool, type Pool } from '../../server/db/pool.ts';
import { buildUser, buildWorkspace, type UserRow, type WorkspaceRow } from '../factories/accounts.ts';
import { type RunningAppliance, startAppliance } from '../helpers/appliance.ts';

export interface RunningHangar {
  appliance: RunningAppliance;
  /** Origin the clients talk to (Caddy's port). */
  url: string;
  db: Pool;
  user: UserRow;
  workspace: WorkspaceRow;
  /** X-Api-Key of `user`. */
  token: string;
  /** A raw /api/v1 call with the token, for routes Plane's clients have no method for. */
  rest<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

export async function startRunningHangar(): Promise<RunningHangar> {
  // The suites make a few hundred calls in well under a minute; the per-key budget is not under test
  // here (tests/apiV1/foundation.test.ts covers it). The supervisor passes this through to the api.
  process.env.HANGAR_SERVICE_API_RATE_LIMIT = '1000000';
  const appliance = await startAppliance();
  let db: Pool | null = null;
  try {
    const state = openApplianceDb(dataPaths(appliance.dataDir).applianceDb).db;
    const password = state.get<string>('pg.password');
    const port = state.get<number>('pg.port');
    state.close();
    if (!password || !port) throw new Error('the appliance recorded no Postgres credentials');
    const pool = createPool(`postgres://hangar:${encodeURIComponent(password)}@127.0.0.1:${port}/hangar`, 3);
    db = pool;
    const user = await buildUser(pool, { first_name: 'Ada' });
    const workspace = await buildWorkspace(pool, { owner: user, name: 'Contract Suite' });
    const { token } = await createApiToken(pool, { userId: user.id, label: 'contract suite', isService: true });
    const url = appliance.url;
    return {
      appliance,
      url,
      db: pool,
      user,
      workspace,
      token,
      async rest<T>(method: string, path: string, body?: unknown) {
        const res = await fetch(`${url}/api/v1${path}`, {
          method,
          headers: { 'x-api-key': token, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
        const text = await res.text();
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch {
          // not JSON: keep the text
        }
        return { status: res.status, body: parsed as T };
      },
      async stop() {
        await pool.end();
        await appliance.stop();
      },
    };
  } catch (error) {
    await db?.end();
    await appliance.stop();
    throw error;
  }
}
