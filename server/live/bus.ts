// The Postgres bus: one dedicated connection LISTENing on a few channels, reconnecting with backoff.
// After a reconnect, `onReconnect` handlers resync (notifications sent while away are lost; the
// event table and periodic sweeps are the source of truth).
import pg from 'pg';

export type BusHandler = (payload: string) => void;

export interface Bus {
  on(channel: string, handler: BusHandler): void;
  onReconnect(handler: () => void): void;
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createBus(connectionString: string, onError: (error: Error) => void = () => undefined): Bus {
  const handlers = new Map<string, BusHandler[]>();
  const reconnectHandlers: Array<() => void> = [];
  let client: pg.Client | null = null;
  let closed = false;
  let backoff = 250;
  let retryTimer: NodeJS.Timeout | null = null;

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString, application_name: 'hangar-live-bus' });
    next.on('notification', (message) => {
      for (const handler of handlers.get(message.channel) ?? []) {
        try {
          handler(message.payload ?? '');
        } catch (error) {
          onError(error as Error);
        }
      }
    });
    next.on('error', (error) => {
      onError(error);
      scheduleReconnect(next);
    });
    next.on('end', () => scheduleReconnect(next));
    await next.connect();
    for (const channel of handlers.keys()) await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    client = next;
    backoff = 250;
  }

  function scheduleReconnect(dead: pg.Client): void {
    if (closed || client !== dead) return;
    client = null;
    dead.end().catch(() => undefined);
    retry();
  }

  function retry(): void {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect()
        .then(() => {
          for (const handler of reconnectHandlers) handler();
        })
        .catch((error: Error) => {
          onError(error);
          backoff = Math.min(backoff * 2, 5_000);
          retry();
        });
    }, backoff);
    retryTimer.unref();
  }

  return {
    on(channel, handler) {
      const list = handlers.get(channel) ?? [];
      list.push(handler);
      handlers.set(channel, list);
      if (list.length === 1 && client) void client.query(`LISTEN ${pg.escapeIdentifier(channel)}`).catch(onError);
    },
    onReconnect(handler) {
      reconnectHandlers.push(handler);
    },
    start: connect,
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}
