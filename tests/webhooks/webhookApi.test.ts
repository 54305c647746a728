// The webhooks app API: workspace admins only; create / read / change / delete / regenerate / logs;
// URLs checked when saved (only http(s), no loopback, private, link-local… unless the instance
// admin allows private targets through /api/instance/webhooks).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addWorkspaceMember, buildUser, type UserRow } from '../factories/accounts.ts';
import { buildProject, type ProjectFixture } from '../factories/projects.ts';
import { type ApiHarness, type Body, type Client, startApiHarness } from '../helpers/apiHarness.ts';

describe('webhooks app API', () => {
  let h: ApiHarness;
  let project: ProjectFixture;
  let admin: Client;
  let instanceAdmin: Client;
  let member: UserRow;
  let base: string;

  before(async () => {
    h = await startApiHarness();
    project = await buildProject(h.db);
    admin = await h.as(project.creator.id);
    member = await buildUser(h.db);
    await addWorkspaceMember(h.db, project.workspace, member, 15);
    instanceAdmin = await h.as((await buildUser(h.db, { is_instance_admin: true })).id);
    base = `/api/workspaces/${project.workspace.slug}/webhooks`;
  });
  after(() => h.close());

  it('creates a webhook with a server-generated secret; reads, lists, changes, regenerates and deletes it', async () => {
    const created = await admin.post<Body>(base, {
      url: 'https://93.184.215.14/hooks/plane',
      issue: true,
      issue_comment: true,
      secret_key: 'chosen-by-client',
      workspace: '00000000-0000-0000-0000-000000000000',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const hook = created.body;
    assert.match(String(hook.secret_key), /^plane_wh_[0-9a-f]{64}$/);
    assert.equal(hook.workspace, project.workspace_id);
    assert.deepEqual(
      [hook.is_active, hook.project, hook.issue, hook.module, hook.cycle, hook.issue_comment],
      [true, false, true, false, false, true],
    );

    const listed = await admin.get<Body[]>(base);
    assert.deepEqual(
      listed.body.map((w) => w.id),
      [hook.id],
    );
    assert.equal((await admin.get(`${base}/${hook.id}`)).body.url, 'https://93.184.215.14/hooks/plane');

    const patched = await admin.patch<Body>(`${base}/${hook.id}`, { is_active: false, cycle: true });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.is_active, false);
    assert.equal(patched.body.cycle, true);
    assert.equal(patched.body.secret_key, hook.secret_key);

    const regenerated = await admin.post<Body>(`${base}/${hook.id}/regenerate`);
    assert.equal(regenerated.status, 200);
    assert.match(String(regenerated.body.secret_key), /^plane_wh_[0-9a-f]{64}$/);
    assert.notEqual(regenerated.body.secret_key, hook.secret_key);

    assert.equal((await admin.post(base, { url: 'https://93.184.215.14/hooks/plane' })).status, 409, 'one webhook per URL');

    const logs = await admin.get<Body[]>(`${base}/${hook.id}/logs`);
    assert.equal(logs.status, 200);
    assert.deepEqual(logs.body, []);

    assert.equal((await admin.delete(`${base}/${hook.id}`)).status, 204);
    assert.equal((await admin.get(`${base}/${hook.id}`)).status, 404);
    assert.equal((await admin.delete(`${base}/${hook.id}`)).status, 404);
    assert.deepEqual((await admin.get<Body[]>(base)).body, []);
    // The URL is free again once deleted.
    assert.equal((await admin.post(base, { url: 'https://93.184.215.14/hooks/plane' })).status, 201);
  });

  it('is for workspace admins only: members get 403, outsiders 404', async () => {
    const hook = (await admin.post<Body>(base, { url: 'https://93.184.215.14/admins-only' })).body;
    const asMember = await h.as(member.id);
    assert.equal((await asMember.get(base)).status, 403);
    assert.equal((await asMember.get(`${base}/${hook.id}`)).status, 403);
    assert.equal((await asMember.post(base, { url: 'https://93.184.215.14/member' })).status, 403);
    assert.equal((await asMember.post(`${base}/${hook.id}/regenerate`)).status, 403);
    const outsider = await h.as((await buildUser(h.db)).id);
    assert.equal((await outsider.get(`${base}/${hook.id}`)).status, 404);
    // Another workspace's admin cannot reach this webhook through their own workspace.
    const other = await buildProject(h.db);
    const otherAdmin = await h.as(other.creator.id);
    const otherBase = `/api/workspaces/${other.workspace.slug}/webhooks`;
    assert.equal((await otherAdmin.get(`${otherBase}/${hook.id}`)).status, 404);
    assert.equal((await otherAdmin.patch(`${otherBase}/${hook.id}`, { is_active: false })).status, 404);
    assert.equal((await otherAdmin.get(`${otherBase}/${hook.id}/logs`)).status, 404);
    assert.equal((await admin.get<Body>(`${base}/${hook.id}`)).body.is_active, true);
  });

  it('refuses loopback, private, link-local and non-http URLs at save time, with a clear message', async () => {
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://localhost/hook',
      'http://[::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://10.1.2.3/hook',
      'http://172.20.0.1/hook',
      'http://192.168.1.10/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://100.64.0.1/hook',
      'http://0.0.0.0/hook',
      'http://224.0.0.1/hook',
      'http://[fd12:3456::1]/hook',
      'http://[fe80::1]/hook',
    ]) {
      const res = await admin.post<Body>(base, { url, issue: true });
      assert.equal(res.status, 400, `${url} → ${res.status}`);
      assert.match(String(res.body.error ?? res.body.message ?? JSON.stringify(res.body)), /private|loopback|non-public/i, url);
    }
    for (const url of ['ftp://93.184.215.14/hook', 'file:///etc/passwd', 'not a url', 'javascript:alert(1)']) {
      const res = await admin.post<Body>(base, { url });
      assert.equal(res.status, 400, `${url} → ${res.status}`);
    }
    // A change of URL is checked the same way.
    const hook = (await admin.post<Body>(base, { url: 'https://93.184.215.14/patched' })).body;
    assert.equal((await admin.patch(`${base}/${hook.id}`, { url: 'http://127.0.0.1/x' })).status, 400);
    assert.equal((await admin.get<Body>(`${base}/${hook.id}`)).body.url, 'https://93.184.215.14/patched');
  });

  it('private targets are allowed once the instance admin says so (and only the instance admin can)', async () => {
    assert.equal((await admin.patch('/api/instance/webhooks', { allow_private: true })).status, 403);
    assert.deepEqual((await instanceAdmin.get('/api/instance/webhooks')).body, {
      allow_private: false,
      allow_private_by_environment: false,
    });
    const on = await instanceAdmin.patch<Body>('/api/instance/webhooks', { allow_private: true });
    assert.equal(on.status, 200);
    assert.equal(on.body.allow_private, true);
    try {
      const res = await admin.post<Body>(base, { url: 'http://127.0.0.1:9/allowed', issue: true });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    } finally {
      await instanceAdmin.patch('/api/instance/webhooks', { allow_private: false });
    }
    assert.equal((await admin.post(base, { url: 'http://127.0.0.1:9/again' })).status, 400);
  });

  it('HANGAR_WEBHOOK_ALLOW_PRIVATE=1 allows private targets for the whole process', async () => {
    const allowed = await startApiHarness({ env: { HANGAR_WEBHOOK_ALLOW_PRIVATE: '1' } });
    try {
      const p = await buildProject(allowed.db);
      const client = await allowed.as(p.creator.id);
      const res = await client.post<Body>(`/api/workspaces/${p.workspace.slug}/webhooks`, { url: 'http://192.168.1.10/hook' });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    } finally {
      await allowed.close();
    }
  });
});
