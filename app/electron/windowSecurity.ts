// The navigation policy every Hangar window gets: no new windows (http(s) links open in the user's
// browser instead), no navigation away from the page's own origin. Written against the few members
// of Electron's WebContents it uses, so it is tested under plain Node without Electron.

/** What Electron passes to `will-navigate` / `will-redirect` listeners (their first argument). */
export interface NavigationEvent {
  readonly url: string;
  preventDefault(): void;
}

/** The part of Electron's `WebContents` the policy needs. */
export interface GuardedWebContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
}

export interface WindowSecurityOptions {
  /** The page the window is meant to show: an http(s) app URL, or a file:// URL of a bundled page. */
  appUrl: string;
  /** Opens a URL in the user's default browser (Electron: `shell.openExternal`). */
  openExternal(url: string): void | Promise<void>;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** http(s) links are the only ones handed to the OS; file:, javascript:, custom schemes never are. */
export function isExternalLink(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && (parsed.protocol === 'http:' || parsed.protocol === 'https:');
}

/**
 * Same origin as the app URL. file:// pages have an opaque origin, so for them "same origin" means a
 * file inside the folder that holds the app page (its bundled assets), nothing else on disk.
 */
export function isSameOrigin(target: string, appUrl: string): boolean {
  const to = parse(target);
  const app = parse(appUrl);
  if (!to || !app) return false;
  if (app.protocol === 'file:') {
    if (to.protocol !== 'file:' || to.host !== app.host) return false;
    const folder = app.pathname.slice(0, app.pathname.lastIndexOf('/') + 1);
    return to.pathname.startsWith(folder);
  }
  return to.origin === app.origin;
}

/** Installs the policy on a window's web contents. */
export function applyWindowSecurity(contents: GuardedWebContents, options: WindowSecurityOptions): void {
  const openOutside = (url: string): void => {
    if (!isExternalLink(url)) return;
    Promise.resolve(options.openExternal(url)).catch(() => {});
  };
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
  const guard = (event: NavigationEvent): void => {
    if (isSameOrigin(event.url, options.appUrl)) return;
    event.preventDefault();
    openOutside(event.url);
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
}

/** Browser permissions a page may get: notifications and clipboard writes, and only from the app itself. */
export function isPermissionAllowed(permission: string, requestingUrl: string, appUrl: string): boolean {
  if (!isSameOrigin(requestingUrl, appUrl)) return false;
  return permission === 'notifications' || permission === 'clipboard-sanitized-write';
}
