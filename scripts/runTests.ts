// `npm test`: type-check, lint, build what the browser tests load, then run every test file with
// Node's test runner (spec output, then a "N passed, N failed" summary line).
import { spawnSync } from 'node:child_process';
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
const result = spawnSync(
  process.execPath,
  [
    '--test',
    '--test-concurrency=2',
    '--test-timeout=300000',
    // A file whose tests are done must not hang the run on a handle it forgot to close.
    '--test-force-exit',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${path.join(root, 'scripts/testSummaryReporter.ts')}`,
    '--test-reporter-destination=stdout',
    ...files,
  ],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
