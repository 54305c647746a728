// `npm test`: type-check, lint, build what the browser tests load, then run every test file with
// Node's test runner (spec output), ending with one "N passed, N failed" line.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function step(title: string, command: string, args: string[]): void {
  process.stdout.write(`\n── ${title}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stdout.write(`${title} failed\n0 passed, 1 failed\n`);
    process.exit(1);
  }
}

function testFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (entry === 'node_modules' || entry === 'dist') continue;
    if (statSync(full).isDirectory()) found.push(...testFiles(full));
    else if (entry.endsWith('.test.ts')) found.push(path.relative(root, full));
  }
  return found;
}

const filter = process.argv.slice(2);
if (filter.length === 0) {
  step('type-check', npm, ['run', '--silent', 'typecheck']);
  step('lint', npm, ['run', '--silent', 'lint']);
}
step('build renderer', npm, ['run', '--silent', 'build:renderer']);

const files = ['tests', 'server', 'app']
  .flatMap((d) => testFiles(path.join(root, d)))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)));
process.stdout.write(`\n── tests (${files.length} files)\n`);
// Spec output streams through; its closing "ℹ pass N / ℹ fail N" becomes the one summary line CI reads
// (a second reporter's last line can be lost when --test-force-exit ends the run).
const child = spawn(
  process.execPath,
  [
    '--test',
    '--test-concurrency=2',
    '--test-timeout=300000',
    // A file whose tests are done must not hang the run on a handle it forgot to close.
    '--test-force-exit',
    '--test-reporter=spec',
    ...files,
  ],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
);
let tail = '';
child.stdout.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk);
  tail = (tail + chunk.toString()).slice(-4096);
});
const code: number = await new Promise((resolve) => child.once('close', (c) => resolve(c ?? 1)));
const count = (label: string): number => Number(new RegExp(`ℹ ${label} (\\d+)`).exec(tail)?.[1] ?? 0);
// A run that failed without counting a failure (a crash) still counts as one failure.
const failures = count('fail') + count('cancelled');
const failed = failures > 0 || code === 0 ? failures : 1;
process.stdout.write(`${count('pass')} passed, ${failed} failed${count('skipped') ? `, ${count('skipped')} skipped` : ''}\n`);
process.exit(code);
