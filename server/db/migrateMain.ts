// The one-shot "migrations" role: the supervisor runs it between postgres and api.
import { loadServerEnv } from '../env.ts';
import { createLogger } from '../runtime/logger.ts';
import { migrate } from './migrate.ts';

const env = loadServerEnv(['databaseUrl']);
const log = createLogger('db', env.logLevel);
try {
  const applied = await migrate(env.databaseUrl);
  log.info({ applied }, applied.length ? 'migrations applied' : 'schema up to date');
  process.exit(0);
} catch (error) {
  log.error({ err: error }, 'migrations failed');
  process.exit(1);
}
