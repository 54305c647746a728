// API tokens through the app API: shown once, stored hashed, listed without the secret, revocable,
// optionally bound to a workspace the user is in, expiring; last_used recorded on use.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { buildUser, buildWorkspace } from '../factories/accounts.ts';
import { buildProject } from '../factories/projects.ts';
import { type ApiHarness, startApiHarness } from '../helpers/apiHarness.ts';
import { v1Request } from '../helpers/v1Harness.ts';

type Token = { id: string; token?: string; label: string; last_used: string | null; workspace: string | null; token_hint: string };

describe('API tokens (app API)', () => {
  let h: ApiHarness;
  before(async () => {
    h = await startApiHarness();
  });
  after(() => h.close());

  it('creates a token shown once, stores only its hash, lists it without the secret and records last_used', async () => {
    const project = await buildProject(h.db);
    const me = await h.as(project.creator.id);
    const made = await me.post<Token>('/api/users/me/api-tokens', { label: 'CI', description: 'for the pipeline' });
    assert.equal(made.status, 201);
    const token = made.body.token ?? '';
    assert.match(token, /^hangar_api_[A-Za-z0-9_-]{40,}$/);
    const { rows } = await h.db.query<{ token_hash: Buffer; text: string }>(
      'SELECT token_hash, row_to_json(t)::text AS text FROM api_tokens t WHERE id = $1',
      [made.body.id],
    );
    assert.deepEqual(rows[0]?.token_hash, createHash('sha256').update(token).digest());
    assert.ok(!rows[0]?.text.includes(token.slice(12)), 'the token itself is not stored');

    const listed = await me.get<Token[]>('/api/users/me/api-tokens');
    const entry = listed.body.find((t) => t.id === made.body.id);
    assert.ok(entry);
    assert.equal(entry.token, undefined);
    assert.equal(entry.label, 'CI');
    assert.equal(entry.last_used, null);
    assert.ok(!JSON.stringify(listed.body).includes(token));

    const use = await v1Request(h.app, 'GET', `/workspaces/${project.workspace.slug}/projects/${project.id}/states/`, token);
    assert.equal(use.status, 200);
    const after = await me.get<Token[]>('/api/users/me/api-tokens');
    assert.ok(after.body.find((t) => t.id === made.body.id)?.last_used);
  });

  it('revokes: the token stops working at once (403) and disappears from the list; others cannot revoke it', async () => {
    const project = await buildProject(h.db);
    const me = await h.as(project.creator.id);
    const made = await me.post<Token>('/api/users/me/api-tokens', { label: 'temp' });
    const path = `/workspaces/${project.workspace.slug}/projects/${project.id}/states/`;
    assert.equal((await v1Request(h.app, 'GET', path, made.body.token ?? '')).status, 200);
    const stranger = await h.as((await buildUser(h.db)).id);
    assert.equal((await stranger.delete(`/api/users/me/api-tokens/${made.body.id}`)).status, 404);
    assert.equal((await me.delete(`/api/users/me/api-tokens/${made.body.id}`)).status, 204);
    assert.equal((await v1Request(h.app, 'GET', path, made.body.token ?? '')).status, 403);
    assert.equal((await me.delete(`/api/users/me/api-tokens/${made.body.id}`)).status, 404);
    assert.ok(!(await me.get<Token[]>('/api/users/me/api-tokens')).body.some((t) => t.id === made.body.id));
  });

  it('binds a token to a workspace the user is in, and refuses one they are not in', async () => {
    const project = await buildProject(h.db);
    const me = await h.as(project.creator.id);
    const bound = await me.post<Token>('/api/users/me/api-tokens', { workspace_slug: project.workspace.slug });
    assert.equal(bound.status, 201);
    assert.equal(bound.body.workspace, project.workspace_id);
    const foreign = await buildWorkspace(h.db);
    const refused = await me.post('/api/users/me/api-tokens', { workspace_slug: foreign.slug });
    assert.equal(refused.status, 404);
  });

  it('expiry: a past date is refused; a token past its expiry answers 403', async () => {
    const project = await buildProject(h.db);
    const me = await h.as(project.creator.id);
    assert.equal((await me.post('/api/users/me/api-tokens', { expired_at: '2001-01-01T00:00:00Z' })).status, 400);
    assert.equal((await me.post('/api/users/me/api-tokens', { expired_at: 'tomorrow-ish' })).status, 400);
    const soon = await me.post<Token>('/api/users/me/api-tokens', { expired_at: new Date(Date.now() + 60_000).toISOString() });
    assert.equal(soon.status, 201);
    await h.db.query(`UPDATE api_tokens SET expired_at = now() - interval '1 second' WHERE id = $1`, [soon.body.id]);
    const res = await v1Request(
      h.app,
      'GET',
      `/workspaces/${project.workspace.slug}/projects/${project.id}/states/`,
      soon.body.token ?? '',
    );
    assert.equal(res.status, 403);
  });

  it('a deactivated user’s tokens stop working', async () => {
    const project = await buildProject(h.db);
    const me = await h.as(project.creator.id);
    const made = await me.post<Token>('/api/users/me/api-tokens', {});
    await h.db.query('UPDATE users SET is_active = false WHERE id = $1', [project.creator.id]);
    const res = await v1Request(
      h.app,
      'GET',
      `/workspaces/${project.workspace.slug}/projects/${project.id}/states/`,
      made.body.token ?? '',
    );
    assert.equal(res.status, 403);
  });

  it('needs a session', async () => {
    assert.equal((await h.anonymous.get('/api/users/me/api-tokens')).status, 401);
  });
});
