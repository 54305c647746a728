// The SSRF guard on its own: address ranges, resolution through a stub resolver (a name that
// resolves to any private address is refused, even among public ones), and the pinned lookup.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkWebhookTarget, isBlockedAddress, pinnedLookup, type ResolvedAddress } from '../../server/webhooks/targetGuard.ts';

const resolveTo =
  (...addresses: string[]) =>
  async (): Promise<ResolvedAddress[]> =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('webhook target guard', () => {
  it('blocks loopback, private, CGNAT, link-local, multicast, unspecified; passes public addresses', () => {
    for (const address of [
      '127.0.0.1',
      '127.255.255.254',
      '10.0.0.1',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '100.127.255.254',
      '0.0.0.0',
      '0.1.2.3',
      '224.0.0.251',
      '239.255.255.250',
      '255.255.255.255',
      '::',
      '::1',
      'fc00::1',
      'fdff:ffff::1',
      'fe80::1',
      'febf::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      'not-an-ip',
    ]) {
      assert.equal(isBlockedAddress(address), true, address);
    }
    for (const address of ['93.184.215.14', '8.8.8.8', '172.32.0.1', '100.128.0.1', '192.169.0.1', '2606:4700::1111', '::ffff:8.8.8.8']) {
      assert.equal(isBlockedAddress(address), false, address);
    }
  });

  it('refuses a name with any private address among its answers, unless private targets are allowed', async () => {
    const mixed = await checkWebhookTarget('https://hooks.example.test/x', {
      allowPrivate: false,
      resolve: resolveTo('93.184.215.14', '10.0.0.7'),
    });
    assert.equal(mixed.ok, false);
    assert.match(String(mixed.reason), /10\.0\.0\.7/);
    const allowed = await checkWebhookTarget('https://hooks.example.test/x', { allowPrivate: true, resolve: resolveTo('10.0.0.7') });
    assert.equal(allowed.ok, true);
    const publicName = await checkWebhookTarget('https://hooks.example.test/x', {
      allowPrivate: false,
      resolve: resolveTo('93.184.215.14'),
    });
    assert.equal(publicName.ok, true);
    assert.deepEqual(publicName.addresses, [{ address: '93.184.215.14', family: 4 }]);
    const unresolvable = await checkWebhookTarget('https://nowhere.invalid/x', {
      allowPrivate: false,
      resolve: async () => {
        throw new Error('ENOTFOUND');
      },
    });
    assert.equal(unresolvable.ok, false);
    assert.match(String(unresolvable.reason), /could not be resolved/);
    // Only http(s), and private targets allowed does not open other schemes.
    assert.equal((await checkWebhookTarget('gopher://93.184.215.14/', { allowPrivate: true })).ok, false);
  });

  it('the pinned lookup answers only with the checked addresses', async () => {
    const lookup = pinnedLookup([
      { address: '93.184.215.14', family: 4 },
      { address: '2606:4700::1111', family: 6 },
    ]);
    const one = await new Promise<[unknown, unknown, unknown]>((resolve) => lookup('evil.test', {}, (e, a, f) => resolve([e, a, f])));
    assert.deepEqual(one, [null, '93.184.215.14', 4]);
    const all = await new Promise<unknown>((resolve) => lookup('evil.test', { all: true }, (_e, a) => resolve(a)));
    assert.equal((all as unknown[]).length, 2);
    const v6 = await new Promise<unknown>((resolve) => lookup('evil.test', { family: 6 }, (_e, a) => resolve(a)));
    assert.equal(v6, '2606:4700::1111');
  });
});
