// T15 over /api/v1: schema-driven fuzzing of every v1 operation, from the request schemas published in
// /api/v1/openapi.json. Each body property gets a value of the wrong type, null (where the schema does
// not allow it), a string over its maxLength (or a huge one), a malformed uuid / date / choice, too many
// items; bodies get unknown fields, broken JSON, odd shapes and 2 MB (→ 413); lists get bad cursors and
// per_page; path ids are malformed; the signed attachment links get forged tokens. Every answer is a
// 4xx in Plane's shapes (`error`, `detail` or a field key, plus `message`) — or a 2xx where Plane
// ignores an unknown field — and never a 5xx.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type ApiHarness, startApiHarness } from '../helpers/apiHarness.ts';
import { isWrite, routeKey, routerRoutes } from './inventory.ts';
import type { Entry } from './matrix.ts';
import { buildCall, is2xx, slotOfParam } from './matrixRunner.ts';
import { newLedger, type RawResponse } from './rawClient.ts';
import { V1_MATRIX } from './v1Matrix.ts';
import { overApiKeys, type V1World } from './v1World.ts';
import { builders, buildWorld, type Ids } from './world.ts';

interface JsonSchema {
  type?: string | string[];
  anyOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
}

interface Operation {
  method: string;
  path: string;
  entry: Entry;
  body: JsonSchema | null;
  query: Record<string, JsonSchema>;
}

type OpenApi = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<{ name: string; in: string; schema: JsonSchema }>;
        requestBody?: { content: { 'application/json': { schema: JsonSchema } } };
      }
    >
  >;
};

let h: ApiHarness;
let world: V1World;
let operations: Operation[];
const ledger = newLedger();
/** Every 4xx whose body is not in Plane's shapes, from any test here. */
const unshaped: string[] = [];

before(async () => {
  h = await startApiHarness();
  world = await overApiKeys(await buildWorld(h, ledger));
  const res = await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers: { host: 'localhost' } });
  const doc = JSON.parse(res.body) as OpenApi;
  operations = routerRoutes(h.app).flatMap((r) => {
    const entry = V1_MATRIX[routeKey(r.method, r.path)];
    if (!entry) return [];
    const op = doc.paths[`${r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}/`]?.[r.method.toLowerCase()];
    if (!op) throw new Error(`${r.method} ${r.path} is not in the OpenAPI document (v1Inventory names it)`);
    const query = Object.fromEntries((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p.schema]));
    return [{ ...r, entry, body: op.requestBody?.content['application/json'].schema ?? null, query }];
  });
});
after(async () => {
  await h.close();
});

const messages = (value: unknown): boolean => Array.isArray(value) && value.length > 0 && value.every((m) => typeof m === 'string');

/**
 * Plane's error shapes: `error`, `detail` or field keys with message lists — and `message` for the SDK
 * (a list when the invalid field is itself called `message`, as Plane answers then).
 */
function planeShaped(body: unknown): boolean {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const fields = body as Record<string, unknown>;
  const message = fields.message;
  if (!((typeof message === 'string' && message.trim() !== '') || messages(message))) return false;
  if (typeof fields.error === 'string' || typeof fields.detail === 'string' || typeof fields.error_message === 'string') return true;
  return Object.values(fields).some(messages);
}

/** As A's admin; any 4xx not in Plane's shapes is recorded. */
async function call(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<RawResponse> {
  const res = await world.call('admin', method, url, body, headers);
  if (res.status >= 400 && res.status < 500 && !planeShaped(res.body))
    unshaped.push(`${method} ${url.slice(0, 160)} → ${res.status} ${res.text.slice(0, 160)}`);
  return res;
}

/** The operation's valid call (fresh objects for destructive ones), with path param `bad` replaced when given. */
async function validCall(op: Operation, bad?: { name: string; value: string }) {
  const ids: Ids = { ...world.a.ids, ...(op.entry.fresh ? await op.entry.fresh(builders(world)) : {}) };
  return buildCall(op.method, op.path, op.entry, 0, (o) => (bad && o.kind === 'param' && o.name === bad.name ? bad.value : ids[o.slot]))
    .call;
}

const describeCall = (op: Operation, what: string, res: RawResponse): string =>
  `${op.method} ${op.path.replace('/api/v1/workspaces/:slug', '…')} ${what} → ${res.status} ${res.text.slice(0, 200)}`;

// ---- schema reading -------------------------------------------------------------------------------

function allowedTypes(schema: JsonSchema): Set<string> | null {
  if (schema.anyOf) {
    const all = new Set<string>();
    for (const member of schema.anyOf) {
      const types = allowedTypes(member);
      if (!types) return null;
      for (const t of types) all.add(t);
    }
    return all;
  }
  if (schema.const !== undefined) return new Set([schema.const === null ? 'null' : typeof schema.const]);
  if (schema.type === undefined) return null; // anything goes
  const types = new Set(Array.isArray(schema.type) ? schema.type : [schema.type]);
  if (types.has('integer')) types.add('number');
  return types;
}

/** The non-null branches of a schema (a nullable union's other members, or the schema itself). */
function branches(schema: JsonSchema): JsonSchema[] {
  if (schema.anyOf) return schema.anyOf.flatMap(branches).filter((s) => s.type !== 'null');
  return [schema];
}

/** A value no allowed type accepts, even after ajv's coercion (scalars ↔ strings, scalar → array). */
function wrongType(types: Set<string>): unknown {
  if (!types.has('object') && !types.has('array')) return { wrong: 1 };
  if (!types.has('string') && !types.has('number') && !types.has('boolean') && !types.has('null')) return 'wrong-type';
  if (!types.has('object')) return [{ wrong: 1 }, { wrong: 2 }];
  return undefined;
}

/** Largest body the server reads (server/api/app.ts); longer strings get 413, not 400. */
const BODY_LIMIT = 1024 * 1024;

interface Mutation {
  /** Property path in the body, e.g. ['issue', 'name']. */
  path: string[];
  what: string;
  value: unknown;
  /** 'refuse': must be 400 (413 when over the body limit); 'survive': anything but a 5xx. */
  expect: 'refuse' | 'survive';
}

/** The bad values for one property, from its schema. */
function mutationsOf(path: string[], schema: JsonSchema): Mutation[] {
  const types = allowedTypes(schema);
  if (!types) return [];
  const out: Mutation[] = [];
  const wrong = wrongType(types);
  if (wrong !== undefined) out.push({ path, what: `wrong type ${JSON.stringify(wrong)}`, value: wrong, expect: 'refuse' });
  if (!types.has('null')) out.push({ path, what: 'null (not nullable)', value: null, expect: 'refuse' });
  const members = branches(schema);
  if (members.some((m) => m.enum) || (members.length > 0 && members.every((m) => m.const !== undefined))) {
    out.push({ path, what: 'an unknown choice', value: 'not-a-choice', expect: 'refuse' });
    return out;
  }
  for (const branch of members) {
    const type = Array.isArray(branch.type) ? branch.type.find((t) => t !== 'null') : branch.type;
    if (type === 'string') {
      if (branch.maxLength !== undefined) {
        const value = 'x'.repeat(Math.min(branch.maxLength + 1, BODY_LIMIT + 1));
        out.push({ path, what: `a string over maxLength ${branch.maxLength}`, value, expect: 'refuse' });
      } else if (!branch.format && !branch.pattern) {
        out.push({ path, what: 'a 300,000-character string', value: 'y'.repeat(300_000), expect: 'survive' });
      }
      if (branch.format === 'uuid') out.push({ path, what: 'a malformed uuid', value: 'not-a-uuid', expect: 'refuse' });
      else if (branch.pattern) out.push({ path, what: `a value not matching ${branch.pattern}`, value: '12-34-5678', expect: 'refuse' });
      else out.push({ path, what: 'a NUL byte and a lone surrogate', value: 'nul\u0000\ud800', expect: 'survive' });
    }
    if (type === 'integer') out.push({ path, what: 'a fraction', value: 1.5, expect: 'refuse' });
    if (type === 'integer' || type === 'number') {
      if (branch.maximum !== undefined) out.push({ path, what: 'over its maximum', value: branch.maximum * 10 + 10, expect: 'refuse' });
      out.push({ path, what: 'a huge number', value: 1e300, expect: 'survive' });
      out.push({ path, what: 'a big negative number', value: -(2 ** 53), expect: 'survive' });
    }
    if (type === 'array' && branch.maxItems !== undefined)
      out.push({
        path,
        what: `${branch.maxItems + 1} items`,
        value: Array.from({ length: branch.maxItems + 1 }, () => randomUUID()),
        expect: 'refuse',
      });
    if (type === 'object' && branch.properties)
      for (const [name, sub] of Object.entries(branch.properties)) out.push(...mutationsOf([...path, name], sub));
  }
  return out;
}

function withValue(body: unknown, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone((body ?? {}) as Record<string, unknown>);
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node[key] = next && typeof next === 'object' && !Array.isArray(next) ? next : {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] ?? ''] = value;
  return copy;
}

// ---- tests ----------------------------------------------------------------------------------------

const BAD_IDS = ['not-a-uuid', '1', 'null', '00000000-0000-0000-0000-00000000000g', "x' OR '1'='1", '\u0000', '%', 'ü'];
const BAD_SLUGS = ['Not A Slug!', "x' OR '1'='1", '\u0000', '%', 'ü'];
const BAD_KEYS = ['ABC', 'AAA-', 'AAA-x1', "AAA-1'", 'AAA-99999999999999'];
/** A refused signed link: forged or expired (403), unknown (404), or too long to be a token (414). */
const REFUSED_LINK = new Set([403, 404, 414]);

describe('bad input over /api/v1 (T15)', () => {
  it('reads a request schema for every v1 write with a body', () => {
    const writes = operations.filter((op) => isWrite(op.method) && op.entry.bodies);
    const without = writes.filter((op) => !op.body?.properties).map((op) => `${op.method} ${op.path}`);
    assert.ok(writes.length > 35, `writes with bodies: ${writes.length}`);
    assert.deepEqual(without, [], 'every v1 write that takes a body publishes its schema');
  });

  it('each body property: wrong type, null, too long, malformed → 400; huge or odd values never 5xx', async (t) => {
    const failures: string[] = [];
    let tried = 0;
    for (const op of operations.filter((o) => isWrite(o.method) && o.body?.properties)) {
      for (const [name, schema] of Object.entries(op.body?.properties ?? {})) {
        for (const mutation of mutationsOf([name], schema)) {
          const call_ = await validCall(op);
          const res = await call(call_.method, call_.url, withValue(call_.body, mutation.path, mutation.value));
          tried += 1;
          const field = mutation.path.join('.');
          const tooBig = JSON.stringify(mutation.value ?? null).length > BODY_LIMIT;
          if (mutation.expect === 'refuse' && res.status !== 400 && !(tooBig && res.status === 413))
            failures.push(describeCall(op, `${field}: ${mutation.what} (want 400)`, res));
          if (res.status >= 500) failures.push(describeCall(op, `${field}: ${mutation.what}`, res));
        }
      }
    }
    t.diagnostic(`${tried} mutations over ${operations.filter((o) => isWrite(o.method) && o.body?.properties).length} operations`);
    assert.ok(tried > 400, `mutations tried: ${tried}`);
    assert.deepEqual(failures, [], `${failures.length} failure(s):\n${failures.join('\n')}`);
  });

  it('unknown fields are ignored: the valid call still succeeds', async () => {
    const failures: string[] = [];
    const unknown = { unknown_field: 'x', another_one: { nested: [1, 2] }, 'dotted.key': true, '': 1 };
    for (const op of operations.filter((o) => isWrite(o.method) && o.body)) {
      const call_ = await validCall(op);
      const res = await call(call_.method, call_.url, { ...((call_.body ?? {}) as object), ...unknown });
      const ok = op.entry.ok ? op.entry.ok.includes(res.status) : is2xx(res.status);
      if (!ok) failures.push(describeCall(op, 'with unknown fields', res));
    }
    assert.deepEqual(failures, [], `${failures.length} failure(s):\n${failures.join('\n')}`);
  });

  it('a malformed id in any path slot → 404', async () => {
    const failures: string[] = [];
    for (const op of operations) {
      for (const name of [...op.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1] ?? '')) {
        const slot = slotOfParam(op.entry, name);
        if (typeof slot !== 'string') continue;
        for (const bad of slot === 'slug' ? BAD_SLUGS : slot === 'key' ? BAD_KEYS : BAD_IDS) {
          const c = await validCall(op, { name, value: bad });
          const res = await call(c.method, c.url, c.body, c.headers);
          if (res.status !== 404) failures.push(describeCall(op, `:${name}=${JSON.stringify(bad)}`, res));
        }
      }
    }
    assert.deepEqual(failures, [], `${failures.length} failure(s):\n${failures.join('\n')}`);
  });

  it('broken JSON → 400; odd shapes and encodings refused or ignored, never 5xx', async () => {
    const failures: string[] = [];
    // [what, payload, headers, must be refused with a 4xx]
    const broken: Array<[string, string]> = [
      ['truncated JSON', '{"name": '],
      ['unquoted keys', '{name: 1}'],
      ['a broken array', '[1, 2'],
      ['a NUL', '\u0000'],
    ];
    // [what, payload, headers, must be refused with a 4xx] — the others may be accepted (extra keys
    // are dropped, the charset parameter is ignored) but never fail the server.
    const odd: Array<[string, string, Record<string, string>, boolean]> = [
      ['a top-level array', '[{"name": "x"}]', {}, true],
      ['a top-level string', '"x"', {}, true],
      ['null', 'null', {}, true],
      ['a number', '42', {}, true],
      ['plain text', 'hello', { 'content-type': 'text/plain' }, true],
      ['a form post', 'name=x&role=20', { 'content-type': 'application/x-www-form-urlencoded' }, true],
      [
        'multipart',
        '--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--b--',
        { 'content-type': 'multipart/form-data; boundary=b' },
        true,
      ],
      ['20,000-deep nesting', `{"name": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`, {}, false],
      ['20,000 keys', `{${Array.from({ length: 20_000 }, (_, i) => `"k${i}": ${i}`).join(', ')}}`, {}, false],
      ['an unknown charset', '{"name": "x"}', { 'content-type': 'application/json; charset=klingon' }, false],
      ['a lone surrogate', '{"name": "\\ud800"}', {}, false],
      ['a BOM', '\ufeff{"name": "x"}', {}, false],
    ];
    for (const op of operations.filter((o) => isWrite(o.method))) {
      for (const [what, payload] of broken) {
        const c = await validCall(op);
        const res = await call(c.method, c.url, payload);
        if (res.status !== 400) failures.push(describeCall(op, `${what} (want 400)`, res));
      }
      if (!op.body) continue;
      for (const [what, payload, headers, refuse] of odd) {
        const c = await validCall(op);
        const res = await call(c.method, c.url, payload, headers);
        if (res.status >= 500 || (refuse && res.status < 400)) failures.push(describeCall(op, what, res));
      }
    }
    assert.deepEqual(failures, [], `${failures.length} failure(s):\n${failures.join('\n')}`);
  });

  it('a 2 MB body → 413 on every write', async () => {
    const failures: string[] = [];
    const huge = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) });
    for (const op of operations.filter((o) => isWrite(o.method))) {
      const c = await validCall(op);
      const res = await call(c.method, c.url, huge);
      if (res.status !== 413) failures.push(describeCall(op, '2 MB body', res));
    }
    assert.deepEqual(failures, [], `${failures.length} failure(s):\n${failures.join('\n')}`);
  });

  it('bad per_page / cursor on every paginated list → 400 {detail, message}; a page past the end is empty', async () => {
    const failures: string[] = [];
    const bad: Array<Record<string, string>> = [
      { per_page: '0' },
      { per_page: '-1' },
      { per_page: '1001' },
      { per_page: 'abc' },
      { per_page: '1.5' },
      { cursor: 'x' },
      { cursor: '1:-1:0' },
      { cursor: '1:0:2' },
      { cursor: '1:0' },
      { cursor: '99999:0:0' },
      { cursor: '1:99999999999:0' },
      { cursor: "1:0:0' OR '1'='1" },
    ];
    const lists = operations.filter((o) => o.method === 'GET' && 'per_page' in o.query && 'cursor' in o.query);
    assert.ok(lists.length > 15, `paginated lists: ${lists.length}`);
    for (const op of lists) {
      const c = await validCall(op);
      const sep = c.url.includes('?') ? '&' : '?';
      for (const query of bad) {
        const res = await call('GET', `${c.url}${sep}${new URLSearchParams(query).toString()}`);
        const body = res.body as { detail?: unknown } | null;
        if (res.status !== 400 || typeof body?.detail !== 'string')
          failures.push(describeCall(op, `?${new URLSearchParams(query).toString()} (want 400 with detail)`, res));
      }
      const over = await call('GET', `${c.url}${sep}per_page=1001`);
      if ((over.body as { detail?: unknown } | null)?.detail !== 'Invalid per_page value. Cannot exceed 1000.')
        failures.push(describeCall(op, 'per_page=1001: Plane wording', over));
      const past = await call('GET', `${c.url}${sep}cursor=5:9999:0`);
      const page = past.body as { results?: unknown[]; next_page_results?: unknown } | null;
      if (past.status !== 200 || !Array.isArray(page?.results) || page.results.length !== 0 || page.next_page_results !== false)
        failures.push(describeCall(op, 'a cursor past the end (want 200, no results)', past));
    }
    assert.deepEqual(failures, [], `${failures.length} failure(s):\n${failures.join('\n')}`);
  });

  it('garbage and SQL-shaped values in every query parameter → 2xx/400/404, never 5xx, never B', async () => {
    const garbage = [
      '',
      'x',
      '-1',
      '1e309',
      '99999999999999999999',
      'a,b,,c',
      '%',
      '{}',
      "' OR '1'='1",
      "x') OR 1=1 --",
      '1; DROP TABLE issues; --',
      '$1',
      '\\',
      'nul\u0000byte',
      world.b.ids.state,
      world.b.ids.key,
      world.b.ids.project,
    ];
    const bSecrets = await world.bSecrets();
    const failures: string[] = [];
    let tried = 0;
    for (const op of operations) {
      for (const field of Object.keys(op.query)) {
        for (const value of garbage) {
          const c = await validCall(op);
          const url = `${c.url}${c.url.includes('?') ? '&' : '?'}${field}=${encodeURIComponent(value)}`;
          const res = await call(c.method, url, c.body, c.headers);
          tried += 1;
          if (!(is2xx(res.status) || res.status === 400 || res.status === 404)) failures.push(describeCall(op, `?${field}=${value}`, res));
          const text = res.text.toLowerCase();
          const seen = [...bSecrets].find((s) => !value.toLowerCase().includes(s.toLowerCase()) && text.includes(s.toLowerCase()));
          if (seen) failures.push(describeCall(op, `?${field}=${value} LEAKS B's ${seen}`, res));
        }
      }
    }
    assert.ok(tried > 500, `tried: ${tried}`);
    assert.deepEqual(failures, [], `${failures.length} failure(s):\n${failures.join('\n')}`);
  });

  it('signed attachment links: forged, altered, swapped, wrong-action and malformed tokens → 403, never 5xx', async () => {
    const { a, b } = world;
    const base = (ids: Ids) => `/api/v1/workspaces/${ids.slug}/projects/${ids.project}/work-items/${ids.issue}/attachments`;
    const declared = await call('POST', `${base(a.ids)}/`, { name: 'fuzz.txt', type: 'text/plain', size: 5 });
    assert.equal(declared.status, 200, declared.text);
    const uploadUrl = new URL((declared.body as { upload_data: { url: string } }).upload_data.url);
    // The redirect's Location is the signed download link (inject: the raw client keeps no headers).
    const location = await h.app.inject({
      method: 'GET',
      url: `${base(a.ids)}/${a.ids.attachment}/`,
      headers: { host: 'localhost', 'x-api-key': world.tokens.admin },
    });
    assert.equal(location.statusCode, 302, location.body);
    const download = new URL(String(location.headers.location));
    const downloadToken = download.pathname.split('/').filter(Boolean).pop() ?? '';
    const uploadToken = uploadUrl.pathname.split('/').filter(Boolean).pop() ?? '';
    const ok = await call('GET', download.pathname);
    assert.equal(ok.status, 200, `the genuine download link works: ${ok.text.slice(0, 200)}`);

    const [assetId = '', letter = '', expiry = '', sig = ''] = downloadToken.split('.');
    const flip = (s: string) => `${s.slice(0, -1)}${s.endsWith('A') ? 'B' : 'A'}`;
    const forged = [
      'x',
      '',
      `${b.ids.attachment}.d.${expiry}.${sig}`,
      `${assetId}.u.${expiry}.${sig}`,
      `${assetId}.${letter}.${Number(expiry) + 1000}.${sig}`,
      `${assetId}.${letter}.1.${sig}`,
      `${assetId}.${letter}.${expiry}.${flip(sig)}`,
      `${assetId}.${letter}.${expiry}`,
      `${assetId}.${letter}.${expiry}.${sig}.extra`,
      `${assetId.toUpperCase()}.${letter}.${expiry}.${sig}`,
      uploadToken,
      `../${downloadToken}`,
      `${assetId}.${letter}.${'9'.repeat(40)}.${sig}`,
      "' OR '1'='1",
    ];
    const failures: string[] = [];
    for (const token of forged) {
      const res = await call('GET', `/api/v1/assets/download/${encodeURIComponent(token)}/`);
      if (!REFUSED_LINK.has(res.status)) failures.push(`download token ${token.slice(0, 80)} → ${res.status} ${res.text.slice(0, 160)}`);
    }
    const form =
      '--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nABCDE\r\n--b--\r\n';
    for (const token of [...forged.filter((t) => t !== uploadToken), downloadToken]) {
      const res = await call('POST', `/api/v1/assets/upload/${encodeURIComponent(token)}/`, form, {
        'content-type': 'multipart/form-data; boundary=b',
      });
      if (!REFUSED_LINK.has(res.status)) failures.push(`upload token ${token.slice(0, 80)} → ${res.status} ${res.text.slice(0, 160)}`);
    }
    // The genuine upload link with broken or hostile bodies: refused, never 5xx.
    for (const [what, payload, type] of [
      ['JSON instead of a form', '{"file": "x"}', 'application/json'],
      ['no boundary', form, 'multipart/form-data'],
      ['a truncated form', form.slice(0, 60), 'multipart/form-data; boundary=b'],
      ['no file part', '--b\r\nContent-Disposition: form-data; name="key"\r\n\r\nx\r\n--b--\r\n', 'multipart/form-data; boundary=b'],
    ] as const) {
      const res = await call('POST', uploadUrl.pathname, payload, { 'content-type': type });
      if (res.status < 400 || res.status >= 500) failures.push(`upload with ${what} → ${res.status} ${res.text.slice(0, 160)}`);
    }
    const bRead = await call('GET', `${base(b.ids)}/${b.ids.attachment}/`);
    if (bRead.status !== 404) failures.push(`B's attachment through A's key → ${bRead.status}`);
    assert.deepEqual(failures, [], `${failures.length} failure(s):\n${failures.join('\n')}`);
  });

  it('every 4xx answered here is in Plane shapes (error / detail / field key, plus message)', () => {
    assert.deepEqual(unshaped, [], `${unshaped.length} answer(s) not in Plane's shapes:\n${unshaped.slice(0, 60).join('\n')}`);
  });

  it('never answered 5xx', () => {
    assert.ok(ledger.calls > 2000, `calls: ${ledger.calls}`);
    assert.deepEqual(ledger.serverErrors, [], ledger.serverErrors.slice(0, 40).join('\n'));
  });
});
