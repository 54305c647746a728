// Boots the real headless appliance (`hangar serve`) in a fresh temp data dir, as a person would.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../app/supervisor/ports.ts';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const cliPath = path.join(repoRoot, 'app', 'cli', 'hangar.ts');

export interface RunningAppliance {
  url: string;
  dataDir: string;
  port: number;
  process: ChildProcess;
  /** Everything the appliance printed so far. */
  output(): string;
  stop(): Promise<void>;
}

export async function tempDataDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'hangar-test-'));
}

/** Runs `hangar <args>` to completion. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: repoRoot, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export async function startAppliance(options: { dataDir?: string; port?: number; keepDataDir?: boolean } = {}): Promise<RunningAppliance> {
  const dataDir = options.dataDir ?? (await tempDataDir());
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, [cliPath, 'serve', '--data-dir', dataDir, '--port', String(port)], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    output += c.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`appliance did not start in 60 s:\n${output}`)), 60_000);
    const check = (): void => {
      if (output.includes('Hangar is ready at')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`appliance exited with ${code} while starting:\n${output}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  let stopped = false;
  return {
    url,
    dataDir,
    port,
    process: child,
    output: () => output,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (!options.keepDataDir && !options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
