// S3 mode against a real S3-compatible server (Swift with s3api, see swiftS3.ts): the same API,
// bytes streamed to the bucket (multipart above 5 MiB), read back, removed; a stored file keeps
// being read from where it was written; bad settings and wrong credentials → clear 503s.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { createSession } from '../../server/auth/sessions.ts';
import { parseStorageConfig, StorageConfigError } from '../../server/storage/storageSettings.ts';
import { buildWorkItem } from '../factories/workItems.ts';
import { type ApiHarness, startApiHarness } from '../helpers/apiHarness.ts';
import { startSwiftS3, type SwiftS3 } from './swiftS3.ts';
import { buildWorld, rec, type World } from './world.ts';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

function problemsOf(value: unknown): string[] {
  try {
    parseStorageConfig(value);
  } catch (error) {
    assert.ok(error instanceof StorageConfigError, String(error));
    assert.match(error.message, /^Attachment storage is misconfigured: /);
    return error.problems;
  }
  assert.fail(`accepted ${JSON.stringify(value)}`);
}

describe('the storage setting', () => {
  test('absent or {kind: "local"} → the local disk', () => {
    assert.deepEqual(parseStorageConfig(undefined), { kind: 'local' });
    assert.deepEqual(parseStorageConfig(null), { kind: 'local' });
    assert.deepEqual(parseStorageConfig({ kind: 'local', extra: 1 }), { kind: 'local' });
  });

  test('a valid S3 setting, with the endpoint as a host or as a URL', () => {
    assert.deepEqual(parseStorageConfig({ kind: 's3', endpoint: 's3.example.com', bucket: 'files', accessKey: 'a', secretKey: 'b' }), {
      kind: 's3',
      endpoint: 's3.example.com',
      bucket: 'files',
      accessKey: 'a',
      secretKey: 'b',
    });
    assert.deepEqual(
      parseStorageConfig({
        kind: 's3',
        endpoint: 'http://127.0.0.1:9000',
        bucket: 'my.bucket-1',
        accessKey: 'a',
        secretKey: 'b',
        region: 'eu-west-1',
      }),
      {
        kind: 's3',
        endpoint: '127.0.0.1',
        port: 9000,
        useSSL: false,
        bucket: 'my.bucket-1',
        accessKey: 'a',
        secretKey: 'b',
        region: 'eu-west-1',
      },
    );
    assert.equal(
      rec(parseStorageConfig({ kind: 's3', endpoint: 'https://s3.example.com', port: 8443, bucket: 'abc', accessKey: 'a', secretKey: 'b' }))
        .port,
      8443,
    );
  });

  test('bad settings list every problem', () => {
    assert.deepEqual(problemsOf({ kind: 's3' }), [
      'endpoint is required (a non-empty string)',
      'bucket is required (a non-empty string)',
      'accessKey is required (a non-empty string)',
      'secretKey is required (a non-empty string)',
    ]);
    const many = problemsOf({
      kind: 's3',
      endpoint: 'ftp://x/y',
      port: 70000,
      useSSL: 'yes',
      bucket: 'Bad_Bucket',
      accessKey: 'a',
      secretKey: 'b',
      region: 'Mars 1',
    });
    assert.equal(many.length, 6, many.join(' | '));
    assert.ok(many.some((p) => p.startsWith('endpoint must be an http(s) URL')));
    assert.ok(many.some((p) => p.startsWith('endpoint must not have a path')));
    assert.ok(many.some((p) => p.startsWith('port must be')));
    assert.ok(many.some((p) => p.startsWith('useSSL must be')));
    assert.ok(many.some((p) => p.startsWith('bucket must be a valid S3 bucket name')));
    assert.ok(many.some((p) => p.startsWith('region must be')));
    assert.deepEqual(problemsOf({ kind: 's3', endpoint: 'has space', bucket: 'ab', accessKey: 'a', secretKey: 'b' }), [
      'endpoint must be a host name or address (e.g. "s3.example.com" or "127.0.0.1"), got "has space"',
      'bucket must be a valid S3 bucket name (3–63 lower-case letters, digits, dots, hyphens), got "ab"',
    ]);
    assert.match(problemsOf({ kind: 'gcs' })[0] ?? '', /kind must be "local" or "s3"/);
    assert.match(problemsOf('s3')[0] ?? '', /must be an object/);
  });
});

describe('attachments in S3 (Swift s3api on loopback)', () => {
  let h: ApiHarness;
  let w: World;
  let s3: SwiftS3;
  const bucket = 'hangar-attachments';

  before(async () => {
    [h, s3] = await Promise.all([startApiHarness(), startSwiftS3()]);
    w = await buildWorld(h);
    await s3.client.makeBucket(bucket, s3.region);
  });
  after(async () => {
    await h?.close();
    await s3?.stop();
  });

  async function useS3(overrides: Record<string, unknown> = {}): Promise<void> {
    const setting = {
      kind: 's3',
      endpoint: `http://${s3.endpoint}:${s3.port}`,
      bucket,
      accessKey: s3.accessKey,
      secretKey: s3.secretKey,
      region: s3.region,
      ...overrides,
    };
    await h.db.query(
      "INSERT INTO instance_settings (key, value) VALUES ('storage', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      [JSON.stringify(setting)],
    );
  }

  async function objectBytes(key: string): Promise<Buffer | null> {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of await s3.client.getObject(bucket, key)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    } catch (error) {
      if (rec(error).code === 'NoSuchKey') return null;
      throw error;
    }
  }

  async function upload(itemUrl: string, name: string, type: string, bytes: Buffer, body: Buffer | Readable = bytes) {
    const declared = rec((await w.member.post(`${itemUrl}/attachments/`, { name, type, size: bytes.length })).body);
    const { token } = await createSession(h.db, w.users.member.id, 'test');
    const res = await h.app.inject({
      method: 'PUT',
      url: String(declared.upload_url),
      headers: {
        host: 'localhost',
        cookie: `hangar_session=${token}; hangar_csrf=abcdefghijklmnopqrstuv`,
        'x-csrf-token': 'abcdefghijklmnopqrstuv',
        'content-type': type,
      },
      payload: body,
    });
    return { declared, status: res.statusCode, body: res.body };
  }

  test('upload (multipart, 7 MB) → the object in the bucket has the same SHA-256 → download → delete removes the object', async () => {
    await useS3();
    const item = await buildWorkItem(h.db, { project: w.project });
    const bytes = randomBytes(7 * 1024 * 1024 + 123);
    const { declared, status, body } = await upload(
      w.url(item),
      'movie.mp4',
      'video/mp4',
      bytes,
      Readable.from([bytes.subarray(0, 3_000_000), bytes.subarray(3_000_000)]),
    );
    assert.equal(status, 200, body);
    assert.equal(rec(JSON.parse(body)).sha256, sha256(bytes));
    const key = `${w.project.workspace_id}/${declared.id}`;
    const stored = await objectBytes(key);
    assert.ok(stored, 'the object exists in the bucket');
    assert.equal(sha256(stored), sha256(bytes));
    assert.equal(existsSync(join(h.app.ctx.env.filesDir, key)), false, 'nothing on the local disk');
    const row = await h.db.query('SELECT attributes FROM file_assets WHERE id = $1', [declared.id]);
    assert.deepEqual(rec(row.rows[0]?.attributes).storage, { kind: 's3', bucket });

    const stat = await s3.client.statObject(bucket, key);
    assert.match(stat.etag, /-2$/, 'stored as a two-part multipart upload');

    const download = async () =>
      h.app.inject({
        method: 'GET',
        url: `${w.url(item)}/attachments/${declared.id}/download/`,
        headers: { host: 'localhost', cookie: `hangar_session=${(await createSession(h.db, w.users.admin.id, 'test')).token}` },
      });
    const down = await download();
    assert.equal(down.statusCode, 200);
    assert.equal(sha256(down.rawPayload), sha256(bytes));

    // New files go to another bucket: this one is still read from the bucket it was written to.
    await s3.client.makeBucket('hangar-other', s3.region);
    await useS3({ bucket: 'hangar-other' });
    const moved = await download();
    assert.equal(moved.statusCode, 200);
    assert.equal(sha256(moved.rawPayload), sha256(bytes));
    // Back to the local disk: the S3 file cannot be reached, and the answer says why.
    await h.db.query("DELETE FROM instance_settings WHERE key = 'storage'");
    const unreachable = await download();
    assert.equal(unreachable.statusCode, 503);
    assert.match(unreachable.body, /stored in S3, but S3 storage is no longer configured/);
    await useS3();

    assert.equal((await w.member.delete(`${w.url(item)}/attachments/${declared.id}/`)).status, 204);
    assert.equal(await objectBytes(key), null, 'the object is gone from the bucket');
  });

  test('more bytes than declared → 413 while streaming, and no object (nor half a multipart upload) is left', async () => {
    await useS3();
    const item = await buildWorkItem(h.db, { project: w.project });
    const declaredBytes = randomBytes(6 * 1024 * 1024);
    const sent = Buffer.concat([declaredBytes, randomBytes(1024)]);
    const { declared, status, body } = await upload(
      w.url(item),
      'big.zip',
      'application/zip',
      declaredBytes,
      Readable.from([sent.subarray(0, 4_000_000), sent.subarray(4_000_000)]),
    );
    assert.equal(status, 413, body);
    const key = `${w.project.workspace_id}/${declared.id}`;
    assert.equal(await objectBytes(key), null);
    const incomplete: unknown[] = [];
    for await (const upload of s3.client.listIncompleteUploads(bucket, key, true)) incomplete.push(upload);
    assert.deepEqual(incomplete, []);
    const row = await h.db.query('SELECT is_uploaded FROM file_assets WHERE id = $1', [declared.id]);
    assert.equal(row.rows[0]?.is_uploaded, false);
  });

  test('a wrong secret key → 503 with a message for the admin; nothing marked uploaded', async () => {
    await useS3({ secretKey: 'not-the-secret' });
    const item = await buildWorkItem(h.db, { project: w.project });
    const bytes = Buffer.from('some text');
    const { declared, status, body } = await upload(w.url(item), 'a.txt', 'text/plain', bytes);
    assert.equal(status, 503, body);
    assert.match(rec(JSON.parse(body)).error as string, /storage/);
    const row = await h.db.query('SELECT is_uploaded, attributes FROM file_assets WHERE id = $1', [declared.id]);
    assert.equal(row.rows[0]?.is_uploaded, false);
    assert.equal(rec(row.rows[0]?.attributes).upload_started_at, undefined, 'the claim was released: the upload can be retried');
    await useS3();
    const retry = await h.app.inject({
      method: 'PUT',
      url: String(declared.upload_url),
      headers: {
        host: 'localhost',
        cookie: `hangar_session=${(await createSession(h.db, w.users.member.id, 'test')).token}; hangar_csrf=abcdefghijklmnopqrstuv`,
        'x-csrf-token': 'abcdefghijklmnopqrstuv',
        'content-type': 'text/plain',
      },
      payload: bytes,
    });
    assert.equal(retry.statusCode, 200, retry.body);
    assert.equal(sha256((await objectBytes(`${w.project.workspace_id}/${declared.id}`)) ?? Buffer.alloc(0)), sha256(bytes));
  });
});
