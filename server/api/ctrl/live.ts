// /ctrl live-backend routes (jamsocket Plane's control API): connect by key, terminate, status, and
// token revocation. Reached only on the 127.0.0.1 control listener with the bearer secret.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  BackendBusyError,
  connectBackend,
  getBackend,
  NoDroneError,
  requestTermination,
  revokeBackendTokens,
  revokeToken,
} from '../../live/backendsRepository.ts';
import { CtrlStatus, presentCtrlStatus } from '../../live/presentBackend.ts';
import { NotFoundError, UnavailableError } from '../errors.ts';

const ConnectBody = Type.Object({
  key: Type.String({ minLength: 1, maxLength: 200 }),
  max_idle_seconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400 })),
  auth: Type.Optional(
    Type.Object({
      mode: Type.Union([Type.Literal('full'), Type.Literal('read-only')]),
      user_id: Type.Optional(Type.String({ maxLength: 200 })),
    }),
  ),
});
interface ConnectBodyType {
  key: string;
  max_idle_seconds?: number;
  auth?: { mode: 'full' | 'read-only'; user_id?: string };
}

const ConnectResponse = Type.Object({
  backend_id: Type.String(),
  spawned: Type.Boolean(),
  status: Type.String(),
  token: Type.String(),
  url: Type.String(),
  secret_token: Type.String(),
  status_url: Type.String(),
});

const BackendParams = Type.Object({ backend_id: Type.String({ minLength: 1, maxLength: 64 }) });
const TerminateBody = Type.Union([Type.Object({ hard: Type.Optional(Type.Boolean()) }), Type.Null()]);
const RevokeBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });

/** publicUrl with its scheme swapped to ws(s), no trailing slash. */
function liveBase(publicUrl: string): { ws: string; http: string } {
  const http = publicUrl.replace(/\/+$/, '');
  return { http, ws: http.replace(/^http(s?):/, 'ws$1:') };
}

export async function liveCtrlRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Body: ConnectBodyType }>(
    '/ctrl/connect',
    { schema: { body: ConnectBody, response: { 200: ConnectResponse } } },
    async (request) => {
      const { key, max_idle_seconds, auth } = request.body;
      try {
        const result = await connectBackend(app.ctx.db, {
          key,
          mode: auth?.mode ?? 'full',
          ...(max_idle_seconds !== undefined ? { maxIdleSeconds: max_idle_seconds } : {}),
          ...(auth?.user_id !== undefined ? { userId: auth.user_id } : {}),
        });
        const base = liveBase(app.ctx.env.publicUrl);
        return {
          backend_id: result.backend.id,
          spawned: result.spawned,
          status: result.backend.status,
          token: result.token,
          url: `${base.ws}/live/s/${result.token}`,
          secret_token: result.secretToken,
          status_url: `${base.http}/pub/b/${result.backend.id}/status`,
        };
      } catch (error) {
        if (error instanceof NoDroneError || error instanceof BackendBusyError) throw UnavailableError(error.message);
        throw error;
      }
    },
  );

  app.get<{ Params: { backend_id: string } }>(
    '/ctrl/b/:backend_id/status',
    { schema: { params: BackendParams, response: { 200: CtrlStatus } } },
    async (request) => {
      const backend = await getBackend(app.ctx.db, request.params.backend_id);
      if (!backend) throw NotFoundError('No such backend.');
      return presentCtrlStatus(backend);
    },
  );

  app.post<{ Params: { backend_id: string }; Body: { hard?: boolean } | null }>(
    '/ctrl/b/:backend_id/terminate',
    { schema: { params: BackendParams, body: TerminateBody, response: { 200: CtrlStatus } } },
    async (request) => {
      const backend = await requestTermination(app.ctx.db, request.params.backend_id, request.body?.hard === true);
      if (!backend) throw NotFoundError('No such backend.');
      return presentCtrlStatus(backend);
    },
  );

  app.post<{ Params: { backend_id: string } }>(
    '/ctrl/b/:backend_id/revoke-tokens',
    { schema: { params: BackendParams, response: { 200: Type.Object({ backend_id: Type.String(), revoked: Type.Integer() }) } } },
    async (request) => {
      const backend = await getBackend(app.ctx.db, request.params.backend_id);
      if (!backend) throw NotFoundError('No such backend.');
      const revoked = await revokeBackendTokens(app.ctx.db, backend.id);
      return { backend_id: backend.id, revoked: revoked.length };
    },
  );

  /** Revokes one connection token, given the token or its secret_token. */
  app.post<{ Body: { token: string } }>(
    '/ctrl/tokens/revoke',
    { schema: { body: RevokeBody, response: { 200: Type.Object({ backend_id: Type.String(), revoked: Type.Integer() }) } } },
    async (request) => {
      const backendId = await revokeToken(app.ctx.db, request.body.token);
      if (!backendId) throw NotFoundError('No such token.');
      return { backend_id: backendId, revoked: 1 };
    },
  );
}
