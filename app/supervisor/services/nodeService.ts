// Node children (api, live, the one-shot migrations role): spawned with their whole configuration
// in env vars and an IPC channel; ready when they post {type: "ready"}.
import { type ChildProcess, spawn } from 'node:child_process';
import type { ChildMessage } from '../../../contracts/childMessages.ts';
import type { ServiceName } from '../../../contracts/services.ts';
import type { LogSink } from '../logSink.ts';
import type { ServiceSpec } from '../serviceRunner.ts';

export interface NodeRuntime {
  path: string;
  env?: Record<string, string>;
}

export function spawnNode(runtime: NodeRuntime, entry: string, env: Record<string, string>): ChildProcess {
  return spawn(runtime.path, [entry], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { PATH: process.env.PATH ?? '', ...runtime.env, ...env },
  });
}

export function nodeService(opts: {
  name: ServiceName;
  entry: string;
  runtime: NodeRuntime;
  env: Record<string, string>;
  port: number;
  dependsOn: ServiceName[];
  logs: LogSink;
  onReady?: (child: ChildProcess) => void;
}): ServiceSpec {
  return {
    name: opts.name,
    dependsOn: opts.dependsOn,
    port: opts.port,
    startTimeoutMs: 30_000,
    stopTimeoutMs: 10_000,
    heartbeat: true,
    async launch() {
      const child = spawnNode(opts.runtime, opts.entry, opts.env);
      opts.logs.pipe(opts.name, child.stdout);
      opts.logs.pipe(opts.name, child.stderr);
      const ready = new Promise<void>((resolve, reject) => {
        child.on('message', (message: ChildMessage) => {
          if (message.type === 'ready') {
            opts.onReady?.(child);
            resolve();
          }
        });
        child.once('exit', () => reject(new Error(`${opts.name} exited`)));
      });
      return { child, ready };
    },
    requestStop(child) {
      if (child.connected) child.send({ type: 'shutdown' }, () => undefined);
      else child.kill('SIGTERM');
    },
  };
}

/** Runs a one-shot Node role to completion; rejects with its last log lines when it fails. */
export function runOnce(runtime: NodeRuntime, name: string, entry: string, env: Record<string, string>, logs: LogSink): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawnNode(runtime, entry, env);
    logs.pipe(name, child.stdout);
    logs.pipe(name, child.stderr);
    child.once('error', reject);
    // 'close' rather than 'exit': by then its last output lines have been read.
    child.once('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${name} exited with code ${code}:\n${logs.tail(name, 8).join('\n')}`));
    });
  });
}
