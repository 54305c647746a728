// The live role's entry: a Yjs WebSocket server (the "drone") on 127.0.0.1, proxied by Caddy at /live/.
import { loadServerEnv } from '../env.ts';
import { attachToSupervisor, signalReady } from '../runtime/childIpc.ts';
import { createLogger } from '../runtime/logger.ts';
import { startLive } from './collaboration.ts';

const env = loadServerEnv(['databaseUrl']);
const log = createLogger('live', env.logLevel);

const live = await startLive({ databaseUrl: env.databaseUrl, port: env.listenPort, log });

attachToSupervisor({
  async onShutdown() {
    const deadline = setTimeout(() => {
      log.error('live shutdown timed out');
      process.exit(1);
    }, 10_000);
    deadline.unref();
    await live.close();
  },
});

signalReady(live.port);
