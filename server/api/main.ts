// The api role: public listener + /ctrl listener + job runner, in one child process.
import type { ServiceStatus } from '../../contracts/services.ts';
import { createPool } from '../db/pool.ts';
import { loadServerEnv } from '../env.ts';
import { startJobRunner } from '../jobs/jobRunner.ts';
import { attachToSupervisor, signalReady } from '../runtime/childIpc.ts';
import { createLogger } from '../runtime/logger.ts';
import { startWebhookDispatcher } from '../webhooks/webhookDispatcher.ts';
import { buildCtrlApp, buildPublicApp } from './app.ts';
import type { ApiContext } from './context.ts';

const env = loadServerEnv(['databaseUrl', 'ctrlSecret']);
const log = createLogger('http', env.logLevel);
const db = createPool(env.databaseUrl);
const jobs = await startJobRunner({
  connectionString: env.databaseUrl,
  filesDir: env.filesDir,
  log: createLogger('jobs', env.logLevel),
  workers: env.jobWorkers,
});
const webhooks = await startWebhookDispatcher({
  connectionString: env.databaseUrl,
  db,
  enqueue: (props, options) => jobs.enqueue('deliver-webhook', props, options),
  log: createLogger('jobs', env.logLevel),
});
let services: ServiceStatus[] = [];
const ctx: ApiContext = { env, db, services: () => services };

const publicApp = await buildPublicApp(log, ctx);
const ctrlApp = await buildCtrlApp(log, ctx);

attachToSupervisor({
  onMessage(message) {
    if (message.type === 'services') services = message.services;
  },
  async onShutdown() {
    // Stop accepting first, then drain, then close the pool.
    await Promise.allSettled([publicApp.close(), ctrlApp.close()]);
    await webhooks.stop().catch(() => undefined);
    await jobs.stop({ graceful: true, timeoutMs: 5_000 }).catch(() => undefined);
    await db.end();
  },
});

await publicApp.listen({ host: '127.0.0.1', port: env.listenPort });
await ctrlApp.listen({ host: '127.0.0.1', port: env.ctrlPort });
const portOf = (app: typeof publicApp): number => {
  const address = app.server.address();
  return typeof address === 'object' && address ? address.port : 0;
};
signalReady(portOf(publicApp), portOf(ctrlApp));
log.info({ port: portOf(publicApp), ctrlPort: portOf(ctrlApp) }, 'api ready');
