// Faults while running: killed children come back, a child that cannot start is FAILED without
// taking the others down, and a killed supervisor leaves no orphans behind.
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { SERVICE_NAMES } from '../../contracts/services.ts';
import { controlClient } from '../../app/supervisor/controlClient.ts';
import { type RunningAppliance, startAppliance } from '../helpers/appliance.ts';
import { alive, get, healthy, service, waitUntil } from './probe.ts';

describe('a running appliance under faults', () => {
  let app: RunningAppliance;

  before(async () => {
    app = await startAppliance({ keepDataDir: true });
  });
  after(async () => {
    await app.stop();
    await rm(app.dataDir, { recursive: true, force: true });
  });

  for (const name of SERVICE_NAMES) {
    test(`kill -9 of ${name} is restarted and serving again`, async () => {
      const before = await service(app.dataDir, name);
      assert.ok(before.pid);
      process.kill(before.pid, 'SIGKILL');
      const after = await waitUntil(
        async () => {
          const now = await service(app.dataDir, name);
          return now.state === 'ready' && now.pid !== before.pid ? now : null;
        },
        `${name} to come back`,
        30_000,
      );
      assert.equal(after.restarts, before.restarts + 1);
      await waitUntil(() => healthy(app.url), 'health 200 again');
      assert.equal((await get(`${app.url}/api/instance`)).status, 200);
    });
  }

  test('a child that fails at every start is FAILED after 5 tries with its reason; the others stay up', async () => {
    const live = await service(app.dataDir, 'live');
    assert.ok(live.pid && live.port);
    // Take live's port the moment it dies, so each restart fails at listen().
    const squatter = net.createServer();
    const exited = waitUntil(async () => !alive(live.pid ?? 0), 'live to exit', 5000);
    process.kill(live.pid, 'SIGKILL');
    await exited;
    await new Promise<void>((resolve, reject) => squatter.once('error', reject).listen(live.port ?? 0, '127.0.0.1', () => resolve()));
    try {
      const failed = await waitUntil(
        async () => {
          const now = await service(app.dataDir, 'live');
          return now.state === 'failed' ? now : null;
        },
        'live to be FAILED',
        60_000,
      );
      assert.match(failed.reason ?? '', /exited with code|before it was ready/);
      assert.ok(failed.lastLogLines.length > 0, 'its last log lines are kept');
      // The earlier kill of live may already count towards the streak, so 3 or 4 restarts here.
      assert.ok(failed.restarts - live.restarts >= 3 && failed.restarts - live.restarts <= 4, `restarts ${failed.restarts}`);
      const delays = [
        ...(await readFile(`${app.dataDir}/logs/hangar.log`, 'utf8')).matchAll(/\[supervisor\] live .*restarting in (\d+) s/g),
      ].map((m) => Number(m[1]));
      const streak = delays.slice(-(failed.restarts - live.restarts));
      assert.deepEqual(
        streak,
        [...streak].sort((a, b) => a - b),
        `backoff grows: ${streak.join(', ')}`,
      );
      for (const d of streak) assert.ok([1, 2, 4, 8, 16].includes(d));
      const status = await controlClient(app.dataDir).status();
      for (const s of status.services.filter((x) => x.name !== 'live')) assert.equal(s.state, 'ready', s.name);
      const health = await get(`${app.url}/api/health`);
      assert.equal(health.status, 503);
      assert.match(health.body, /"live","state":"failed"/);
      assert.equal((await get(`${app.url}/api/instance`)).status, 200, 'the api still serves');
    } finally {
      await new Promise((r) => squatter.close(r));
    }
    // An explicit restart (admin settings window / control socket) clears FAILED.
    const restarted = await controlClient(app.dataDir).restart('live');
    assert.equal(restarted.services.find((s) => s.name === 'live')?.state, 'ready');
    await waitUntil(() => healthy(app.url), 'health 200 after restart');
  });

  test('kill -9 of the supervisor leaves no orphans, and the next start works', async () => {
    const status = await controlClient(app.dataDir).status();
    const pids = status.services.map((s) => s.pid).filter((p): p is number => p !== null);
    assert.equal(pids.length, 4);
    process.kill(status.supervisorPid, 'SIGKILL');
    await waitUntil(async () => pids.every((p) => !alive(p)), 'every child to die with the supervisor', 20_000);
    const again = await startAppliance({ dataDir: app.dataDir, port: app.port });
    try {
      assert.ok(await healthy(again.url));
    } finally {
      await again.stop();
    }
  });
});
