// Stored files never run in the app's origin: whatever type an upload claims (HTML, SVG, JS…), it is
// refused or served as a download with nosniff and a sandboxing CSP; names cannot steer the storage path.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiHarness, startApiHarness } from '../helpers/apiHarness.ts';
import { newLedger, send } from './rawClient.ts';
import { buildWorld, issueBase, type World } from './world.ts';

let h: ApiHarness;
let world: World;
const ledger = newLedger();

before(async () => {
  h = await startApiHarness();
  world = await buildWorld(h, ledger);
});
after(async () => {
  await h.close();
});

const PAYLOAD = '<html><script>alert(document.cookie)</script></html>';

describe('attachment serving', () => {
  it('active content is refused or downloaded inert', async () => {
    const base = `${issueBase(world.a.ids)}/attachments`;
    const session = world.sessions.admin;
    let served = 0;
    for (const [name, type] of [
      ['page.html', 'text/html'],
      ['image.svg', 'image/svg+xml'],
      ['page.txt', 'text/html'],
      ['script.js', 'text/javascript'],
      ['x.xml', 'application/xml'],
      ['../../../../etc/passwd', 'text/plain'],
      ['..\\..\\boot.ini', 'text/plain'],
    ] as const) {
      const declared = await world.call('admin', 'POST', base, { name, type, size: Buffer.byteLength(PAYLOAD) });
      if (declared.status === 415 || declared.status === 400) continue;
      assert.equal(declared.status, 201, `${name} ${type}: ${declared.text}`);
      const id = (declared.body as { id: string }).id;
      const uploaded = await send(h.app, ledger, {
        method: 'PUT',
        url: `${base}/${id}/upload`,
        body: PAYLOAD,
        cookie: session.cookie,
        headers: { ...session.writeHeaders, 'content-type': type },
      });
      if (uploaded.status === 415) continue;
      assert.equal(uploaded.status, 200, `${name}: ${uploaded.text}`);
      const res = await h.app.inject({
        method: 'GET',
        url: `${base}/${id}/download`,
        headers: { host: 'localhost', cookie: session.cookie },
      });
      assert.equal(res.statusCode, 200);
      served += 1;
      assert.match(String(res.headers['content-disposition']), /^attachment;/, `${name} is a download`);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.match(String(res.headers['content-security-policy']), /sandbox/);
      assert.doesNotMatch(String(res.headers['content-disposition']), /filename="[^"]*[\\/]/, 'no directories in the file name');
      const { rows } = await h.db.query<{ storage_key: string; name: string }>('SELECT storage_key, name FROM file_assets WHERE id = $1', [
        id,
      ]);
      assert.ok(!rows[0]?.storage_key.includes('..') && !rows[0]?.storage_key.startsWith('/'), `storage key ${rows[0]?.storage_key}`);
      assert.ok(!rows[0]?.name.includes('/') && !rows[0]?.name.includes('\\'), `stored name ${rows[0]?.name}`);
    }
    assert.ok(served >= 1, 'at least the path-traversal names were stored and served (the checks ran)');
  });

  it('never answered 5xx', () => {
    assert.deepEqual(ledger.serverErrors, []);
  });
});
