// The admin settings window against a real appliance: its built page opened from disk (file://, as
// Electron's loadFile does) in real Chromium, with window.hangar wired to the appliance's control
// socket — what the preload does through IPC in the desktop app.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { controlClient } from '../../app/supervisor/controlClient.ts';
import type { ApplianceStatus, ServiceName } from '../../contracts/services.ts';
import type { SettingsBridge } from '../../contracts/settingsBridge.ts';
import { type RunningAppliance, startAppliance } from '../helpers/appliance.ts';
import { launchBrowser, openPage } from '../helpers/browser.ts';

const root = path.resolve(import.meta.dirname, '../..');
const settingsHtml = path.join(root, 'renderer/settings/dist/index.html');

let appliance: RunningAppliance | undefined;
let browser: Browser | undefined;

before(async () => {
  if (!existsSync(settingsHtml)) {
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
  appliance = await startAppliance();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await appliance?.stop();
});

/**
 * Gives the page a window.hangar backed by the control client, as the preload + settings IPC do.
 * Shell actions (open folders, focus the web app) are recorded instead of performed.
 */
async function wireBridge(page: Page, dataDir: string): Promise<string[]> {
  const control = controlClient(dataDir);
  const shellCalls: string[] = [];
  const main: Record<keyof SettingsBridge, (...args: unknown[]) => Promise<unknown>> = {
    getStatus: () => control.status(),
    restartService: (name) => control.restart(name as ServiceName),
    openLogs: async () => void shellCalls.push('openLogs'),
    openDataDir: async () => void shellCalls.push('openDataDir'),
    openWebApp: async () => void shellCalls.push('openWebApp'),
  };
  await page.exposeBinding('__hangarInvoke', (_source, method: keyof SettingsBridge, ...args: unknown[]) => main[method](...args));
  await page.addInitScript(() => {
    const invoke = (method: string, ...args: unknown[]): Promise<never> =>
      (window as unknown as { __hangarInvoke(m: string, ...a: unknown[]): Promise<never> }).__hangarInvoke(method, ...args);
    (window as unknown as { hangar: unknown }).hangar = {
      getStatus: () => invoke('getStatus'),
      restartService: (name: string) => invoke('restartService', name),
      openLogs: () => invoke('openLogs'),
      openDataDir: () => invoke('openDataDir'),
      openWebApp: () => invoke('openWebApp'),
    };
  });
  return shellCalls;
}

function serviceRow(page: Page, name: ServiceName): Locator {
  return page.getByRole('table', { name: 'Services' }).getByRole('row', { name, exact: true });
}

function cell(row: Locator, field: string): Locator {
  return row.locator(`[data-field="${field}"]`);
}

test('the settings window shows the services and restarts one', { timeout: 180_000 }, async () => {
  assert.ok(appliance && browser);
  const opened = await openPage(browser);
  const { page } = opened;
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  try {
    const shellCalls = await wireBridge(page, appliance.dataDir);
    await page.goto(pathToFileURL(settingsHtml).href);
    await page.getByRole('heading', { name: 'Hangar admin settings' }).waitFor();

    // Every service is ready, and the appliance's folder and address are shown.
    for (const name of ['postgres', 'api', 'live', 'caddy'] as const) {
      await cell(serviceRow(page, name), 'state').getByText('ready', { exact: true }).waitFor({ timeout: 30_000 });
    }
    assert.equal(await page.locator('[data-field="data-dir"]').textContent(), appliance.dataDir);
    const status: ApplianceStatus = await controlClient(appliance.dataDir).status();
    assert.equal(await page.locator('dd[data-field="url"]').textContent(), status.url);
    assert.equal(await page.locator('dd[data-field="port"]').textContent(), String(status.port));

    // Restart live: its restart count goes up, it gets a new process, and it comes back ready.
    const live = serviceRow(page, 'live');
    const restartsBefore = Number(await cell(live, 'restarts').textContent());
    const pidBefore = await cell(live, 'pid').textContent();
    await live.getByRole('button', { name: 'Restart live' }).click();
    await cell(live, 'restarts')
      .getByText(String(restartsBefore + 1), { exact: true })
      .waitFor({ timeout: 60_000 });
    await cell(live, 'state').getByText('ready', { exact: true }).waitFor({ timeout: 60_000 });
    assert.notEqual(await cell(live, 'pid').textContent(), pidBefore, 'live runs in a new process');
    assert.equal(await live.getByRole('button', { name: 'Restart live' }).isEnabled(), true);
    for (const name of ['postgres', 'api', 'caddy'] as const) {
      assert.equal(await cell(serviceRow(page, name), 'state').textContent(), 'ready', `${name} unaffected`);
    }

    // The shortcut buttons reach the bridge.
    await page.getByRole('button', { name: 'Open logs' }).click();
    await page.getByRole('button', { name: 'Open data folder' }).click();
    await page.getByRole('button', { name: 'Open Hangar' }).click();
    for (let i = 0; i < 50 && shellCalls.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(shellCalls, ['openLogs', 'openDataDir', 'openWebApp']);
    assert.equal(await page.getByRole('alert').count(), 0, 'no error shown');
    assert.deepEqual(problems, []);
  } finally {
    await opened.close();
  }
});
