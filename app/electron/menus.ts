// Menu templates for the tray and the application menu. Types only from Electron (erased at run
// time), so the templates are built and checked under plain Node.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openHangar(): void;
  openSettings(): void;
  openLogsFolder(): void;
  quit(): void;
}

export function trayMenuTemplate(actions: MenuActions): MenuItemConstructorOptions[] {
  return [
    { label: 'Open Hangar', click: () => actions.openHangar() },
    { label: 'Admin settings', click: () => actions.openSettings() },
    { label: 'Open logs folder', click: () => actions.openLogsFolder() },
    { type: 'separator' },
    { label: 'Quit Hangar', click: () => actions.quit() },
  ];
}

export function applicationMenuTemplate(actions: MenuActions, platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  const hangar: MenuItemConstructorOptions = {
    label: 'Hangar',
    submenu: [
      { label: 'Open Hangar', accelerator: 'CmdOrCtrl+Shift+H', click: () => actions.openHangar() },
      { label: 'Admin settings', accelerator: 'CmdOrCtrl+,', click: () => actions.openSettings() },
      { label: 'Open logs folder', click: () => actions.openLogsFolder() },
      { type: 'separator' },
      // Not role 'quit': quitting always goes through app.quit() and the ordered supervisor stop.
      { label: 'Quit Hangar', accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() },
    ],
  };
  const edit: MenuItemConstructorOptions = { role: 'editMenu' };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'reload' },
      { role: 'toggleDevTools' },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const window: MenuItemConstructorOptions = { role: 'windowMenu' };
  return platform === 'darwin' ? [hangar, edit, view, window] : [hangar, edit, view];
}
