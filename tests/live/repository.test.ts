// Live-server state in real Postgres, without a live process: forward-only status, the key lock,
// drone sweeps, fencing and the empty-document guard.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as Y from 'yjs';
import { createPool, type Pool } from '../../server/db/pool.ts';
import {
  advanceBackend,
  connectBackend,
  getBackend,
  NoDroneError,
  registerDrone,
  statusEventsSince,
  sweepBackends,
} from '../../server/live/backendsRepository.ts';
import {
  appendUpdate,
  compactDocument,
  EmptyOverwriteError,
  FencedError,
  isEmptyUpdate,
  loadDocument,
  replaceSnapshot,
} from '../../server/live/documentsRepository.ts';
import { startTestPostgres, type TestPostgres } from '../helpers/testPostgres.ts';

function textUpdate(text: string, base?: Uint8Array): Uint8Array {
  const doc = new Y.Doc();
  if (base) Y.applyUpdate(doc, base);
  doc.getText('body').insert(doc.getText('body').length, text);
  return Y.encodeStateAsUpdate(doc);
}

function textOf(state: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc.getText('body').toString();
}

describe('live backends and documents in Postgres', () => {
  let pg: TestPostgres;
  let db: Pool;

  before(async () => {
    pg = await startTestPostgres();
    db = createPool(await pg.createDatabase({ migrate: true }), 4);
  });
  after(async () => {
    await db?.end();
    await pg?.stop();
  });

  test('connect needs a live drone; the same key reuses its backend', async () => {
    await assert.rejects(connectBackend(db, { key: 'no-drone', mode: 'full' }), NoDroneError);
    await registerDrone(db, 1);
    const first = await connectBackend(db, { key: 'doc-a', mode: 'full', maxIdleSeconds: 5 });
    const second = await connectBackend(db, { key: 'doc-a', mode: 'read-only' });
    assert.equal(first.spawned, true);
    assert.equal(second.spawned, false);
    assert.equal(second.backend.id, first.backend.id);
    assert.notEqual(second.token, first.token);
    assert.ok(first.token.length >= 43, 'tokens carry at least 128 random bits');
    const { rows } = await db.query('SELECT token_hash FROM live_tokens WHERE token_hash = $1::bytea', [Buffer.from(first.token)]);
    assert.equal(rows.length, 0, 'tokens are stored hashed, never as given');
  });

  test('one non-terminated backend per key is enforced by the database', async () => {
    const { backend } = await connectBackend(db, { key: 'doc-unique', mode: 'full' });
    await assert.rejects(
      db.query(`INSERT INTO live_backends (id, key, generation, drone_id) VALUES ('dup', 'doc-unique', 99, $1)`, [backend.droneId]),
      /live_backends_key_live_idx/,
    );
  });

  test('status only moves forward, and every change is an event', async () => {
    const { backend } = await connectBackend(db, { key: 'doc-status', mode: 'full' });
    assert.equal(await advanceBackend(db, backend.id, 'ready'), true);
    assert.equal(await advanceBackend(db, backend.id, 'loading'), false, 'a backward move is skipped');
    await assert.rejects(db.query(`UPDATE live_backends SET status = 'starting' WHERE id = $1`, [backend.id]), /cannot move back/);
    assert.equal(await advanceBackend(db, backend.id, 'terminated', 'external'), true);
    assert.equal(await advanceBackend(db, backend.id, 'terminated', 'swept'), false);
    const stored = await getBackend(db, backend.id);
    assert.equal(stored?.status, 'terminated');
    assert.equal(stored?.reason, 'external', 'the first termination reason is kept');
    await assert.rejects(db.query(`UPDATE live_backends SET status = 'ready' WHERE id = $1`, [backend.id]), /cannot move back/);
    const events = await statusEventsSince(db, backend.id, 0);
    assert.deepEqual(
      events.map((e) => e.status),
      ['scheduled', 'ready', 'terminated'],
    );
  });

  test('a new backend for a key gets a higher generation', async () => {
    const first = await connectBackend(db, { key: 'doc-gen', mode: 'full' });
    await advanceBackend(db, first.backend.id, 'terminated', 'external');
    const second = await connectBackend(db, { key: 'doc-gen', mode: 'full' });
    assert.equal(second.spawned, true);
    assert.notEqual(second.backend.id, first.backend.id);
    assert.equal(second.backend.generation, first.backend.generation + 1);
  });

  test('backends of a drone with a stale heartbeat are swept as lost', async () => {
    const staleDrone = await registerDrone(db, 2);
    await db.query(`UPDATE drones SET last_heartbeat_at = now() - interval '10 minutes' WHERE id <> $1`, [staleDrone]);
    const { backend } = await connectBackend(db, { key: 'doc-lost', mode: 'full' });
    assert.equal(backend.droneId, staleDrone, 'only the live drone is picked');
    await db.query(`UPDATE drones SET last_heartbeat_at = now() - interval '10 minutes' WHERE id = $1`, [staleDrone]);
    const swept = await sweepBackends(db);
    assert.ok(swept.lost >= 1);
    const stored = await getBackend(db, backend.id);
    assert.equal(stored?.status, 'terminated');
    assert.equal(stored?.reason, 'lost');
    await assert.rejects(connectBackend(db, { key: 'doc-lost', mode: 'full' }), NoDroneError);
    await registerDrone(db, 3);
  });

  test('a stale generation can never write, and newer state survives', async () => {
    const old = await connectBackend(db, { key: 'doc-fence', mode: 'full' });
    await appendUpdate(db, 'doc-fence', old.backend.generation, textUpdate('old '));
    await advanceBackend(db, old.backend.id, 'terminated', 'lost');
    const next = await connectBackend(db, { key: 'doc-fence', mode: 'full' });
    const loaded = await loadDocument(db, 'doc-fence');
    const newer = textUpdate('new', loaded.state);
    await appendUpdate(db, 'doc-fence', next.backend.generation, newer);
    await compactDocument(db, 'doc-fence', next.backend.generation, newer);

    await assert.rejects(appendUpdate(db, 'doc-fence', old.backend.generation, textUpdate('stale')), FencedError);
    await assert.rejects(compactDocument(db, 'doc-fence', old.backend.generation, textUpdate('stale')), FencedError);
    await assert.rejects(replaceSnapshot(db, 'doc-fence', old.backend.generation, textUpdate('stale')), FencedError);
    assert.equal(textOf((await loadDocument(db, 'doc-fence')).state), 'old new');
  });

  test('an empty document never overwrites non-empty content', async () => {
    const { backend } = await connectBackend(db, { key: 'doc-empty', mode: 'full' });
    const empty = Y.encodeStateAsUpdate(new Y.Doc());
    assert.equal(isEmptyUpdate(empty), true);
    await appendUpdate(db, 'doc-empty', backend.generation, textUpdate('keep me'));
    // Compaction with an empty room (e.g. a load that silently failed) merges, never replaces.
    await compactDocument(db, 'doc-empty', backend.generation, empty);
    assert.equal(textOf((await loadDocument(db, 'doc-empty')).state), 'keep me');
    // A straight replacement with an empty document is refused.
    await assert.rejects(replaceSnapshot(db, 'doc-empty', backend.generation, empty), EmptyOverwriteError);
    assert.equal(textOf((await loadDocument(db, 'doc-empty')).state), 'keep me');
    const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM live_document_updates WHERE key = 'doc-empty'`);
    assert.equal(Number(rows[0]?.n), 0, 'compaction folded the log into the snapshot');
  });
});
