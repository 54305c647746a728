// Main-process side of the admin settings bridge: one `ipcMain.handle` channel per SettingsBridge
// method. The preload (app/preload.cts) invokes the same channel names; its copy of this table is
// type-checked against SETTINGS_CHANNELS. Only the settings window may call these channels.
import { SERVICE_NAMES, type ApplianceStatus, type ServiceName } from '../../contracts/services.ts';
import type { SettingsBridge } from '../../contracts/settingsBridge.ts';

export const SETTINGS_CHANNELS = {
  getStatus: 'hangar:settings:get-status',
  restartService: 'hangar:settings:restart-service',
  openLogs: 'hangar:settings:open-logs',
  openDataDir: 'hangar:settings:open-data-dir',
  openWebApp: 'hangar:settings:open-web-app',
} as const satisfies { [K in keyof SettingsBridge]: string };

/** What the channels do, supplied by main (the supervisor plus a few shell actions). */
export interface SettingsActions {
  status(): Promise<ApplianceStatus>;
  restartService(name: ServiceName): Promise<void>;
  openLogs(): Promise<void>;
  openDataDir(): Promise<void>;
  openWebApp(): Promise<void>;
}

/** The part of an `IpcMainInvokeEvent` used to decide whether the caller is the settings window. */
export interface InvokeEventLike {
  readonly senderFrame: { readonly url: string } | null;
}

export function isServiceName(value: unknown): value is ServiceName {
  return typeof value === 'string' && (SERVICE_NAMES as readonly string[]).includes(value);
}

/** The bridge as main implements it, validating what crosses the process boundary. */
export function settingsHandlers(actions: SettingsActions): { [K in keyof SettingsBridge]: (...args: unknown[]) => Promise<unknown> } {
  return {
    getStatus: () => actions.status(),
    restartService: async (name) => {
      if (!isServiceName(name)) throw new Error(`Unknown service: ${String(name)}`);
      await actions.restartService(name);
      return actions.status();
    },
    openLogs: () => actions.openLogs(),
    openDataDir: () => actions.openDataDir(),
    openWebApp: () => actions.openWebApp(),
  };
}

/**
 * Registers every channel. `isTrustedSender` gets the invoke event and says whether it comes from
 * the settings window; anything else is refused. Returns a function that removes the handlers.
 */
export function registerSettingsIpc<E extends InvokeEventLike>(
  ipc: { handle(channel: string, listener: (event: E, ...args: unknown[]) => unknown): void; removeHandler(channel: string): void },
  actions: SettingsActions,
  isTrustedSender: (event: E) => boolean,
): () => void {
  const handlers = settingsHandlers(actions);
  const methods = Object.keys(SETTINGS_CHANNELS) as (keyof SettingsBridge)[];
  for (const method of methods) {
    ipc.handle(SETTINGS_CHANNELS[method], (event, ...args) => {
      if (!isTrustedSender(event)) throw new Error('Refused: not the Hangar settings window');
      return handlers[method](...args);
    });
  }
  return () => {
    for (const method of methods) ipc.removeHandler(SETTINGS_CHANNELS[method]);
  };
}
