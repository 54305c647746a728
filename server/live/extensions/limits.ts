// Limits: frame size (enforced by ws itself: close 1009), frame rate, and sockets per room.
import { type LiveExtension, Refusal } from '../extension.ts';
import type { Connection } from '../room.ts';

export interface LimitsOptions {
  maxMessageBytes?: number;
  maxMessagesPerSecond?: number;
  maxConnectionsPerRoom?: number;
}

export function limitsExtension(options: LimitsOptions = {}): LiveExtension {
  const maxMessageBytes = options.maxMessageBytes ?? 10 * 1024 * 1024;
  const maxRate = options.maxMessagesPerSecond ?? 500;
  const maxConnections = options.maxConnectionsPerRoom ?? 250;
  const windows = new WeakMap<Connection, { start: number; count: number }>();
  return {
    name: 'limits',
    maxPayloadBytes: maxMessageBytes,
    onBeforeConnect(room) {
      if (room.connections.size >= maxConnections) throw new Refusal(503, 'Too many people are connected to this document.');
    },
    onMessage(connection, bytes) {
      if (bytes > maxMessageBytes) throw new Refusal(413, 'message too large', 1009);
      const now = Date.now();
      const window = windows.get(connection);
      if (!window || now - window.start >= 1000) {
        windows.set(connection, { start: now, count: 1 });
        return;
      }
      window.count += 1;
      if (window.count > maxRate) throw new Refusal(429, 'too many messages', 1008);
    },
  };
}
