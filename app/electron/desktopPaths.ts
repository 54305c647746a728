// Where the desktop app finds its bundled pieces. Packaged, electron-builder's extraResources put
// them under process.resourcesPath (layout fixed in electron-builder.yml); from a checkout, the
// supervisor's own defaults apply (CADDY_BIN / PATH, the npm Postgres package, the repo's renderer/).
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface DesktopPathsInput {
  isPackaged: boolean;
  /** process.resourcesPath */
  resourcesPath: string;
  /** app.getAppPath(): the folder holding package.json (the repo root when run from a checkout). */
  appPath: string;
  platform: NodeJS.Platform;
}

export interface DesktopPaths {
  /** Passed to the Supervisor as `resources`; undefined from a checkout. */
  resources: { caddyBin: string; pgDir: string; rendererDir: string } | undefined;
  /** The built admin settings page. */
  settingsHtml: string;
  /** file:// URL of settingsHtml: what the settings window's navigation is pinned to. */
  settingsUrl: string;
}

export function desktopPaths(input: DesktopPathsInput): DesktopPaths {
  const p = input.platform === 'win32' ? path.win32 : path.posix;
  const rendererRoot = input.isPackaged ? p.join(input.resourcesPath, 'renderer') : p.join(input.appPath, 'renderer');
  const settingsHtml = p.join(rendererRoot, 'settings', 'dist', 'index.html');
  const resources = input.isPackaged
    ? {
        caddyBin: p.join(input.resourcesPath, 'caddy', input.platform === 'win32' ? 'caddy.exe' : 'caddy'),
        pgDir: p.join(input.resourcesPath, 'postgres'),
        rendererDir: rendererRoot,
      }
    : undefined;
  return { resources, settingsHtml, settingsUrl: pathToFileURL(settingsHtml, { windows: input.platform === 'win32' }).href };
}

/** `--<name> <value>` or `--<name>=<value>` from the command line (Electron passes its own flags too). */
export function flagValue(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === `--${name}`) return argv[i + 1];
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}
