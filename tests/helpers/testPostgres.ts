// A throwaway real Postgres (the same embedded binaries the appliance ships) for integration tests.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { binariesReachableBy, findPostgresBinaries } from '../../app/supervisor/postgresBinaries.ts';
import { initCluster, postgresAccount, postgresArgs } from '../../app/supervisor/postgresCluster.ts';
import { freePort } from '../../app/supervisor/ports.ts';
import { spawnTied } from '../../app/supervisor/spawnTied.ts';
import { migrate } from '../../server/db/migrate.ts';

export interface TestPostgres {
  url: string;
  /** Connection URL of a fresh database (migrated when asked). */
  createDatabase(options?: { migrate?: boolean }): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-testpg-'));
  await chmod(dir, 0o711);
  const account = await postgresAccount();
  const bins = await binariesReachableBy(await findPostgresBinaries(), path.join(os.tmpdir(), 'hangar-pg-cache'), 'test');
  const credentials = { user: 'hangar', password: 'test-password', database: 'postgres' };
  await initCluster(bins, path.join(dir, 'pg'), path.join(dir, 'run'), credentials, account);
  const port = await freePort();
  // Tied to this process: a test file that ends without stopping it leaves no postmaster behind.
  const child = spawnTied(bins.postgres, postgresArgs(path.join(dir, 'pg'), port), {
    deathSignal: 'SIGINT',
    account,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`test postgres exited with ${code}: ${output}`)));
  });
  child.stderr?.resume();
  const base = `postgres://${credentials.user}:${credentials.password}@127.0.0.1:${port}`;
  let counter = 0;
  return {
    url: `${base}/postgres`,
    async createDatabase(options = {}) {
      counter += 1;
      const name = `t${process.pid}_${counter}`;
      const admin = new pg.Client({ connectionString: `${base}/postgres` });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = `${base}/${name}`;
      if (options.migrate) await migrate(url);
      return url;
    },
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
