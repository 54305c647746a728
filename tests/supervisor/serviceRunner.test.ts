// The restart policy on real processes: backoff 1-2-4-8 s, FAILED after 5 fast failures with the
// reason and last lines, dependencies excuse a death, an explicit restart clears FAILED.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import type { ServiceName, ServiceState } from '../../contracts/services.ts';
import { LogSink } from '../../app/supervisor/logSink.ts';
import { type RunnerHost, ServiceRunner, type ServiceSpec } from '../../app/supervisor/serviceRunner.ts';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function host(ready: Set<ServiceName> = new Set()): Promise<RunnerHost & { events: string[]; logs: LogSink }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-runner-'));
  dirs.push(dir);
  const events: string[] = [];
  return {
    isReady: (name) => ready.has(name),
    changed: () => undefined,
    logs: new LogSink(dir),
    event: (service, kind, message) => events.push(`${service}:${kind}:${message}`),
    recordChild: () => undefined,
    forgetChild: () => undefined,
    events,
  };
}

function untilState(runner: ServiceRunner, state: ServiceState): Promise<void> {
  return new Promise((resolve) => {
    if (runner.state === state) resolve();
    else runner.on('state', (s) => s === state && resolve());
  });
}

/** A real Node process running `script`; "ready" when it prints READY. */
function scriptService(name: ServiceName, script: () => string, logs: LogSink, dependsOn: ServiceName[] = []): ServiceSpec {
  return {
    name,
    dependsOn,
    port: null,
    startTimeoutMs: 5000,
    stopTimeoutMs: 2000,
    heartbeat: false,
    async launch() {
      const child = spawn(process.execPath, ['-e', script()], { stdio: ['ignore', 'pipe', 'pipe'] });
      const ready = new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => {
          if (c.toString().includes('READY')) resolve();
        });
        child.once('exit', () => reject(new Error('exited')));
      });
      logs.pipe(name, child.stderr);
      return { child, ready };
    },
    requestStop(child) {
      child.kill('SIGTERM');
    },
  };
}

test('a child failing at every start backs off 1, 2, 4, 8 s and is FAILED after 5 with its reason', async () => {
  const h = await host();
  const spec = scriptService('live', () => "console.error('cannot bind: address in use'); process.exit(3)", h.logs);
  const runner = new ServiceRunner(spec, h);
  const startedAt = Date.now();
  const starts: number[] = [];
  runner.on('state', (state) => {
    if (state === 'starting') starts.push(Date.now() - startedAt);
  });
  await runner.start();
  await untilState(runner, 'failed');
  assert.equal(starts.length, 5, 'five attempts in all');
  const gaps = starts.slice(1).map((t, i) => (t - (starts[i] ?? 0)) / 1000);
  for (const [i, expected] of [1, 2, 4, 8].entries()) {
    assert.ok(Math.abs((gaps[i] ?? 0) - expected) < 0.6, `gap ${i} was ${gaps[i]} s, expected ${expected} s`);
  }
  const status = runner.status();
  assert.equal(status.state, 'failed');
  assert.equal(status.restarts, 4);
  assert.match(status.reason ?? '', /exited with code 3 before it was ready/);
  assert.ok(
    status.lastLogLines.some((l) => l.includes('address in use')),
    'its last log lines are kept',
  );
  assert.ok(h.events.some((e) => e.startsWith('live:failed:')));
});

test('an explicit restart clears FAILED and the budget', async () => {
  const h = await host();
  let attempts = 0;
  const runner = new ServiceRunner(
    scriptService(
      'api',
      () => {
        attempts += 1;
        return attempts <= 5 ? 'process.exit(1)' : "console.log('READY'); setInterval(() => {}, 1000)";
      },
      h.logs,
    ),
    h,
  );
  await runner.start();
  await untilState(runner, 'failed');
  await runner.restart();
  assert.equal(runner.state, 'ready');
  await runner.stop();
  assert.equal(runner.state, 'stopped');
});

test('a child whose dependency is down waits for it without spending its budget', async () => {
  const ready = new Set<ServiceName>(['postgres']);
  const h = await host(ready);
  const runner = new ServiceRunner(
    scriptService('api', () => "console.log('READY'); setTimeout(() => process.exit(1), 200)", h.logs, ['postgres']),
    h,
  );
  await runner.start();
  assert.equal(runner.state, 'ready');
  ready.delete('postgres');
  await untilState(runner, 'waiting');
  assert.match(runner.reason ?? '', /waiting for postgres/);
  assert.equal(runner.restarts, 0);
  await runner.stop();
});

test('a child that never says ready is killed at its start timeout', async () => {
  const h = await host();
  const spec = { ...scriptService('caddy', () => 'setInterval(() => {}, 1000)', h.logs), startTimeoutMs: 500 };
  const runner = new ServiceRunner(spec, h);
  void runner.start();
  await untilState(runner, 'backoff');
  assert.match(runner.reason ?? '', /did not become ready within 0.5 s/);
  await runner.stop();
});
