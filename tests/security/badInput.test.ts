// A taste of T15 over every /api route: a non-UUID (or malformed) id in any path slot → 404, broken
// JSON → 400, each body field given a value of the wrong type (from the route's own schema) → 400, a
// 2 MB body → 413, a non-JSON content type → 4xx; never a 5xx anywhere.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiHarness, startApiHarness } from '../helpers/apiHarness.ts';
import { declaredRoutes, isWrite, type RouteInfo, routeKey } from './inventory.ts';
import { type Entry, MATRIX, PUBLIC_ROUTES } from './matrix.ts';
import { buildCall, slotOfParam } from './matrixRunner.ts';
import { newLedger } from './rawClient.ts';
import { builders, buildWorld, type Ids, type World } from './world.ts';

let h: ApiHarness;
let world: World;
let routes: Array<RouteInfo & { entry: Entry }>;
const ledger = newLedger();

before(async () => {
  h = await startApiHarness();
  world = await buildWorld(h, ledger);
  routes = (await declaredRoutes(h.app))
    .filter((r) => r.path.startsWith('/api/') && !PUBLIC_ROUTES.has(routeKey(r.method, r.path)))
    .flatMap((r) => {
      const entry = MATRIX[routeKey(r.method, r.path)];
      return entry ? [{ ...r, entry }] : [];
    });
});
after(async () => {
  await h.close();
});

// ("..": clients and Caddy resolve dot segments before routing, so it is no id.)
const BAD_IDS = ['not-a-uuid', '1', 'null', '00000000-0000-0000-0000-00000000000g', "x' OR '1'='1", '\u0000', '%', 'ü'];
const BAD_SLUGS = ['Not A Slug!', "x' OR '1'='1", '\u0000', '%', 'ü'];
const BAD_KEYS = ['ABC', 'AAA-', 'AAA-x1', "AAA-1'", 'AAA-99999999999999'];

/** The route's valid call (fresh objects for destructive ones), with path param `bad` replaced when given. */
async function validCall(route: RouteInfo & { entry: Entry }, bad?: { name: string; value: string }) {
  const ids: Ids = { ...world.a.ids, ...(route.entry.fresh ? await route.entry.fresh(builders(world)) : {}) };
  return buildCall(route.method, route.path, route.entry, 0, (o) =>
    bad && o.kind === 'param' && o.name === bad.name ? bad.value : ids[o.slot],
  ).call;
}

interface JsonSchemaLike {
  type?: string | string[];
  anyOf?: JsonSchemaLike[];
  const?: unknown;
  properties?: Record<string, JsonSchemaLike>;
}

function allowedTypes(schema: JsonSchemaLike): Set<string> | null {
  if (schema.anyOf) {
    const all = new Set<string>();
    for (const member of schema.anyOf) {
      const types = allowedTypes(member);
      if (!types) return null;
      for (const t of types) all.add(t);
    }
    return all;
  }
  if (schema.const !== undefined) return new Set([typeof schema.const]);
  if (schema.type === undefined) return null; // anything goes
  const types = new Set(Array.isArray(schema.type) ? schema.type : [schema.type]);
  if (types.has('integer')) types.add('number');
  return types;
}

/** A value that no allowed type accepts, even after ajv's type coercion. */
function wrongValue(types: Set<string>): unknown {
  if (!types.has('object') && !types.has('array')) return { wrong: 1 };
  if (!types.has('string') && !types.has('number') && !types.has('boolean') && !types.has('null')) return 'wrong-type';
  if (!types.has('object')) return [{ wrong: 1 }, { wrong: 2 }];
  return undefined;
}

describe('bad input', () => {
  it('a malformed id in any path slot → 404', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      for (const name of [...route.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1] ?? '')) {
        const slot = slotOfParam(route.entry, name);
        if (typeof slot !== 'string') continue;
        for (const bad of slot === 'slug' ? BAD_SLUGS : slot === 'key' ? BAD_KEYS : BAD_IDS) {
          const call = await validCall(route, { name, value: bad });
          const res = await world.call('admin', call.method, call.url, call.body, call.headers);
          if (res.status !== 404) failures.push(`${route.method} ${route.path} :${name}=${bad} → ${res.status} ${res.text.slice(0, 160)}`);
        }
      }
    }
    assert.deepEqual(failures, [], `${failures.length} failure(s):\n${failures.join('\n')}`);
  });

  it('broken JSON → 400, a non-JSON content type on a route with a body → 4xx', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => isWrite(r.method) && !r.entry.raw)) {
      const call = await validCall(route);
      for (const broken of ['{"name": ', '{name: 1}', '[1, 2', '\u0000']) {
        const res = await world.call('admin', call.method, call.url, broken);
        if (res.status !== 400)
          failures.push(`${route.method} ${route.path} body ${JSON.stringify(broken)} → ${res.status} ${res.text.slice(0, 160)}`);
      }
      if (!route.schema?.body) continue;
      const res = await world.call('admin', call.method, call.url, 'hello', { 'content-type': 'text/plain' });
      if (res.status < 400 || res.status >= 500) failures.push(`${route.method} ${route.path} text/plain → ${res.status}`);
    }
    assert.deepEqual(failures, [], `${failures.length} failure(s):\n${failures.join('\n')}`);
  });

  it('each body field with a value of the wrong type → 400', async () => {
    const failures: string[] = [];
    let tried = 0;
    for (const route of routes.filter((r) => isWrite(r.method))) {
      const schema = (route.schema?.body ?? null) as JsonSchemaLike | null;
      if (!schema?.properties) continue;
      for (const [field, property] of Object.entries(schema.properties)) {
        const types = allowedTypes(property);
        if (!types) continue;
        const wrong = wrongValue(types);
        if (wrong === undefined) continue;
        const call = await validCall(route);
        const body = { ...((call.body ?? {}) as Record<string, unknown>), [field]: wrong };
        const res = await world.call('admin', call.method, call.url, body);
        tried += 1;
        if (res.status !== 400)
          failures.push(`${route.method} ${route.path} ${field}=${JSON.stringify(wrong)} → ${res.status} ${res.text.slice(0, 160)}`);
        else if (!/\S/.test((res.body as { message?: string } | null)?.message ?? ''))
          failures.push(`${route.method} ${route.path} ${field}: 400 without a message`);
      }
    }
    assert.ok(tried > 60, `fields tried: ${tried}`);
    assert.deepEqual(failures, [], `${failures.length} failure(s):\n${failures.join('\n')}`);
  });

  it('a NUL byte in any body string or query parameter → 4xx (or accepted), never 5xx', async () => {
    const failures: string[] = [];
    let tried = 0;
    for (const route of routes) {
      const schema = (route.schema?.body ?? null) as JsonSchemaLike | null;
      for (const [field, property] of Object.entries(schema?.properties ?? {})) {
        if (!allowedTypes(property)?.has('string')) continue;
        const call = await validCall(route);
        const body = { ...((call.body ?? {}) as Record<string, unknown>), [field]: 'nul\u0000byte' };
        const res = await world.call('admin', call.method, call.url, body);
        tried += 1;
        if (res.status >= 500) failures.push(`${route.method} ${route.path} body ${field}="nul\\u0000byte" → ${res.status}`);
      }
      const query = (route.schema?.querystring ?? null) as JsonSchemaLike | null;
      for (const field of Object.keys(query?.properties ?? {})) {
        const call = await validCall(route);
        const url = `${call.url}${call.url.includes('?') ? '&' : '?'}${field}=nul%00byte`;
        const res = await world.call('admin', call.method, url, call.body, call.headers);
        tried += 1;
        if (res.status >= 500) failures.push(`${route.method} ${route.path} ?${field}=nul%00byte → ${res.status}`);
      }
    }
    assert.ok(tried > 50, `fields tried: ${tried}`);
    assert.deepEqual(failures, [], `${failures.length} failure(s):\n${failures.join('\n')}`);
  });

  it('garbage and SQL-shaped values in any query parameter → 2xx or 400, never 5xx, never B', async () => {
    const garbage = [
      '',
      'x',
      '-1',
      '0',
      '1e309',
      '99999999999999999999',
      'a,b,,c',
      'none,none',
      'true,false',
      '2024-02-30',
      '9999-99-99',
      '%',
      '[]',
      '{}',
      'Zm9vYmFy',
      `${'9'.repeat(40)}`,
      // SQL-shaped values (the list inlines checked literals: nothing unchecked may reach the text).
      "' OR '1'='1",
      "x') OR 1=1 --",
      "none') UNION SELECT name FROM workspaces --",
      "urgent' OR 'a'='a",
      '1; DROP TABLE issues; --',
      "%' OR project_id IS NOT NULL OR '%'='",
      '$1',
      '\\',
      `${world.b.ids.state},none`,
      world.b.ids.key,
    ];
    const bSecrets = await world.bSecrets();
    const failures: string[] = [];
    let tried = 0;
    for (const route of routes) {
      const query = (route.schema?.querystring ?? null) as JsonSchemaLike | null;
      for (const field of Object.keys(query?.properties ?? {})) {
        for (const value of garbage) {
          const call = await validCall(route);
          const url = `${call.url}${call.url.includes('?') ? '&' : '?'}${field}=${encodeURIComponent(value)}`;
          const res = await world.call('admin', call.method, url, call.body, call.headers);
          tried += 1;
          if (res.status >= 500 || (res.status >= 300 && res.status !== 400 && res.status !== 404))
            failures.push(`${route.method} ${route.path} ?${field}=${value} → ${res.status} ${res.text.slice(0, 120)}`);
          const text = res.text.toLowerCase();
          for (const secret of bSecrets) {
            if (!value.toLowerCase().includes(secret.toLowerCase()) && text.includes(secret.toLowerCase())) {
              failures.push(`LEAK ${route.method} ${route.path} ?${field}=${value} → ${res.status} contains B's ${secret}`);
              break;
            }
          }
        }
      }
    }
    assert.ok(tried > 100, `tried: ${tried}`);
    assert.deepEqual(failures, [], `${failures.length} failure(s):\n${failures.join('\n')}`);
  });

  it('odd encodings and shapes of a body: the wrong shapes refused, nothing ever 5xx', async () => {
    const failures: string[] = [];
    const deep = `{"name": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    const wide = `{${Array.from({ length: 20_000 }, (_, i) => `"k${i}": ${i}`).join(', ')}}`;
    // [what, payload, headers, must be refused] — the others may be accepted (extra keys are dropped,
    // the charset parameter is ignored) but must never fail the server.
    const variants: Array<[string, string, Record<string, string>, boolean]> = [
      ['20,000-deep nesting', deep, {}, false],
      ['20,000 keys', wide, {}, false],
      ['a top-level array', '[{"name": "x"}]', {}, true],
      ['a top-level string', '"x"', {}, true],
      ['null', 'null', {}, true],
      ['UTF-16 charset', '{"name": "x"}', { 'content-type': 'application/json; charset=utf-16' }, false],
      ['an unknown charset', '{"name": "x"}', { 'content-type': 'application/json; charset=klingon' }, false],
      ['a form post', 'name=x&role=20', { 'content-type': 'application/x-www-form-urlencoded' }, true],
      [
        'multipart',
        '--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--b--',
        { 'content-type': 'multipart/form-data; boundary=b' },
        true,
      ],
      ['a lone surrogate', '{"name": "\\ud800"}', {}, false],
      ['a BOM', '\ufeff{"name": "x"}', {}, false],
    ];
    for (const route of routes.filter((r) => isWrite(r.method) && !r.entry.raw && r.schema?.body)) {
      for (const [what, payload, headers, refuse] of variants) {
        const call = await validCall(route);
        const res = await world.call('admin', call.method, call.url, payload, headers);
        if (res.status >= 500 || (refuse && res.status < 400))
          failures.push(`${route.method} ${route.path} ${what} → ${res.status} ${res.text.slice(0, 120)}`);
      }
    }
    assert.deepEqual(failures, [], `${failures.length} failure(s):\n${failures.join('\n')}`);
  });

  it('a 2 MB body → 413 on every JSON write route', async () => {
    const failures: string[] = [];
    const huge = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) });
    for (const route of routes.filter((r) => isWrite(r.method) && !r.entry.raw)) {
      const call = await validCall(route);
      const res = await world.call('admin', call.method, call.url, huge);
      if (res.status !== 413) failures.push(`${route.method} ${route.path} → ${res.status} ${res.text.slice(0, 160)}`);
    }
    assert.deepEqual(failures, [], `${failures.length} failure(s):\n${failures.join('\n')}`);
  });

  it('never answered 5xx', () => {
    assert.ok(ledger.calls > 300, `calls: ${ledger.calls}`);
    assert.deepEqual(ledger.serverErrors, []);
  });
});
