// GET /pub/b/<backend_id>/status — jamsocket's public status endpoint. Server-Sent Events of status
// changes (replayed from live_backend_events after Last-Event-ID, then pushed from Postgres NOTIFY,
// with a periodic catch-up poll), ending after `terminated`; `?stream=false` returns the current status.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { getBackend, STATUS_CHANNEL, type StatusEvent, statusEventsSince } from '../../../live/backendsRepository.ts';
import { type Bus, createBus } from '../../../live/bus.ts';
import { PublicStatus, presentPublicStatus, presentStatusEvent } from '../../../live/presentBackend.ts';
import { NotFoundError } from '../../errors.ts';

const Params = Type.Object({ backend_id: Type.String({ minLength: 1, maxLength: 64 }) });
const Query = Type.Object({ stream: Type.Optional(Type.Boolean()) });

const CATCH_UP_MS = 5_000;
const KEEPALIVE_MS = 15_000;

interface Subscriber {
  backendId: string;
  /** Pull anything newer than what was sent (after a missed NOTIFY or a bus reconnect). */
  catchUp(): void;
  push(event: StatusEvent): void;
  end(): void;
}

export async function pubRoutes(app: FastifyInstance): Promise<void> {
  const subscribers = new Set<Subscriber>();
  let bus: Bus | null = null;
  let busStarting: Promise<void> | null = null;

  /** One LISTEN connection for the whole process, opened on the first stream. */
  function ensureBus(): Promise<void> {
    if (busStarting) return busStarting;
    const created = createBus(app.ctx.env.databaseUrl, (error) => app.log.warn({ err: error }, 'status bus error'));
    created.on(STATUS_CHANNEL, (payload) => {
      const event = JSON.parse(payload) as StatusEvent;
      for (const subscriber of subscribers) if (subscriber.backendId === event.backend_id) subscriber.push(event);
    });
    created.onReconnect(() => {
      for (const subscriber of subscribers) subscriber.catchUp();
    });
    bus = created;
    busStarting = created.start().catch((error: Error) => {
      // Streams still work through the catch-up poll; try LISTEN again on the next stream.
      app.log.warn({ err: error }, 'status bus unavailable');
      busStarting = null;
      bus = null;
    });
    return busStarting;
  }

  app.addHook('preClose', async () => {
    for (const subscriber of [...subscribers]) subscriber.end();
    await bus?.close();
  });

  app.get<{ Params: { backend_id: string }; Querystring: { stream?: boolean } }>(
    '/pub/b/:backend_id/status',
    { schema: { params: Params, querystring: Query, response: { 200: PublicStatus } } },
    async (request, reply) => {
      const backend = await getBackend(app.ctx.db, request.params.backend_id);
      if (!backend) throw NotFoundError('No such backend.');
      if (request.query.stream === false) return presentPublicStatus(backend);

      await ensureBus();
      const lastEventId = Number(request.headers['last-event-id']);
      let lastSent = Number.isSafeInteger(lastEventId) && lastEventId > 0 ? lastEventId : 0;
      let ended = false;
      let pulling = false;
      const raw = reply.raw;
      reply.hijack();
      raw.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      raw.write('retry: 1000\n\n');

      let again = false;
      const write = (event: StatusEvent): void => {
        if (ended || event.id <= lastSent) return;
        lastSent = event.id;
        raw.write(`id: ${event.id}\ndata: ${JSON.stringify(presentStatusEvent(event))}\n\n`);
        if (event.status === 'terminated') subscriber.end();
      };
      const subscriber: Subscriber = {
        backendId: backend.id,
        // A NOTIFY only says "something changed": events are always read from the table, in id order,
        // so a live event can never overtake the replay.
        push() {
          subscriber.catchUp();
        },
        catchUp() {
          if (ended) return;
          if (pulling) {
            again = true;
            return;
          }
          pulling = true;
          statusEventsSince(app.ctx.db, backend.id, lastSent)
            .then((events) => {
              for (const event of events) write(event);
            })
            .catch((error: Error) => request.log.warn({ err: error }, 'status catch-up failed'))
            .finally(() => {
              pulling = false;
              if (again) {
                again = false;
                subscriber.catchUp();
              }
            });
        },
        end() {
          if (ended) return;
          ended = true;
          subscribers.delete(subscriber);
          clearInterval(poll);
          clearInterval(keepalive);
          raw.end();
        },
      };
      // Subscribe before replaying, so nothing falls between the replay and the first NOTIFY.
      subscribers.add(subscriber);
      const poll = setInterval(() => subscriber.catchUp(), CATCH_UP_MS);
      const keepalive = setInterval(() => raw.write(': keepalive\n\n'), KEEPALIVE_MS);
      request.raw.on('close', () => subscriber.end());
      subscriber.catchUp();
    },
  );
}
