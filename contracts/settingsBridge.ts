// The one object the Electron preload exposes to the admin settings window (window.hangar).
import type { ApplianceStatus, ServiceName } from './services.ts';

export interface SettingsBridge {
  getStatus(): Promise<ApplianceStatus>;
  restartService(name: ServiceName): Promise<ApplianceStatus>;
  openLogs(): Promise<void>;
  openDataDir(): Promise<void>;
  openWebApp(): Promise<void>;
}

export const SETTINGS_BRIDGE_KEY = 'hangar';
