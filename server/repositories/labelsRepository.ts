// Labels of a project (nested through `parent`). Every query is scoped by the project id from the
// caller's access.
import { findProjectRowByName, insertProjectRow, type ProjectTable, updateProjectRow } from './projectRowWriter.ts';
import type { Db } from './projectsRepository.ts';

export interface LabelRow {
  id: string;
  workspace_id: string;
  project_id: string;
  parent: string | null;
  name: string;
  description: string;
  color: string;
  sort_order: number;
  external_source: string | null;
  external_id: string | null;
  created_by: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

export const LABEL_WRITABLE = ['name', 'description', 'color', 'sort_order', 'parent', 'external_source', 'external_id'] as const;
export type LabelWritable = (typeof LABEL_WRITABLE)[number];
export type LabelFields = Partial<Record<LabelWritable, unknown>>;

const LABEL_COLUMNS = `l.id, l.workspace_id, l.project_id, l.parent, l.name, l.description, l.color, l.sort_order, l.external_source,
  l.external_id, l.created_by, l.updated_by, l.created_at, l.updated_at, l.deleted_at`;

function entries(fields: LabelFields): [LabelWritable, unknown][] {
  return LABEL_WRITABLE.filter((c) => fields[c] !== undefined).map((c) => [c, fields[c]]);
}

const LABELS: ProjectTable = { table: 'labels', alias: 'l', returning: LABEL_COLUMNS };

export function insertLabel(
  db: Db,
  project: { id: string; workspace_id: string },
  actorId: string | null,
  fields: LabelFields,
): Promise<LabelRow> {
  return insertProjectRow<LabelRow>(db, LABELS, project, actorId, entries(fields));
}

export function updateLabel(db: Db, projectId: string, labelId: string, actorId: string, fields: LabelFields): Promise<LabelRow | null> {
  return updateProjectRow<LabelRow>(db, LABELS, projectId, labelId, actorId, entries(fields));
}

export async function listLabels(db: Db, projectId: string): Promise<LabelRow[]> {
  const { rows } = await db.query<LabelRow>(
    `SELECT ${LABEL_COLUMNS} FROM labels l WHERE l.project_id = $1 AND l.deleted_at IS NULL ORDER BY l.sort_order, lower(l.name)`,
    [projectId],
  );
  return rows;
}

export async function findLabel(db: Db, projectId: string, labelId: string): Promise<LabelRow | null> {
  const { rows } = await db.query<LabelRow>(
    `SELECT ${LABEL_COLUMNS} FROM labels l WHERE l.project_id = $1 AND l.id = $2 AND l.deleted_at IS NULL`,
    [projectId, labelId],
  );
  return rows[0] ?? null;
}

/** The live row with this name (case-insensitive) in the project, for 409s. */
export function findLabelByName(db: Db, projectId: string, name: string, exceptId: string | null = null): Promise<{ id: string } | null> {
  return findProjectRowByName(db, 'labels', projectId, name, exceptId);
}

/** The ids of `labelId`'s ancestors (its parent, the parent's parent, …) in the project. */
export async function labelAncestors(db: Db, projectId: string, labelId: string): Promise<string[]> {
  // The depth bound stops a walk through a cycle that should never exist.
  const { rows } = await db.query<{ id: string }>(
    `WITH RECURSIVE up (id, parent, depth) AS (
       SELECT id, parent, 0 FROM labels WHERE project_id = $1 AND id = $2
       UNION ALL
       SELECT l.id, l.parent, up.depth + 1 FROM labels l JOIN up ON l.id = up.parent WHERE l.project_id = $1 AND up.depth < 1000
     )
     SELECT id FROM up WHERE depth > 0`,
    [projectId, labelId],
  );
  return rows.map((row) => row.id);
}

/** Soft-deletes the label and its descendants and takes them off work items; returns their ids. */
export async function softDeleteLabelTree(db: Db, projectId: string, labelId: string, actorId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `WITH RECURSIVE down (id, depth) AS (
       SELECT id, 0 FROM labels WHERE project_id = $1 AND id = $2 AND deleted_at IS NULL
       UNION ALL
       SELECT l.id, down.depth + 1 FROM labels l JOIN down ON l.parent = down.id
        WHERE l.project_id = $1 AND l.deleted_at IS NULL AND down.depth < 1000
     )
     UPDATE labels SET deleted_at = now(), updated_by = $3, updated_at = now()
      WHERE project_id = $1 AND id IN (SELECT id FROM down) RETURNING id`,
    [projectId, labelId, actorId],
  );
  const ids = rows.map((row) => row.id);
  if (ids.length > 0) await db.query('DELETE FROM issue_labels WHERE project_id = $1 AND label_id = ANY($2::uuid[])', [projectId, ids]);
  return ids;
}
