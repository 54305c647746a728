// Yjs document persistence: a snapshot plus an append-only update log per key, written in Postgres
// transactions that first check the fencing generation (a stale room can never write), and a
// compaction that refuses to store an empty document over non-empty content.
import * as Y from 'yjs';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.ts';

/** The writer's generation is older than the document's: a newer backend owns the key. */
export class FencedError extends Error {
  readonly key: string;
  readonly generation: number;
  readonly current: number;
  constructor(key: string, generation: number, current: number) {
    super(`document ${key}: generation ${generation} is fenced (current ${current})`);
    this.key = key;
    this.generation = generation;
    this.current = current;
  }
}

/** Refused: the write would replace non-empty content with an empty document. */
export class EmptyOverwriteError extends Error {}

export interface LoadedDocument {
  /** The whole stored state as one Yjs update (empty doc when nothing is stored). */
  state: Uint8Array;
  /** Highest update-log id folded into `state`. */
  lastUpdateId: number;
}

/** True when an encoded Yjs update carries no content at all. */
export function isEmptyUpdate(update: Uint8Array): boolean {
  if (update.byteLength === 0) return true;
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, update);
    return doc.store.clients.size === 0 && doc.store.pendingStructs === null;
  } finally {
    doc.destroy();
  }
}

async function lockGeneration(client: PoolClient, key: string, generation: number): Promise<void> {
  const { rows } = await client.query<{ generation: string }>('SELECT generation FROM live_documents WHERE key = $1 FOR UPDATE', [key]);
  const current = Number(rows[0]?.generation ?? 0);
  if (current !== generation) throw new FencedError(key, generation, current);
}

export async function loadDocument(db: Pool, key: string): Promise<LoadedDocument> {
  return inTransaction(db, async (client) => {
    // REPEATABLE READ-like view for the two reads: take a share lock so a compaction cannot slip between.
    const snap = await client.query<{ snapshot: Buffer | null }>('SELECT snapshot FROM live_documents WHERE key = $1 FOR SHARE', [key]);
    const log = await client.query<{ id: string; update: Buffer }>(
      'SELECT id, update FROM live_document_updates WHERE key = $1 ORDER BY id',
      [key],
    );
    const doc = new Y.Doc();
    try {
      const snapshot = snap.rows[0]?.snapshot;
      if (snapshot) Y.applyUpdate(doc, snapshot);
      let lastUpdateId = 0;
      for (const row of log.rows) {
        Y.applyUpdate(doc, row.update);
        lastUpdateId = Math.max(lastUpdateId, Number(row.id));
      }
      return { state: Y.encodeStateAsUpdate(doc), lastUpdateId };
    } finally {
      doc.destroy();
    }
  });
}

/** Appends one (merged) update to the key's log. Returns the new log id and the log's length. */
export async function appendUpdate(
  db: Pool,
  key: string,
  generation: number,
  update: Uint8Array,
): Promise<{ id: number; pending: number }> {
  return inTransaction(db, async (client) => {
    await lockGeneration(client, key, generation);
    const { rows } = await client.query<{ id: string }>(
      'INSERT INTO live_document_updates (key, generation, update) VALUES ($1, $2, $3) RETURNING id',
      [key, generation, update],
    );
    const count = await client.query<{ n: string }>('SELECT count(*) AS n FROM live_document_updates WHERE key = $1', [key]);
    return { id: Number(rows[0]?.id ?? 0), pending: Number(count.rows[0]?.n ?? 0) };
  });
}

/**
 * Folds the log into the snapshot, merged with `roomState` (the room's whole document). Merging is a
 * CRDT union, so nothing stored is lost; on top of that, an empty result never replaces non-empty
 * stored content (EmptyOverwriteError), and a stale generation is refused (FencedError).
 */
export async function compactDocument(
  db: Pool,
  key: string,
  generation: number,
  roomState: Uint8Array,
): Promise<{ bytes: number; folded: number }> {
  return inTransaction(db, async (client) => {
    await lockGeneration(client, key, generation);
    const snap = await client.query<{ snapshot: Buffer | null }>('SELECT snapshot FROM live_documents WHERE key = $1', [key]);
    const log = await client.query<{ id: string; update: Buffer }>(
      'SELECT id, update FROM live_document_updates WHERE key = $1 ORDER BY id',
      [key],
    );
    const stored = snap.rows[0]?.snapshot ?? null;
    const doc = new Y.Doc();
    let merged: Uint8Array;
    try {
      if (stored) Y.applyUpdate(doc, stored);
      for (const row of log.rows) Y.applyUpdate(doc, row.update);
      const storedEmpty = doc.store.clients.size === 0;
      Y.applyUpdate(doc, roomState);
      merged = Y.encodeStateAsUpdate(doc);
      if (isEmptyUpdate(merged) && !storedEmpty) throw new EmptyOverwriteError(`refusing to store an empty document over ${key}`);
    } finally {
      doc.destroy();
    }
    const lastId = log.rows.reduce((max, r) => Math.max(max, Number(r.id)), 0);
    await client.query(
      `UPDATE live_documents SET snapshot = $2, snapshot_generation = $3, compacted_at = now(), updated_at = now() WHERE key = $1`,
      [key, merged, generation],
    );
    if (lastId > 0) await client.query('DELETE FROM live_document_updates WHERE key = $1 AND id <= $2', [key, lastId]);
    return { bytes: merged.byteLength, folded: log.rows.length };
  });
}

/**
 * Replaces the stored snapshot outright (used by imports and restores). Refuses a stale generation
 * and refuses to store an empty document over non-empty content.
 */
export async function replaceSnapshot(db: Pool, key: string, generation: number, state: Uint8Array): Promise<void> {
  await inTransaction(db, async (client) => {
    await lockGeneration(client, key, generation);
    if (isEmptyUpdate(state)) {
      const { rows } = await client.query<{ snapshot: Buffer | null; updates: string }>(
        'SELECT snapshot, (SELECT count(*) FROM live_document_updates u WHERE u.key = d.key) AS updates FROM live_documents d WHERE key = $1',
        [key],
      );
      const row = rows[0];
      const storedNonEmpty = (row?.snapshot && !isEmptyUpdate(row.snapshot)) || Number(row?.updates ?? 0) > 0;
      if (storedNonEmpty) throw new EmptyOverwriteError(`refusing to store an empty document over ${key}`);
    }
    await client.query('UPDATE live_documents SET snapshot = $2, snapshot_generation = $3, updated_at = now() WHERE key = $1', [
      key,
      state,
      generation,
    ]);
    await client.query('DELETE FROM live_document_updates WHERE key = $1', [key]);
  });
}
