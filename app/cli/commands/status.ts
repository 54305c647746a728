// `hangar status`: each service's state, pid, port, uptime, restarts and memory.
import type { ServiceStatus } from '../../../contracts/services.ts';
import { resolveDataDir } from '../../config/dataDir.ts';
import { NotRunningError, controlClient } from '../../supervisor/controlClient.ts';
import type { CliOptions } from '../hangar.ts';

function uptime(since: string | null): string {
  if (!since) return '-';
  const s = Math.round((Date.now() - Date.parse(since)) / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60}s`;
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
}

function row(s: ServiceStatus): string[] {
  return [
    s.name,
    s.state.toUpperCase(),
    String(s.pid ?? '-'),
    String(s.port ?? '-'),
    uptime(s.readySince),
    String(s.restarts),
    s.rssBytes ? `${(s.rssBytes / 1048576).toFixed(0)} MB` : '-',
  ];
}

export async function runStatus(options: CliOptions): Promise<number> {
  const dataDir = resolveDataDir(options['data-dir']);
  try {
    const status = await controlClient(dataDir).status();
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ running: true, ...status }, null, 2)}\n`);
      return 0;
    }
    const table = [['SERVICE', 'STATE', 'PID', 'PORT', 'UPTIME', 'RESTARTS', 'MEMORY'], ...status.services.map(row)];
    const widths = table[0]?.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length))) ?? [];
    process.stdout.write(`Hangar at ${status.url} (supervisor pid ${status.supervisorPid}, data folder ${status.dataDir})\n`);
    for (const r of table) process.stdout.write(`${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')}\n`);
    for (const s of status.services.filter((x) => x.reason)) {
      process.stdout.write(`\n${s.name}: ${s.reason}\n${s.lastLogLines.map((l) => `  | ${l}`).join('\n')}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof NotRunningError) {
      if (options.json) process.stdout.write(`${JSON.stringify({ running: false, dataDir })}\n`);
      else process.stdout.write(`Hangar is not running (data folder ${dataDir}).\n`);
      return 3;
    }
    process.stderr.write(`hangar: ${(error as Error).message}\n`);
    return 1;
  }
}
