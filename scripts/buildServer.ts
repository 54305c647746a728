// `npm run build:server`: compiles app/, server/ and contracts/ into dist/ (what the desktop app
// ships) and copies the files tsc does not: the SQL migrations.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
cpSync(path.join(root, 'server', 'db', 'migrations'), path.join(root, 'dist', 'server', 'db', 'migrations'), { recursive: true });
process.stdout.write('built dist/\n');
