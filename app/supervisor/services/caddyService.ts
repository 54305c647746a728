// The caddy service: started with only its admin endpoint (a unix socket in the data dir), then
// given the full config through POST /load — ready once the load succeeded.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { type CaddyLayout, caddyAdmin, caddyConfig } from '../caddyConfig.ts';
import type { LogSink } from '../logSink.ts';
import type { ServiceSpec } from '../serviceRunner.ts';
import { spawnTied } from '../spawnTied.ts';

function adminRequest(socket: string, method: string, urlPath: string, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { socketPath: socket, method, path: urlPath, headers: { Host: 'localhost', 'Content-Type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function waitForAdmin(socket: string, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      const res = await adminRequest(socket, 'GET', '/config/');
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error('caddy admin endpoint did not come up');
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function caddyService(opts: { bin: string; caddyDir: string; port: number; layout: CaddyLayout; logs: LogSink }): ServiceSpec {
  return {
    name: 'caddy',
    dependsOn: [],
    port: opts.port,
    startTimeoutMs: 20_000,
    stopTimeoutMs: 10_000,
    heartbeat: false,
    async launch() {
      await mkdir(opts.caddyDir, { recursive: true });
      await rm(opts.layout.adminSocket, { force: true });
      const bootConfig = path.join(opts.caddyDir, 'boot.json');
      await writeFile(bootConfig, JSON.stringify({ admin: caddyAdmin(opts.layout.adminSocket) }));
      const child = spawnTied(opts.bin, ['run', '--config', bootConfig], {
        deathSignal: 'SIGTERM',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          PATH: process.env.PATH ?? '',
          HOME: opts.caddyDir,
          XDG_DATA_HOME: path.join(opts.caddyDir, 'data'),
          XDG_CONFIG_HOME: path.join(opts.caddyDir, 'config'),
        },
      });
      opts.logs.pipe('caddy', child.stdout);
      opts.logs.pipe('caddy', child.stderr);
      const exited = new Promise<never>((_, reject) => child.once('exit', () => reject(new Error('caddy exited'))));
      exited.catch(() => undefined);
      const ready = (async () => {
        await Promise.race([waitForAdmin(opts.layout.adminSocket, 15_000), exited]);
        const res = await Promise.race([
          adminRequest(opts.layout.adminSocket, 'POST', '/load', JSON.stringify(caddyConfig(opts.layout))),
          exited,
        ]);
        if (res.status !== 200) {
          opts.logs.write('caddy', `config rejected: ${res.body.trim()}`);
          throw new Error(`caddy rejected its config: ${res.body.trim()}`);
        }
      })();
      return { child, ready };
    },
    requestStop(child) {
      child.kill('SIGTERM');
    },
  };
}
