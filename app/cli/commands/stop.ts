// `hangar stop`: asks the running appliance to stop and waits until it has.
import { dataPaths, resolveDataDir } from '../../config/dataDir.ts';
import { NotRunningError, controlClient } from '../../supervisor/controlClient.ts';
import { lockOwner } from '../../supervisor/dataDirLock.ts';
import { signal, waitForExit } from '../../supervisor/processes.ts';
import type { CliOptions } from '../hangar.ts';

export async function runStop(options: CliOptions): Promise<number> {
  const dataDir = resolveDataDir(options['data-dir']);
  const owner = lockOwner(dataPaths(dataDir).lock);
  try {
    await controlClient(dataDir).stop();
  } catch (error) {
    if (!(error instanceof NotRunningError)) throw error;
    if (owner === null) {
      process.stdout.write(`Hangar is not running (data folder ${dataDir}).\n`);
      return 0;
    }
    // Booting (control socket not up yet): a signal asks for the same ordered stop.
    signal(owner, 'SIGTERM');
  }
  if (owner !== null && !(await waitForExit(owner, 120_000))) {
    process.stderr.write(`hangar: the appliance (pid ${owner}) did not stop within 120 s.\n`);
    return 1;
  }
  process.stdout.write('Hangar stopped.\n');
  return 0;
}
