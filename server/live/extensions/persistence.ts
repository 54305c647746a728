// Persistence: loads a room from its snapshot + update log, appends client updates to the log
// (batched), compacts when the log grows, and performs the awaited final save on unload. Every
// write is fenced by the room's generation; a fenced room is unloaded without saving.
import * as Y from 'yjs';
import type { Pool } from '../../db/pool.ts';
import type { Logger } from '../../runtime/logger.ts';
import { appendUpdate, compactDocument, FencedError, loadDocument } from '../documentsRepository.ts';
import type { LiveExtension, LiveHost } from '../extension.ts';
import type { Room } from '../room.ts';

export interface PersistenceOptions {
  db: Pool;
  log: Logger;
  /** Batch window for client updates before one log row is written. */
  flushDelayMs?: number;
  /** Compact once the log holds this many rows. */
  compactAfter?: number;
}

interface RoomStore {
  pending: Uint8Array[];
  timer: NodeJS.Timeout | null;
  /** Serializes this room's writes. */
  chain: Promise<void>;
  /** Something was written since load (the final compaction is skipped otherwise). */
  dirty: boolean;
  fenced: boolean;
}

export function persistenceExtension(options: PersistenceOptions): LiveExtension {
  const { db, log } = options;
  const flushDelayMs = options.flushDelayMs ?? 200;
  const compactAfter = options.compactAfter ?? 200;
  const stores = new WeakMap<Room, RoomStore>();
  let host: LiveHost | null = null;

  function storeOf(room: Room): RoomStore {
    let store = stores.get(room);
    if (!store) {
      store = { pending: [], timer: null, chain: Promise.resolve(), dirty: false, fenced: false };
      stores.set(room, store);
    }
    return store;
  }

  function onFenced(room: Room, store: RoomStore, error: FencedError): void {
    if (store.fenced) return;
    store.fenced = true;
    store.pending = [];
    log.warn({ backend: room.backend.id, key: room.key, generation: error.generation, current: error.current }, 'room fenced; unloading');
    void host?.unload(room.backend.id, 'lost', { hard: true, skipStore: true });
  }

  /** Queues a write of the pending updates after the ones already queued. */
  function flush(room: Room): Promise<void> {
    const store = storeOf(room);
    if (store.timer) {
      clearTimeout(store.timer);
      store.timer = null;
    }
    store.chain = store.chain.then(async () => {
      if (store.fenced || store.pending.length === 0) return;
      const batch = store.pending;
      store.pending = [];
      const update = batch.length === 1 && batch[0] ? batch[0] : Y.mergeUpdates(batch);
      try {
        const { pending } = await appendUpdate(db, room.key, room.backend.generation, update);
        store.dirty = true;
        if (pending >= compactAfter) await compactDocument(db, room.key, room.backend.generation, Y.encodeStateAsUpdate(room.doc));
      } catch (error) {
        if (error instanceof FencedError) onFenced(room, store, error);
        else {
          // Keep the batch for the next attempt (final save included): losing edits is worse than retrying.
          store.pending = [...batch, ...store.pending];
          log.error({ err: error, backend: room.backend.id }, 'persisting an update failed');
          schedule(room, store, 1000);
        }
      }
    });
    return store.chain;
  }

  function schedule(room: Room, store: RoomStore, delay: number): void {
    if (store.timer || store.fenced) return;
    store.timer = setTimeout(() => {
      store.timer = null;
      void flush(room);
    }, delay);
  }

  return {
    name: 'persistence',
    onConfigure(h) {
      host = h;
    },
    async onLoadDocument(room) {
      const loaded = await loadDocument(db, room.key);
      Y.applyUpdate(room.doc, loaded.state, 'persistence');
    },
    onChange(room, update) {
      const store = storeOf(room);
      store.pending.push(update);
      schedule(room, store, flushDelayMs);
    },
    async onStoreDocument(room) {
      const store = storeOf(room);
      await flush(room);
      // A failed write re-queues its batch; give the database a few chances before giving up.
      for (let attempt = 0; attempt < 3 && store.pending.length > 0 && !store.fenced; attempt++) {
        await new Promise((r) => setTimeout(r, 500));
        await flush(room);
      }
      if (store.fenced) return;
      if (store.pending.length > 0) throw new Error(`document ${room.key}: ${store.pending.length} updates could not be saved`);
      if (!store.dirty) return;
      try {
        await compactDocument(db, room.key, room.backend.generation, Y.encodeStateAsUpdate(room.doc));
      } catch (error) {
        if (error instanceof FencedError) onFenced(room, store, error);
        else throw error;
      }
    },
  };
}
