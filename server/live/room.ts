// One Yjs room per backend: the document, awareness, its sockets, and the y-websocket wire protocol
// (messageSync = 0, messageAwareness = 1, messageAuth = 2, messageQueryAwareness = 3).
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { Backend } from './backendsRepository.ts';
import type { Session } from './extension.ts';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;
let nextConnectionId = 1;

export class Connection {
  readonly id = nextConnectionId++;
  readonly ws: WebSocket;
  readonly session: Session;
  /** Awareness client ids this socket controls (removed when it closes). */
  readonly awarenessIds = new Set<number>();
  alive = true;

  constructor(ws: WebSocket, session: Session) {
    this.ws = ws;
    this.session = session;
  }

  get readOnly(): boolean {
    return this.session.mode === 'read-only';
  }

  send(message: Uint8Array): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    // A client that stopped reading must not grow the server's memory without bound; it resyncs on reconnect.
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.ws.terminate();
      return;
    }
    this.ws.send(message, (error) => {
      if (error) this.ws.terminate();
    });
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.close(code, reason);
  }
}

export type RoomState = 'loading' | 'ready' | 'unloading' | 'gone';

export class Room {
  readonly backend: Backend;
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness: awarenessProtocol.Awareness;
  readonly connections = new Set<Connection>();
  state: RoomState = 'loading';
  /** When the last socket left (or the room loaded with none); null while anyone is connected. */
  idleSince: number | null = Date.now();

  /** Set by the server: called for each update a full-access socket made. */
  onClientUpdate: (update: Uint8Array, origin: Connection) => void = () => undefined;

  constructor(backend: Backend) {
    this.backend = backend;
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    // The server is not a participant.
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      const message = encoding.createEncoder();
      encoding.writeVarUint(message, MESSAGE_SYNC);
      syncProtocol.writeUpdate(message, update);
      const bytes = encoding.toUint8Array(message);
      for (const connection of this.connections) if (connection !== origin) connection.send(bytes);
      if (origin instanceof Connection) this.onClientUpdate(update, origin);
    });
    this.awareness.on(
      'update',
      ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
        if (origin instanceof Connection) {
          for (const id of added) origin.awarenessIds.add(id);
          for (const id of removed) origin.awarenessIds.delete(id);
        }
        const changed = [...added, ...updated, ...removed];
        const message = encoding.createEncoder();
        encoding.writeVarUint(message, MESSAGE_AWARENESS);
        encoding.writeVarUint8Array(message, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
        const bytes = encoding.toUint8Array(message);
        for (const connection of this.connections) connection.send(bytes);
      },
    );
  }

  get key(): string {
    return this.backend.key;
  }

  /** Adds a socket and starts the sync handshake (server's step 1 + current awareness). */
  join(connection: Connection): void {
    this.connections.add(connection);
    this.idleSince = null;
    const sync = encoding.createEncoder();
    encoding.writeVarUint(sync, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(sync, this.doc);
    connection.send(encoding.toUint8Array(sync));
    const states = this.awareness.getStates();
    if (states.size > 0) connection.send(this.awarenessMessage([...states.keys()]));
  }

  leave(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    if (connection.awarenessIds.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...connection.awarenessIds], null);
    if (this.connections.size === 0) this.idleSince = Date.now();
  }

  /**
   * Handles one y-websocket frame. Read-only sockets may sync down and share awareness, but their
   * document updates (sync step 2 / update) are dropped. Throws on malformed input.
   */
  receive(connection: Connection, data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC: {
        const subtype = decoding.readVarUint(decoder);
        if (subtype === syncProtocol.messageYjsSyncStep1) {
          const reply = encoding.createEncoder();
          encoding.writeVarUint(reply, MESSAGE_SYNC);
          syncProtocol.readSyncStep1(decoder, reply, this.doc);
          connection.send(encoding.toUint8Array(reply));
        } else if (subtype === syncProtocol.messageYjsSyncStep2 || subtype === syncProtocol.messageYjsUpdate) {
          const update = decoding.readVarUint8Array(decoder);
          if (!connection.readOnly) Y.applyUpdate(this.doc, update, connection);
        } else {
          throw new Error(`unknown sync message ${subtype}`);
        }
        return;
      }
      case MESSAGE_AWARENESS:
        awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), connection);
        return;
      case MESSAGE_QUERY_AWARENESS:
        connection.send(this.awarenessMessage([...this.awareness.getStates().keys()]));
        return;
      case MESSAGE_AUTH:
        // Auth happens at the upgrade (tokenized URL); nothing to do in-band.
        return;
      default:
        throw new Error(`unknown message type ${type}`);
    }
  }

  private awarenessMessage(clients: number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    return encoding.toUint8Array(encoder);
  }

  destroy(): void {
    this.state = 'gone';
    this.awareness.destroy();
    this.doc.destroy();
  }
}
