// Attachments on the local disk: declare → upload (streamed, size/type limits, SHA-256) → list,
// metadata, download → delete (the file goes too); permissions and scoping.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, afterEach, before, test } from 'node:test';
import { ROLE } from '../../server/api/access/roles.ts';
import { createSession } from '../../server/auth/sessions.ts';
import { runTaskInline } from '../../server/jobs/executeTask.ts';
import { registry } from '../../server/jobs/tasks/index.ts';
import { storedFilesOfIssues } from '../../server/repositories/fileAssetsRepository.ts';
import { StorageResolver } from '../../server/storage/storageSettings.ts';
import { buildUser } from '../factories/accounts.ts';
import { addProjectMember } from '../factories/projects.ts';
import { buildWorkItem } from '../factories/workItems.ts';
import { type ApiHarness, startApiHarness } from '../helpers/apiHarness.ts';
import { buildWorld, list, rec, type World } from './world.ts';

let h: ApiHarness;
let w: World;

before(async () => {
  h = await startApiHarness();
  w = await buildWorld(h);
});
after(async () => h?.close());
afterEach(async () => {
  await h.db.query("DELETE FROM instance_settings WHERE key IN ('attachment_max_bytes', 'storage')");
});

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const diskPath = (assetId: string): string => join(h.app.ctx.env.filesDir, w.project.workspace_id, assetId);

async function declare(client: World['admin'], url: string, body: Record<string, unknown>) {
  return client.post(`${url}/attachments/`, body);
}

async function sessionHeaders(userId: string, extra: Record<string, string>): Promise<Record<string, string>> {
  const { token } = await createSession(h.db, userId, 'test');
  return {
    host: 'localhost',
    cookie: `hangar_session=${token}; hangar_csrf=abcdefghijklmnopqrstuv`,
    'x-csrf-token': 'abcdefghijklmnopqrstuv',
    ...extra,
  };
}

async function setMaxBytes(bytes: number): Promise<void> {
  await h.db.query(
    "INSERT INTO instance_settings (key, value) VALUES ('attachment_max_bytes', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    [JSON.stringify(bytes)],
  );
}

test('declare (201) → upload → the file on disk has the same SHA-256 → list, metadata, download → delete removes it', async () => {
  const item = await buildWorkItem(h.db, { project: w.project });
  const bytes = randomBytes(300_000);
  const res = await declare(w.member, w.url(item), { name: 'report final.pdf', type: 'application/pdf', size: bytes.length });
  assert.equal(res.status, 201);
  const declared = rec(res.body);
  assert.equal(declared.is_uploaded, false);
  assert.equal(declared.asset_id, declared.id);
  assert.equal(declared.upload_url, `${w.url(item)}/attachments/${declared.id}/upload/`);
  assert.equal(rec(declared.upload_data).method, 'PUT');
  assert.deepEqual(list((await w.member.get(`${w.url(item)}/attachments/`)).body), [], 'not listed before its bytes arrive');

  const up = await w.raw(w.users.member, 'PUT', String(declared.upload_url), bytes, { 'content-type': 'application/pdf' });
  assert.equal(up.status, 200, JSON.stringify(up.body));
  const uploaded = rec(up.body);
  assert.equal(uploaded.is_uploaded, true);
  assert.equal(uploaded.sha256, sha256(bytes));
  assert.equal(uploaded.size, bytes.length);
  assert.deepEqual(uploaded.attributes, { name: 'report final.pdf', type: 'application/pdf', size: bytes.length });

  const onDisk = readFileSync(diskPath(String(declared.id)));
  assert.equal(sha256(onDisk), sha256(bytes), 'the stored file is byte-identical');
  const row = await h.db.query('SELECT storage_key, sha256, attributes FROM file_assets WHERE id = $1', [declared.id]);
  assert.equal(row.rows[0]?.storage_key, `${w.project.workspace_id}/${declared.id}`);
  assert.deepEqual(rec(row.rows[0]?.attributes).storage, { kind: 'local' });

  const listed = list((await w.admin.get(`${w.url(item)}/attachments/`)).body);
  assert.deepEqual(
    listed.map((a) => a.id),
    [declared.id],
  );
  assert.equal(rec((await w.admin.get(`${w.url(item)}/attachments/${declared.id}/`)).body).sha256, sha256(bytes));

  const down = await w.raw(w.users.admin, 'GET', String(uploaded.asset_url), undefined);
  assert.equal(down.status, 200);
  assert.ok(Buffer.isBuffer(down.body));
  assert.equal(sha256(down.body as Buffer), sha256(bytes));
  assert.equal(down.headers['content-type'], 'application/pdf');
  assert.equal(down.headers['content-length'], String(bytes.length));
  assert.equal(down.headers['content-disposition'], `attachment; filename="report final.pdf"; filename*=UTF-8''report%20final.pdf`);
  assert.equal(down.headers['x-content-type-options'], 'nosniff');

  assert.equal((await w.member.delete(`${w.url(item)}/attachments/${declared.id}/`)).status, 204);
  assert.equal(existsSync(diskPath(String(declared.id))), false, 'the file is gone from the disk');
  assert.deepEqual(list((await w.member.get(`${w.url(item)}/attachments/`)).body), []);
  assert.equal((await w.member.get(`${w.url(item)}/attachments/${declared.id}/`)).status, 404);
  assert.equal((await w.raw(w.users.member, 'GET', String(uploaded.asset_url), undefined)).status, 404);
  assert.equal((await w.member.delete(`${w.url(item)}/attachments/${declared.id}/`)).status, 404);

  const acts = await h.db.query(
    "SELECT verb, new_value, old_value FROM issue_activities WHERE issue_id = $1 AND field = 'attachment' ORDER BY created_at",
    [item.id],
  );
  assert.deepEqual(acts.rows, [
    { verb: 'created', new_value: 'report final.pdf', old_value: null },
    { verb: 'deleted', new_value: null, old_value: 'report final.pdf' },
  ]);
});

test('size limit: a declared size over attachment_max_bytes → 413 with the limit in the message; the default is 25 MB', async () => {
  const over = await declare(w.member, w.url(), { name: 'big.zip', type: 'application/zip', size: 25 * 1024 * 1024 + 1 });
  assert.equal(over.status, 413);
  assert.match(String(rec(over.body).error), /25 MB/);
  assert.equal((await declare(w.member, w.url(), { name: 'ok.zip', type: 'application/zip', size: 25 * 1024 * 1024 })).status, 201);
  await setMaxBytes(1000);
  const small = await declare(w.member, w.url(), { name: 'a.txt', type: 'text/plain', size: 1001 });
  assert.equal(small.status, 413);
  assert.match(String(rec(small.body).error), /1000 bytes/);
});

test('while streaming: more bytes than declared → 413 and nothing kept; the upload can then be retried with the right bytes', async () => {
  const item = await buildWorkItem(h.db, { project: w.project });
  const declared = rec((await declare(w.member, w.url(item), { name: 'notes.txt', type: 'text/plain', size: 10 })).body);
  const url = String(declared.upload_url);
  // Content-Length already says too much.
  const tooLong = await w.raw(w.users.member, 'PUT', url, Buffer.alloc(11, 'a'), { 'content-type': 'text/plain' });
  assert.equal(tooLong.status, 413);
  // No Content-Length (a stream): counted while streaming.
  const streamed = await h.app.inject({
    method: 'PUT',
    url,
    headers: await sessionHeaders(w.users.member.id, { 'content-type': 'text/plain' }),
    payload: Readable.from([Buffer.alloc(6, 'a'), Buffer.alloc(6, 'b')]),
  });
  assert.equal(streamed.statusCode, 413, streamed.body);
  assert.match(streamed.body, /declared size/);
  assert.equal(existsSync(diskPath(String(declared.id))), false);
  // Fewer bytes than declared → 400, nothing kept.
  const short = await w.raw(w.users.member, 'PUT', url, Buffer.from('abc'), { 'content-type': 'text/plain' });
  assert.equal(short.status, 400);
  assert.match(String(rec(short.body).error), /3 of the 10/);
  assert.equal(existsSync(diskPath(String(declared.id))), false);
  const good = await w.raw(w.users.member, 'PUT', url, Buffer.from('0123456789'), { 'content-type': 'text/plain; charset=utf-8' });
  assert.equal(good.status, 200);
  assert.equal(readFileSync(diskPath(String(declared.id)), 'utf8'), '0123456789');
  const again = await w.raw(w.users.member, 'PUT', url, Buffer.from('0123456789'), { 'content-type': 'text/plain' });
  assert.equal(again.status, 409, 'uploaded once only');
});

test('over real HTTP: an oversized stream is refused with 413 before the client has sent it all', async () => {
  const item = await buildWorkItem(h.db, { project: w.project });
  await setMaxBytes(256 * 1024);
  const declared = rec((await declare(w.member, w.url(item), { name: 'clip.mp4', type: 'video/mp4', size: 256 * 1024 })).body);
  const address = await h.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = new URL(address);
  const { token } = await createSession(h.db, w.users.member.id, 'test');
  let sent = 0;
  // Far more than a drained upload can reach before the answer, however slow the machine.
  const total = 1024 * 1024 * 1024;
  const source = new Readable({
    read() {
      if (sent >= total) return this.push(null);
      sent += 64 * 1024;
      this.push(Buffer.alloc(64 * 1024, 1));
    },
  });
  const { status, sentAtAnswer } = await new Promise<{ status: number; sentAtAnswer: number }>((resolve, reject) => {
    let answered = false;
    const req = http.request(
      {
        host: '127.0.0.1',
        port: Number(port),
        method: 'PUT',
        path: String(declared.upload_url),
        headers: {
          host: `127.0.0.1:${port}`,
          cookie: `hangar_session=${token}; hangar_csrf=abcdefghijklmnopqrstuv`,
          'x-csrf-token': 'abcdefghijklmnopqrstuv',
          'content-type': 'video/mp4',
        },
      },
      (res) => {
        answered = true;
        const at = sent;
        res.resume();
        // The client stops sending once it has the answer.
        source.unpipe(req);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, sentAtAnswer: at });
      },
    );
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    source.pipe(req);
  });
  assert.equal(status, 413);
  assert.ok(sentAtAnswer < total, `the server answered after ${sentAtAnswer} of ${total} bytes`);
  assert.equal(existsSync(diskPath(String(declared.id))), false);
  const row = await h.db.query('SELECT is_uploaded, attributes FROM file_assets WHERE id = $1', [declared.id]);
  assert.equal(row.rows[0]?.is_uploaded, false);
  assert.equal(rec(row.rows[0]?.attributes).upload_started_at, undefined, 'the upload claim was released');
});

test('over real HTTP: a client that keeps sending after the 413 is cut off a few seconds later', async () => {
  const item = await buildWorkItem(h.db, { project: w.project });
  await setMaxBytes(64 * 1024);
  const declared = rec(
    (await declare(w.member, w.url(item), { name: 'flood.bin', type: 'application/octet-stream', size: 64 * 1024 })).body,
  );
  const address = h.app.server.listening
    ? `http://127.0.0.1:${(h.app.server.address() as { port: number }).port}`
    : await h.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = new URL(address);
  const { token } = await createSession(h.db, w.users.member.id, 'test');
  let sent = 0;
  const total = 1024 * 1024 * 1024;
  const source = new Readable({
    read() {
      if (sent >= total) return this.push(null);
      sent += 64 * 1024;
      this.push(Buffer.alloc(64 * 1024, 2));
    },
  });
  const started = Date.now();
  const outcome = await new Promise<{ status: number | null; error: string | null }>((resolve) => {
    let status: number | null = null;
    const req = http.request(
      {
        host: '127.0.0.1',
        port: Number(port),
        method: 'PUT',
        path: String(declared.upload_url),
        headers: {
          host: `127.0.0.1:${port}`,
          cookie: `hangar_session=${token}; hangar_csrf=abcdefghijklmnopqrstuv`,
          'x-csrf-token': 'abcdefghijklmnopqrstuv',
          'content-type': 'application/octet-stream',
        },
      },
      (res) => {
        status = res.statusCode ?? null;
        res.resume(); // …and keep sending regardless.
      },
    );
    req.on('error', (error) => resolve({ status, error: (error as NodeJS.ErrnoException).code ?? error.message }));
    req.on('close', () => resolve({ status, error: null }));
    source.pipe(req);
  });
  source.destroy();
  assert.equal(outcome.status, 413);
  assert.ok(sent < total, `cut off after ${sent} bytes`);
  assert.ok(Date.now() - started < 30_000);
});

test('types: executables and scripts → 415; a Content-Type other than the declared one → 415; not a media type → 415', async () => {
  for (const [name, type] of [
    ['setup.exe', 'application/octet-stream'],
    ['run.sh', 'text/plain'],
    ['tool', 'application/x-msdownload'],
    ['app.jar', 'application/java-archive'],
    ['x.bin', 'application/x-executable'],
    ['weird', 'application/x-unknown-thing'],
    ['nope', 'not a type'],
  ]) {
    const res = await declare(w.member, w.url(), { name, type, size: 10 });
    assert.equal(res.status, 415, `${name} ${type}`);
    assert.equal(typeof rec(res.body).error, 'string');
  }
  const declared = rec((await declare(w.member, w.url(), { name: 'pic.png', type: 'image/png', size: 4 })).body);
  const wrong = await w.raw(w.users.member, 'PUT', String(declared.upload_url), Buffer.from('abcd'), { 'content-type': 'text/html' });
  assert.equal(wrong.status, 415);
  assert.match(String(rec(wrong.body).error), /image\/png/);
  const ok = await w.raw(w.users.member, 'PUT', String(declared.upload_url), Buffer.from('abcd'), { 'content-type': 'image/png' });
  assert.equal(ok.status, 200);
  assert.equal((await declare(w.member, w.url(), { name: '', type: 'image/png', size: 4 })).status, 400);
  assert.equal((await declare(w.member, w.url(), { name: 'a.png', type: 'image/png', size: -1 })).status, 400);
  assert.equal((await declare(w.member, w.url(), { name: 'a.png', type: 'image/png', size: 'big' })).status, 400);
  assert.equal((await declare(w.member, w.url(), { name: 'a.png', type: 'image/png' })).status, 400);
});

test('an upload without a Content-Type header is taken as the declared type', async () => {
  const item = await buildWorkItem(h.db, { project: w.project });
  const declared = rec((await declare(w.member, w.url(item), { name: 'n.txt', type: 'text/plain', size: 3 })).body);
  const res = await h.app.inject({
    method: 'PUT',
    url: String(declared.upload_url),
    headers: await sessionHeaders(w.users.member.id, {}),
    payload: Buffer.from('abc'),
  });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(readFileSync(diskPath(String(declared.id)), 'utf8'), 'abc');
  const row = await h.db.query('SELECT content_type FROM file_assets WHERE id = $1', [declared.id]);
  assert.equal(row.rows[0]?.content_type, 'text/plain');
});

test('a JSON file is uploaded as bytes (no JSON parsing, no 1 MB body limit on the upload)', async () => {
  const item = await buildWorkItem(h.db, { project: w.project });
  const bytes = Buffer.from(`{"big": "${'x'.repeat(1_200_000)}"}`);
  const declared = rec((await declare(w.member, w.url(item), { name: 'data.json', type: 'application/json', size: bytes.length })).body);
  const up = await w.raw(w.users.member, 'PUT', String(declared.upload_url), bytes, { 'content-type': 'application/json' });
  assert.equal(up.status, 200, JSON.stringify(up.body).slice(0, 200));
  assert.equal(sha256(readFileSync(diskPath(String(declared.id)))), sha256(bytes));
  const down = await w.raw(w.users.member, 'GET', `${w.url(item)}/attachments/${declared.id}/download/`, undefined);
  assert.equal(down.status, 200);
  assert.equal(sha256(Buffer.from(JSON.stringify(down.body))), sha256(Buffer.from(JSON.stringify(JSON.parse(bytes.toString())))));
});

test('a non-ASCII file name is kept and offered in both Content-Disposition forms; paths are cut to the base name', async () => {
  const item = await buildWorkItem(h.db, { project: w.project });
  const declared = rec((await declare(w.member, w.url(item), { name: '../../etc/Résumé "v2".txt', type: 'text/plain', size: 2 })).body);
  assert.equal(declared.name, 'Résumé "v2".txt');
  await w.raw(w.users.member, 'PUT', String(declared.upload_url), Buffer.from('hi'), { 'content-type': 'text/plain' });
  const down = await w.raw(w.users.member, 'GET', `${w.url(item)}/attachments/${declared.id}/download/`, undefined);
  assert.equal(
    down.headers['content-disposition'],
    `attachment; filename="R_sum_ _v2_.txt"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22v2%22.txt`,
  );
});

test('permissions: guests read but cannot attach; only the declarer uploads; the uploader or an admin deletes', async () => {
  const item = await buildWorkItem(h.db, { project: w.project, creator: w.users.guest });
  assert.equal((await declare(w.guest, w.url(item), { name: 'g.txt', type: 'text/plain', size: 1 })).status, 403);
  const declared = rec((await declare(w.member, w.url(item), { name: 'm.txt', type: 'text/plain', size: 1 })).body);
  const other = await buildUser(h.db);
  await addProjectMember(h.db, w.project, other, ROLE.member);
  assert.equal((await w.raw(other, 'PUT', String(declared.upload_url), Buffer.from('x'), { 'content-type': 'text/plain' })).status, 403);
  assert.equal(
    (await w.raw(w.users.guest, 'PUT', String(declared.upload_url), Buffer.from('x'), { 'content-type': 'text/plain' })).status,
    403,
  );
  assert.equal(
    (await w.raw(w.users.member, 'PUT', String(declared.upload_url), Buffer.from('x'), { 'content-type': 'text/plain' })).status,
    200,
  );
  assert.equal((await w.guest.get(`${w.url(item)}/attachments/`)).status, 200);
  assert.equal((await w.raw(w.users.guest, 'GET', `${w.url(item)}/attachments/${declared.id}/download/`, undefined)).status, 200);
  assert.equal((await (await h.as(other.id)).delete(`${w.url(item)}/attachments/${declared.id}/`)).status, 403);
  assert.equal((await w.guest.delete(`${w.url(item)}/attachments/${declared.id}/`)).status, 403);
  assert.equal(existsSync(diskPath(String(declared.id))), true);
  assert.equal((await w.admin.delete(`${w.url(item)}/attachments/${declared.id}/`)).status, 204);
  assert.equal(existsSync(diskPath(String(declared.id))), false);
});

test('scoping: outsiders, other workspaces and other work items → 404; anonymous → 401', async () => {
  const item = await buildWorkItem(h.db, { project: w.project });
  const declared = rec((await declare(w.member, w.url(item), { name: 's.txt', type: 'text/plain', size: 1 })).body);
  await w.raw(w.users.member, 'PUT', String(declared.upload_url), Buffer.from('s'), { 'content-type': 'text/plain' });
  const one = `${w.url(item)}/attachments/${declared.id}/`;
  assert.equal((await w.outsider.get(`${w.url(item)}/attachments/`)).status, 404);
  assert.equal((await w.outsider.get(one)).status, 404);
  assert.equal((await w.raw(w.users.outsider, 'GET', `${one}download/`, undefined)).status, 404);
  assert.equal((await w.outsider.delete(one)).status, 404);
  assert.equal((await declare(w.outsider, w.url(item), { name: 'o.txt', type: 'text/plain', size: 1 })).status, 404);
  // The attachment id under another work item of the same project, and under the outsider's own item.
  assert.equal((await w.member.get(`${w.url(w.item)}/attachments/${declared.id}/`)).status, 404);
  assert.equal((await w.raw(w.users.member, 'GET', `${w.url(w.item)}/attachments/${declared.id}/download/`, undefined)).status, 404);
  assert.equal((await w.outsider.get(`${w.url(w.other.item)}/attachments/${declared.id}/`)).status, 404);
  assert.equal((await w.member.get(`${w.url(item)}/attachments/not-a-uuid/`)).status, 404);
  assert.equal((await h.anonymous.get(`${w.url(item)}/attachments/`)).status, 401);
  assert.equal(existsSync(diskPath(String(declared.id))), true);
});

test('forbidden fields are not persisted', async () => {
  const item = await buildWorkItem(h.db, { project: w.project });
  const res = await declare(w.member, w.url(item), {
    name: 'f.txt',
    type: 'text/plain',
    size: 1,
    id: '00000000-0000-4000-8000-000000000002',
    is_uploaded: true,
    sha256: 'f'.repeat(64),
    storage_key: '../../etc/passwd',
    workspace: w.other.project.workspace_id,
    issue: w.other.item.id,
    created_by: w.users.admin.id,
  });
  assert.equal(res.status, 201);
  const { rows } = await h.db.query(
    'SELECT id, is_uploaded, sha256, storage_key, workspace_id, issue_id, created_by FROM file_assets WHERE id = $1',
    [rec(res.body).id],
  );
  const row = rec(rows[0]);
  assert.notEqual(row.id, '00000000-0000-4000-8000-000000000002');
  assert.equal(row.is_uploaded, false);
  assert.equal(row.sha256, null);
  assert.equal(row.storage_key, `${w.project.workspace_id}/${row.id}`);
  assert.equal(row.workspace_id, w.project.workspace_id);
  assert.equal(row.issue_id, item.id);
  assert.equal(row.created_by, w.users.member.id);
});

test('a misconfigured storage setting → 503 naming the problem, not a crash', async () => {
  await h.db.query(`INSERT INTO instance_settings (key, value) VALUES ('storage', '{"kind": "s3", "endpoint": "", "bucket": "UPPER"}')`);
  const declared = rec((await declare(w.member, w.url(), { name: 'c.txt', type: 'text/plain', size: 1 })).body);
  const res = await w.raw(w.users.member, 'PUT', String(declared.upload_url), Buffer.from('c'), { 'content-type': 'text/plain' });
  assert.equal(res.status, 503);
  assert.match(String(rec(res.body).error), /endpoint is required/);
  assert.match(String(rec(res.body).error), /bucket must be a valid S3 bucket name/);
});

test('storedFilesOfIssues + removeStored: what a hard delete of work items uses to remove their files', async () => {
  const item = await buildWorkItem(h.db, { project: w.project });
  const declared = rec((await declare(w.member, w.url(item), { name: 'h.txt', type: 'text/plain', size: 1 })).body);
  await w.raw(w.users.member, 'PUT', String(declared.upload_url), Buffer.from('h'), { 'content-type': 'text/plain' });
  await declare(w.member, w.url(item), { name: 'never-sent.txt', type: 'text/plain', size: 1 });
  const files = await storedFilesOfIssues(h.db, [item.id]);
  assert.deepEqual(
    files.map((f) => f.id),
    [declared.id],
  );
  const resolver = new StorageResolver(h.db, h.app.ctx.env.filesDir);
  assert.equal(existsSync(diskPath(String(declared.id))), true);
  for (const file of files) await resolver.removeStored(file);
  assert.equal(existsSync(diskPath(String(declared.id))), false);
});

test('the hard-delete job removes the files of the work items it deletes, and only theirs', async () => {
  const upload = async (item: Parameters<World['url']>[0]): Promise<string> => {
    const bytes = randomBytes(1000);
    const declared = rec((await declare(w.member, w.url(item), { name: 'a.pdf', type: 'application/pdf', size: bytes.length })).body);
    const up = await w.raw(w.users.member, 'PUT', String(declared.upload_url), bytes, { 'content-type': 'application/pdf' });
    assert.equal(up.status, 200);
    return String(declared.id);
  };
  const old = await buildWorkItem(h.db, { project: w.project });
  const kept = await buildWorkItem(h.db, { project: w.project });
  const oldFile = await upload(old);
  const keptFile = await upload(kept);
  await h.db.query("UPDATE issues SET deleted_at = now() - interval '40 days' WHERE id = $1", [old.id]);
  const result = await runTaskInline(registry, 'hard-delete-work-items', {}, { db: h.db, filesDir: h.app.ctx.env.filesDir });
  assert.equal(result.deleted, 1);
  assert.equal(existsSync(diskPath(oldFile)), false, 'the deleted item’s file is gone');
  assert.equal(existsSync(diskPath(keptFile)), true, 'a living item’s file stays');
});
