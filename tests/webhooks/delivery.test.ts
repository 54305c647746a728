// Webhook deliveries end to end: app API writes → capture trigger → dispatcher → deliver-webhook job
// in a worker thread → a local receiver. Signed bodies whose HMAC verifies, Plane's headers, the
// v1 object as `data`, per-field activity, toggles, the outbox written only when someone listens,
// and the SSRF guard again at delivery time.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setPrivateTargetsSetting } from '../../server/webhooks/privateTargets.ts';
import type { UserRow } from '../factories/accounts.ts';
import { buildProject, type ProjectFixture } from '../factories/projects.ts';
import type { Body, Client } from '../helpers/apiHarness.ts';
import { waitFor } from '../jobs/fixtures/waitFor.ts';
import { type Received, type Receiver, startReceiver } from './fixtures/receiver.ts';
import { startWebhookStack, type WebhookStack } from './fixtures/webhookStack.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Latency budget from an acknowledged write to the receiver (target ≤ ~2 s; slack for a shared CI box). */
const LATENCY_BUDGET_MS = 5_000;

interface Setup {
  project: ProjectFixture;
  admin: UserRow;
  client: Client;
  webhook: { id: string; secret_key: string };
  base: string;
}

async function setUp(stack: WebhookStack, receiver: Receiver, toggles: Record<string, boolean>): Promise<Setup> {
  const project = await buildProject(stack.h.db);
  const admin = project.creator;
  const client = await stack.h.as(admin.id);
  const res = await client.post<{ id: string; secret_key: string }>(`/api/workspaces/${project.workspace.slug}/webhooks`, {
    url: receiver.url,
    ...toggles,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { project, admin, client, webhook: res.body, base: `/api/workspaces/${project.workspace.slug}/projects/${project.id}` };
}

const byEvent =
  (event: string, action: string, objectId?: string) =>
  (r: Received): boolean =>
    r.body.event === event && r.body.action === action && (!objectId || (r.body.data as Body | undefined)?.id === objectId);

function assertSigned(r: Received, secret: string, event: string): void {
  assert.equal(r.method, 'POST');
  assert.equal(r.headers['content-type'], 'application/json');
  assert.equal(r.headers['user-agent'], 'Autopilot');
  assert.equal(r.headers['x-plane-event'], event);
  assert.match(String(r.headers['x-plane-delivery']), UUID);
  const expected = createHmac('sha256', secret).update(r.raw).digest('hex');
  assert.equal(r.headers['x-plane-signature'], expected, 'HMAC-SHA256 of the raw body with the secret');
  assert.notEqual(createHmac('sha256', 'not-the-secret').update(r.raw).digest('hex'), r.headers['x-plane-signature']);
}

describe('webhook deliveries', () => {
  let stack: WebhookStack;
  let receiver: Receiver;
  let s: Setup;

  before(async () => {
    stack = await startWebhookStack();
    receiver = await startReceiver(200);
    s = await setUp(stack, receiver, { project: true, issue: true, issue_comment: true });
  });
  after(async () => {
    await receiver?.close();
    await stack?.close();
  });

  it('work item create, update and delete each arrive signed, with the v1 object and the activity', async () => {
    const started = Date.now();
    const created = await s.client.post<Body>(`${s.base}/issues`, { name: 'Webhook me', priority: 'low' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const issueId = String(created.body.id);
    const [create] = await receiver.waitForCount(1, byEvent('issue', 'create', issueId));
    assert.ok(create);
    const latency = create.at - started;
    assert.ok(latency < LATENCY_BUDGET_MS, `delivered ${latency} ms after the write`);
    assertSigned(create, s.webhook.secret_key, 'issue');
    assert.equal(create.body.webhook_id, s.webhook.id);
    assert.equal(create.body.workspace_id, s.project.workspace_id);
    const data = create.body.data as Body;
    assert.equal(data.name, 'Webhook me');
    assert.equal(data.priority, 'low');
    assert.equal(data.project, s.project.id);
    assert.equal(data.workspace, s.project.workspace_id);
    assert.equal(data.sequence_id, created.body.sequence_id);
    const createActivity = create.body.activity as Body;
    assert.equal(createActivity.field, null);
    assert.equal((createActivity.actor as Body).id, s.admin.id);

    const patched = await s.client.patch(`${s.base}/issues/${issueId}`, { priority: 'high' });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    const [update] = await receiver.waitForCount(1, byEvent('issue', 'update', issueId));
    assert.ok(update);
    assertSigned(update, s.webhook.secret_key, 'issue');
    assert.equal((update.body.data as Body).priority, 'high');
    assert.deepEqual(
      { ...(update.body.activity as Body), actor: ((update.body.activity as Body).actor as Body).id },
      { field: 'priority', old_value: 'low', new_value: 'high', actor: s.admin.id },
    );
    assert.notEqual(update.headers['x-plane-delivery'], create.headers['x-plane-delivery'], 'one delivery id per delivery');

    const deleted = await s.client.delete(`${s.base}/issues/${issueId}`);
    assert.equal(deleted.status, 204);
    const [remove] = await receiver.waitForCount(1, byEvent('issue', 'delete', issueId));
    assert.ok(remove);
    assertSigned(remove, s.webhook.secret_key, 'issue');
    assert.deepEqual(remove.body.data, { id: issueId });
    // Nothing else was announced for the item (no bookkeeping columns, no echo of derived ones).
    assert.deepEqual(
      receiver.received
        .filter((r) => (r.body.data as Body).id === issueId)
        .map((r) => `${r.body.action}:${(r.body.activity as Body).field ?? ''}`)
        .sort(),
      ['create:', 'delete:', 'update:priority'],
    );

    // Every attempt is logged, with what was sent and never the secret.
    const { rows } = await stack.h.db.query<{ attempt: number; response_status: number; request_body: string; request_headers: object }>(
      'SELECT attempt, response_status, request_body, request_headers FROM webhook_logs WHERE webhook_id = $1 AND delivery_id = $2',
      [s.webhook.id, update.headers['x-plane-delivery']],
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.attempt, 1);
    assert.equal(rows[0]?.response_status, 200);
    assert.equal(rows[0]?.request_body, update.raw);
    const { rows: leaks } = await stack.h.db.query('SELECT 1 FROM webhook_logs t WHERE strpos(t::text, $1) > 0', [s.webhook.secret_key]);
    assert.equal(leaks.length, 0, 'the secret appears in no log row');
  });

  it('a PATCH of two fields sends one delivery per field', async () => {
    const created = await s.client.post<Body>(`${s.base}/issues`, { name: 'Two fields' });
    const issueId = String(created.body.id);
    await s.client.patch(`${s.base}/issues/${issueId}`, { name: 'Two fields, renamed', priority: 'urgent' });
    const updates = await receiver.waitForCount(2, byEvent('issue', 'update', issueId));
    const fields = updates.map((u) => (u.body.activity as Body).field).sort();
    assert.deepEqual(fields, ['name', 'priority']);
    const rename = updates.find((u) => (u.body.activity as Body).field === 'name')?.body.activity as Body | undefined;
    assert.equal(rename?.old_value, 'Two fields');
    assert.equal(rename?.new_value, 'Two fields, renamed');
  });

  it('comments and project changes arrive as issue_comment and project events', async () => {
    const created = await s.client.post<Body>(`${s.base}/issues`, { name: 'Commented' });
    const issueId = String(created.body.id);
    const comment = await s.client.post<Body>(`${s.base}/issues/${issueId}/comments`, { comment_html: '<p>first!</p>' });
    assert.equal(comment.status, 201, JSON.stringify(comment.body));
    const [commented] = await receiver.waitForCount(1, byEvent('issue_comment', 'create', String(comment.body.id)));
    assert.ok(commented);
    assertSigned(commented, s.webhook.secret_key, 'issue_comment');
    const data = commented.body.data as Body;
    assert.equal(data.issue, issueId);
    assert.match(String(data.comment_html), /first!/);
    assert.equal(data.project, s.project.id);

    // A new project is one create, though its creation also writes its default state into the row.
    const made = await s.client.post<Body>(`/api/workspaces/${s.project.workspace.slug}/projects`, {
      name: 'Hooked',
      identifier: 'HOOKED',
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const [madeEvent] = await receiver.waitForCount(1, byEvent('project', 'create', String(made.body.id)));
    assertSigned(madeEvent as Received, s.webhook.secret_key, 'project');
    assert.equal(((madeEvent as Received).body.data as Body).identifier, 'HOOKED');

    const renamed = await s.client.patch(s.base, { name: 'Renamed by webhook test' });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    const [project] = await receiver.waitForCount(1, byEvent('project', 'update', s.project.id));
    assert.ok(project);
    assertSigned(project, s.webhook.secret_key, 'project');
    assert.equal((project.body.data as Body).name, 'Renamed by webhook test');
    assert.equal((project.body.activity as Body).field, 'name');
    assert.equal((project.body.activity as Body).old_value, s.project.name);
    assert.deepEqual(
      receiver.received.filter((r) => (r.body.data as Body).id === made.body.id).map((r) => r.body.action),
      ['create'],
    );
  });

  it('cycles and modules arrive as cycle and module events', async () => {
    const other = await startReceiver(200);
    try {
      const t = await setUp(stack, other, { cycle: true, module: true });
      const cycle = await t.client.post<Body>(`${t.base}/cycles`, { name: 'Sprint 1', start_date: '2030-01-01', end_date: '2030-01-14' });
      assert.equal(cycle.status, 201, JSON.stringify(cycle.body));
      const cycleId = String(cycle.body.id);
      const [created] = await other.waitForCount(1, byEvent('cycle', 'create', cycleId));
      assert.ok(created);
      assertSigned(created, t.webhook.secret_key, 'cycle');
      assert.equal((created.body.data as Body).name, 'Sprint 1');
      assert.equal((created.body.data as Body).project, t.project.id);
      assert.equal((await t.client.patch(`${t.base}/cycles/${cycleId}`, { name: 'Sprint one' })).status, 200);
      const [renamed] = await other.waitForCount(1, byEvent('cycle', 'update', cycleId));
      const renameActivity = renamed?.body.activity as Body | undefined;
      assert.equal(renameActivity?.field, 'name');
      assert.equal(renameActivity?.new_value, 'Sprint one');
      assert.equal((await t.client.delete(`${t.base}/cycles/${cycleId}`)).status, 204);
      const [gone] = await other.waitForCount(1, byEvent('cycle', 'delete', cycleId));
      assert.deepEqual(gone?.body.data, { id: cycleId });

      const module = await t.client.post<Body>(`${t.base}/modules`, { name: 'Billing' });
      assert.equal(module.status, 201, JSON.stringify(module.body));
      const [moduleCreated] = await other.waitForCount(1, byEvent('module', 'create', String(module.body.id)));
      assert.ok(moduleCreated);
      assertSigned(moduleCreated, t.webhook.secret_key, 'module');
      assert.equal((moduleCreated.body.data as Body).name, 'Billing');
    } finally {
      await other.close();
    }
  });

  it('toggles are respected: issue off → no issue deliveries (and no outbox rows), comments still arrive', async () => {
    const other = await startReceiver(200);
    try {
      const t = await setUp(stack, other, { issue: false, issue_comment: true });
      const created = await t.client.post<Body>(`${t.base}/issues`, { name: 'Not announced' });
      const issueId = String(created.body.id);
      await t.client.patch(`${t.base}/issues/${issueId}`, { priority: 'high' });
      const comment = await t.client.post<Body>(`${t.base}/issues/${issueId}/comments`, { comment_html: '<p>announced</p>' });
      // The comment was written after the item: once it has arrived, an item delivery would have too.
      await other.waitForCount(1, byEvent('issue_comment', 'create', String(comment.body.id)));
      await stack.dispatcher.sweep();
      assert.deepEqual(
        other.received.filter((r) => r.body.event === 'issue'),
        [],
      );
      assert.equal(
        receiver.received.filter((r) => r.body.workspace_id === t.project.workspace_id).length,
        0,
        'no cross-workspace delivery',
      );
    } finally {
      await other.close();
    }
  });

  it('the capture trigger writes outbox rows only for a workspace with an active webhook listening to that event', async () => {
    const quiet = await buildProject(stack.h.db);
    const client = await stack.h.db.connect();
    const outboxRowsAfterInsert = async (project: ProjectFixture): Promise<number> => {
      await client.query('BEGIN');
      try {
        await client.query(`INSERT INTO issues (workspace_id, project_id, sequence_id, name) VALUES ($1, $2, 999999, 'x')`, [
          project.workspace_id,
          project.id,
        ]);
        // Uncommitted: the dispatcher cannot have taken the row away yet.
        const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_events WHERE workspace_id = $1', [
          project.workspace_id,
        ]);
        return rows[0]?.n ?? -1;
      } finally {
        await client.query('ROLLBACK');
      }
    };
    try {
      assert.equal(await outboxRowsAfterInsert(quiet), 0, 'no webhook: nothing captured');
      assert.equal(await outboxRowsAfterInsert(s.project), 1, 'listening webhook: captured');
      await s.client.patch(`/api/workspaces/${s.project.workspace.slug}/webhooks/${s.webhook.id}`, { is_active: false });
      assert.equal(await outboxRowsAfterInsert(s.project), 0, 'inactive webhook: nothing captured');
      await s.client.patch(`/api/workspaces/${s.project.workspace.slug}/webhooks/${s.webhook.id}`, { is_active: true, issue: false });
      assert.equal(await outboxRowsAfterInsert(s.project), 0, 'issue toggle off: nothing captured');
      await s.client.patch(`/api/workspaces/${s.project.workspace.slug}/webhooks/${s.webhook.id}`, { issue: true });
    } finally {
      client.release();
    }
  });

  it('at delivery time a private target is refused (and logged) once private targets are no longer allowed', async () => {
    await setPrivateTargetsSetting(stack.h.db, false);
    try {
      const before = receiver.received.length;
      const created = await s.client.post<Body>(`${s.base}/issues`, { name: 'Refused at delivery' });
      const issueId = String(created.body.id);
      const log = await waitFor('the refusal in webhook_logs', async () => {
        const { rows } = await stack.h.db.query<{ error: string | null; response_status: number | null; request_body: string }>(
          `SELECT error, response_status, request_body FROM webhook_logs WHERE webhook_id = $1 AND request_body LIKE '%' || $2 || '%'`,
          [s.webhook.id, issueId],
        );
        return rows[0];
      });
      assert.match(String(log.error), /^refused: .*127\.0\.0\.1/);
      assert.equal(log.response_status, null);
      await stack.dispatcher.sweep();
      assert.equal(
        receiver.received.slice(before).filter((r) => (r.body.data as Body | undefined)?.id === issueId).length,
        0,
        'nothing reached the receiver',
      );
    } finally {
      await setPrivateTargetsSetting(stack.h.db, true);
    }
  });
});
