// The three web apps are built (by `npm run build:renderer`, which `npm test` runs first) and every
// asset URL in their index.html starts with the path Caddy serves the app under.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const rendererDir = path.resolve(import.meta.dirname, '../../renderer');

const APPS = [
  { app: 'web', base: '/' },
  { app: 'space', base: '/spaces/' },
  { app: 'admin', base: '/god-mode/' },
];

for (const { app, base } of APPS) {
  test(`renderer/${app} is built for ${base}`, () => {
    const dist = path.join(rendererDir, app, 'dist');
    const indexHtml = path.join(dist, 'index.html');
    assert.ok(existsSync(indexHtml), `${indexHtml} is missing: run npm run build:renderer`);
    const html = readFileSync(indexHtml, 'utf8');
    const urls = [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '').filter((url) => !url.startsWith('data:'));
    const scripts = urls.filter((url) => url.endsWith('.js'));
    const styles = urls.filter((url) => url.endsWith('.css'));
    assert.equal(scripts.length, 1, `one entry script in ${indexHtml}, found ${JSON.stringify(urls)}`);
    assert.equal(styles.length, 1, `one stylesheet in ${indexHtml}, found ${JSON.stringify(urls)}`);
    for (const url of urls) {
      assert.ok(url.startsWith(`${base}assets/`), `${url} in renderer/${app} should start with ${base}assets/`);
      const file = path.join(dist, url.slice(base.length));
      assert.ok(existsSync(file), `${url} points at ${file}, which does not exist`);
    }
    assert.doesNotMatch(html, /src\/main\.tsx/, 'index.html still points at the source entry');
  });
}
