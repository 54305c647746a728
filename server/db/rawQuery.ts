// Hot statements (every request's session and membership lookups, list pages) as raw text rows,
// without node-pg's per-query work that they do not need: a Query object with a cloned config, a
// Describe message per execution (Postgres describes the portal, node-pg parses the description and
// builds a type parser per column) and a Result with per-row parser calls. Rows come back as arrays
// of the text Postgres sent (null for NULL); callers know their columns. Uses node-pg's Submittable
// interface (as pg-cursor does): Parse once per connection for a named statement, then Bind,
// Execute, Sync. Through a pool, pg-pool checks the connection out and back in (and drops it after
// an error) exactly as for pool.query.
import type { Connection } from 'pg';
import pg from 'pg';
import type { Pool, PoolClient } from './pool.ts';

export type Cell = string | null;
export type RawRow = Cell[];
/** Parameters: text, numbers, arrays of text (sent as Postgres array literals), NULL, bytea. */
export type RawParam = string | number | readonly string[] | Buffer | null;

export interface RawStatement {
  /** Prepared once per connection under this name; omit for a one-off (parsed every time). */
  name?: string;
  text: string;
}

/** What of node-pg's Connection a submittable uses (not in its type declarations). */
interface WireConnection {
  stream: { cork?: () => void; uncork?: () => void };
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
  parse(config: { text: string; name: string; types: number[] }): void;
  bind(config: { portal: string; statement: string; values: (string | Buffer | null)[]; binary: boolean }): void;
  execute(config: { portal: string; rows: number }): void;
  sync(): void;
}

const arrayLiteral = (values: readonly string[]): string => `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;

function wireValue(value: RawParam): string | Buffer | null {
  if (value === null || typeof value === 'string' || Buffer.isBuffer(value)) return value;
  if (typeof value === 'number') return String(value);
  return arrayLiteral(value);
}

class RawQuery {
  readonly name: string;
  readonly text: string;
  readonly values: (string | Buffer | null)[];
  readonly rows: RawRow[] = [];
  callback: ((error: Error | null, rows?: RawRow[]) => void) | undefined;
  #done = false;

  constructor(statement: RawStatement, values: readonly RawParam[]) {
    this.name = statement.name ?? '';
    this.text = statement.text;
    this.values = values.map(wireValue);
  }

  submit(connection: Connection): void {
    const wire = connection as unknown as WireConnection;
    wire.stream.cork?.();
    try {
      if (!this.name || (wire.parsedStatements[this.name] === undefined && wire.submittedNamedStatements[this.name] === undefined)) {
        wire.parse({ text: this.text, name: this.name, types: [] });
        if (this.name) wire.submittedNamedStatements[this.name] = this.text;
      }
      wire.bind({ portal: '', statement: this.name, values: this.values, binary: false });
      wire.execute({ portal: '', rows: 0 });
      wire.sync();
    } finally {
      wire.stream.uncork?.();
    }
  }

  #finish(error: Error | null): void {
    if (this.#done) return;
    this.#done = true;
    this.callback?.(error, error ? undefined : this.rows);
  }

  handleDataRow(message: { fields: RawRow }): void {
    this.rows.push(message.fields);
  }
  handleReadyForQuery(): void {
    this.#finish(null);
  }
  // node-pg forgets the query before ReadyForQuery when an error arrives: finish here.
  handleError(error: Error): void {
    this.#finish(error);
  }
  handleRowDescription(): void {}
  handleCommandComplete(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(): void {}
  handleCopyData(): void {}
}

/** Runs `statement` with `values` and returns its rows as text cells. */
export function rawQuery(db: Pool | PoolClient, statement: RawStatement, values: readonly RawParam[] = []): Promise<RawRow[]> {
  // Nothing to run (a board whose every column is known to be empty): no rows, as node-pg answers
  // an empty text, but without the round trip.
  if (statement.text.trim() === '') return Promise.resolve([]);
  const query = new RawQuery(statement, values);
  // A pool sets the callback itself (to release the connection) and answers with a promise.
  if (db instanceof pg.Pool) return db.query(query) as unknown as Promise<RawRow[]>;
  return new Promise((resolve, reject) => {
    query.callback = (error, rows) => (error ? reject(error) : resolve(rows ?? []));
    db.query(query);
  });
}
