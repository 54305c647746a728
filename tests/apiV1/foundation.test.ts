// /api/v1 transport: X-Api-Key auth (401/403/404 across workspaces), rate limit headers and Plane's
// 429 body, the pagination envelope and cursors, fields/expand, error shapes, and the OpenAPI document.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiToken, revokeApiToken } from '../../server/auth/apiTokens.ts';
import { buildProject } from '../factories/projects.ts';
import { type ApiHarness, startApiHarness } from '../helpers/apiHarness.ts';
import { SchemaChecker, v1As, v1Request } from '../helpers/v1Harness.ts';

type Envelope = {
  results: Array<Record<string, unknown>>;
  next_cursor: string;
  prev_cursor: string;
  total_count: number;
  next_page_results: boolean;
  prev_page_results: boolean;
  count: number;
  total_pages: number;
};

describe('/api/v1 transport', () => {
  let h: ApiHarness;
  let checker: SchemaChecker;
  before(async () => {
    h = await startApiHarness({ env: { HANGAR_API_RATE_LIMIT: '60' } });
    checker = await SchemaChecker.load(h.app);
  });
  after(() => h.close());

  it('answers 401 without a key, 403 for an unknown, revoked or expired key', async () => {
    const project = await buildProject(h.db);
    const path = `/workspaces/${project.workspace.slug}/projects/${project.id}/states/`;
    const missing = await v1Request(h.app, 'GET', path, null);
    assert.equal(missing.status, 401);
    assert.equal(missing.body.detail, 'Authentication credentials were not provided.');
    assert.equal((await v1Request(h.app, 'GET', path, 'hangar_api_not-a-real-token-at-all')).status, 403);
    const { token, row } = await createApiToken(h.db, { userId: project.creator.id });
    assert.equal((await v1Request(h.app, 'GET', path, token)).status, 200);
    assert.ok(await revokeApiToken(h.db, project.creator.id, row.id));
    const revoked = await v1Request(h.app, 'GET', path, token);
    assert.equal(revoked.status, 403);
    assert.equal(typeof revoked.body.detail, 'string');
    const expired = await createApiToken(h.db, { userId: project.creator.id, expiresAt: new Date(Date.now() - 1000) });
    assert.equal((await v1Request(h.app, 'GET', path, expired.token)).status, 403);
    // The header name is case-insensitive, and a session cookie is no substitute for a key.
    const upper = await createApiToken(h.db, { userId: project.creator.id });
    assert.equal((await v1Request(h.app, 'GET', path, null, undefined, { 'X-API-KEY': upper.token })).status, 200);
  });

  it('a token bound to one workspace sees only that workspace; another workspace looks missing', async () => {
    const mine = await buildProject(h.db);
    const other = await buildProject(h.db, { creator: mine.creator });
    const bound = await v1As(h, mine.creator.id, { workspaceId: mine.workspace_id });
    assert.equal((await bound.get(`/workspaces/${mine.workspace.slug}/projects/${mine.id}/states/`)).status, 200);
    const res = await bound.get(`/workspaces/${other.workspace.slug}/projects/${other.id}/states/`);
    assert.equal(res.status, 404);
    assert.equal(res.body.error, 'The requested resource does not exist.');
  });

  it('counts calls per key: headers on every answer, the 61st in a minute is 429 with Plane body', async () => {
    const project = await buildProject(h.db);
    const { token } = await createApiToken(h.db, { userId: project.creator.id });
    const path = `/workspaces/${project.workspace.slug}/projects/${project.id}/states/`;
    let last = await v1Request(h.app, 'GET', path, token);
    assert.equal(last.headers['x-ratelimit-remaining'], '59');
    const reset = Number(last.headers['x-ratelimit-reset']);
    assert.ok(reset > Date.now() / 1000 && reset <= Date.now() / 1000 + 61);
    for (let i = 2; i <= 60; i++) last = await v1Request(h.app, 'GET', path, token);
    assert.equal(last.status, 200);
    assert.equal(last.headers['x-ratelimit-remaining'], '0');
    const over = await v1Request(h.app, 'GET', path, token);
    assert.equal(over.status, 429);
    assert.equal(over.body.error_code, 5900);
    assert.equal(over.body.error_message, 'RATE_LIMIT_EXCEEDED');
    assert.equal(over.headers['x-ratelimit-remaining'], '0');
    assert.ok(over.headers['x-ratelimit-reset']);
    // Another key is not affected.
    const fresh = await createApiToken(h.db, { userId: project.creator.id });
    assert.equal((await v1Request(h.app, 'GET', path, fresh.token)).status, 200);
  });

  it('lists answer in the envelope; cursors walk forwards and backwards; per_page over 1000 is refused', async () => {
    const project = await buildProject(h.db);
    const client = await v1As(h, project.creator.id);
    const base = `/workspaces/${project.workspace.slug}/projects/${project.id}/states/`;
    for (let i = 0; i < 5; i++) {
      const made = await client.post(base, { name: `Extra ${i}`, color: '#112233' });
      assert.equal(made.status, 200, JSON.stringify(made.body));
      checker.check('POST', base, 200, made.body);
    }
    const all = await client.get<Envelope>(base);
    checker.check('GET', base, 200, all.body);
    assert.equal(all.body.total_count, 10);
    const seen: string[] = [];
    let cursor = '3:0:0';
    let page = await client.get<Envelope>(`${base}?per_page=3&cursor=${cursor}`);
    assert.equal(page.body.prev_page_results, false);
    for (;;) {
      seen.push(...page.body.results.map((r) => String(r.id)));
      if (!page.body.next_page_results) break;
      cursor = page.body.next_cursor;
      page = await client.get<Envelope>(`${base}?per_page=3&cursor=${cursor}`);
    }
    assert.deepEqual(
      seen,
      all.body.results.map((r) => r.id),
    );
    assert.equal(page.body.total_pages, 4);
    const back = await client.get<Envelope>(`${base}?cursor=${page.body.prev_cursor}`);
    assert.deepEqual(
      back.body.results.map((r) => r.id),
      seen.slice(6, 9),
    );
    const tooBig = await client.get(`${base}?per_page=1001`);
    assert.equal(tooBig.status, 400);
    assert.equal(tooBig.body.detail, 'Invalid per_page value. Cannot exceed 1000.');
    assert.equal((await client.get(`${base}?cursor=garbage`)).status, 400);
    for (const bad of ['1e3', '0', '-5', '2.5', 'ten']) assert.equal((await client.get(`${base}?per_page=${bad}`)).status, 400, bad);
  });

  it('fields keeps only the named keys; expand nests related objects from the same workspace', async () => {
    const project = await buildProject(h.db);
    const client = await v1As(h, project.creator.id);
    const base = `/workspaces/${project.workspace.slug}/projects/${project.id}/states`;
    const slim = await client.get<Envelope>(`${base}?fields=id,name`);
    assert.deepEqual(Object.keys(slim.body.results[0] ?? {}).sort(), ['id', 'name']);
    const expanded = await client.get<Envelope>(`${base}?expand=project,created_by`);
    const first = expanded.body.results[0] ?? {};
    assert.deepEqual((first.project as Record<string, unknown>).identifier, project.identifier);
    assert.equal((first.created_by as Record<string, unknown>).email, project.creator.email);
  });

  it('errors come in Plane shapes and never as 5xx', async () => {
    const project = await buildProject(h.db);
    const client = await v1As(h, project.creator.id);
    const base = `/workspaces/${project.workspace.slug}/projects/${project.id}/states/`;
    const wrongType = await client.post(base, { name: 12, color: [] });
    assert.equal(wrongType.status, 400);
    assert.ok(Array.isArray(wrongType.body.color) || Array.isArray(wrongType.body.name), JSON.stringify(wrongType.body));
    assert.equal(typeof wrongType.body.message, 'string');
    const broken = await client.request('POST', base, '{"name": ', { 'content-type': 'application/json' });
    assert.equal(broken.status, 400);
    const huge = await client.post(base, { name: 'x', color: '#000000', description: 'y'.repeat(2 * 1024 * 1024) });
    assert.equal(huge.status, 413);
    const dup = await client.post(base, { name: 'Dup', color: '#000000', external_id: 'e1', external_source: 'jira' });
    assert.equal(dup.status, 200);
    const again = await client.post(base, { name: 'Dup 2', color: '#000000', external_id: 'e1', external_source: 'jira' });
    assert.equal(again.status, 409);
    assert.equal(again.body.id, dup.body.id);
    const byExternal = await client.get(`${base}?external_id=e1&external_source=jira`);
    assert.equal(byExternal.body.id, dup.body.id);
    const missing = await client.get(`${base}00000000-0000-4000-8000-000000000000/`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error, 'The requested resource does not exist.');
    assert.equal((await client.get('/no/such/route/')).status, 404);
    // Plane's SDK sends DELETE (and bodiless POSTs) with a JSON content type and no body.
    const doomed = await client.post(base, { name: 'Doomed', color: '#000000' });
    const emptyDelete = await client.request('DELETE', `${base}${doomed.body.id}/`, '', { 'content-type': 'application/json' });
    assert.equal(emptyDelete.status, 204, JSON.stringify(emptyDelete.body));
    const poisoned = await client.request('POST', base, '{"name":"p","color":"#000000","__proto__":{"x":1}}', {
      'content-type': 'application/json',
    });
    assert.equal(poisoned.status, 400);
    // The missing trailing slash works too.
    assert.equal((await client.get(base.slice(0, -1))).status, 200);
  });

  it('publishes an OpenAPI document and a readable reference page without a key', async () => {
    const doc = await v1Request(h.app, 'GET', '/openapi.json', null);
    assert.equal(doc.status, 200);
    assert.equal(doc.body.openapi, '3.0.3');
    const paths = doc.body.paths as Record<string, Record<string, unknown>>;
    assert.ok(paths['/api/v1/workspaces/{slug}/projects/{projectId}/states/']?.post);
    const page = await h.app.inject({ method: 'GET', url: '/api/v1/docs', headers: { host: 'localhost' } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /X-Api-Key/);
    assert.match(page.body, /\/states\//);
  });
});
