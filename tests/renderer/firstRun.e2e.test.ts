// First run, end to end, through the real appliance (Postgres, api, live, Caddy) and real Chromium:
// the first visitor of /god-mode/ creates the instance admin, sees the services, and then signs in to the
// web app at / from a fresh browser (a wrong password first, which must say so in plain words).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { type RunningAppliance, startAppliance } from '../helpers/appliance.ts';
import { launchBrowser, openPage } from '../helpers/browser.ts';

const admin = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', password: 'analytical-engine-1843', workspace: 'Acme' };

let appliance: RunningAppliance | undefined;
let browser: Browser | undefined;

before(async () => {
  appliance = await startAppliance();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await appliance?.stop();
});

/** The services table row whose header cell is exactly `name`. */
function serviceRow(page: Page, name: string) {
  return page
    .getByRole('table', { name: 'Services' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name, exact: true }) });
}

test('first run: create the instance admin in god-mode, then sign in to the web app', { timeout: 180_000 }, async () => {
  assert.ok(appliance && browser);

  // 1. /god-mode/ on a fresh instance shows the first-run form.
  const god = await openPage(browser, { baseURL: appliance.url });
  try {
    await god.page.goto('/god-mode/');
    await god.page.getByRole('heading', { name: 'Create the instance admin' }).waitFor();
    await god.page.getByLabel('First name').fill(admin.firstName);
    await god.page.getByLabel('Last name').fill(admin.lastName);
    await god.page.getByLabel('Email').fill(admin.email);
    await god.page.getByLabel('Password').fill(admin.password);
    await god.page.getByLabel('Workspace name').fill(admin.workspace);
    await god.page.getByRole('button', { name: 'Create the instance admin' }).click();

    // 2. The admin home: the sign-up switch and the services table, with the api ready.
    await god.page.getByRole('switch', { name: 'Sign-up open' }).waitFor();
    await serviceRow(god.page, 'api').getByText('ready', { exact: true }).waitFor({ timeout: 30_000 });
    const rows = await god.page.getByRole('table', { name: 'Services' }).getByRole('rowheader').allTextContents();
    assert.ok(rows.includes('postgres') && rows.includes('api'), `services listed: ${rows.join(', ')}`);

    // Reloading keeps the admin signed in (session cookie), and the setup form does not come back.
    await god.page.reload();
    await god.page.getByRole('table', { name: 'Services' }).waitFor();
    assert.equal(await god.page.getByRole('heading', { name: 'Create the instance admin' }).count(), 0);
  } finally {
    await god.close();
  }

  // 3. A new browser context (no cookies): the web app asks to sign in.
  const web = await openPage(browser, { baseURL: appliance.url });
  try {
    await web.page.goto('/');
    await web.page.getByRole('heading', { name: 'Sign in to Hangar' }).waitFor();

    // A wrong password is refused with a clear message next to the form.
    await web.page.getByLabel('Email').fill(admin.email);
    await web.page.getByLabel('Password').fill('not-the-password');
    await web.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await web.page.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();

    // The right one signs in: the user's name and the workspace created at setup.
    await web.page.getByLabel('Password').fill(admin.password);
    await web.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await web.page.getByText(`${admin.firstName} ${admin.lastName}`, { exact: true }).waitFor();
    await web.page.getByRole('list', { name: 'Workspaces' }).getByText(admin.workspace, { exact: true }).waitFor();
    await web.page.getByRole('heading', { name: 'No projects yet' }).waitFor();

    // Signing out returns to the sign-in form.
    await web.page.getByRole('button', { name: 'Sign out' }).click();
    await web.page.getByRole('heading', { name: 'Sign in to Hangar' }).waitFor();
  } finally {
    await web.close();
  }
});
