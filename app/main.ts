// Hangar's Electron entry: one instance per user session, the supervisor started in this process,
// the web app in a window, a tray and menu, the admin settings window, and an ordered quit.
// Only this file, app/preload.cts and app/electron/* import 'electron'; everything they call is
// plain Node and tested without Electron.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, session, shell, Tray } from 'electron';
import type { ApplianceStatus } from '../contracts/services.ts';
import { resolveDataDir, resolvePort } from './config/dataDir.ts';
import { desktopPaths, flagValue } from './electron/desktopPaths.ts';
import { hangarIconPng } from './electron/icon.ts';
import { applicationMenuTemplate, type MenuActions, trayMenuTemplate } from './electron/menus.ts';
import { createQuitGuard } from './electron/quitGuard.ts';
import { registerSettingsIpc } from './electron/settingsIpc.ts';
import { applyWindowSecurity, isPermissionAllowed } from './electron/windowSecurity.ts';
import { StartupError, Supervisor } from './supervisor/supervisor.ts';

const STOP_TIMEOUT_MS = 30_000;
const PRELOAD = fileURLToPath(new URL('./preload.cjs', import.meta.url));

const webPreferences = { contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false } as const;

function statusSummary(status: ApplianceStatus): string {
  const unwell = status.services.filter((s) => s.state !== 'ready');
  if (unwell.length === 0) return `Hangar — running at ${status.url}`;
  return `Hangar — ${unwell.map((s) => `${s.name} ${s.state}`).join(', ')}`;
}

async function runDesktop(): Promise<void> {
  await app.whenReady();
  const dataDir = resolveDataDir(flagValue(process.argv, 'data-dir'));
  const logsDir = path.join(dataDir, 'logs');
  const paths = desktopPaths({
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    appPath: app.getAppPath(),
    platform: process.platform,
  });
  const supervisor = new Supervisor({
    dataDir,
    port: resolvePort(flagValue(process.argv, 'port')),
    // Children run on this very binary in Node mode: no separate Node install is needed.
    nodeRuntime: { path: process.execPath, env: { ELECTRON_RUN_AS_NODE: '1' } },
    ...(paths.resources ? { resources: paths.resources } : {}),
    ...(app.isPackaged ? {} : { onLog: (line: string) => process.stdout.write(`${line}\n`) }),
  });

  let mainWindow: BrowserWindow | null = null;
  let settingsWindow: BrowserWindow | null = null;
  let tray: Tray | null = null;

  const quitGuard = createQuitGuard({
    stop: () => supervisor.stop(),
    quit: () => app.quit(),
    forceExit: (reason) => {
      process.stderr.write(`Hangar: forced exit: ${reason}\n`);
      app.exit(1);
    },
    timeoutMs: STOP_TIMEOUT_MS,
  });
  app.on('before-quit', (event) => quitGuard.onBeforeQuit(event));
  // Closing every window keeps Hangar serving (tray); quitting is explicit.
  app.on('window-all-closed', () => {});
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => app.quit());

  const openExternal = (url: string) => shell.openExternal(url);

  const openHangar = (): void => {
    if (mainWindow && !mainWindow.isDestroyed()) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.show();
      mainWindow.focus();
      return;
    }
    const win = new BrowserWindow({ width: 1280, height: 860, title: 'Hangar', show: false, webPreferences });
    applyWindowSecurity(win.webContents, { appUrl: supervisor.url, openExternal });
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    mainWindow = win;
    void win.loadURL(supervisor.url);
  };

  const openSettings = (): void => {
    if (settingsWindow && !settingsWindow.isDestroyed()) {
      settingsWindow.show();
      settingsWindow.focus();
      return;
    }
    const win = new BrowserWindow({
      width: 980,
      height: 680,
      title: 'Hangar — Admin settings',
      show: false,
      webPreferences: { ...webPreferences, preload: PRELOAD },
    });
    applyWindowSecurity(win.webContents, { appUrl: paths.settingsUrl, openExternal });
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      if (settingsWindow === win) settingsWindow = null;
    });
    settingsWindow = win;
    void win.loadFile(paths.settingsHtml);
  };

  const openFolder = async (folder: string): Promise<void> => {
    await mkdir(folder, { recursive: true });
    const error = await shell.openPath(folder);
    if (error) throw new Error(error);
  };

  const actions: MenuActions = {
    openHangar,
    openSettings,
    openLogsFolder: () => void openFolder(logsDir).catch(() => {}),
    quit: () => app.quit(),
  };

  registerSettingsIpc(
    ipcMain,
    {
      status: () => supervisor.status(),
      restartService: (name) => supervisor.restartService(name),
      openLogs: () => openFolder(logsDir),
      openDataDir: () => openFolder(dataDir),
      openWebApp: async () => openHangar(),
    },
    (event) =>
      settingsWindow !== null &&
      event.sender === settingsWindow.webContents &&
      event.senderFrame?.url.startsWith(paths.settingsUrl) === true,
  );

  session.defaultSession.setPermissionRequestHandler((contents, permission, callback) => {
    callback(isPermissionAllowed(permission, contents.getURL(), supervisor.url));
  });

  Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenuTemplate(actions, process.platform)));
  tray = new Tray(nativeImage.createFromBuffer(hangarIconPng(32)));
  tray.setToolTip('Hangar — starting…');
  tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(actions)));
  tray.on('click', openHangar);
  supervisor.on('status', (status: ApplianceStatus) => tray?.setToolTip(statusSummary(status)));

  app.on('second-instance', openHangar);
  app.on('activate', openHangar);

  try {
    await supervisor.start();
  } catch (error) {
    const message =
      error instanceof StartupError ? error.message : `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
    dialog.showErrorBox('Hangar could not start', `${message}\n\nLogs: ${logsDir}`);
    await supervisor.stop().catch(() => {});
    app.exit(1);
    return;
  }
  openHangar();
}

if (app.requestSingleInstanceLock()) {
  runDesktop().catch((error: unknown) => {
    dialog.showErrorBox('Hangar could not start', error instanceof Error ? (error.stack ?? error.message) : String(error));
    app.exit(1);
  });
} else {
  // Another Hangar is running; its 'second-instance' handler brings its window forward.
  app.quit();
}
