// Talks to a running appliance's control socket (see controlServer.ts).
import http from 'node:http';
import type { ApplianceStatus, ServiceName } from '../../contracts/services.ts';
import { dataPaths } from '../config/dataDir.ts';

export class NotRunningError extends Error {}

function request<T>(socketPath: string, method: string, urlPath: string, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, method, path: urlPath, timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
      });
      res.on('end', () => {
        const body = text ? (JSON.parse(text) as T & { error?: string }) : (null as T);
        if ((res.statusCode ?? 500) >= 400) reject(new Error((body as { error?: string } | null)?.error ?? `HTTP ${res.statusCode}`));
        else resolve(body);
      });
    });
    req.on('timeout', () => req.destroy(new Error('the appliance did not answer in time')));
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED')
        reject(new NotRunningError('Hangar is not running with this data folder.'));
      else reject(error);
    });
    req.end();
  });
}

export function controlClient(dataDir: string): {
  status(): Promise<ApplianceStatus>;
  stop(): Promise<void>;
  restart(name: ServiceName): Promise<ApplianceStatus>;
  ctrlEndpoint(): Promise<{ url: string; secret: string } | null>;
} {
  const socket = dataPaths(dataDir).controlSocket;
  return {
    status: () => request<ApplianceStatus>(socket, 'GET', '/status'),
    stop: async () => {
      await request(socket, 'POST', '/stop');
    },
    restart: (name) => request<ApplianceStatus>(socket, 'POST', `/services/${name}/restart`),
    ctrlEndpoint: () => request<{ url: string; secret: string } | null>(socket, 'GET', '/ctrl-endpoint'),
  };
}
