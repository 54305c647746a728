// `npm run build:renderer` (also run first by `npm start` and `npm test`): type-check renderer/, then build
// every web app (web, space, admin, and settings when it exists) into renderer/<app>/dist with Vite.
// An app whose dist is newer than its sources, renderer/shared and the shared config is skipped, so a
// repeated `npm start` costs a few stat calls; `--force` rebuilds everything.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';

const root = path.resolve(import.meta.dirname, '..');
const rendererDir = path.join(root, 'renderer');
const APPS = ['web', 'space', 'admin', 'settings'] as const;
/** Written last into dist after a successful build; its mtime is the build's time. */
const STAMP = '.hangar-build';

/** Files (besides the app's own folder) whose change makes every app stale. */
const SHARED_INPUTS = [
  path.join(rendererDir, 'shared'),
  path.join(rendererDir, 'viteApp.ts'),
  path.join(rendererDir, 'tsconfig.json'),
  path.join(root, 'contracts'),
  path.join(root, 'package-lock.json'),
];

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) {
    if (entry === 'dist' || entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

function isUpToDate(appDir: string): boolean {
  const stamp = path.join(appDir, 'dist', STAMP);
  if (!existsSync(stamp) || !existsSync(path.join(appDir, 'dist', 'index.html'))) return false;
  const builtAt = statSync(stamp).mtimeMs;
  return [appDir, ...SHARED_INPUTS].every((input) => newestMtime(input) < builtAt);
}

/** renderer/tsconfig.json covers web, space, admin and shared; the settings app brings its own tsconfig. */
function typeCheck(): void {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const projects = [path.join(rendererDir, 'tsconfig.json'), path.join(rendererDir, 'settings', 'tsconfig.json')].filter((p) =>
    existsSync(p),
  );
  for (const project of projects) {
    const started = Date.now();
    const result = spawnSync(process.execPath, [tsc, '-p', project, '--noEmit', '--pretty'], { cwd: root, stdio: 'inherit' });
    const name = path.relative(root, project);
    if (result.status !== 0) {
      process.stderr.write(`\nbuild:renderer: type errors in ${name} (see above). Nothing was built.\n`);
      process.exit(1);
    }
    process.stdout.write(`type-check ${name} ok (${Date.now() - started} ms)\n`);
  }
}

async function main(): Promise<void> {
  const force = process.argv.includes('--force');
  const present = APPS.filter((app) => existsSync(path.join(rendererDir, app, 'vite.config.ts')));
  const stale = present.filter((app) => force || !isUpToDate(path.join(rendererDir, app)));
  if (stale.length === 0) {
    process.stdout.write(`renderer up to date (${present.join(', ')}); use --force to rebuild\n`);
    return;
  }
  typeCheck();
  for (const app of stale) {
    const appDir = path.join(rendererDir, app);
    const started = Date.now();
    try {
      await build({ root: appDir, configFile: path.join(appDir, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
    } catch (error) {
      process.stderr.write(
        `\nbuild:renderer: building renderer/${app} failed:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    }
    writeFileSync(path.join(appDir, 'dist', STAMP), `${new Date().toISOString()}\n`);
    process.stdout.write(`built renderer/${app} (${Date.now() - started} ms)\n`);
  }
  const skipped = present.filter((app) => !stale.includes(app));
  if (skipped.length > 0) process.stdout.write(`up to date: ${skipped.join(', ')}\n`);
}

await main();
