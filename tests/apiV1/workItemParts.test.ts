// /api/v1 parts of a work item, under both `/issues/` and `/work-items/`: links, comments, activity,
// relations (Plane's id-list shape) and attachments (declare → multipart upload to the signed
// upload_data.url → PATCH → GET 302 → the same bytes; forged, expired, swapped tokens refused), and
// ids from another project or workspace refused. Every answer is checked against its schema.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { ROLE } from '../../server/api/access/roles.ts';
import { signAssetToken } from '../../server/api/v1/assetTokens.ts';
import { multipartBoundary, readMultipartUpload } from '../../server/api/v1/multipartUpload.ts';
import { assetUrlSecret } from '../../server/repositories/signedAssetsRepository.ts';
import { buildUser, type UserRow } from '../factories/accounts.ts';
import { addProjectMember, buildProject, type ProjectFixture } from '../factories/projects.ts';
import { buildWorkItem, type WorkItemFixture } from '../factories/workItems.ts';
import type { Body, Response } from '../helpers/apiHarness.ts';
import { type ApiHarness, startApiHarness } from '../helpers/apiHarness.ts';
import { SchemaChecker, type V1Client, v1As } from '../helpers/v1Harness.ts';

type Obj = Record<string, unknown> & { id: string };
type Envelope = { results: Obj[]; count: number; total_count: number; next_cursor: string; next_page_results: boolean };

const SPELLINGS = ['issues', 'work-items'] as const;
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

function multipart(fields: Record<string, string>, file: Buffer, filename = 'report.pdf', type = 'application/pdf') {
  const boundary = `----hangar${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}`, boundary };
}

/** Bytes that look like the start of a boundary here and there (the parser must not be fooled). */
function trickyBytes(size: number): Buffer {
  const bytes = randomBytes(size);
  Buffer.from('\r\n--\r\n--\r\n-').copy(bytes, 100);
  Buffer.from('\r\n------hangar').copy(bytes, size - 20);
  return bytes;
}

describe('/api/v1 work item parts', () => {
  let h: ApiHarness;
  let checker: SchemaChecker;
  let project: ProjectFixture;
  let sibling: ProjectFixture;
  let foreign: ProjectFixture;
  let admin: V1Client;
  let member: UserRow;
  let memberClient: V1Client;

  const itemBase = (item: WorkItemFixture, spelling: (typeof SPELLINGS)[number] = 'work-items', p: ProjectFixture = project) =>
    `/workspaces/${p.workspace.slug}/projects/${p.id}/${spelling}/${item.id}`;

  async function call<T = Body>(client: V1Client, method: string, path: string, body?: unknown): Promise<Response<T>> {
    const res = await client.request<T>(method, path, body);
    checker.check(method, path, res.status, res.body);
    return res;
  }

  /** A raw request to a signed asset URL (no API key), checked against its schema. */
  async function signed(method: 'GET' | 'POST', url: string, body?: Buffer, contentType?: string) {
    const path = new URL(url).pathname;
    const res = await h.app.inject({
      method,
      url: path,
      headers: { host: 'localhost', ...(contentType ? { 'content-type': contentType } : {}) },
      ...(body ? { payload: body } : {}),
    });
    const parsed = String(res.headers['content-type'] ?? '').startsWith('application/json') ? JSON.parse(res.body) : null;
    checker.check(method, path, res.statusCode, parsed);
    return { status: res.statusCode, bytes: res.rawPayload, body: parsed as Record<string, unknown> | null, headers: res.headers };
  }

  before(async () => {
    h = await startApiHarness();
    checker = await SchemaChecker.load(h.app);
    project = await buildProject(h.db);
    sibling = await buildProject(h.db, { workspace: project.workspace, creator: project.creator });
    foreign = await buildProject(h.db);
    admin = await v1As(h, project.creator.id);
    member = await buildUser(h.db);
    await addProjectMember(h.db, project, member, ROLE.member);
    memberClient = await v1As(h, member.id);
  });
  after(() => h.close());

  it('links: add → 201, list (envelope), read, update, delete → 204; a repeated url → 409; bad url → 400', async () => {
    for (const spelling of SPELLINGS) {
      const item = await buildWorkItem(h.db, { project });
      const base = `${itemBase(item, spelling)}/links`;
      const made = await call<Obj>(admin, 'POST', `${base}/`, { url: 'https://example.com/spec', title: 'Spec', issue: sibling.id });
      assert.equal(made.status, 201);
      assert.equal(made.body.url, 'https://example.com/spec');
      assert.equal(made.body.title, 'Spec');
      assert.equal(made.body.issue, item.id);
      assert.equal(made.body.project, project.id);
      const untitled = await call<Obj>(admin, 'POST', `${base}/`, { url: 'https://example.com/other' });
      assert.equal(untitled.status, 201);
      const dup = await call(admin, 'POST', `${base}/`, { url: 'https://example.com/spec' });
      assert.equal(dup.status, 409);
      assert.equal(dup.body.id, made.body.id);
      assert.equal((await call(admin, 'POST', `${base}/`, { url: 'javascript:alert(1)' })).status, 400);
      const list = await call<Envelope>(admin, 'GET', `${base}/`);
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.body.results.map((l) => l.id),
        [made.body.id, untitled.body.id],
      );
      assert.equal((await call<Obj>(admin, 'GET', `${base}/${made.body.id}/`)).body.url, 'https://example.com/spec');
      const patched = await call<Obj>(admin, 'PATCH', `${base}/${made.body.id}/`, { title: 'Spec v2' });
      assert.equal(patched.status, 200);
      assert.equal(patched.body.title, 'Spec v2');
      assert.equal((await call(admin, 'DELETE', `${base}/${made.body.id}/`)).status, 204);
      assert.equal((await call(admin, 'GET', `${base}/${made.body.id}/`)).status, 404);
      // Another item's link through this item's path: not found.
      const other = await buildWorkItem(h.db, { project });
      assert.equal((await call(admin, 'GET', `${itemBase(other, spelling)}/links/${untitled.body.id}/`)).status, 404);
      assert.equal((await call(admin, 'DELETE', `${itemBase(other, spelling)}/links/${untitled.body.id}/`)).status, 404);
    }
  });

  it('comments: add → 201, list, read (also without the trailing slash), edit by the author only, delete → 204; external ids → 409', async () => {
    for (const spelling of SPELLINGS) {
      const item = await buildWorkItem(h.db, { project });
      const base = `${itemBase(item, spelling)}/comments`;
      const made = await call<Obj>(admin, 'POST', `${base}/`, {
        comment_html: '<p>First <img src=x onerror=alert(1)></p>',
        access: 'EXTERNAL',
        external_id: `c-${spelling}`,
        external_source: 'jira',
        actor: member.id,
      });
      assert.equal(made.status, 201);
      assert.equal(made.body.actor, project.creator.id);
      assert.equal(made.body.access, 'EXTERNAL');
      assert.equal(made.body.issue, item.id);
      assert.doesNotMatch(String(made.body.comment_html), /onerror/);
      const dup = await call(admin, 'POST', `${base}/`, {
        comment_html: '<p>again</p>',
        external_id: `c-${spelling}`,
        external_source: 'jira',
      });
      assert.equal(dup.status, 409);
      assert.equal(dup.body.id, made.body.id);
      assert.equal((await call(admin, 'POST', `${base}/`, { comment_html: '<p></p>' })).status, 400);
      const second = await call<Obj>(memberClient, 'POST', base, { comment_html: '<p>Second</p>' });
      assert.equal(second.status, 201);

      const list = await call<Envelope>(admin, 'GET', base);
      assert.deepEqual(
        list.body.results.map((c) => c.id),
        [made.body.id, second.body.id],
      );
      const one = await call<Obj>(admin, 'GET', `${base}/${second.body.id}`);
      assert.equal(one.body.comment_html, '<p>Second</p>');
      assert.equal((await call(admin, 'PATCH', `${base}/${second.body.id}/`, { comment_html: '<p>hijack</p>' })).status, 403);
      const edited = await call<Obj>(memberClient, 'PATCH', `${base}/${second.body.id}/`, { comment_html: '<p>Second, edited</p>' });
      assert.equal(edited.status, 200);
      assert.equal(edited.body.comment_html, '<p>Second, edited</p>');
      assert.notEqual(edited.body.edited_at, null);
      assert.equal((await call(memberClient, 'DELETE', `${base}/${made.body.id}/`)).status, 403);
      assert.equal((await call(admin, 'DELETE', `${base}/${second.body.id}/`)).status, 204, 'a project admin may delete');
      assert.equal((await call(admin, 'GET', `${base}/${second.body.id}/`)).status, 404);
      // A parent comment from another work item is refused.
      const other = await buildWorkItem(h.db, { project });
      const otherComment = await call<Obj>(admin, 'POST', `${itemBase(other, spelling)}/comments/`, { comment_html: '<p>elsewhere</p>' });
      const reply = await call(admin, 'POST', `${base}/`, { comment_html: '<p>reply</p>', parent: otherComment.body.id });
      assert.equal(reply.status, 400);
      assert.equal((await call(admin, 'GET', `${base}/${otherComment.body.id}/`)).status, 404);
    }
  });

  it('activities: the history, oldest first, paginated; one row by id; another item’s row → 404', async () => {
    for (const spelling of SPELLINGS) {
      const made = await call<Obj>(admin, 'POST', `/workspaces/${project.workspace.slug}/projects/${project.id}/${spelling}/`, {
        name: 'With history',
      });
      const path = `/workspaces/${project.workspace.slug}/projects/${project.id}/${spelling}/${made.body.id}`;
      await call(admin, 'PATCH', `${path}/`, { priority: 'urgent' });
      await call(admin, 'PATCH', `${path}/`, { name: 'Renamed with history' });
      const all = await call<Envelope>(admin, 'GET', `${path}/activities/`);
      assert.equal(all.status, 200);
      assert.equal(all.body.total_count, 3);
      assert.equal(all.body.results[0]?.verb, 'created');
      assert.deepEqual(
        all.body.results.map((a) => a.field),
        [null, 'priority', 'name'],
      );
      const times = all.body.results.map((a) => Date.parse(String(a.created_at)));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => a - b),
      );
      assert.ok(all.body.results.every((a) => !('created_by' in a)));
      const paged: string[] = [];
      let page = await call<Envelope>(admin, 'GET', `${path}/activities/?per_page=1`);
      paged.push(...page.body.results.map((a) => a.id));
      while (page.body.next_page_results) {
        page = await call<Envelope>(admin, 'GET', `${path}/activities/?cursor=${page.body.next_cursor}`);
        paged.push(...page.body.results.map((a) => a.id));
      }
      assert.deepEqual(
        paged,
        all.body.results.map((a) => a.id),
      );
      const second = all.body.results[1] as Obj;
      const one = await call<Obj>(admin, 'GET', `${path}/activities/${second.id}/`);
      assert.equal(one.body.new_value, 'urgent');
      const other = await buildWorkItem(h.db, { project });
      assert.equal((await call(admin, 'GET', `${itemBase(other, spelling)}/activities/${second.id}/`)).status, 404);
    }
  });

  it('relations: GET the eight id lists from both sides, POST → 201, remove → 204; ids from elsewhere refused, nothing stored', async () => {
    for (const spelling of SPELLINGS) {
      const a = await buildWorkItem(h.db, { project });
      const b = await buildWorkItem(h.db, { project });
      const c = await buildWorkItem(h.db, { project });
      const made = await call<Obj[]>(admin, 'POST', `${itemBase(a, spelling)}/relations/`, { relation_type: 'blocking', issues: [b.id] });
      assert.equal(made.status, 201);
      assert.equal(made.body[0]?.related_issue, b.id);
      assert.equal(
        (await call(admin, 'POST', `${itemBase(a, spelling)}/relations/`, { relation_type: 'relates_to', issues: [c.id] })).status,
        201,
      );
      const fromA = await call<Record<string, string[]>>(admin, 'GET', `${itemBase(a, spelling)}/relations/`);
      assert.deepEqual(fromA.body, {
        blocking: [b.id],
        blocked_by: [],
        duplicate: [],
        relates_to: [c.id],
        start_after: [],
        start_before: [],
        finish_after: [],
        finish_before: [],
      });
      const fromB = await call<Record<string, string[]>>(admin, 'GET', `${itemBase(b, spelling)}/relations`);
      assert.deepEqual(fromB.body.blocked_by, [a.id]);
      assert.deepEqual(fromB.body.blocking, []);

      const siblingItem = await buildWorkItem(h.db, { project: sibling });
      const foreignItem = await buildWorkItem(h.db, { project: foreign });
      for (const stranger of [siblingItem, foreignItem]) {
        const refused = await call(admin, 'POST', `${itemBase(a, spelling)}/relations/`, {
          relation_type: 'duplicate',
          issues: [c.id, stranger.id],
        });
        assert.equal(refused.status, 400);
        const removeForeign = await call(admin, 'POST', `${itemBase(a, spelling)}/relations/remove/`, { related_issue: stranger.id });
        assert.equal(removeForeign.status, 404);
      }
      const stored = await h.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM issue_relations WHERE issue_id = ANY($1::uuid[]) OR related_issue_id = ANY($1::uuid[])',
        [[siblingItem.id, foreignItem.id]],
      );
      assert.equal(stored.rows[0]?.n, 0);
      assert.deepEqual((await call<Record<string, string[]>>(admin, 'GET', `${itemBase(a, spelling)}/relations/`)).body.relates_to, [c.id]);
      assert.equal(
        (await call(admin, 'POST', `${itemBase(a, spelling)}/relations/`, { relation_type: 'sideways', issues: [c.id] })).status,
        400,
      );

      const removed = await call(admin, 'POST', `${itemBase(b, spelling)}/relations/remove/`, { related_issue: a.id });
      assert.equal(removed.status, 204);
      assert.deepEqual((await call<Record<string, string[]>>(admin, 'GET', `${itemBase(a, spelling)}/relations/`)).body.blocking, []);
      assert.equal((await call(admin, 'POST', `${itemBase(b, spelling)}/relations/remove/`, { related_issue: a.id })).status, 404);
      // The sibling's item path inside this project is not found.
      assert.equal((await call(admin, 'GET', `${itemBase(siblingItem, spelling)}/relations/`)).status, 404);
    }
  });

  it('a work item of another project or workspace is not found through any part path', async () => {
    const foreignItem = await buildWorkItem(h.db, { project: foreign });
    const siblingItem = await buildWorkItem(h.db, { project: sibling });
    for (const part of ['links', 'comments', 'activities', 'attachments', 'relations']) {
      assert.equal((await call(admin, 'GET', `${itemBase(siblingItem)}/${part}/`)).status, 404, part);
      assert.equal((await call(admin, 'GET', `${itemBase(foreignItem, 'issues', foreign)}/${part}/`)).status, 404, part);
      assert.equal((await call(admin, 'GET', `${itemBase(foreignItem)}/${part}/`)).status, 404, part);
    }
    assert.equal(
      (await call(admin, 'POST', `${itemBase(foreignItem, 'issues', foreign)}/comments/`, { comment_html: '<p>x</p>' })).status,
      404,
    );
    assert.equal((await call(admin, 'POST', `${itemBase(siblingItem)}/links/`, { url: 'https://example.com' })).status, 404);
  });

  describe('attachments', () => {
    it('declare → 200 {upload_data, asset_id, attachment, asset_url} → multipart upload → PATCH 204 → GET 302 → the same bytes', async () => {
      for (const spelling of SPELLINGS) {
        const item = await buildWorkItem(h.db, { project });
        const base = `${itemBase(item, spelling)}/attachments`;
        const bytes = trickyBytes(300_000);
        const declared = await call<Record<string, unknown>>(memberClient, 'POST', `${base}/`, {
          name: 'report final.pdf',
          type: 'application/pdf',
          size: bytes.length,
        });
        assert.equal(declared.status, 200);
        const upload = declared.body.upload_data as { url: string; fields: Record<string, string> };
        const attachment = declared.body.attachment as Obj;
        assert.equal(declared.body.asset_id, attachment.id);
        assert.equal(attachment.is_uploaded, false);
        assert.equal(declared.body.asset_url, attachment.asset_url);
        assert.match(upload.url, /^http:\/\/localhost\/api\/v1\/assets\/upload\/[^/]+\/$/);
        assert.equal(upload.fields['Content-Type'], 'application/pdf');

        // Not uploaded yet: absent from the list, no download, PATCH refuses.
        assert.deepEqual((await call(memberClient, 'GET', `${base}/`)).body, []);
        assert.equal((await call(memberClient, 'GET', `${base}/${attachment.id}/`)).status, 400);
        assert.equal((await call(memberClient, 'PATCH', `${base}/${attachment.id}/`, { is_uploaded: true })).status, 400);

        const form = multipart(upload.fields, bytes);
        const sent = await signed('POST', upload.url, form.body, form.contentType);
        assert.equal(sent.status, 204);
        assert.equal((await signed('POST', upload.url, form.body, form.contentType)).status, 409, 'once only');
        assert.equal((await call(memberClient, 'PATCH', `${base}/${attachment.id}/`, { is_uploaded: true })).status, 204);

        const listed = await call<Obj[]>(memberClient, 'GET', `${base}/`);
        assert.equal(listed.body.length, 1);
        assert.equal(listed.body[0]?.id, attachment.id);
        assert.equal(listed.body[0]?.is_uploaded, true);
        assert.deepEqual(listed.body[0]?.attributes, { name: 'report final.pdf', type: 'application/pdf', size: bytes.length });
        const row = await h.db.query<{ sha256: string }>('SELECT sha256 FROM file_assets WHERE id = $1', [attachment.id]);
        assert.equal(row.rows[0]?.sha256, sha256(bytes));

        const redirect = await call(memberClient, 'GET', `${base}/${attachment.id}/`);
        assert.equal(redirect.status, 302);
        const location = String(redirect.headers.location);
        assert.match(location, /^http:\/\/localhost\/api\/v1\/assets\/download\/[^/]+\/$/);
        const down = await signed('GET', location);
        assert.equal(down.status, 200);
        assert.equal(sha256(down.bytes), sha256(bytes));
        assert.equal(down.headers['content-type'], 'application/pdf');
        assert.match(String(down.headers['content-disposition']), /^attachment; filename="report final.pdf"/);
        assert.equal(down.headers['x-content-type-options'], 'nosniff');

        // Tokens are bound to their action: a download token does not upload, an upload token does not download.
        const downloadToken = new URL(location).pathname.split('/')[5] ?? '';
        const uploadToken = new URL(upload.url).pathname.split('/')[5] ?? '';
        assert.equal(
          (await signed('POST', `http://localhost/api/v1/assets/upload/${downloadToken}/`, form.body, form.contentType)).status,
          403,
        );
        assert.equal((await signed('GET', `http://localhost/api/v1/assets/download/${uploadToken}/`)).status, 403);

        assert.equal((await call(memberClient, 'DELETE', `${base}/${attachment.id}/`)).status, 204);
        assert.deepEqual((await call(memberClient, 'GET', `${base}/`)).body, []);
        assert.equal((await signed('GET', location)).status, 404, 'a deleted attachment is no longer served');
        assert.equal((await call(memberClient, 'GET', `${base}/${attachment.id}/`)).status, 404);
      }
    });

    it('forged, expired or swapped tokens are refused (403) and nothing is stored', async () => {
      const item = await buildWorkItem(h.db, { project });
      const base = `${itemBase(item)}/attachments`;
      const declare = async (size: number) =>
        (await call<Record<string, unknown>>(memberClient, 'POST', `${base}/`, { name: 'a.txt', type: 'text/plain', size })).body;
      const first = await declare(5);
      const second = await declare(5);
      const firstUrl = (first.upload_data as { url: string }).url;
      const token = new URL(firstUrl).pathname.split('/')[5] ?? '';
      const [assetId, action, expiry, sig] = token.split('.');
      const form = multipart({}, Buffer.from('hello'), 'a.txt', 'text/plain');
      const secret = await assetUrlSecret(h.db);
      const bad = [
        `${assetId}.${action}.${expiry}.${sig?.slice(0, -2)}AA`,
        `${second.asset_id}.${action}.${expiry}.${sig}`,
        `${assetId}.${action}.${Number(expiry) + 3600}.${sig}`,
        signAssetToken(secret, String(first.asset_id), 'upload', Date.now() / 1000 - 1),
        signAssetToken(randomBytes(32), String(first.asset_id), 'upload', Date.now() / 1000 + 600),
        'not-a-token',
      ];
      for (const forged of bad) {
        const res = await signed('POST', `http://localhost/api/v1/assets/upload/${forged}/`, form.body, form.contentType);
        assert.equal(res.status, 403, forged);
        assert.equal(typeof res.body?.detail, 'string');
      }
      const rows = await h.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM file_assets WHERE id = ANY($1::uuid[]) AND is_uploaded',
        [[first.asset_id, second.asset_id]],
      );
      assert.equal(rows.rows[0]?.n, 0);
      // A freshly signed, valid token works (the refusals above were about the token alone).
      const good = signAssetToken(secret, String(first.asset_id), 'upload', Date.now() / 1000 + 600);
      assert.equal((await signed('POST', `http://localhost/api/v1/assets/upload/${good}/`, form.body, form.contentType)).status, 204);
      // An expired download link is refused too.
      const stale = signAssetToken(secret, String(first.asset_id), 'download', Date.now() / 1000 - 1);
      assert.equal((await signed('GET', `http://localhost/api/v1/assets/download/${stale}/`)).status, 403);
    });

    it('the upload keeps to the declaration: more or fewer bytes, another type, no file part → refused; an uploader who left cannot upload', async () => {
      const item = await buildWorkItem(h.db, { project });
      const base = `${itemBase(item)}/attachments`;
      const declare = async (client: V1Client) =>
        (await call<Record<string, unknown>>(client, 'POST', `${base}/`, { name: 'a.txt', type: 'text/plain', size: 5 })).body
          .upload_data as { url: string; fields: Record<string, string> };
      const whole = multipart({}, Buffer.from('hello'), 'a.txt', 'text/plain');
      const cases: Array<[string, { body: Buffer; contentType: string }, number]> = [
        ['too long', multipart({}, Buffer.from('hello world'), 'a.txt', 'text/plain'), 413],
        ['too short', multipart({}, Buffer.from('hey'), 'a.txt', 'text/plain'), 400],
        ['another type', multipart({ 'Content-Type': 'image/png' }, Buffer.from('hello'), 'a.txt', 'image/png'), 415],
        [
          'no file part',
          {
            body: Buffer.from('--x\r\nContent-Disposition: form-data; name="key"\r\n\r\nv\r\n--x--\r\n'),
            contentType: 'multipart/form-data; boundary=x',
          },
          400,
        ],
        ['not multipart', { body: Buffer.from('hello'), contentType: 'text/plain' }, 400],
        ['cut short', { body: whole.body.subarray(0, whole.body.length - 10), contentType: whole.contentType }, 400],
      ];
      for (const [what, form, status] of cases) {
        const upload = await declare(memberClient);
        const res = await signed('POST', upload.url, form.body, form.contentType);
        assert.equal(res.status, status, `${what}: ${JSON.stringify(res.body)}`);
        // Nothing was kept, and the declaration stays open: the right bytes are accepted afterwards.
        const ok = multipart(upload.fields, Buffer.from('hello'), 'a.txt', 'text/plain');
        assert.equal((await signed('POST', upload.url, ok.body, ok.contentType)).status, 204, `${what}, then the right bytes`);
      }
      const leaver = await buildUser(h.db);
      await addProjectMember(h.db, project, leaver, ROLE.member);
      const upload = await declare(await v1As(h, leaver.id));
      await h.db.query('UPDATE project_members SET is_active = false WHERE project_id = $1 AND member_id = $2', [project.id, leaver.id]);
      const form = multipart(upload.fields, Buffer.from('hello'), 'a.txt', 'text/plain');
      assert.equal((await signed('POST', upload.url, form.body, form.contentType)).status, 403);
    });

    it('a real HTTP client (fetch + FormData) uploads through upload_data.url', async () => {
      await h.app.listen({ port: 0, host: '127.0.0.1' });
      const origin = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
      const item = await buildWorkItem(h.db, { project });
      const bytes = trickyBytes(2 * 1024 * 1024 + 17);
      const declared = await call<Record<string, unknown>>(admin, 'POST', `${itemBase(item, 'issues')}/attachments/`, {
        name: 'big.bin',
        type: 'application/octet-stream',
        size: bytes.length,
      });
      const upload = declared.body.upload_data as { url: string; fields: Record<string, string> };
      const form = new FormData();
      for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
      form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/octet-stream' }), 'big.bin');
      const res = await fetch(`${origin}${new URL(upload.url).pathname}`, { method: 'POST', body: form });
      assert.equal(res.status, 204, await res.text());
      const redirect = await call(admin, 'GET', `${itemBase(item, 'issues')}/attachments/${String(declared.body.asset_id)}/`);
      const down = await fetch(`${origin}${new URL(String(redirect.headers.location)).pathname}`);
      assert.equal(down.status, 200);
      assert.equal(sha256(Buffer.from(await down.arrayBuffer())), sha256(bytes));
      // fetch keeps its sockets alive; let the harness's close() not wait for them.
      h.app.server.closeAllConnections();
    });
  });

  it('the multipart reader finds the file however the body is split into chunks', async () => {
    const file = trickyBytes(4000);
    const form = multipart({ key: 'k', 'Content-Type': 'application/pdf' }, file);
    for (const size of [1, 2, 3, 7, 64, 1000, form.body.length]) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < form.body.length; at += size) chunks.push(form.body.subarray(at, at + size));
      const boundary = multipartBoundary(form.contentType);
      assert.equal(boundary, form.boundary);
      const parsed = await readMultipartUpload(Readable.from(chunks), boundary ?? '');
      assert.deepEqual(parsed.fields, { key: 'k', 'Content-Type': 'application/pdf' });
      assert.equal(parsed.filename, 'report.pdf');
      const received: Buffer[] = [];
      for await (const chunk of parsed.file) received.push(chunk as Buffer);
      assert.equal(sha256(Buffer.concat(received)), sha256(file), `chunks of ${size}`);
    }
    assert.equal(multipartBoundary('multipart/form-data; boundary="a b"'), 'a b');
    assert.equal(multipartBoundary('application/json'), null);
  });
});
