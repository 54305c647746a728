// The supervisor's local control endpoint (a unix socket in <data>/run, mode 0600) used by
// `hangar status|stop` and tests: status, stop, restart a service, and the api's /ctrl address.
import { chmodSync, rmSync } from 'node:fs';
import http from 'node:http';
import { SERVICE_NAMES, type ApplianceStatus, type ServiceName } from '../../contracts/services.ts';

export interface ControlHandlers {
  status(): Promise<ApplianceStatus>;
  stop(): Promise<void>;
  restart(name: ServiceName): Promise<void>;
  ctrlEndpoint(): { url: string; secret: string } | null;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

export function startControlServer(socketPath: string, handlers: ControlHandlers): Promise<http.Server> {
  if (process.platform !== 'win32') rmSync(socketPath, { force: true });
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    void (async () => {
      try {
        if (req.method === 'GET' && url === '/status') return send(res, 200, await handlers.status());
        if (req.method === 'GET' && url === '/ctrl-endpoint') return send(res, 200, handlers.ctrlEndpoint());
        if (req.method === 'POST' && url === '/stop') {
          send(res, 202, { stopping: true });
          setImmediate(() => void handlers.stop());
          return;
        }
        const restart = /^\/services\/([a-z]+)\/restart$/.exec(url);
        if (req.method === 'POST' && restart?.[1]) {
          const name = restart[1] as ServiceName;
          if (!SERVICE_NAMES.includes(name)) return send(res, 404, { error: `No service named ${restart[1]}` });
          await handlers.restart(name);
          return send(res, 200, await handlers.status());
        }
        send(res, 404, { error: 'Not found' });
      } catch (error) {
        send(res, 500, { error: (error as Error).message });
      }
    })();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      if (process.platform !== 'win32') chmodSync(socketPath, 0o600);
      resolve(server);
    });
  });
}
