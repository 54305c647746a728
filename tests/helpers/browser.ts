// Real Chromium for end-to-end tests: Debian's /usr/bin/chromium driven by playwright-core (Playwright
// cannot download its own browsers here). Headless, with flags that behave on a closed network.
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.HANGAR_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** Closes the context (and with it the page and its cookies). */
  close(): Promise<void>;
}

/**
 * A page in a brand-new context: no cookies or storage shared with any other page. Pass `baseURL` to
 * let `page.goto('/god-mode/')` resolve against the appliance.
 */
export async function openPage(browser: Browser, options: { baseURL?: string } = {}): Promise<OpenedPage> {
  const context = await browser.newContext({
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    viewport: { width: 1280, height: 800 },
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  return { context, page, close: () => context.close() };
}
