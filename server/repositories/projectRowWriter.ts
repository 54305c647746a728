// INSERT / UPDATE / lookup by name of a project-scoped row (states, labels, …) from a set of already-validated
// column values: the scoping columns and audit fields are always set here, never from input.
import type { Db } from './projectsRepository.ts';

/** Column names are quoted: some (state's "group", "default") are SQL keywords. */
const quote = (column: string): string => `"${column.replace(/"/g, '""')}"`;

export interface ProjectTable {
  /** Table name and the alias its RETURNING list uses. */
  table: string;
  alias: string;
  returning: string;
}

export async function insertProjectRow<Row>(
  db: Db,
  target: ProjectTable,
  project: { id: string; workspace_id: string },
  actorId: string | null,
  fields: [string, unknown][],
): Promise<Row> {
  const columns = ['workspace_id', 'project_id', 'created_by', 'updated_by', ...fields.map(([c]) => quote(c))];
  const values = [project.workspace_id, project.id, actorId, actorId, ...fields.map(([, v]) => v)];
  const { rows } = await db.query(
    `INSERT INTO ${target.table} AS ${target.alias} (${columns.join(', ')}) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})
     RETURNING ${target.returning}`,
    values,
  );
  const row = rows[0] as Row | undefined;
  if (!row) throw new Error('INSERT … RETURNING returned no row');
  return row;
}

/** Updates one live row of the project; null when it is not there (other project, deleted). */
export async function updateProjectRow<Row>(
  db: Db,
  target: ProjectTable,
  projectId: string,
  id: string,
  actorId: string,
  fields: [string, unknown][],
): Promise<Row | null> {
  const sets = fields.map(([c], i) => `${quote(c)} = $${i + 4}`);
  const { rows } = await db.query(
    `UPDATE ${target.table} ${target.alias} SET ${[...sets, 'updated_by = $3', 'updated_at = now()'].join(', ')}
      WHERE ${target.alias}.project_id = $1 AND ${target.alias}.id = $2 AND ${target.alias}.deleted_at IS NULL RETURNING ${target.returning}`,
    [projectId, id, actorId, ...fields.map(([, v]) => v)],
  );
  return (rows[0] as Row | undefined) ?? null;
}

/** A live row of the project with this name (case-insensitive), other than `exceptId`: for 409s. */
export async function findProjectRowByName(
  db: Db,
  table: 'states' | 'labels',
  projectId: string,
  name: string,
  exceptId: string | null,
): Promise<{ id: string } | null> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM ${table} WHERE project_id = $1 AND lower(name) = lower($2) AND deleted_at IS NULL AND ($3::uuid IS NULL OR id <> $3) LIMIT 1`,
    [projectId, name, exceptId],
  );
  return rows[0] ?? null;
}
