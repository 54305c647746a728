// GET /api/health: 200 once every service is ready, else 503; always lists each service's state.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

const ServiceHealth = Type.Object({ name: Type.String(), state: Type.String() });
const HealthBody = Type.Object({ status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]), services: Type.Array(ServiceHealth) });

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/health', { schema: { response: { 200: HealthBody, 503: HealthBody } } }, async (_request, reply) => {
    await app.ctx.db.query('SELECT 1');
    const pushed = app.ctx.services();
    const services = pushed.length > 0 ? pushed.map((s) => ({ name: s.name, state: s.state })) : [{ name: 'api', state: 'ready' }];
    const ok = services.every((s) => s.state === 'ready');
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', services });
  });
}
