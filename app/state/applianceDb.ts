// Appliance-local state that must be readable before Postgres is up: settings (ports, generated
// credentials) and the supervisor's event log, in SQLite at <data>/appliance.db.
import { existsSync, renameSync } from 'node:fs';
import Database from 'better-sqlite3';

export class ApplianceDbError extends Error {}

export interface ApplianceEvent {
  id: number;
  at: string;
  service: string;
  kind: string;
  message: string;
}

export interface OpenResult {
  db: ApplianceDb;
  /** Set when a corrupt file was moved aside and a fresh one created. */
  movedAside: string | null;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, service TEXT NOT NULL, kind TEXT NOT NULL, message TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS children (name TEXT PRIMARY KEY, pid INTEGER NOT NULL, marker TEXT NOT NULL);
`;
const MAX_EVENTS = 5000;

export class ApplianceDb {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  get<T>(key: string): T | undefined {
    const row = this.#db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(key);
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  set(key: string, value: unknown): void {
    this.#db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, JSON.stringify(value));
  }

  addEvent(service: string, kind: string, message: string): void {
    const insert = this.#db.prepare('INSERT INTO events (at, service, kind, message) VALUES (?, ?, ?, ?)');
    const info = insert.run(new Date().toISOString(), service, kind, message);
    // Keep the log bounded; trim occasionally rather than on every insert.
    if (Number(info.lastInsertRowid) % 500 === 0) {
      this.#db.prepare('DELETE FROM events WHERE id <= ?').run(Number(info.lastInsertRowid) - MAX_EVENTS);
    }
  }

  events(limit = 100): ApplianceEvent[] {
    return this.#db.prepare<[number], ApplianceEvent>('SELECT * FROM events ORDER BY id DESC LIMIT ?').all(limit).reverse();
  }

  /** Child pids recorded at spawn, so an unclean exit's orphans can be found at the next start. */
  recordChild(name: string, pid: number, marker: string): void {
    this.#db
      .prepare(
        'INSERT INTO children (name, pid, marker) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET pid = excluded.pid, marker = excluded.marker',
      )
      .run(name, pid, marker);
  }

  forgetChild(name: string): void {
    this.#db.prepare('DELETE FROM children WHERE name = ?').run(name);
  }

  recordedChildren(): Array<{ name: string; pid: number; marker: string }> {
    return this.#db.prepare<[], { name: string; pid: number; marker: string }>('SELECT name, pid, marker FROM children').all();
  }

  close(): void {
    this.#db.close();
  }
}

function openChecked(file: string): Database.Database {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 3000');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new ApplianceDbError(`integrity check says: ${String(check)}`);
    db.exec(SCHEMA);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function isCorruption(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return error instanceof ApplianceDbError || code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT');
}

/**
 * Opens (creating if needed) the appliance database. A corrupt file is renamed to
 * `appliance.db.corrupt-<time>` (with its -wal/-shm) so nothing is deleted, and a fresh one is
 * created; any other failure (permissions, disk) throws ApplianceDbError with a readable message.
 */
export function openApplianceDb(file: string): OpenResult {
  try {
    return { db: new ApplianceDb(openChecked(file)), movedAside: null };
  } catch (error) {
    if (!isCorruption(error)) {
      throw new ApplianceDbError(`Cannot open the appliance state file ${file}: ${(error as Error).message}`);
    }
    const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      renameSync(file, aside);
      for (const suffix of ['-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
    } catch (renameError) {
      throw new ApplianceDbError(
        `The appliance state file ${file} is corrupt and could not be moved aside: ${(renameError as Error).message}`,
      );
    }
    return { db: new ApplianceDb(openChecked(file)), movedAside: aside };
  }
}
