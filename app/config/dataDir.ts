// Where an appliance keeps its data and which port it serves on, before any flag is applied.
import os from 'node:os';
import path from 'node:path';

/** Default public port (Caddy) on 127.0.0.1; override with --port or HANGAR_PORT. */
export const DEFAULT_PORT = 7420;

/** The OS's per-user app-data folder; as root on Linux, /var/lib/hangar (root's home is private to the postgres account). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const home = os.homedir();
  switch (process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Hangar');
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Hangar');
    default:
      if (process.getuid?.() === 0) return '/var/lib/hangar';
      return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'hangar');
  }
}

export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(flag ?? env.HANGAR_DATA_DIR ?? defaultDataDir(env));
}

export function resolvePort(flag?: string, env: NodeJS.ProcessEnv = process.env): number {
  const raw = flag ?? env.HANGAR_PORT;
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`The port must be a number from 1 to 65535, got "${raw}".`);
  return port;
}

export interface DataPaths {
  root: string;
  pg: string;
  files: string;
  backups: string;
  logs: string;
  caddy: string;
  run: string;
  applianceDb: string;
  lock: string;
  controlSocket: string;
}

export function dataPaths(root: string): DataPaths {
  return {
    root,
    pg: path.join(root, 'pg'),
    files: path.join(root, 'files'),
    backups: path.join(root, 'backups'),
    logs: path.join(root, 'logs'),
    caddy: path.join(root, 'caddy'),
    run: path.join(root, 'run'),
    applianceDb: path.join(root, 'appliance.db'),
    lock: path.join(root, 'run', 'supervisor.lock'),
    // Windows has no unix sockets in paths like this; a named pipe per data dir instead.
    controlSocket:
      process.platform === 'win32'
        ? `\\\\.\\pipe\\hangar-${Buffer.from(root).toString('hex').slice(-32)}`
        : path.join(root, 'run', 'control.sock'),
  };
}
