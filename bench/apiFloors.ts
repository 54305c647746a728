// The floors of the API benchmark (bench/api.ts), each a child process of its own:
//   node bench/apiFloors.ts floor   — a bare node:http server answering /list and /board with the very
//                                     statements the app runs for them (the repository's builders,
//                                     given in FLOOR_CONFIG: the meta statement, then the page), rows
//                                     serialised with JSON.stringify: no framework, no session, no
//                                     membership check, no presenter.
//   node bench/apiFloors.ts hello   — a Fastify hello-world (the W9 baseline).
// Each prints "READY <port>" once listening and exits when its parent goes.
import http from 'node:http';
import Fastify from 'fastify';
import { createPool } from '../server/db/pool.ts';
import { queryRawRows, type Statement } from '../server/repositories/workItemListsRepository.ts';

export interface FloorConfig {
  databaseUrl: string;
  list: Statement[];
  board: Statement[];
}

async function floor(): Promise<number> {
  const config = JSON.parse(process.env.FLOOR_CONFIG ?? '{}') as FloorConfig;
  // The same pool size as the api process (server/db/pool.ts default).
  const db = createPool(config.databaseUrl, 10);
  const server = http.createServer((req, res) => {
    const statements = req.url === '/list' ? config.list : req.url === '/board' ? config.board : null;
    if (!statements) {
      res.writeHead(404).end();
      return;
    }
    const run = async (): Promise<(string | null)[][]> => {
      const rows: (string | null)[][] = [];
      for (const statement of statements) rows.push(...(await queryRawRows(db, statement)));
      return rows;
    };
    run().then(
      (rows) => {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(rows));
      },
      (error: unknown) => {
        res.writeHead(500).end(String(error));
      },
    );
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

async function hello(): Promise<number> {
  const app = Fastify({ logger: false });
  app.get('/', async () => ({ hello: 'world' }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

const mode = process.argv[2];
const port = mode === 'floor' ? await floor() : mode === 'hello' ? await hello() : 0;
if (!port) throw new Error('usage: node bench/apiFloors.ts floor|hello');
process.stdout.write(`READY ${port}\n`);
// Exit with the parent (stdin is its pipe).
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
