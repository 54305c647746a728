// Finds the Caddy binary: an explicit path (installer resources or CADDY_BIN), else PATH.
import { access, constants } from 'node:fs/promises';
import path from 'node:path';

export async function findCaddy(explicit?: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const exe = process.platform === 'win32' ? 'caddy.exe' : 'caddy';
  const candidates = [explicit, env.CADDY_BIN, ...(env.PATH ?? '').split(path.delimiter).map((dir) => dir && path.join(dir, exe))];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error('Caddy was not found. Install it (e.g. `apt-get install caddy`), put it on PATH, or set CADDY_BIN to its path.');
}
