// The whole appliance, booted headless the way `npm start` does, checked from the outside.
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { controlClient } from '../../app/supervisor/controlClient.ts';
import { type RunningAppliance, runCli, startAppliance, tempDataDir } from '../helpers/appliance.ts';
import { connectClient, waitFor } from '../live/yClient.ts';
import { alive, events, get, healthy } from './probe.ts';

describe('a booted appliance', () => {
  let app: RunningAppliance;

  before(async () => {
    app = await startAppliance({ keepDataDir: true });
  });
  after(async () => {
    await app.stop();
    await rm(app.dataDir, { recursive: true, force: true });
  });

  test('serves the three UIs through Caddy', async () => {
    const web = await get(`${app.url}/`);
    assert.equal(web.status, 200);
    assert.match(web.type, /text\/html/);
    const admin = await get(`${app.url}/god-mode/`);
    assert.equal(admin.status, 200);
    assert.match(admin.body, /\/god-mode\/assets\//);
    const space = await get(`${app.url}/spaces/`);
    assert.equal(space.status, 200);
    assert.match(space.body, /\/spaces\/assets\//);
    // Client-side routes fall back to the app's index.html.
    assert.equal((await get(`${app.url}/god-mode/some/deep/link`)).status, 200);
    assert.equal((await get(`${app.url}/god-mode`)).status, 308);
  });

  test('reports every service ready at /api/health', async () => {
    const res = await get(`${app.url}/api/health`);
    assert.equal(res.status, 200);
    const body = JSON.parse(res.body) as { status: string; services: Array<{ name: string; state: string }> };
    assert.equal(body.status, 'ok');
    assert.deepEqual(body.services.map((s) => `${s.name}:${s.state}`).sort(), ['api:ready', 'caddy:ready', 'live:ready', 'postgres:ready']);
  });

  test('never routes /ctrl through Caddy, while the control listener itself works on 127.0.0.1', async () => {
    for (const path of ['/ctrl/ping', '/ctrl/connect', '/ctrl', '/ctrl/../ctrl/ping']) {
      const res = await fetch(`${app.url}${path}`, { method: path === '/ctrl/connect' ? 'POST' : 'GET' });
      assert.equal(res.status, 404, path);
    }
    const ctrl = await controlClient(app.dataDir).ctrlEndpoint();
    assert.ok(ctrl);
    assert.equal((await fetch(`${ctrl.url}/ctrl/ping`)).status, 401, 'no bearer, no entry');
    assert.equal((await fetch(`${ctrl.url}/ctrl/ping`, { headers: { authorization: `Bearer ${ctrl.secret}` } })).status, 200);
  });

  test('syncs a Yjs document between two real clients through /live/', async () => {
    const ctrl = await controlClient(app.dataDir).ctrlEndpoint();
    assert.ok(ctrl);
    const connect = async (): Promise<{ url: string; backend_id: string }> => {
      const res = await fetch(`${ctrl.url}/ctrl/connect`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ctrl.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ key: 'page-boot-test' }),
      });
      assert.equal(res.status, 200);
      return (await res.json()) as { url: string; backend_id: string };
    };
    const first = await connect();
    const second = await connect();
    assert.equal(first.backend_id, second.backend_id);
    const port = new URL(app.url).port;
    // The URL names the public origin; reach it through Caddy on this test's port.
    assert.match(first.url, new RegExp(`^ws://localhost:${port}/live/s/`));
    const a = await connectClient(first.url.replace('localhost', '127.0.0.1'));
    const b = await connectClient(second.url.replace('localhost', '127.0.0.1'));
    await Promise.all([a.synced, b.synced]);
    a.doc.getText('body').insert(0, 'hello from a');
    await waitFor(() => b.text() === 'hello from a', 'b to see a');
    b.doc.getText('body').insert(b.text().length, ' and b');
    await waitFor(() => a.text() === 'hello from a and b', 'a to see b');
    a.awareness.setLocalStateField('user', { name: 'A' });
    await waitFor(
      () => [...b.awareness.getStates().values()].some((s) => (s as { user?: { name?: string } }).user?.name === 'A'),
      'awareness',
    );
    await Promise.all([a.close(), b.close()]);
    const bad = await fetch(`${app.url}/live/s/not-a-token`);
    assert.ok(bad.status >= 400 && bad.status < 500);
  });

  test('hangar status --json lists every service with pid, port and memory', async () => {
    const res = await runCli(['status', '--json', '--data-dir', app.dataDir]);
    assert.equal(res.code, 0, res.stderr);
    const status = JSON.parse(res.stdout) as {
      running: boolean;
      services: Array<{ name: string; state: string; pid: number; port: number; rssBytes: number }>;
    };
    assert.equal(status.running, true);
    for (const s of status.services) {
      assert.equal(s.state, 'ready', s.name);
      assert.ok(alive(s.pid), `${s.name} pid`);
      assert.ok(s.port > 0);
      assert.ok(s.rssBytes > 1_000_000, `${s.name} memory`);
    }
    const text = await runCli(['status', '--data-dir', app.dataDir]);
    assert.match(text.stdout, /postgres\s+READY/);
  });

  test('hangar setup works while running, then refuses a second time', async () => {
    const first = await runCli([
      'setup',
      '--data-dir',
      app.dataDir,
      '--admin-email',
      'ops@example.com',
      '--admin-password',
      'correct horse',
      '--workspace',
      'ops',
    ]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Instance admin ops@example.com created/);
    const again = await runCli(['setup', '--data-dir', app.dataDir, '--admin-email', 'x@example.com', '--admin-password', 'another one']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already set up/);
    const signIn = await fetch(`${app.url}/auth/csrf`);
    assert.equal(signIn.status, 200);
  });

  test('hangar api-token create works while running; the token reaches /api/v1 through Caddy', async () => {
    const made = await runCli(['api-token', 'create', '--data-dir', app.dataDir, '--email', 'ops@example.com', '--workspace', 'ops']);
    assert.equal(made.code, 0, made.stderr);
    const token = made.stdout.trim();
    assert.match(token, /^hangar_api_/);
    const res = await fetch(`${app.url}/api/v1/workspaces/ops/projects/`, { headers: { 'X-Api-Key': token } });
    assert.equal(res.status, 200);
    assert.ok(res.headers.get('x-ratelimit-remaining'));
    assert.equal(((await res.json()) as { total_count: number }).total_count, 0);
    const wrongWorkspace = await runCli([
      'api-token',
      'create',
      '--data-dir',
      app.dataDir,
      '--email',
      'ops@example.com',
      '--workspace',
      'nope',
    ]);
    assert.equal(wrongWorkspace.code, 1);
  });

  test('a second appliance on the same data folder refuses with a clear message', async () => {
    const res = await runCli(['serve', '--data-dir', app.dataDir, '--port', String(app.port + 1)]);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /already running with the data folder/);
    assert.ok(await healthy(app.url), 'the first one is untouched');
  });

  test('a taken port gives a clear message naming it', async () => {
    const other = await tempDataDir();
    const res = await runCli(['serve', '--data-dir', other, '--port', String(app.port)]);
    await rm(other, { recursive: true, force: true });
    assert.equal(res.code, 1);
    assert.match(res.stderr, new RegExp(`Port ${app.port} is already in use`));
  });

  test('stops in order, Postgres shuts down cleanly, and no process is left', async () => {
    const status = await controlClient(app.dataDir).status();
    const pids = status.services.map((s) => s.pid).filter((p): p is number => p !== null);
    const stop = await runCli(['stop', '--data-dir', app.dataDir]);
    assert.equal(stop.code, 0, stop.stderr);
    assert.match(stop.stdout, /Hangar stopped/);
    await waitFor(() => pids.every((p) => !alive(p)), 'every child to exit');
    const stopped = events(app.dataDir)
      .filter((e) => e.kind === 'stopped')
      .map((e) => e.service);
    assert.deepEqual(stopped.slice(-4), ['caddy', 'live', 'api', 'postgres']);
    const log = await readFile(`${app.dataDir}/logs/hangar.log`, 'utf8');
    assert.match(log, /\[postgres\].*database system is shut down/);
    // The public port is free again.
    await new Promise<void>((resolve, reject) => {
      const server = net
        .createServer()
        .once('error', reject)
        .listen(app.port, '127.0.0.1', () => server.close(() => resolve()));
    });
  });

  test('starts again warm on the same data folder, data intact, with no recovery needed', async () => {
    const again = await startAppliance({ dataDir: app.dataDir, port: app.port });
    try {
      assert.ok(await healthy(again.url));
      const instance = JSON.parse((await get(`${again.url}/api/instance`)).body) as { is_setup_done: boolean };
      assert.equal(instance.is_setup_done, true);
      const log = await readFile(`${app.dataDir}/logs/hangar.log`, 'utf8');
      assert.doesNotMatch(log, /database system was not properly shut down/);
    } finally {
      await again.stop();
    }
  });
});
