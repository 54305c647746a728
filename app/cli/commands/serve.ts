// `hangar serve`: the appliance in the foreground until SIGINT/SIGTERM.
import { resolveDataDir, resolvePort } from '../../config/dataDir.ts';
import { StartupError, Supervisor } from '../../supervisor/supervisor.ts';
import type { CliOptions } from '../hangar.ts';

export async function runServe(options: CliOptions): Promise<number> {
  let port: number;
  try {
    port = resolvePort(options.port);
  } catch (error) {
    process.stderr.write(`hangar: ${(error as Error).message}\n`);
    return 2;
  }
  const dataDir = resolveDataDir(options['data-dir']);
  const supervisor = new Supervisor({ dataDir, port, onLog: (line) => process.stdout.write(`${line}\n`) });
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void supervisor.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.stdout.write(`Starting Hangar (data folder ${dataDir})\n`);
  try {
    await supervisor.start();
  } catch (error) {
    process.stderr.write(`hangar: ${error instanceof StartupError ? error.message : (error as Error).stack}\n`);
    return 1;
  }
  // Keep running: the supervisor's children and control socket hold the event loop open.
  await new Promise<never>(() => undefined);
  return 0;
}
