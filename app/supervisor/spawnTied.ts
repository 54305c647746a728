// Spawns a non-Node child that dies with the supervisor: on Linux through util-linux `setpriv`
// with a parent-death signal (which also switches to the postgres account when we are root).
// Node children need no wrapper: they exit when their IPC channel closes.
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { RunAccount } from './postgresCluster.ts';

const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => process.platform === 'linux' && existsSync(p));

export function spawnTied(
  command: string,
  args: string[],
  options: SpawnOptions & { deathSignal: NodeJS.Signals; account?: RunAccount | null },
): ChildProcess {
  const { deathSignal, account, ...spawnOptions } = options;
  if (!SETPRIV) {
    return spawn(command, args, { ...spawnOptions, ...(account ?? {}) });
  }
  const identity = account ? [`--reuid=${account.uid}`, `--regid=${account.gid}`, '--clear-groups'] : [];
  return spawn(SETPRIV, [...identity, `--pdeathsig=${deathSignal}`, '--', command, ...args], spawnOptions);
}
