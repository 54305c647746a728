// Small process helpers: liveness, command lines, waiting for exit, resident memory.
import { readFile } from 'node:fs/promises';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process's argv joined by spaces, or null where /proc is not available. */
export async function commandLine(pid: number): Promise<string | null> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').join(' ').trim();
  } catch {
    return null;
  }
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !isAlive(pid);
}

export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

/** Direct children of a pid (Linux /proc). */
async function childPids(pid: number): Promise<number[]> {
  try {
    const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8');
    return text.split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * Memory of a process and its descendants in bytes. Uses PSS where available so that shared
 * memory (Postgres' shared buffers) is not counted once per backend.
 */
export async function treeMemoryBytes(pid: number): Promise<number | null> {
  const seen = new Set<number>();
  const queue = [pid];
  let total = 0;
  let measured = false;
  while (queue.length > 0) {
    const next = queue.shift();
    if (next === undefined || seen.has(next)) continue;
    seen.add(next);
    const bytes = await processMemoryBytes(next);
    if (bytes !== null) {
      total += bytes;
      measured = true;
    }
    queue.push(...(await childPids(next)));
  }
  return measured ? total : null;
}

async function processMemoryBytes(pid: number): Promise<number | null> {
  try {
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
    const pss = /^Pss:\s+(\d+) kB/m.exec(rollup);
    if (pss?.[1]) return Number(pss[1]) * 1024;
  } catch {
    // fall through to status
  }
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return rss?.[1] ? Number(rss[1]) * 1024 : null;
  } catch {
    return null;
  }
}
