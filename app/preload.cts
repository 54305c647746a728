// Preload of the admin settings window. Exposes exactly one object, window.hangar (SettingsBridge),
// each method one ipcRenderer.invoke on a fixed channel handled in app/electron/settingsIpc.ts.
//
// Why .cts: windows run with `sandbox: true`, and a sandboxed preload is evaluated as a plain script
// wrapped in a function (no ES modules, `require` limited to 'electron' and a few built-ins). The
// package is "type": "module", so a .ts file would compile to an ES module (`export {}`) that the
// sandbox cannot run; a .cts file compiles to dist/app/preload.cjs, a CommonJS script. For the same
// reason it imports nothing at run time but 'electron': the contract is referenced by type only.
import type { ServiceName } from '../contracts/services.ts';
import type { SETTINGS_BRIDGE_KEY, SettingsBridge } from '../contracts/settingsBridge.ts';
import type { SETTINGS_CHANNELS } from './electron/settingsIpc.ts';

const { contextBridge, ipcRenderer } = require('electron') as typeof import('electron');

// Copies of the shared constants; the annotations make the compiler reject any drift.
const bridgeKey: typeof SETTINGS_BRIDGE_KEY = 'hangar';
const channels: typeof SETTINGS_CHANNELS = {
  getStatus: 'hangar:settings:get-status',
  restartService: 'hangar:settings:restart-service',
  openLogs: 'hangar:settings:open-logs',
  openDataDir: 'hangar:settings:open-data-dir',
  openWebApp: 'hangar:settings:open-web-app',
};

const bridge = {
  getStatus: () => ipcRenderer.invoke(channels.getStatus),
  restartService: (name: ServiceName) => ipcRenderer.invoke(channels.restartService, name),
  openLogs: () => ipcRenderer.invoke(channels.openLogs),
  openDataDir: () => ipcRenderer.invoke(channels.openDataDir),
  openWebApp: () => ipcRenderer.invoke(channels.openWebApp),
} satisfies SettingsBridge;

contextBridge.exposeInMainWorld(bridgeKey, bridge);
