// Lifecycle: moves the backend's status forward as its room loads and unloads (scheduled → loading →
// starting → waiting → ready → terminating → terminated), and follows the bus: a backend scheduled on
// this drone is started, one terminated from outside (ctrl terminate, lost) is unloaded.
import type { Pool } from '../../db/pool.ts';
import type { Logger } from '../../runtime/logger.ts';
import { advanceBackend, backendsOfDrone, getBackend, STATUS_CHANNEL, type StatusEvent } from '../backendsRepository.ts';
import type { Bus } from '../bus.ts';
import { type LiveExtension, type LiveHost, Refusal } from '../extension.ts';

export function lifecycleExtension(options: { db: Pool; bus: Bus; log: Logger; droneId: () => string | null }): LiveExtension & {
  resync(): Promise<void>;
} {
  const { db, log } = options;
  let host: LiveHost | null = null;

  function onStatus(event: StatusEvent): void {
    if (!host || event.drone_id !== options.droneId()) return;
    if (event.status === 'scheduled') {
      host.spawn(event.backend_id).catch((error: Error) => log.error({ err: error, backend: event.backend_id }, 'spawn failed'));
    } else if (event.status === 'terminating' || event.status === 'hard-terminating' || event.status === 'terminated') {
      const reason = event.reason ?? 'external';
      void host.unload(event.backend_id, reason, { hard: event.status !== 'terminating' }).catch(() => undefined);
    }
  }

  /** Starts scheduled backends whose NOTIFY this drone missed (at start, after a bus reconnect). */
  async function resync(): Promise<void> {
    const droneId = options.droneId();
    if (!droneId || !host) return;
    for (const backend of await backendsOfDrone(db, droneId)) {
      if (backend.status === 'scheduled') await host.spawn(backend.id).catch(() => undefined);
    }
  }

  return {
    name: 'lifecycle',
    resync,
    onConfigure(h) {
      host = h;
      options.bus.on(STATUS_CHANNEL, (payload) => onStatus(JSON.parse(payload) as StatusEvent));
      options.bus.onReconnect(() => void resync().catch(() => undefined));
    },
    async onLoadDocument(room) {
      if (!(await advanceBackend(db, room.backend.id, 'loading'))) {
        const current = await getBackend(db, room.backend.id);
        if (current?.status !== 'loading') throw new Refusal(410, `The backend is ${current?.status ?? 'gone'}.`);
      }
    },
    async onRoomReady(room) {
      for (const status of ['starting', 'waiting', 'ready'] as const) await advanceBackend(db, room.backend.id, status);
      const current = await getBackend(db, room.backend.id);
      if (current?.status !== 'ready') throw new Refusal(410, `The backend is ${current?.status ?? 'gone'}.`);
    },
    async onBeforeUnload(room, reason, unloadOptions) {
      await advanceBackend(db, room.backend.id, unloadOptions.hard ? 'hard-terminating' : 'terminating', reason);
    },
    async onAfterUnload(room, reason) {
      await advanceBackend(db, room.backend.id, 'terminated', reason);
    },
  };
}
