// Logging: one line per connect, disconnect, refusal, room load and unload (never the token).
import type { Logger } from '../../runtime/logger.ts';
import type { LiveExtension } from '../extension.ts';

export function loggingExtension(log: Logger): LiveExtension {
  return {
    name: 'logging',
    async onRoomReady(room) {
      log.info({ backend: room.backend.id, key: room.key, generation: room.backend.generation }, 'room loaded');
    },
    onConnect(room, connection) {
      log.info(
        { backend: room.backend.id, conn: connection.id, mode: connection.session.mode, user: connection.session.userId },
        'connected',
      );
    },
    onDisconnect(room, connection) {
      log.info({ backend: room.backend.id, conn: connection.id, left: room.connections.size }, 'disconnected');
    },
    onRefused(request, refusal) {
      const level = refusal.status >= 500 ? 'error' : 'info';
      log[level](
        { status: refusal.status, reason: refusal.message, remote: request.socket.remoteAddress, err: refusal.cause },
        'upgrade refused',
      );
    },
    async onAfterUnload(room, reason) {
      log.info({ backend: room.backend.id, key: room.key, reason }, 'room unloaded');
    },
  };
}
