// One appliance per data dir: an exclusive pid file, taken over only when its owner is dead.
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { isAlive } from './processes.ts';

export class LockHeldError extends Error {
  readonly pid: number;
  constructor(pid: number, dataDir: string) {
    super(
      `Another Hangar appliance (pid ${pid}) is already running with the data folder ${dataDir}. Stop it first (hangar stop --data-dir ${dataDir}) or use another --data-dir.`,
    );
    this.pid = pid;
  }
}

export function lockOwner(lockFile: string): number | null {
  try {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}

/** Takes the lock or throws LockHeldError; returns the release function. */
export function acquireLock(lockFile: string, dataDir: string): () => void {
  mkdirSync(path.dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const fd = openSync(lockFile, 'wx', 0o644);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        if (lockOwner(lockFile) === process.pid) rmSync(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = lockOwner(lockFile);
      if (owner !== null && owner !== process.pid) throw new LockHeldError(owner, dataDir);
      // The owner died without releasing it (kill -9, power loss): the lock is stale.
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockFile}`);
}
