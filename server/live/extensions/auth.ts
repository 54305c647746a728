// Auth: the tokenized URL is the credential. Checks the token (unknown → 404, expired/revoked → 410)
// and the Origin before upgrading, and closes open sockets when their tokens are revoked.
import type { IncomingMessage } from 'node:http';
import type { Pool } from '../../db/pool.ts';
import { CONTROL_CHANNEL, type ControlMessage, checkToken } from '../backendsRepository.ts';
import type { Bus } from '../bus.ts';
import { type LiveExtension, type LiveHost, Refusal, type Session } from '../extension.ts';

export const CLOSE_REVOKED = 4403;

/** A browser's WebSocket must come from the page the server is on (cross-site WebSocket hijacking). */
function originAllowed(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

export function authExtension(options: { db: Pool; bus: Bus; droneId: () => string | null }): LiveExtension {
  let host: LiveHost | null = null;
  return {
    name: 'auth',
    onConfigure(h) {
      host = h;
      options.bus.on(CONTROL_CHANNEL, (payload) => {
        const message = JSON.parse(payload) as ControlMessage;
        if (message.type !== 'revoke' || !host) return;
        const only = message.token_hashes ? new Set(message.token_hashes) : null;
        for (const room of host.rooms()) {
          if (room.backend.id !== message.backend_id) continue;
          for (const connection of room.connections)
            if (!only || only.has(connection.session.tokenHash)) connection.close(CLOSE_REVOKED, 'token revoked');
        }
      });
    },
    async onAuthenticate(request, token): Promise<Session> {
      if (!originAllowed(request)) throw new Refusal(403, 'Cross-origin WebSocket refused.');
      const droneId = options.droneId();
      if (!droneId) throw new Refusal(503, 'The live server is starting.');
      const check = await checkToken(options.db, token);
      if (!check.ok) throw new Refusal(check.status, check.reason);
      // Another drone hosts this backend; this single-machine build has no drone-to-drone proxy.
      if (check.backend.droneId !== droneId) throw new Refusal(421, 'The backend lives on another live server.');
      return { backend: check.backend, mode: check.mode, userId: check.userId, tokenHash: check.tokenHash };
    },
  };
}
