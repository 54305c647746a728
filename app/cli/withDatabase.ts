// Runs `work` against the appliance's database: the running appliance's Postgres if there is one,
// else a temporary Postgres (with migrations) started and stopped around it.
import { dataPaths } from '../config/dataDir.ts';
import { lockOwner } from '../supervisor/dataDirLock.ts';
import { Supervisor } from '../supervisor/supervisor.ts';
import { openApplianceDb } from '../state/applianceDb.ts';

export async function withDatabase<T>(dataDir: string, work: (databaseUrl: string) => Promise<T>): Promise<T> {
  const paths = dataPaths(dataDir);
  if (lockOwner(paths.lock) !== null) {
    const { db } = openApplianceDb(paths.applianceDb);
    const password = db.get<string>('pg.password');
    const port = db.get<number>('pg.port');
    db.close();
    if (!password || !port) throw new Error('The running appliance has not finished its first start yet; try again in a moment.');
    return work(`postgres://hangar:${encodeURIComponent(password)}@127.0.0.1:${port}/hangar`);
  }
  const supervisor = new Supervisor({ dataDir });
  const url = await supervisor.startDatabaseOnly();
  try {
    return await work(url);
  } finally {
    await supervisor.stop();
  }
}
