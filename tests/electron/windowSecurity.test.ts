import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  applyWindowSecurity,
  type GuardedWebContents,
  isPermissionAllowed,
  isSameOrigin,
  type NavigationEvent,
} from '../../app/electron/windowSecurity.ts';

/** A stand-in for Electron's WebContents: records the handlers the policy installs. */
function fakeWebContents() {
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  const listeners = new Map<string, (event: NavigationEvent) => void>();
  const contents: GuardedWebContents = {
    setWindowOpenHandler(handler) {
      openHandler = handler;
    },
    on(event: 'will-navigate' | 'will-redirect', listener: (event: NavigationEvent) => void) {
      listeners.set(event, listener);
      return contents;
    },
  };
  return {
    contents,
    windowOpen(url: string) {
      assert.ok(openHandler, 'a window-open handler is installed');
      return openHandler({ url });
    },
    navigate(url: string, kind: 'will-navigate' | 'will-redirect' = 'will-navigate') {
      const listener = listeners.get(kind);
      assert.ok(listener, `a ${kind} listener is installed`);
      let prevented = false;
      listener({ url, preventDefault: () => (prevented = true) });
      return prevented;
    },
  };
}

function setup(appUrl: string) {
  const opened: string[] = [];
  const fake = fakeWebContents();
  applyWindowSecurity(fake.contents, { appUrl, openExternal: (url) => void opened.push(url) });
  return { ...fake, opened };
}

describe('window security', () => {
  const appUrl = 'http://127.0.0.1:7420/';

  test('window.open is always denied; http(s) links go to the default browser', () => {
    const w = setup(appUrl);
    assert.deepEqual(w.windowOpen('https://example.com/docs'), { action: 'deny' });
    assert.deepEqual(w.windowOpen('http://127.0.0.1:7420/projects'), { action: 'deny' });
    assert.deepEqual(w.windowOpen('file:///etc/passwd'), { action: 'deny' });
    assert.deepEqual(w.windowOpen('javascript:alert(1)'), { action: 'deny' });
    assert.deepEqual(w.opened, ['https://example.com/docs', 'http://127.0.0.1:7420/projects']);
  });

  test('navigation to another origin is prevented (and the link opened outside)', () => {
    const w = setup(appUrl);
    assert.equal(w.navigate('https://evil.example/phish'), true);
    assert.equal(w.navigate('http://127.0.0.1:7421/'), true, 'another port is another origin');
    assert.equal(w.navigate('http://localhost:7420/'), true, 'another host name is another origin');
    assert.equal(w.navigate('https://127.0.0.1:7420/'), true, 'another scheme is another origin');
    assert.equal(w.navigate('file:///etc/passwd'), true);
    assert.equal(w.navigate('https://evil.example/redirected', 'will-redirect'), true);
    assert.deepEqual(w.opened, [
      'https://evil.example/phish',
      'http://127.0.0.1:7421/',
      'http://localhost:7420/',
      'https://127.0.0.1:7420/',
      'https://evil.example/redirected',
    ]);
  });

  test('same-origin navigation is allowed', () => {
    const w = setup(appUrl);
    assert.equal(w.navigate('http://127.0.0.1:7420/god-mode/'), false);
    assert.equal(w.navigate('http://127.0.0.1:7420/api/auth?next=%2F'), false);
    assert.equal(w.navigate('http://127.0.0.1:7420/', 'will-redirect'), false);
    assert.deepEqual(w.opened, []);
  });

  test('a file:// page may only move within its own folder', () => {
    const page = 'file:///opt/Hangar/resources/renderer/settings/dist/index.html';
    const w = setup(page);
    assert.equal(w.navigate('file:///opt/Hangar/resources/renderer/settings/dist/index.html#services'), false);
    assert.equal(w.navigate('file:///opt/Hangar/resources/renderer/settings/dist/assets/x.js'), false);
    assert.equal(w.navigate('file:///opt/Hangar/resources/renderer/settings/dist/../../web/dist/index.html'), true);
    assert.equal(w.navigate('file:///home/user/.ssh/id_ed25519'), true);
    assert.equal(w.navigate('http://127.0.0.1:7420/'), true);
    assert.equal(isSameOrigin('not a url', page), false);
  });

  test('permissions: only notifications and clipboard writes, only for the app itself', () => {
    assert.equal(isPermissionAllowed('notifications', 'http://127.0.0.1:7420/x', appUrl), true);
    assert.equal(isPermissionAllowed('clipboard-sanitized-write', 'http://127.0.0.1:7420/', appUrl), true);
    assert.equal(isPermissionAllowed('media', 'http://127.0.0.1:7420/', appUrl), false);
    assert.equal(isPermissionAllowed('geolocation', 'http://127.0.0.1:7420/', appUrl), false);
    assert.equal(isPermissionAllowed('notifications', 'https://evil.example/', appUrl), false);
  });
});
