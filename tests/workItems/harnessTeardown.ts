// Stopgap until tests/helpers/apiHarness.ts stops its shared Postgres itself: after the harness is
// closed, stop the Postgres child THIS test process spawned (found by parent pid, ended by its id)
// so the test file can exit instead of hanging and leaving an orphaned server behind.
import { readdir, readFile } from 'node:fs/promises';

async function ownPostgresChildren(): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // "pid (comm) state ppid …"; comm may contain spaces, so split after the last ')'.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const ppid = Number(stat.slice(close + 2).split(' ')[1]);
    if (comm === 'postgres' && ppid === process.pid) pids.push(Number(entry));
  }
  return pids;
}

export async function stopOwnPostgres(): Promise<void> {
  for (const pid of await ownPostgresChildren()) {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // already gone
    }
  }
}
