// The live role, composed: a list of single-concern extensions around the server core, the Postgres
// bus and the drone registration. Order matters: auth decides who connects; lifecycle marks the
// backend loading before persistence fills the room; logging sees every step.
import { createPool, type Pool } from '../db/pool.ts';
import type { Logger } from '../runtime/logger.ts';
import { getBackend } from './backendsRepository.ts';
import { createBus } from './bus.ts';
import { createDrone } from './drone.ts';
import { authExtension } from './extensions/auth.ts';
import { lifecycleExtension } from './extensions/lifecycle.ts';
import { limitsExtension } from './extensions/limits.ts';
import { loggingExtension } from './extensions/logging.ts';
import { persistenceExtension } from './extensions/persistence.ts';
import { createLiveServer } from './server.ts';

export interface LiveOptions {
  databaseUrl: string;
  port: number;
  log: Logger;
  /** Overrides for tests. */
  heartbeatMs?: number;
  sweepIntervalMs?: number;
  maxMessageBytes?: number;
}

export interface LiveRole {
  port: number;
  droneId: string;
  db: Pool;
  /** Ordered shutdown: stop accepting, flush every room, mark backends terminated, close. */
  close(): Promise<void>;
}

export async function startLive(options: LiveOptions): Promise<LiveRole> {
  const { log } = options;
  const db = createPool(options.databaseUrl, 5);
  const bus = createBus(options.databaseUrl, (error) => log.warn({ err: error }, 'live bus error'));
  let droneId: string | null = null;
  const currentDrone = (): string | null => droneId;

  const lifecycle = lifecycleExtension({ db, bus, log, droneId: currentDrone });
  const server = createLiveServer({
    extensions: [
      loggingExtension(log),
      limitsExtension(options.maxMessageBytes ? { maxMessageBytes: options.maxMessageBytes } : {}),
      authExtension({ db, bus, droneId: currentDrone }),
      lifecycle,
      persistenceExtension({ db, log }),
    ],
    loadBackend: (id) => getBackend(db, id),
    ...(options.sweepIntervalMs ? { sweepIntervalMs: options.sweepIntervalMs } : {}),
  });

  await bus.start();
  const port = await server.listen(options.port);
  const drone = createDrone(db, log, () => lifecycle.resync(), options.heartbeatMs);
  droneId = await drone.register(port);
  log.info({ port, drone: droneId }, 'live ready');

  let closing: Promise<void> | null = null;
  return {
    port,
    droneId,
    db,
    close() {
      closing ??= (async () => {
        await drone.drain().catch(() => undefined);
        await server.close();
        await drone.stop().catch(() => undefined);
        await bus.close();
        await db.end();
      })();
      return closing;
    },
  };
}
