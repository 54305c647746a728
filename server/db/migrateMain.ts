// The one-shot "migrations" role: the supervisor runs it between postgres and api. Creates the
// appliance database on first run, then applies pending migrations.
import pg from 'pg';
import { loadServerEnv } from '../env.ts';
import { createLogger } from '../runtime/logger.ts';
import { migrate } from './migrate.ts';

const env = loadServerEnv(['databaseUrl']);
const log = createLogger('db', env.logLevel);

async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      log.info({ database: name }, 'database created');
    }
  } finally {
    await client.end();
  }
}

try {
  await ensureDatabase(env.databaseUrl);
  const applied = await migrate(env.databaseUrl);
  log.info({ applied }, applied.length ? 'migrations applied' : 'schema up to date');
  process.exit(0);
} catch (error) {
  log.error({ err: error }, 'migrations failed');
  process.exit(1);
}
