// The settings window talks to the appliance only through window.hangar (the preload's bridge).
import type { SettingsBridge } from '../../../contracts/settingsBridge.ts';

declare global {
  interface Window {
    hangar?: SettingsBridge;
  }
}

export function settingsBridge(): SettingsBridge | null {
  return window.hangar ?? null;
}
