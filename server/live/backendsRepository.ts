// Session backends, drones and connection tokens in Postgres (jamsocket Plane's controller state).
// Shared by the api (/ctrl/connect) and the live drone; every status write goes through the
// forward-only trigger in 0002_live.sql, which also records the event and NOTIFYs it.
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import type pg from 'pg';
import type { Pool } from '../db/pool.ts';

export const BACKEND_STATUSES = [
  'scheduled',
  'loading',
  'starting',
  'waiting',
  'ready',
  'terminating',
  'hard-terminating',
  'terminated',
] as const;
export type BackendStatus = (typeof BACKEND_STATUSES)[number];
export const TERMINATION_REASONS = ['swept', 'external', 'lost', 'startuptimeout', 'internalerror'] as const;
export type TerminationReason = (typeof TERMINATION_REASONS)[number];
export type ConnectionMode = 'full' | 'read-only';

/** Postgres NOTIFY channels. */
export const STATUS_CHANNEL = 'hangar_live_status';
export const CONTROL_CHANNEL = 'hangar_live';

/** A drone whose heartbeat is older than this is dead; its backends are lost. */
export const DRONE_STALE_SECONDS = 15;
export const DRONE_HEARTBEAT_MS = 5_000;
/** A backend that has not reached ready within this long is terminated (startuptimeout). */
export const STARTUP_TIMEOUT_SECONDS = 30;
export const DEFAULT_MAX_IDLE_SECONDS = 30;
export const TOKEN_TTL_SECONDS = 60 * 60;

export interface Backend {
  id: string;
  key: string;
  generation: number;
  droneId: string | null;
  status: BackendStatus;
  reason: TerminationReason | null;
  maxIdleSeconds: number;
  statusAt: Date;
}

/** One status change as announced on STATUS_CHANNEL and stored in live_backend_events. */
export interface StatusEvent {
  id: number;
  backend_id: string;
  drone_id: string | null;
  status: BackendStatus;
  reason: TerminationReason | null;
  time: string;
}

/** Messages on CONTROL_CHANNEL (api → drones). */
export type ControlMessage = { type: 'revoke'; backend_id: string; token_hashes?: string[] };

type Queryable = Pool | pg.PoolClient;

interface BackendRow {
  id: string;
  key: string;
  generation: string;
  drone_id: string | null;
  status: BackendStatus;
  reason: TerminationReason | null;
  max_idle_seconds: number;
  status_at: Date;
}

const BACKEND_COLUMNS = 'id, key, generation, drone_id, status, reason, max_idle_seconds, status_at';

function toBackend(row: BackendRow): Backend {
  return {
    id: row.id,
    key: row.key,
    generation: Number(row.generation),
    droneId: row.drone_id,
    status: row.status,
    reason: row.reason,
    maxIdleSeconds: row.max_idle_seconds,
    statusAt: row.status_at,
  };
}

export const statusRank = (status: BackendStatus): number => BACKEND_STATUSES.indexOf(status);
export const isTerminal = (status: BackendStatus): boolean => status === 'terminated';
export const isStopping = (status: BackendStatus): boolean => statusRank(status) >= statusRank('terminating');

export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** 128-bit random backend id, lowercase base32-ish (URL and log friendly). */
function newBackendId(): string {
  return randomBytes(16).toString('hex');
}

// ── drones ────────────────────────────────────────────────────────────────────

export async function registerDrone(db: Queryable, port: number): Promise<string> {
  const { rows } = await db.query<{ id: string }>('INSERT INTO drones (hostname, pid, port) VALUES ($1, $2, $3) RETURNING id', [
    os.hostname(),
    process.pid,
    port,
  ]);
  const id = rows[0]?.id;
  if (!id) throw new Error('drone registration returned no id');
  return id;
}

/**
 * Marks stopped the drones on this host whose process is gone (a crash the supervisor restarted us
 * after), so their backends are swept as lost now rather than after the heartbeat goes stale.
 */
export async function stopDeadLocalDrones(db: Queryable, selfId: string, isAlive: (pid: number) => boolean): Promise<number> {
  const { rows } = await db.query<{ id: string; pid: number }>(
    'SELECT id, pid FROM drones WHERE hostname = $1 AND stopped_at IS NULL AND id <> $2',
    [os.hostname(), selfId],
  );
  const dead = rows.filter((r) => r.pid > 0 && !isAlive(r.pid)).map((r) => r.id);
  if (dead.length === 0) return 0;
  await db.query('UPDATE drones SET stopped_at = now() WHERE id = ANY($1::uuid[]) AND stopped_at IS NULL', [dead]);
  return dead.length;
}

/** Returns false when the drone row is gone or stopped (the drone must not keep serving). */
export async function heartbeatDrone(db: Queryable, droneId: string): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE drones SET last_heartbeat_at = now() WHERE id = $1 AND stopped_at IS NULL', [droneId]);
  return rowCount === 1;
}

export async function setDroneDraining(db: Queryable, droneId: string): Promise<void> {
  await db.query('UPDATE drones SET draining_at = COALESCE(draining_at, now()) WHERE id = $1', [droneId]);
}

export async function stopDrone(db: Queryable, droneId: string): Promise<void> {
  await db.query('UPDATE drones SET stopped_at = COALESCE(stopped_at, now()), draining_at = COALESCE(draining_at, now()) WHERE id = $1', [
    droneId,
  ]);
}

/** The live drone with the fewest live backends, or null when none is alive. */
async function pickDrone(db: Queryable): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT d.id FROM drones d
      WHERE d.stopped_at IS NULL AND d.draining_at IS NULL
        AND d.last_heartbeat_at > now() - make_interval(secs => $1)
      ORDER BY (SELECT count(*) FROM live_backends b WHERE b.drone_id = d.id AND b.status <> 'terminated'), d.started_at DESC
      LIMIT 1`,
    [DRONE_STALE_SECONDS],
  );
  return rows[0]?.id ?? null;
}

// ── backends ──────────────────────────────────────────────────────────────────

export async function getBackend(db: Queryable, id: string): Promise<Backend | null> {
  const { rows } = await db.query<BackendRow>(`SELECT ${BACKEND_COLUMNS} FROM live_backends WHERE id = $1`, [id]);
  return rows[0] ? toBackend(rows[0]) : null;
}

/**
 * Moves a backend forward to `status` (never back: the WHERE clause skips, the trigger would refuse).
 * Returns whether the row changed.
 */
export async function advanceBackend(db: Queryable, id: string, status: BackendStatus, reason?: TerminationReason): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE live_backends SET status = $2, reason = COALESCE(reason, $3)
      WHERE id = $1 AND live_status_rank(status) < live_status_rank($2)`,
    [id, status, reason ?? null],
  );
  return rowCount === 1;
}

/**
 * Marks backends terminated when their drone is stale or stopped (lost) or when they never became
 * ready in time (startuptimeout). Safe to run from any process, any number of times.
 */
export async function sweepBackends(db: Queryable): Promise<{ lost: number; timedOut: number }> {
  const lost = await db.query(
    `UPDATE live_backends b SET status = 'terminated', reason = COALESCE(b.reason, 'lost')
      WHERE b.status <> 'terminated'
        AND (b.drone_id IS NULL OR EXISTS (SELECT 1 FROM drones d WHERE d.id = b.drone_id
              AND (d.stopped_at IS NOT NULL OR d.last_heartbeat_at < now() - make_interval(secs => $1))))`,
    [DRONE_STALE_SECONDS],
  );
  const timedOut = await db.query(
    `UPDATE live_backends SET status = 'terminated', reason = COALESCE(reason, 'startuptimeout')
      WHERE live_status_rank(status) < live_status_rank('ready') AND created_at < now() - make_interval(secs => $1)`,
    [STARTUP_TIMEOUT_SECONDS],
  );
  return { lost: lost.rowCount ?? 0, timedOut: timedOut.rowCount ?? 0 };
}

/** Backends a drone should be running (e.g. scheduled while its NOTIFY was missed). */
export async function backendsOfDrone(db: Queryable, droneId: string): Promise<Backend[]> {
  const { rows } = await db.query<BackendRow>(
    `SELECT ${BACKEND_COLUMNS} FROM live_backends WHERE drone_id = $1 AND status <> 'terminated' ORDER BY created_at`,
    [droneId],
  );
  return rows.map(toBackend);
}

export interface ConnectOptions {
  key: string;
  maxIdleSeconds?: number;
  mode: ConnectionMode;
  userId?: string;
  tokenTtlSeconds?: number;
}

export interface ConnectResult {
  backend: Backend;
  spawned: boolean;
  token: string;
  secretToken: string;
}

export class NoDroneError extends Error {}
export class BackendBusyError extends Error {}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * jamsocket's connect-by-key: reuse the key's live backend, or create one on a live drone with the
 * next fencing generation; then issue a connection token for it. A backend that is shutting down
 * is waited for (bounded), so its final save lands before its successor loads the document.
 */
export async function connectBackend(db: Pool, options: ConnectOptions, waitMs = 10_000): Promise<ConnectResult> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const attempt = await tryConnect(db, options);
    if (attempt !== 'busy') return attempt;
    if (Date.now() > deadline) throw new BackendBusyError('The document is still shutting down; try again.');
    await sleep(100);
  }
}

async function tryConnect(db: Pool, options: ConnectOptions): Promise<ConnectResult | 'busy'> {
  await sweepBackends(db);
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    // Serialize connects for the same key (cheap: transaction-scoped advisory lock on the key's hash).
    await client.query('SELECT pg_advisory_xact_lock(7420002, hashtext($1))', [options.key]);
    const existing = await client.query<BackendRow>(
      `SELECT ${BACKEND_COLUMNS} FROM live_backends WHERE key = $1 AND status <> 'terminated'`,
      [options.key],
    );
    let backend: Backend;
    let spawned = false;
    const found = existing.rows[0];
    if (found) {
      backend = toBackend(found);
      if (isStopping(backend.status)) {
        await client.query('ROLLBACK');
        return 'busy';
      }
    } else {
      const droneId = await pickDrone(client);
      if (!droneId) throw new NoDroneError('No live server is running.');
      const { rows: docRows } = await client.query<{ generation: string }>(
        `INSERT INTO live_documents (key, generation) VALUES ($1, 1)
           ON CONFLICT (key) DO UPDATE SET generation = live_documents.generation + 1, updated_at = now()
         RETURNING generation`,
        [options.key],
      );
      const generation = docRows[0]?.generation;
      const { rows } = await client.query<BackendRow>(
        `INSERT INTO live_backends (id, key, generation, drone_id, max_idle_seconds) VALUES ($1, $2, $3, $4, $5) RETURNING ${BACKEND_COLUMNS}`,
        [newBackendId(), options.key, generation, droneId, options.maxIdleSeconds ?? DEFAULT_MAX_IDLE_SECONDS],
      );
      if (!rows[0]) throw new Error('backend insert returned no row');
      backend = toBackend(rows[0]);
      spawned = true;
    }
    const token = randomBytes(32).toString('base64url');
    const secretToken = randomBytes(32).toString('base64url');
    await client.query(
      `INSERT INTO live_tokens (token_hash, secret_hash, backend_id, mode, user_id, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))`,
      [
        hashSecret(token),
        hashSecret(secretToken),
        backend.id,
        options.mode,
        options.userId ?? null,
        options.tokenTtlSeconds ?? TOKEN_TTL_SECONDS,
      ],
    );
    await client.query('COMMIT');
    return { backend, spawned, token, secretToken };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** External termination (POST /ctrl/b/<id>/terminate): the owning drone sees the NOTIFY and unloads. */
export async function requestTermination(db: Pool, id: string, hard: boolean): Promise<Backend | null> {
  await sweepBackends(db);
  await advanceBackend(db, id, hard ? 'hard-terminating' : 'terminating', 'external');
  return getBackend(db, id);
}

// ── tokens ────────────────────────────────────────────────────────────────────

export type TokenCheck =
  | { ok: true; backend: Backend; mode: ConnectionMode; userId: string | null; tokenHash: string }
  | { ok: false; status: 401 | 404 | 410; reason: string };

/** What the live server checks before upgrading a WebSocket. */
export async function checkToken(db: Queryable, token: string): Promise<TokenCheck> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { ok: false, status: 404, reason: 'unknown token' };
  const hash = hashSecret(token);
  const { rows } = await db.query<BackendRow & { mode: ConnectionMode; user_id: string | null; expired: boolean; revoked: boolean }>(
    `SELECT b.id, b.key, b.generation, b.drone_id, b.status, b.reason, b.max_idle_seconds, b.status_at,
            t.mode, t.user_id, t.expires_at <= now() AS expired, t.revoked_at IS NOT NULL AS revoked
       FROM live_tokens t JOIN live_backends b ON b.id = t.backend_id
      WHERE t.token_hash = $1`,
    [hash],
  );
  const row = rows[0];
  if (!row) return { ok: false, status: 404, reason: 'unknown token' };
  if (row.revoked) return { ok: false, status: 410, reason: 'token revoked' };
  if (row.expired) return { ok: false, status: 410, reason: 'token expired' };
  const backend = toBackend(row);
  if (isStopping(backend.status)) return { ok: false, status: 410, reason: `backend ${backend.status}` };
  return { ok: true, backend, mode: row.mode, userId: row.user_id, tokenHash: hash.toString('hex') };
}

/** Revokes every token of a backend; returns how many were revoked. */
export async function revokeBackendTokens(db: Queryable, backendId: string): Promise<string[]> {
  const { rows } = await db.query<{ token_hash: Buffer }>(
    'UPDATE live_tokens SET revoked_at = now() WHERE backend_id = $1 AND revoked_at IS NULL RETURNING token_hash',
    [backendId],
  );
  const hashes = rows.map((r) => r.token_hash.toString('hex'));
  await notifyControl(db, { type: 'revoke', backend_id: backendId });
  return hashes;
}

/** Revokes one token, given either the token or its secret token. Returns the backend id, or null. */
export async function revokeToken(db: Queryable, secret: string): Promise<string | null> {
  const hash = hashSecret(secret);
  const { rows } = await db.query<{ backend_id: string; token_hash: Buffer }>(
    `UPDATE live_tokens SET revoked_at = COALESCE(revoked_at, now())
      WHERE token_hash = $1 OR secret_hash = $1 RETURNING backend_id, token_hash`,
    [hash],
  );
  const row = rows[0];
  if (!row) return null;
  await notifyControl(db, { type: 'revoke', backend_id: row.backend_id, token_hashes: [row.token_hash.toString('hex')] });
  return row.backend_id;
}

async function notifyControl(db: Queryable, message: ControlMessage): Promise<void> {
  await db.query('SELECT pg_notify($1, $2)', [CONTROL_CHANNEL, JSON.stringify(message)]);
}

// ── status events ─────────────────────────────────────────────────────────────

export async function statusEventsSince(db: Queryable, backendId: string, afterId: number): Promise<StatusEvent[]> {
  const { rows } = await db.query<{ id: string; backend_id: string; status: BackendStatus; reason: TerminationReason | null; at: Date }>(
    'SELECT id, backend_id, status, reason, at FROM live_backend_events WHERE backend_id = $1 AND id > $2 ORDER BY id',
    [backendId, afterId],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    backend_id: r.backend_id,
    drone_id: null,
    status: r.status,
    reason: r.reason,
    time: r.at.toISOString(),
  }));
}
