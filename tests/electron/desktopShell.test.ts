// The plain-Node pieces main.ts wires to Electron: settings IPC, ordered quit, resource paths, menus.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { inflateSync } from 'node:zlib';
import type { ApplianceStatus, ServiceName } from '../../contracts/services.ts';
import { desktopPaths, flagValue } from '../../app/electron/desktopPaths.ts';
import { hangarIconPng } from '../../app/electron/icon.ts';
import { applicationMenuTemplate, trayMenuTemplate } from '../../app/electron/menus.ts';
import { createQuitGuard } from '../../app/electron/quitGuard.ts';
import { registerSettingsIpc, SETTINGS_CHANNELS, type SettingsActions } from '../../app/electron/settingsIpc.ts';

const root = path.resolve(import.meta.dirname, '../..');

function status(restarts = 0): ApplianceStatus {
  return {
    dataDir: '/data',
    port: 7420,
    url: 'http://127.0.0.1:7420',
    supervisorPid: 1,
    startedAt: new Date().toISOString(),
    services: [
      { name: 'live', state: 'ready', pid: 2, port: 3, readySince: null, restarts, rssBytes: null, reason: null, lastLogLines: [] },
    ],
  };
}

type Event = { senderFrame: { url: string } | null };
type Listener = (event: Event, ...args: unknown[]) => unknown;

function fakeIpc() {
  const handlers = new Map<string, Listener>();
  return {
    handlers,
    handle(channel: string, listener: Listener) {
      assert.ok(!handlers.has(channel), `one handler per channel (${channel})`);
      handlers.set(channel, listener);
    },
    removeHandler(channel: string) {
      handlers.delete(channel);
    },
    invoke(channel: string, event: Event, ...args: unknown[]) {
      const handler = handlers.get(channel);
      assert.ok(handler, `handler for ${channel}`);
      return Promise.resolve().then(() => handler(event, ...args));
    },
  };
}

describe('settings IPC', () => {
  const settingsUrl = 'file:///app/renderer/settings/dist/index.html';
  const trusted = { senderFrame: { url: settingsUrl } };
  function setup() {
    const calls: string[] = [];
    let restarts = 0;
    const actions: SettingsActions = {
      status: async () => status(restarts),
      restartService: async (name: ServiceName) => {
        calls.push(`restart ${name}`);
        restarts++;
      },
      openLogs: async () => void calls.push('logs'),
      openDataDir: async () => void calls.push('data'),
      openWebApp: async () => void calls.push('web'),
    };
    const ipc = fakeIpc();
    const unregister = registerSettingsIpc<Event>(ipc, actions, (event) => event.senderFrame?.url === settingsUrl);
    return { ipc, calls, unregister };
  }

  test('every bridge method has a channel, and the channels call the supervisor', async () => {
    const { ipc, calls } = setup();
    assert.deepEqual([...ipc.handlers.keys()].sort(), Object.values(SETTINGS_CHANNELS).sort());
    const after = (await ipc.invoke(SETTINGS_CHANNELS.restartService, trusted, 'live')) as ApplianceStatus;
    assert.equal(after.services[0]?.restarts, 1, 'restart answers with the fresh status');
    await ipc.invoke(SETTINGS_CHANNELS.openLogs, trusted);
    await ipc.invoke(SETTINGS_CHANNELS.openDataDir, trusted);
    await ipc.invoke(SETTINGS_CHANNELS.openWebApp, trusted);
    assert.deepEqual(calls, ['restart live', 'logs', 'data', 'web']);
  });

  test('unknown services and foreign senders are refused', async () => {
    const { ipc, calls, unregister } = setup();
    await assert.rejects(ipc.invoke(SETTINGS_CHANNELS.restartService, trusted, 'rm -rf'), /Unknown service/);
    await assert.rejects(ipc.invoke(SETTINGS_CHANNELS.getStatus, { senderFrame: { url: 'http://127.0.0.1:7420/' } }), /Refused/);
    await assert.rejects(ipc.invoke(SETTINGS_CHANNELS.restartService, { senderFrame: null }, 'api'), /Refused/);
    assert.deepEqual(calls, []);
    unregister();
    assert.equal(ipc.handlers.size, 0);
  });

  test('the preload uses the same channels and key as main', () => {
    const preload = readFileSync(path.join(root, 'app/preload.cts'), 'utf8');
    for (const channel of Object.values(SETTINGS_CHANNELS)) assert.ok(preload.includes(`'${channel}'`), channel);
    assert.match(preload, /exposeInMainWorld\(bridgeKey, bridge\)/);
    assert.match(preload, /satisfies SettingsBridge/);
    assert.doesNotMatch(preload, /^import (?!type )/m, 'a sandboxed preload can only import types');
  });
});

describe('ordered quit', () => {
  test('the first quit waits for the supervisor to stop, then quits once', async () => {
    let stopped = false;
    let finishStop: () => void = () => {};
    let quits = 0;
    const guard = createQuitGuard({
      stop: () =>
        new Promise<void>((resolve) => {
          finishStop = () => {
            stopped = true;
            resolve();
          };
        }),
      quit: () => quits++,
      forceExit: () => assert.fail('no forced exit'),
      timeoutMs: 5000,
    });
    const prevented: boolean[] = [];
    const event = () => ({ preventDefault: () => prevented.push(true) });
    guard.onBeforeQuit(event());
    guard.onBeforeQuit(event()); // a second Cmd+Q while stopping
    assert.equal(prevented.length, 2);
    assert.equal(guard.phase(), 'stopping');
    assert.equal(quits, 0);
    finishStop();
    await new Promise((r) => setImmediate(r));
    assert.ok(stopped);
    assert.equal(quits, 1);
    // The replayed quit goes through.
    guard.onBeforeQuit(event());
    assert.equal(prevented.length, 2);
  });

  test('a stop that hangs ends in a forced exit after the deadline', async () => {
    const reasons: string[] = [];
    const guard = createQuitGuard({
      stop: () => new Promise(() => {}),
      quit: () => assert.fail('no clean quit'),
      forceExit: (r) => reasons.push(r),
      timeoutMs: 20,
    });
    guard.onBeforeQuit({ preventDefault() {} });
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(reasons.length, 1);
    assert.match(reasons[0]!, /did not stop within 20 ms/);
  });
});

describe('desktop paths', () => {
  test('packaged: everything comes from resources', () => {
    const p = desktopPaths({
      isPackaged: true,
      resourcesPath: '/opt/Hangar/resources',
      appPath: '/opt/Hangar/resources/app.asar',
      platform: 'linux',
    });
    assert.deepEqual(p.resources, {
      caddyBin: '/opt/Hangar/resources/caddy/caddy',
      pgDir: '/opt/Hangar/resources/postgres',
      rendererDir: '/opt/Hangar/resources/renderer',
    });
    assert.equal(p.settingsHtml, '/opt/Hangar/resources/renderer/settings/dist/index.html');
    assert.equal(p.settingsUrl, 'file:///opt/Hangar/resources/renderer/settings/dist/index.html');
  });

  test('packaged on Windows: caddy.exe and Windows paths', () => {
    const p = desktopPaths({ isPackaged: true, resourcesPath: 'C:\\Program Files\\Hangar\\resources', appPath: 'x', platform: 'win32' });
    assert.equal(p.resources?.caddyBin, 'C:\\Program Files\\Hangar\\resources\\caddy\\caddy.exe');
    assert.equal(p.settingsUrl, 'file:///C:/Program%20Files/Hangar/resources/renderer/settings/dist/index.html');
  });

  test('from a checkout: supervisor defaults, settings page from the repo', () => {
    const p = desktopPaths({ isPackaged: false, resourcesPath: '/usr/lib/electron/resources', appPath: root, platform: 'linux' });
    assert.equal(p.resources, undefined);
    assert.equal(p.settingsHtml, path.join(root, 'renderer/settings/dist/index.html'));
  });

  test('--data-dir / --port flags', () => {
    assert.equal(flagValue(['electron', '.', '--data-dir', '/tmp/h'], 'data-dir'), '/tmp/h');
    assert.equal(flagValue(['hangar', '--data-dir=/srv/hangar', '--port=8080'], 'data-dir'), '/srv/hangar');
    assert.equal(flagValue(['hangar', '--data-dir=/srv/hangar', '--port=8080'], 'port'), '8080');
    assert.equal(flagValue(['hangar', '--no-sandbox'], 'data-dir'), undefined);
  });
});

describe('menus and icon', () => {
  test('tray and app menu offer Open Hangar, Admin settings, Open logs folder, Quit', () => {
    const called: string[] = [];
    const actions = {
      openHangar: () => called.push('open'),
      openSettings: () => called.push('settings'),
      openLogsFolder: () => called.push('logs'),
      quit: () => called.push('quit'),
    };
    const tray = trayMenuTemplate(actions).filter((i) => i.label);
    assert.deepEqual(
      tray.map((i) => i.label),
      ['Open Hangar', 'Admin settings', 'Open logs folder', 'Quit Hangar'],
    );
    for (const item of tray) (item.click as () => void)();
    assert.deepEqual(called, ['open', 'settings', 'logs', 'quit']);
    const app = applicationMenuTemplate(actions, 'linux');
    const first = app[0]?.submenu;
    assert.ok(Array.isArray(first));
    assert.deepEqual(
      first.filter((i) => i.label).map((i) => i.label),
      ['Open Hangar', 'Admin settings', 'Open logs folder', 'Quit Hangar'],
    );
    assert.ok(!first.some((i) => i.role === 'quit'), 'quit goes through app.quit (ordered stop)');
    assert.equal(applicationMenuTemplate(actions, 'darwin').length, 4);
  });

  test('the icon is a valid RGBA PNG', () => {
    const png = hangarIconPng(32);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(png.readUInt32BE(16), 32);
    const idatLength = png.readUInt32BE(33);
    const pixels = inflateSync(png.subarray(41, 41 + idatLength));
    assert.equal(pixels.length, 32 * (1 + 32 * 4));
  });
});
