// The live server's extension contract (Hocuspocus-style hooks): each extension handles one concern
// (auth, persistence, lifecycle, limits, logging); collaboration.ts composes them in order.
import type { IncomingMessage } from 'node:http';
import type { Backend, ConnectionMode, TerminationReason } from './backendsRepository.ts';
import type { Connection, Room } from './room.ts';

/** Who is connecting to which backend; produced by an onAuthenticate hook. */
export interface Session {
  backend: Backend;
  mode: ConnectionMode;
  userId: string | null;
  /** Hex SHA-256 of the connection token (lets revocation find the socket). */
  tokenHash: string;
}

/** Thrown by a hook to refuse an upgrade (HTTP status) or to close a socket (WebSocket close code). */
export class Refusal extends Error {
  readonly status: number;
  readonly closeCode: number;
  constructor(status: number, message: string, closeCode = 1008) {
    super(message);
    this.status = status;
    this.closeCode = closeCode;
  }
}

export interface UnloadOptions {
  /** Close sockets at once and skip waiting on anything but the final save. */
  hard?: boolean;
  /** Skip the final save (the room has been fenced: a newer backend owns the document). */
  skipStore?: boolean;
}

/** What extensions may ask of the server. */
export interface LiveHost {
  /** Loads the backend's room now (jamsocket: the drone starts the backend). */
  spawn(backendId: string): Promise<void>;
  unload(backendId: string, reason: TerminationReason, options?: UnloadOptions): Promise<void>;
  rooms(): Iterable<Room>;
}

export interface LiveExtension {
  readonly name: string;
  /** ws `maxPayload` this extension needs enforced (the smallest one wins). */
  readonly maxPayloadBytes?: number;
  /** Once, before listening. */
  onConfigure?(host: LiveHost): void;
  /** Before the upgrade. Return a session to accept (first one wins) or throw a Refusal. */
  onAuthenticate?(request: IncomingMessage, token: string): Promise<Session | undefined>;
  /** Before the upgrade, once the room is ready; throw a Refusal to refuse. */
  onBeforeConnect?(room: Room, session: Session): void;
  /** Room creation: fill room.doc (in extension order). */
  onLoadDocument?(room: Room): Promise<void>;
  /** The room is loaded and about to accept connections. */
  onRoomReady?(room: Room): Promise<void>;
  onConnect?(room: Room, connection: Connection): void;
  /** Each incoming frame; throw a Refusal to close the offender. */
  onMessage?(connection: Connection, bytes: number): void;
  /** A document update from a full-access connection (already applied and broadcast). */
  onChange?(room: Room, update: Uint8Array, origin: Connection): void;
  onDisconnect?(room: Room, connection: Connection): void;
  /** Unloading starts: no new connections from here on. */
  onBeforeUnload?(room: Room, reason: TerminationReason, options: UnloadOptions): Promise<void>;
  /** The final save; awaited before the room is gone. */
  onStoreDocument?(room: Room): Promise<void>;
  onAfterUnload?(room: Room, reason: TerminationReason): Promise<void>;
  /** An upgrade was refused (for logging). */
  onRefused?(request: IncomingMessage, refusal: Refusal): void;
  /** Server shutdown, after every room is unloaded. */
  onDestroy?(): Promise<void>;
}
