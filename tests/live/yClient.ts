// A minimal y-websocket-compatible client for tests, written with y-protocols directly
// (messageSync = 0, messageAwareness = 1), plus small waiting helpers.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

export class RefusedError extends Error {
  readonly status: number;
  constructor(status: number) {
    super(`upgrade refused with HTTP ${status}`);
    this.status = status;
  }
}

export interface YClient {
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  ws: WebSocket;
  text(): string;
  /** Resolves once the server's sync step 2 arrived. */
  synced: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export function connectClient(url: string, headers: Record<string, string> = {}): Promise<YClient> {
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  const ws = new WebSocket(url, { headers });
  ws.binaryType = 'nodebuffer';
  let markSynced: () => void = () => undefined;
  const synced = new Promise<void>((resolve) => {
    markSynced = resolve;
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      // Awareness runs an interval; a socket the server closed must not keep the test process alive.
      awareness.destroy();
      resolve({ code, reason: reason.toString() });
    });
  });
  const send = (bytes: Uint8Array): void => {
    if (ws.readyState === WebSocket.OPEN) ws.send(bytes);
  };
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === ws) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    syncProtocol.writeUpdate(encoder, update);
    send(encoding.toUint8Array(encoder));
  });
  awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    if (origin === ws) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [...added, ...updated, ...removed]));
    send(encoding.toUint8Array(encoder));
  });
  ws.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    const type = decoding.readVarUint(decoder);
    if (type === 0) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      const subtype = syncProtocol.readSyncMessage(decoder, encoder, doc, ws);
      if (encoding.length(encoder) > 1) send(encoding.toUint8Array(encoder));
      if (subtype === syncProtocol.messageYjsSyncStep2) markSynced();
    } else if (type === 1) {
      awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), ws);
    }
  });
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (request, response) => {
      response.resume();
      request.destroy();
      awareness.destroy();
      reject(new RefusedError(response.statusCode ?? 0));
    });
    ws.once('error', (error) => {
      awareness.destroy();
      reject(error);
    });
    ws.once('open', () => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      syncProtocol.writeSyncStep1(encoder, doc);
      send(encoding.toUint8Array(encoder));
      resolve({
        doc,
        awareness,
        ws,
        synced,
        closed,
        text: () => doc.getText('body').toString(),
        async close() {
          if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close();
          await closed;
        },
      });
    });
  });
}

export async function waitFor<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 5_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
