// The drone: this live process registered in Postgres, heartbeating so the api can place backends on
// it, and sweeping backends of drones that stopped heartbeating (lost) or never started (timeout).
import type { Pool } from '../db/pool.ts';
import type { Logger } from '../runtime/logger.ts';
import {
  DRONE_HEARTBEAT_MS,
  heartbeatDrone,
  registerDrone,
  setDroneDraining,
  stopDeadLocalDrones,
  stopDrone,
  sweepBackends,
} from './backendsRepository.ts';

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface Drone {
  id(): string | null;
  register(port: number): Promise<string>;
  /** Stops taking new backends (first step of shutdown). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export function createDrone(db: Pool, log: Logger, onTick: () => Promise<void>, heartbeatMs = DRONE_HEARTBEAT_MS): Drone {
  let id: string | null = null;
  let timer: NodeJS.Timeout | null = null;
  let ticking = false;

  async function tick(): Promise<void> {
    if (!id || ticking) return;
    ticking = true;
    try {
      if (!(await heartbeatDrone(db, id))) log.error({ drone: id }, 'drone row is gone or stopped');
      const swept = await sweepBackends(db);
      if (swept.lost + swept.timedOut > 0) log.warn(swept, 'swept backends');
      await onTick();
    } catch (error) {
      log.error({ err: error }, 'drone heartbeat failed');
    } finally {
      ticking = false;
    }
  }

  return {
    id: () => id,
    async register(port) {
      id = await registerDrone(db, port);
      const replaced = await stopDeadLocalDrones(db, id, pidAlive);
      if (replaced > 0) log.warn({ drones: replaced }, 'took over from crashed live processes; their backends are lost');
      timer = setInterval(() => void tick(), heartbeatMs);
      timer.unref();
      await tick();
      return id;
    },
    async drain() {
      if (id) await setDroneDraining(db, id);
    },
    async stop() {
      if (timer) clearInterval(timer);
      if (id) await stopDrone(db, id);
    },
  };
}
