// The live role end to end: `node server/live/main.ts` as a real child process, the api's /ctrl and
// /pub routes in-process, real Postgres, real WebSocket clients speaking the y-websocket protocol.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as Y from 'yjs';
import { loadDocument } from '../../server/live/documentsRepository.ts';
import { type LiveHarness, startLiveChild, startLiveHarness, stopLiveChild } from './liveHarness.ts';
import { connectClient, RefusedError, waitFor } from './yClient.ts';

describe('live server', () => {
  let h: LiveHarness;

  before(async () => {
    h = await startLiveHarness();
  });
  after(async () => {
    await h?.stop();
  });

  async function statusOf(backendId: string): Promise<{ status: string; reason: string | null; generation: number }> {
    const { json } = await h.ctrlRequest('GET', `/ctrl/b/${backendId}/status`);
    return json as unknown as { status: string; reason: string | null; generation: number };
  }

  async function storedText(key: string): Promise<string> {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (await loadDocument(h.db, key)).state);
    return doc.getText('body').toString();
  }

  async function refusedStatus(url: string): Promise<number> {
    try {
      const client = await connectClient(url);
      await client.close();
      return 101;
    } catch (error) {
      if (error instanceof RefusedError) return error.status;
      throw error;
    }
  }

  test('two clients converge, share awareness, and a later client loads the saved document', async () => {
    const first = await h.connect({ key: 'page-converge', max_idle_seconds: 1 });
    const second = await h.connect({ key: 'page-converge', auth: { mode: 'full', user_id: 'u2' } });
    assert.equal(first.spawned, true);
    assert.equal(second.spawned, false);
    assert.equal(second.backend_id, first.backend_id);
    assert.match(first.url, /^ws:\/\/127\.0\.0\.1:\d+\/live\/s\/[A-Za-z0-9_-]{43}$/);
    assert.equal(new URL(first.status_url).pathname, `/pub/b/${first.backend_id}/status`);

    const a = await connectClient(first.url);
    const b = await connectClient(second.url);
    await Promise.all([a.synced, b.synced]);
    a.doc.getText('body').insert(0, 'hello');
    await waitFor(() => b.text() === 'hello', 'b to see a');
    b.doc.getText('body').insert(5, ' world');
    await waitFor(() => a.text() === 'hello world', 'a to see b');
    a.awareness.setLocalState({ user: { name: 'Ada' }, cursor: 3 });
    await waitFor(() => [...b.awareness.getStates().values()].some((s) => s.user?.name === 'Ada'), 'awareness to reach b');
    assert.equal((await statusOf(first.backend_id)).status, 'ready');

    await Promise.all([a.close(), b.close()]);
    // No connections for max_idle_seconds → swept; the final save is awaited before `terminated`.
    await waitFor(async () => (await statusOf(first.backend_id)).status === 'terminated', 'idle sweep', 8_000);
    assert.equal((await statusOf(first.backend_id)).reason, 'swept');
    assert.equal(await storedText('page-converge'), 'hello world');

    const third = await h.connect({ key: 'page-converge' });
    assert.equal(third.spawned, true);
    assert.notEqual(third.backend_id, first.backend_id);
    assert.equal((await statusOf(third.backend_id)).generation, (await statusOf(first.backend_id)).generation + 1);
    const c = await connectClient(third.url);
    await c.synced;
    assert.equal(c.text(), 'hello world');
    await c.close();
    await h.ctrlRequest('POST', `/ctrl/b/${third.backend_id}/terminate`, {});
  });

  test('unknown, expired and revoked tokens are refused before the upgrade', async () => {
    const base = `ws://127.0.0.1:${h.livePort}`;
    assert.equal(await refusedStatus(`${base}/live/s/${'x'.repeat(43)}`), 404);
    assert.equal(await refusedStatus(`${base}/live/s/short`), 404);
    assert.equal(await refusedStatus(`${base}/elsewhere`), 404);

    const expired = await h.connect({ key: 'page-tokens' });
    await h.db.query(`UPDATE live_tokens SET expires_at = now() - interval '1 second' WHERE backend_id = $1`, [expired.backend_id]);
    assert.equal(await refusedStatus(expired.url), 410);

    // Revoking all of a backend's tokens refuses new sockets and closes open ones.
    const open = await h.connect({ key: 'page-tokens' });
    const client = await connectClient(open.url);
    await client.synced;
    const revoked = await h.ctrlRequest('POST', `/ctrl/b/${open.backend_id}/revoke-tokens`);
    assert.equal(revoked.statusCode, 200);
    assert.equal((await client.closed).code, 4403);
    assert.equal(await refusedStatus(open.url), 410);

    // One token, revoked through its secret_token.
    const single = await h.connect({ key: 'page-tokens' });
    const other = await h.connect({ key: 'page-tokens' });
    const keep = await connectClient(other.url);
    const drop = await connectClient(single.url);
    await Promise.all([keep.synced, drop.synced]);
    assert.equal((await h.ctrlRequest('POST', '/ctrl/tokens/revoke', { token: single.secret_token })).statusCode, 200);
    assert.equal((await drop.closed).code, 4403);
    assert.equal(await refusedStatus(single.url), 410);
    assert.equal(keep.ws.readyState, keep.ws.OPEN, 'other tokens stay valid');
    await keep.close();
    assert.equal((await h.ctrlRequest('POST', '/ctrl/tokens/revoke', { token: 'nope-'.repeat(9) })).statusCode, 404);

    // A browser page from another origin cannot use a leaked token.
    const cross = await h.connect({ key: 'page-tokens' });
    await assert.rejects(
      connectClient(cross.url, { Origin: 'http://evil.example' }),
      (e: unknown) => e instanceof RefusedError && e.status === 403,
    );
    await h.ctrlRequest('POST', `/ctrl/b/${cross.backend_id}/terminate`, {});
  });

  test('a read-only client receives edits but its own edits neither spread nor persist', async () => {
    const full = await h.connect({ key: 'page-ro', max_idle_seconds: 1 });
    const ro = await h.connect({ key: 'page-ro', auth: { mode: 'read-only', user_id: 'viewer' } });
    const writer = await connectClient(full.url);
    const reader = await connectClient(ro.url);
    await Promise.all([writer.synced, reader.synced]);
    reader.doc.getText('body').insert(0, 'VANDAL ');
    writer.doc.getText('body').insert(0, 'ok');
    await waitFor(() => reader.text().includes('ok'), 'reader to receive the writer');
    // The writer's later edit arriving proves the reader's earlier one had its chance to travel.
    writer.doc.getText('body').insert(2, '!');
    await waitFor(() => reader.text().includes('ok!'), 'second edit');
    assert.equal(writer.text(), 'ok!');
    // Awareness (presence) from read-only viewers is still shared.
    reader.awareness.setLocalState({ user: { name: 'Viewer' } });
    await waitFor(() => [...writer.awareness.getStates().values()].some((s) => s.user?.name === 'Viewer'), 'viewer presence');
    await Promise.all([writer.close(), reader.close()]);
    await waitFor(async () => (await statusOf(full.backend_id)).status === 'terminated', 'idle sweep', 8_000);
    assert.equal(await storedText('page-ro'), 'ok!');
  });

  test('connect by key: same backend while live, a new one after terminate', async () => {
    const first = await h.connect({ key: 'page-terminate' });
    const again = await h.connect({ key: 'page-terminate' });
    assert.equal(again.backend_id, first.backend_id);
    assert.equal(again.spawned, false);
    const client = await connectClient(first.url);
    await client.synced;
    client.doc.getText('body').insert(0, 'saved on terminate');

    const terminated = await h.ctrlRequest('POST', `/ctrl/b/${first.backend_id}/terminate`);
    assert.equal(terminated.statusCode, 200);
    assert.match(String(terminated.json.status), /terminat/);
    assert.equal((await client.closed).code, 1001);
    await waitFor(async () => (await statusOf(first.backend_id)).status === 'terminated', 'termination');
    assert.equal((await statusOf(first.backend_id)).reason, 'external');
    assert.equal(await refusedStatus(first.url), 410);

    const next = await h.connect({ key: 'page-terminate' });
    assert.equal(next.spawned, true);
    assert.notEqual(next.backend_id, first.backend_id);
    const reader = await connectClient(next.url);
    await reader.synced;
    assert.equal(reader.text(), 'saved on terminate');
    await reader.close();
    await h.ctrlRequest('POST', `/ctrl/b/${next.backend_id}/terminate`, { hard: true });
    await waitFor(async () => (await statusOf(next.backend_id)).status === 'terminated', 'hard termination');
    assert.equal((await h.ctrlRequest('GET', '/ctrl/b/nope/status')).statusCode, 404);
  });

  test('/pub status: JSON with stream=false, and an SSE stream of every status in order', async () => {
    const { backend_id, status_url } = await h.connect({ key: 'page-status', max_idle_seconds: 1 });
    const path = new URL(status_url).pathname;
    const stream = await fetch(`${h.pubOrigin}${path}`);
    assert.equal(stream.status, 200);
    assert.match(stream.headers.get('content-type') ?? '', /text\/event-stream/);
    const current = await fetch(`${h.pubOrigin}${path}?stream=false`);
    const body = (await current.json()) as Record<string, unknown>;
    assert.equal(body.backend_id, backend_id);
    assert.equal(typeof body.status, 'string');
    assert.equal(body.key, undefined, 'the public status hides the key');
    // Nobody connects: the room is loaded, idles out, and the stream ends after `terminated`.
    const text = await stream.text();
    const statuses = [...text.matchAll(/^data: (.*)$/gm)].map((m) => (JSON.parse(m[1] ?? '{}') as { status: string }).status);
    assert.deepEqual(statuses, ['scheduled', 'loading', 'starting', 'waiting', 'ready', 'terminating', 'terminated']);
    // Replay after Last-Event-ID.
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    const replay = await fetch(`${h.pubOrigin}${path}`, { headers: { 'Last-Event-ID': String(ids[4]) } });
    assert.equal([...(await replay.text()).matchAll(/^data: /gm)].length, 2);
    assert.equal((await fetch(`${h.pubOrigin}/pub/b/unknown/status?stream=false`)).status, 404);
  });

  test('a fenced room (a newer generation owns the key) stops writing and unloads', async () => {
    const { backend_id, url } = await h.connect({ key: 'page-fenced' });
    const client = await connectClient(url);
    await client.synced;
    client.doc.getText('body').insert(0, 'before ');
    await waitFor(async () => (await storedText('page-fenced')) === 'before ', 'first edit stored');
    // What a newer backend for the key does when it is created: bump the generation.
    await h.db.query(`UPDATE live_documents SET generation = generation + 1 WHERE key = 'page-fenced'`);
    client.doc.getText('body').insert(7, 'stale');
    assert.equal((await client.closed).code, 1001);
    await waitFor(async () => (await statusOf(backend_id)).status === 'terminated', 'fenced unload');
    assert.equal((await statusOf(backend_id)).reason, 'lost');
    assert.equal(await storedText('page-fenced'), 'before ');
  });

  test('an oversized message closes the offender; the room carries on', async () => {
    const { url, backend_id } = await h.connect({ key: 'page-big' });
    const other = await h.connect({ key: 'page-big' });
    const client = await connectClient(url);
    const bystander = await connectClient(other.url);
    await Promise.all([client.synced, bystander.synced]);
    client.ws.send(Buffer.alloc(10 * 1024 * 1024 + 1));
    // ws fails the connection with 1009 on its side and drops the socket without a closing handshake.
    assert.ok([1006, 1009].includes((await client.closed).code));
    bystander.doc.getText('body').insert(0, 'still here');
    await waitFor(async () => (await storedText('page-big')) === 'still here', 'bystander edit stored');
    assert.equal((await statusOf(backend_id)).status, 'ready');
    await bystander.close();
    await h.ctrlRequest('POST', `/ctrl/b/${backend_id}/terminate`, {});
  });

  test('after a crash, the restarted live process takes over: old backends lost, content kept', async () => {
    const crashed = await h.connect({ key: 'page-crash', max_idle_seconds: 600 });
    const client = await connectClient(crashed.url);
    await client.synced;
    client.doc.getText('body').insert(0, 'survives a crash');
    await waitFor(async () => (await storedText('page-crash')) === 'survives a crash', 'edit stored');
    const exited = new Promise((r) => h.live.once('exit', r));
    h.live.kill('SIGKILL');
    await exited;
    await client.closed;
    // The supervisor restarts the role on the same port; the new drone sees its predecessor is dead.
    const restarted = await startLiveChild(h.databaseUrl, h.dataDir, h.livePort);
    h.live = restarted.child;
    await waitFor(async () => (await statusOf(crashed.backend_id)).status === 'terminated', 'old backend swept');
    assert.equal((await statusOf(crashed.backend_id)).reason, 'lost');
    assert.equal(await refusedStatus(crashed.url), 410);
    const next = await h.connect({ key: 'page-crash' });
    assert.equal(next.spawned, true);
    const reader = await connectClient(next.url);
    await reader.synced;
    assert.equal(reader.text(), 'survives a crash');
    await reader.close();
    await h.ctrlRequest('POST', `/ctrl/b/${next.backend_id}/terminate`, {});
  });

  test('graceful shutdown flushes rooms, marks backends terminated and stops the drone', async () => {
    const { url, backend_id } = await h.connect({ key: 'page-shutdown', max_idle_seconds: 600 });
    const client = await connectClient(url);
    await client.synced;
    // Within the persistence batch window: only the shutdown's final save can store it.
    client.doc.getText('body').insert(0, 'flushed at shutdown');
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(await stopLiveChild(h.live), 0);
    assert.equal((await client.closed).code, 1001);
    const status = await statusOf(backend_id);
    assert.equal(status.status, 'terminated');
    assert.equal(status.reason, 'external');
    assert.equal(await storedText('page-shutdown'), 'flushed at shutdown');
    const { rows } = await h.db.query<{ stopped: boolean }>('SELECT stopped_at IS NOT NULL AS stopped FROM drones');
    assert.ok(rows.every((r) => r.stopped));
    await assert.rejects(h.connect({ key: 'page-shutdown' }), /503/);
  });
});
