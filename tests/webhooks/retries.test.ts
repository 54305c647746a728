// A receiver that fails: every attempt is retried with a growing delay (pg-boss exponential backoff
// from a 1 s base here, 10 s in production) under the same delivery id, every attempt is logged,
// and a delivery that finally succeeds is not sent again.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deadLetterQueueOf } from '../../server/jobs/task.ts';
import { buildProject } from '../factories/projects.ts';
import type { Body } from '../helpers/apiHarness.ts';
import { waitFor } from '../jobs/fixtures/waitFor.ts';
import { type Received, type Receiver, startReceiver } from './fixtures/receiver.ts';
import { startWebhookStack, type WebhookStack } from './fixtures/webhookStack.ts';

const BASE_DELAY_S = 1;
const RETRY_LIMIT = 3;

async function webhookedProject(stack: WebhookStack, receiver: Receiver) {
  const project = await buildProject(stack.h.db);
  const client = await stack.h.as(project.creator.id);
  const hook = await client.post<{ id: string }>(`/api/workspaces/${project.workspace.slug}/webhooks`, { url: receiver.url, issue: true });
  assert.equal(hook.status, 201);
  return { project, client, webhookId: hook.body.id, base: `/api/workspaces/${project.workspace.slug}/projects/${project.id}` };
}

const itemCreate = (issueId: string) => (r: Received) => r.body.action === 'create' && (r.body.data as Body).id === issueId;

describe('webhook retries', () => {
  let stack: WebhookStack;

  before(async () => {
    stack = await startWebhookStack({ retry: { retryDelay: BASE_DELAY_S, retryLimit: RETRY_LIMIT, retryBackoff: true } });
  });
  after(() => stack?.close());

  it('a receiver answering 500 gets every attempt, with growing delays, each logged; then the job is dead-lettered', async () => {
    const receiver = await startReceiver(500);
    try {
      const { client, webhookId, base } = await webhookedProject(stack, receiver);
      const created = await client.post<Body>(`${base}/issues`, { name: 'Never accepted' });
      const issueId = String(created.body.id);
      const attempts = await receiver.waitForCount(RETRY_LIMIT + 1, itemCreate(issueId), 40_000);
      const deliveryIds = new Set(attempts.map((a) => a.headers['x-plane-delivery']));
      assert.equal(deliveryIds.size, 1, 'every attempt carries the same X-Plane-Delivery');
      const deliveryId = String(attempts[0]?.headers['x-plane-delivery']);
      assert.deepEqual(new Set(attempts.map((a) => a.raw)).size, 1, 'the same body each time');

      // Backoff: the n-th retry waits at least base × 2^n (pg-boss: base × 2^n × (1 + jitter)).
      const gaps = attempts.slice(1).map((a, i) => a.at - (attempts[i]?.at ?? 0));
      gaps.forEach((gap, n) => {
        assert.ok(gap >= BASE_DELAY_S * 1000 * 2 ** n - 50, `retry ${n + 1} came ${gap} ms after the previous attempt`);
      });
      assert.ok((gaps[2] ?? 0) > (gaps[0] ?? 0), `delays grow: ${gaps.join(', ')} ms`);

      const logs = await waitFor('all attempts logged', async () => {
        const { rows } = await stack.h.db.query<{ attempt: number; response_status: number; response_body: string; error: string | null }>(
          'SELECT attempt, response_status, response_body, error FROM webhook_logs WHERE webhook_id = $1 AND delivery_id = $2 ORDER BY attempt',
          [webhookId, deliveryId],
        );
        return rows.length === RETRY_LIMIT + 1 ? rows : undefined;
      });
      assert.deepEqual(
        logs.map((l) => [l.attempt, l.response_status, l.response_body]),
        [1, 2, 3, 4].map((n) => [n, 500, 'receiver says no']),
      );

      // Retries used up: the job sits in the dead-letter queue, and nothing more is sent.
      await waitFor('the dead letter', async () => {
        const [dead] = await stack.runner.boss.findJobs(deadLetterQueueOf('deliver-webhook'), { data: { deliveryId } });
        return dead;
      });
      const count = receiver.received.filter(itemCreate(issueId)).length;
      assert.equal(count, RETRY_LIMIT + 1);

      // The logs route shows the attempts, newest first.
      const project = await stack.h.db.query<{ slug: string }>(
        'SELECT w.slug FROM webhooks h JOIN workspaces w ON w.id = h.workspace_id WHERE h.id = $1',
        [webhookId],
      );
      const listed = await client.get<Array<Body>>(`/api/workspaces/${project.rows[0]?.slug}/webhooks/${webhookId}/logs`);
      assert.equal(listed.status, 200);
      const mine = listed.body.filter((l) => l.delivery_id === deliveryId);
      assert.deepEqual(
        mine.map((l) => l.attempt),
        [4, 3, 2, 1],
      );
      assert.equal(mine[0]?.response_status, 500);
    } finally {
      await receiver.close();
    }
  });

  it('a delivery that fails twice and then succeeds is sent three times, the last logged as 200', async () => {
    let calls = 0;
    const receiver = await startReceiver(() => (++calls <= 2 ? 503 : 204));
    try {
      const { client, webhookId, base } = await webhookedProject(stack, receiver);
      const created = await client.post<Body>(`${base}/issues`, { name: 'Eventually accepted' });
      const issueId = String(created.body.id);
      const attempts = await receiver.waitForCount(3, itemCreate(issueId), 20_000);
      const deliveryId = String(attempts[0]?.headers['x-plane-delivery']);
      const logs = await waitFor('three attempts logged', async () => {
        const { rows } = await stack.h.db.query<{ attempt: number; response_status: number }>(
          'SELECT attempt, response_status FROM webhook_logs WHERE webhook_id = $1 AND delivery_id = $2 ORDER BY attempt',
          [webhookId, deliveryId],
        );
        return rows.length === 3 ? rows : undefined;
      });
      assert.deepEqual(
        logs.map((l) => [l.attempt, l.response_status]),
        [
          [1, 503],
          [2, 503],
          [3, 204],
        ],
      );
      // Longer than the next backoff would be: no fourth attempt.
      await new Promise((resolve) => setTimeout(resolve, BASE_DELAY_S * 1000 * 2 ** 2 + 1_500));
      assert.equal(receiver.received.filter(itemCreate(issueId)).length, 3);
    } finally {
      await receiver.close();
    }
  });
});
