// Stickies: private notes. Every query is scoped by the workspace AND the owner, so one member's
// stickies can never be read or changed through another member's request.
import type { Db, JsonObject } from './projectsRepository.ts';

export interface StickyRow {
  id: string;
  workspace_id: string;
  owner_id: string;
  name: string | null;
  description: JsonObject;
  description_html: string;
  description_stripped: string | null;
  description_binary: Buffer | null;
  logo_props: JsonObject;
  color: string | null;
  background_color: string | null;
  sort_order: number;
  created_by: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

/** Columns a caller may set, already validated by the command. */
export const STICKY_WRITABLE = [
  'name',
  'description',
  'description_html',
  'description_stripped',
  'description_binary',
  'logo_props',
  'color',
  'background_color',
  'sort_order',
] as const;
export type StickyWritable = (typeof STICKY_WRITABLE)[number];
export type StickyFields = Partial<Record<StickyWritable, unknown>>;

const JSON_COLUMNS = new Set<string>(['description', 'logo_props']);

const COLUMNS = `s.id, s.workspace_id, s.owner_id, s.name, s.description, s.description_html, s.description_stripped,
  s.description_binary, s.logo_props, s.color, s.background_color, s.sort_order, s.created_by, s.updated_by, s.created_at,
  s.updated_at, s.deleted_at`;

export interface StickyOwner {
  workspaceId: string;
  ownerId: string;
}

function entries(fields: StickyFields): [StickyWritable, unknown][] {
  return STICKY_WRITABLE.filter((column) => fields[column] !== undefined).map((column) => [
    column,
    // pg would send an array as a Postgres array: JSON columns get their text.
    JSON_COLUMNS.has(column) && fields[column] !== null ? JSON.stringify(fields[column]) : fields[column],
  ]);
}

/** Inserts a sticky for `owner`; without a sort_order it goes on top of the owner's list (Plane: max + 10000). */
export async function insertSticky(db: Db, owner: StickyOwner, fields: StickyFields): Promise<StickyRow> {
  const list = entries(fields);
  const columns = ['workspace_id', 'owner_id', 'created_by', 'updated_by', ...list.map(([column]) => column)];
  const values: unknown[] = [owner.workspaceId, owner.ownerId, owner.ownerId, owner.ownerId, ...list.map(([, value]) => value)];
  const placeholders = values.map((_, i) => `$${i + 1}`);
  if (fields.sort_order === undefined) {
    columns.push('sort_order');
    placeholders.push(
      `(SELECT COALESCE(max(sort_order), 55535) + 10000 FROM stickies WHERE workspace_id = $1 AND owner_id = $2 AND deleted_at IS NULL)`,
    );
  }
  const { rows } = await db.query<StickyRow>(
    `INSERT INTO stickies AS s (${columns.join(', ')}) VALUES (${placeholders.join(', ')}) RETURNING ${COLUMNS}`,
    values,
  );
  const row = rows[0];
  if (!row) throw new Error('INSERT … RETURNING returned no row');
  return row;
}

/** Updates the owner's live sticky; null when it is not theirs (or gone). */
export async function updateSticky(db: Db, owner: StickyOwner, id: string, fields: StickyFields): Promise<StickyRow | null> {
  const list = entries(fields);
  const sets = list.map(([column], i) => `${column} = $${i + 4}`);
  const { rows } = await db.query<StickyRow>(
    `UPDATE stickies s SET ${[...sets, 'updated_by = $2', 'updated_at = now()'].join(', ')}
      WHERE s.workspace_id = $1 AND s.owner_id = $2 AND s.id = $3 AND s.deleted_at IS NULL
      RETURNING ${COLUMNS}`,
    [owner.workspaceId, owner.ownerId, id, ...list.map(([, value]) => value)],
  );
  return rows[0] ?? null;
}

export async function findSticky(db: Db, owner: StickyOwner, id: string): Promise<StickyRow | null> {
  const { rows } = await db.query<StickyRow>(
    `SELECT ${COLUMNS} FROM stickies s WHERE s.workspace_id = $1 AND s.owner_id = $2 AND s.id = $3 AND s.deleted_at IS NULL`,
    [owner.workspaceId, owner.ownerId, id],
  );
  return rows[0] ?? null;
}

/** `query` matches the name or the text of the description, case-insensitively (LIKE wildcards are literal). */
export interface StickyListOptions {
  query?: string;
  limit: number;
  offset: number;
}

/** The owner's stickies, top of the list first, one page of them, and how many match in all. */
export async function listStickies(db: Db, owner: StickyOwner, options: StickyListOptions): Promise<{ rows: StickyRow[]; total: number }> {
  const pattern = options.query ? `%${options.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = `s.workspace_id = $1 AND s.owner_id = $2 AND s.deleted_at IS NULL
    AND ($3::text IS NULL OR s.name ILIKE $3 OR s.description_stripped ILIKE $3)`;
  const params = [owner.workspaceId, owner.ownerId, pattern];
  const page = await db.query<StickyRow>(
    `SELECT ${COLUMNS} FROM stickies s WHERE ${where} ORDER BY s.sort_order DESC, s.created_at DESC, s.id LIMIT $4 OFFSET $5`,
    [...params, options.limit, options.offset],
  );
  const count = await db.query<{ total: number }>(`SELECT count(*)::int AS total FROM stickies s WHERE ${where}`, params);
  return { rows: page.rows, total: count.rows[0]?.total ?? 0 };
}

/** Soft-deletes the owner's sticky; false when it is not theirs (or gone already). */
export async function softDeleteSticky(db: Db, owner: StickyOwner, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE stickies SET deleted_at = now(), updated_by = $2, updated_at = now()
      WHERE workspace_id = $1 AND owner_id = $2 AND id = $3 AND deleted_at IS NULL`,
    [owner.workspaceId, owner.ownerId, id],
  );
  return (rowCount ?? 0) > 0;
}
