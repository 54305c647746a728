// The appliance's Postgres cluster on disk: account to run as, initdb, launch arguments, and the
// clean-up of a stale postmaster.pid or an orphaned postmaster left by an unclean exit.
import { execFile, spawn } from 'node:child_process';
import { chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { PostgresBinaries } from './postgresBinaries.ts';
import { commandLine, isAlive, signal, waitForExit } from './processes.ts';

const run = promisify(execFile);

export interface RunAccount {
  uid: number;
  gid: number;
}

export interface PostgresCredentials {
  user: string;
  password: string;
  database: string;
}

/** Postgres refuses to run as root: as root we run it as the `postgres` account, creating it if needed. */
export async function postgresAccount(): Promise<RunAccount | null> {
  if (os.platform() === 'win32' || process.getuid?.() !== 0) return null;
  const lookup = async (): Promise<RunAccount> => {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  try {
    return await lookup();
  } catch {
    await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    return lookup();
  }
}

export function isInitialized(pgDir: string): Promise<boolean> {
  return readFile(path.join(pgDir, 'PG_VERSION'), 'utf8').then(
    () => true,
    () => false,
  );
}

/** initdb into `pgDir` (which must not hold a cluster yet). */
export async function initCluster(
  bins: PostgresBinaries,
  pgDir: string,
  runDir: string,
  credentials: PostgresCredentials,
  account: RunAccount | null,
): Promise<void> {
  await rm(pgDir, { recursive: true, force: true });
  await mkdir(pgDir, { recursive: true, mode: 0o700 });
  await mkdir(runDir, { recursive: true, mode: 0o711 });
  const pwFile = path.join(runDir, `initdb-pw-${process.pid}`);
  await writeFile(pwFile, `${credentials.password}\n`, { mode: 0o600 });
  if (account) {
    await chown(pgDir, account.uid, account.gid);
    await chown(pwFile, account.uid, account.gid);
  }
  try {
    await run(
      bins.initdb,
      [
        `--pgdata=${pgDir}`,
        `--username=${credentials.user}`,
        `--pwfile=${pwFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--no-locale',
        // Unicode-aware lower()/upper() (so search folds "Über" to "über") with C's fast byte-order sorting.
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--no-instructions',
      ],
      { ...(account ?? {}), env: { ...process.env, LC_ALL: 'C' } },
    );
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`initdb failed: ${stderr.trim() || (error as Error).message}`);
  } finally {
    await rm(pwFile, { force: true });
  }
}

/** Command-line settings: loopback only, no unix socket, small memory for an idle desktop appliance. */
export function postgresArgs(pgDir: string, port: number): string[] {
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: '',
    max_connections: '60',
    shared_buffers: '32MB',
    work_mem: '8MB',
    maintenance_work_mem: '64MB',
    effective_cache_size: '512MB',
    max_wal_size: '256MB',
    logging_collector: 'off',
    log_destination: 'stderr',
    log_line_prefix: '%m [%p] ',
    dynamic_shared_memory_type: os.platform() === 'win32' ? 'windows' : 'posix',
    max_worker_processes: '4',
    max_parallel_workers: '2',
    autovacuum_max_workers: '2',
    // An appliance's queries are short: JIT compilation and parallel workers cost more CPU than they
    // save on two cores, and the data sits on a local SSD.
    jit: 'off',
    max_parallel_workers_per_gather: '0',
    random_page_cost: '1.1',
  };
  return ['-D', pgDir, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
}

export type PidFileVerdict = { kind: 'none' } | { kind: 'stale'; pid: number } | { kind: 'orphan'; pid: number };

/** Reads postmaster.pid and says whether it is missing, stale, or belongs to a live postmaster. */
export async function inspectPidFile(pgDir: string): Promise<PidFileVerdict> {
  let text: string;
  try {
    text = await readFile(path.join(pgDir, 'postmaster.pid'), 'utf8');
  } catch {
    return { kind: 'none' };
  }
  const pid = Number(text.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return { kind: 'stale', pid };
  const cmd = await commandLine(pid);
  // Without /proc we cannot tell, so trust Postgres' own pid check and treat it as live.
  if (cmd === null || (cmd.includes('postgres') && cmd.includes(pgDir))) return { kind: 'orphan', pid };
  return { kind: 'stale', pid };
}

/**
 * Makes the data folder safe to start on. Caller holds the appliance lock, so a live postmaster
 * here is an orphan of a supervisor that died: it is shut down cleanly (fast shutdown), then
 * forcibly if it will not go. A stale pid file (dead or reused pid) is removed.
 */
export async function clearLeftovers(pgDir: string, log: (message: string) => void): Promise<void> {
  const verdict = await inspectPidFile(pgDir);
  if (verdict.kind === 'stale') {
    log(`removing stale postmaster.pid (pid ${verdict.pid} is not a running postmaster)`);
    await rm(path.join(pgDir, 'postmaster.pid'), { force: true });
  } else if (verdict.kind === 'orphan') {
    log(`found an orphaned postmaster (pid ${verdict.pid}) from an unclean exit; shutting it down`);
    signal(verdict.pid, 'SIGINT');
    if (!(await waitForExit(verdict.pid, 20_000))) {
      signal(verdict.pid, 'SIGQUIT');
      if (!(await waitForExit(verdict.pid, 5_000))) signal(verdict.pid, 'SIGKILL');
      await waitForExit(verdict.pid, 5_000);
    }
  }
}

/** Sets a new password for `user` through single-user mode (the server must not be running). */
export async function resetPassword(
  bins: PostgresBinaries,
  pgDir: string,
  user: string,
  password: string,
  account: RunAccount | null,
): Promise<void> {
  if (!/^[A-Za-z0-9_-]+$/.test(password) || !/^[a-z_][a-z0-9_]*$/.test(user)) throw new Error('refusing an unsafe user name or password');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(bins.postgres, ['--single', '-D', pgDir, '-c', 'unix_socket_directories=', 'postgres'], {
      ...(account ?? {}),
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.stdout.resume();
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`could not reset the database password: ${stderr.trim()}`))));
    child.stdin.end(`ALTER ROLE ${user} WITH PASSWORD '${password}';\n`);
  });
}
