// The live server core: an HTTP server that only upgrades `/live/s/<token>`, one Room per backend,
// the idle sweep, and ordered shutdown. Every policy (who may connect, where documents live, limits,
// status, logs) comes from the extensions it is given.
import { createServer, type IncomingMessage, type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { TerminationReason } from './backendsRepository.ts';
import { type LiveExtension, type LiveHost, Refusal, type Session, type UnloadOptions } from './extension.ts';
import { Connection, Room } from './room.ts';

const TOKEN_PATH = /^\/live\/s\/([^/?#]+)\/?(?:\?.*)?$/;
const DEFAULT_MAX_PAYLOAD = 64 * 1024 * 1024;

export interface LiveServerOptions {
  extensions: LiveExtension[];
  /** Resolves a backend id to a room to load (used by spawn). */
  loadBackend: (backendId: string) => Promise<Session['backend'] | null>;
  sweepIntervalMs?: number;
  pingIntervalMs?: number;
}

export interface LiveServer {
  readonly http: Server;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
  host: LiveHost;
}

function refuse(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ error: message });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

export function createLiveServer(options: LiveServerOptions): LiveServer {
  const extensions = options.extensions;
  const maxPayload = Math.min(DEFAULT_MAX_PAYLOAD, ...extensions.map((e) => e.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD));
  const wss = new WebSocketServer({ noServer: true, maxPayload, perMessageDeflate: false });
  const rooms = new Map<string, Room>();
  const loading = new Map<string, Promise<Room>>();
  const unloading = new Map<string, Promise<void>>();
  let stopping = false;

  const http = createServer((_request, response) => {
    response.writeHead(426, { 'Content-Type': 'application/json', Connection: 'close' });
    response.end(JSON.stringify({ error: 'This endpoint only accepts WebSocket upgrades.' }));
  });

  async function runEach(label: string, fn: (e: LiveExtension) => Promise<void> | void): Promise<void> {
    for (const extension of extensions) {
      try {
        await fn(extension);
      } catch (error) {
        throw Object.assign(error instanceof Error ? error : new Error(String(error)), { hook: `${extension.name}.${label}` });
      }
    }
  }

  async function ensureRoom(backend: Session['backend']): Promise<Room> {
    // A room still loading is in `rooms` too: wait for its load rather than seeing it half-made.
    const pending = loading.get(backend.id);
    if (pending) return pending;
    const existing = rooms.get(backend.id);
    if (existing) return existing;
    const promise = (async () => {
      const room = new Room(backend);
      room.onClientUpdate = (update, origin) => {
        for (const extension of extensions) extension.onChange?.(room, update, origin);
      };
      rooms.set(backend.id, room);
      try {
        await runEach('onLoadDocument', (e) => e.onLoadDocument?.(room));
        await runEach('onRoomReady', (e) => e.onRoomReady?.(room));
        if (room.state === 'loading') room.state = 'ready';
        room.idleSince = room.connections.size === 0 ? Date.now() : null;
        return room;
      } catch (error) {
        // Nothing was loaded for sure, so nothing may be stored: a failed load must never save an empty doc.
        await unload(backend.id, 'internalerror', { hard: true, skipStore: true });
        throw error;
      }
    })();
    loading.set(backend.id, promise);
    try {
      return await promise;
    } finally {
      loading.delete(backend.id);
    }
  }

  function unload(backendId: string, reason: TerminationReason, unloadOptions: UnloadOptions = {}): Promise<void> {
    const running = unloading.get(backendId);
    if (running) return running;
    const room = rooms.get(backendId);
    if (!room) return Promise.resolve();
    const promise = (async () => {
      room.state = 'unloading';
      try {
        await runEach('onBeforeUnload', (e) => e.onBeforeUnload?.(room, reason, unloadOptions)).catch(() => undefined);
        for (const connection of [...room.connections]) {
          connection.close(1001, reason === 'swept' ? 'idle' : `backend ${reason}`);
          room.leave(connection);
        }
        if (!unloadOptions.skipStore) await runEach('onStoreDocument', (e) => e.onStoreDocument?.(room));
      } finally {
        await runEach('onAfterUnload', (e) => e.onAfterUnload?.(room, reason)).catch(() => undefined);
        rooms.delete(backendId);
        room.destroy();
      }
    })();
    unloading.set(backendId, promise);
    return promise.finally(() => unloading.delete(backendId));
  }

  const host: LiveHost = {
    async spawn(backendId) {
      if (stopping || rooms.has(backendId) || loading.has(backendId)) return;
      const backend = await options.loadBackend(backendId);
      if (backend) await ensureRoom(backend);
    },
    unload,
    rooms: () => rooms.values(),
  };

  function attach(room: Room, connection: Connection): void {
    const { ws } = connection;
    room.join(connection);
    for (const extension of extensions) extension.onConnect?.(room, connection);
    ws.on('pong', () => {
      connection.alive = true;
    });
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      try {
        for (const extension of extensions) extension.onMessage?.(connection, data.byteLength);
        if (!isBinary) throw new Refusal(400, 'text frames are not part of the protocol', 1003);
        room.receive(connection, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      } catch (error) {
        const code = error instanceof Refusal ? error.closeCode : 1007;
        connection.close(code, error instanceof Error ? error.message.slice(0, 120) : 'invalid message');
      }
    });
    ws.on('close', () => {
      room.leave(connection);
      for (const extension of extensions) extension.onDisconnect?.(room, connection);
    });
    ws.on('error', () => ws.terminate());
  }

  async function handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    try {
      if (stopping) throw new Refusal(503, 'The live server is shutting down.');
      const match = TOKEN_PATH.exec(request.url ?? '');
      const token = match?.[1];
      if (!token) throw new Refusal(404, 'Not found.');
      let session: Session | undefined;
      for (const extension of extensions) {
        session = await extension.onAuthenticate?.(request, decodeURIComponent(token));
        if (session) break;
      }
      if (!session) throw new Refusal(401, 'A valid connection token is required.');
      const room = await ensureRoom(session.backend);
      if (room.state !== 'ready') throw new Refusal(410, `The backend is ${room.state}.`);
      for (const extension of extensions) extension.onBeforeConnect?.(room, session);
      const accepted = session;
      wss.handleUpgrade(request, socket, head, (ws) => {
        if (room.state !== 'ready') {
          ws.close(1001, 'backend stopping');
          return;
        }
        attach(room, new Connection(ws, accepted));
      });
    } catch (error) {
      let refusal: Refusal;
      if (error instanceof Refusal) refusal = error;
      else {
        refusal = new Refusal(500, 'The document could not be opened.');
        refusal.cause = error;
      }
      for (const extension of extensions) extension.onRefused?.(request, refusal);
      refuse(socket, refusal.status, refusal.message);
    }
  }

  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    void handleUpgrade(request, socket, head);
  });

  const sweepTimer = setInterval(() => {
    const now = Date.now();
    for (const room of rooms.values()) {
      if (room.state === 'ready' && room.idleSince !== null && now - room.idleSince >= room.backend.maxIdleSeconds * 1000)
        void unload(room.backend.id, 'swept').catch(() => undefined);
    }
  }, options.sweepIntervalMs ?? 500);
  sweepTimer.unref();

  const pingTimer = setInterval(() => {
    for (const room of rooms.values()) {
      for (const connection of room.connections) {
        if (!connection.alive) {
          connection.ws.terminate();
          continue;
        }
        connection.alive = false;
        connection.ws.ping();
      }
    }
  }, options.pingIntervalMs ?? 30_000);
  pingTimer.unref();

  for (const extension of extensions) extension.onConfigure?.(host);

  return {
    http,
    host,
    listen(port, hostname = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, hostname, () => {
          http.off('error', reject);
          const address = http.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      });
    },
    async close() {
      if (stopping) return;
      stopping = true;
      clearInterval(sweepTimer);
      clearInterval(pingTimer);
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      await Promise.allSettled([...loading.values()]);
      await Promise.allSettled([...rooms.keys()].map((id) => unload(id, 'external')));
      wss.close();
      http.closeAllConnections();
      await closed;
      for (const extension of extensions) await extension.onDestroy?.().catch(() => undefined);
    },
  };
}
