// A real S3-compatible server for the S3 storage tests: OpenStack Swift (Debian's swift-proxy,
// swift-account, swift-container, swift-object packages) with its s3api middleware (real SigV4:
// a wrong secret is refused) and tempauth, on loopback ports, in a throwaway directory. Four Python
// processes, ended by their ids on stop().
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'minio';
import { freePort } from '../../app/supervisor/ports.ts';

const run = promisify(execFile);

export interface SwiftS3 {
  endpoint: string;
  port: number;
  accessKey: string;
  secretKey: string;
  region: string;
  client: Client;
  stop(): Promise<void>;
}

const BINARIES = ['swift-proxy-server', 'swift-account-server', 'swift-container-server', 'swift-object-server', 'swift-ring-builder'];

function binary(name: string): string {
  const found = ['/usr/bin', '/usr/local/bin'].map((d) => path.join(d, name)).find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `${name} not found: the S3 storage tests need a real S3 server, OpenStack Swift with s3api. ` +
        'Install it with: apt-get install --no-install-recommends swift-proxy swift-account swift-container swift-object',
    );
  }
  return found;
}

const serverConf = (kind: string, dir: string, port: number, user: string): string => `[DEFAULT]
devices = ${dir}/srv
mount_check = false
bind_ip = 127.0.0.1
bind_port = ${port}
workers = 0
user = ${user}
swift_dir = ${dir}/etc
log_name = hangar-test-${kind}
[pipeline:main]
pipeline = ${kind}-server
[app:${kind}-server]
use = egg:swift#${kind}
`;

const proxyConf = (dir: string, port: number, user: string, accessUser: string, secret: string): string => `[DEFAULT]
bind_ip = 127.0.0.1
bind_port = ${port}
workers = 0
user = ${user}
swift_dir = ${dir}/etc
log_name = hangar-test-proxy
[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy slo dlo proxy-logging proxy-server
[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
# tempauth needs a cache in the environment; no memcached runs, so tokens are simply not cached.
[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:9
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:s3api]
use = egg:swift#s3api
location = us-east-1
[filter:tempauth]
use = egg:swift#tempauth
user_${accessUser.replace(':', '_')} = ${secret} .admin
[filter:copy]
use = egg:swift#copy
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
`;

export async function startSwiftS3(): Promise<SwiftS3> {
  const bins = Object.fromEntries(BINARIES.map((b) => [b, binary(b)]));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-swift-'));
  await mkdir(path.join(dir, 'etc'));
  await mkdir(path.join(dir, 'srv', 'd1'), { recursive: true });
  const user = os.userInfo().username;
  const ports = { proxy: await freePort(), account: await freePort(), container: await freePort(), object: await freePort() };
  const accessKey = 'hangar:tester';
  const secretKey = `secret-${Math.random().toString(36).slice(2)}`;
  const children: ChildProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 5000).unref();
          }),
      ),
    );
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (const kind of ['account', 'container', 'object'] as const) {
      const builder = path.join(dir, 'etc', `${kind}.builder`);
      await run(bins['swift-ring-builder'] as string, [builder, 'create', '6', '1', '1']);
      await run(bins['swift-ring-builder'] as string, [builder, 'add', `r1z1-127.0.0.1:${ports[kind]}/d1`, '1']);
      // rebalance exits 1 with a warning on a one-device ring; the ring is written all the same.
      await run(bins['swift-ring-builder'] as string, [builder, 'rebalance']).catch(() => undefined);
      await writeFile(path.join(dir, 'etc', `${kind}-server.conf`), serverConf(kind, dir, ports[kind], user));
    }
    await writeFile(path.join(dir, 'etc', 'proxy-server.conf'), proxyConf(dir, ports.proxy, user, accessKey, secretKey));
    for (const kind of ['account', 'container', 'object', 'proxy'] as const) {
      const child = spawn(bins[`swift-${kind}-server`] as string, [path.join(dir, 'etc', `${kind}-server.conf`)], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let output = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-4000);
      });
      child.once('exit', (code) => {
        if (code) process.stderr.write(`swift ${kind} server exited with ${code}: ${output}\n`);
      });
      children.push(child);
    }
    const client = new Client({
      endPoint: '127.0.0.1',
      port: ports.proxy,
      useSSL: false,
      accessKey,
      secretKey,
      region: 'us-east-1',
      pathStyle: true,
      retryOptions: { disableRetry: true },
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await client.listBuckets();
        break;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`Swift s3api did not come up within 30 s: ${String(error)}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    return { endpoint: '127.0.0.1', port: ports.proxy, accessKey, secretKey, region: 'us-east-1', client, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
