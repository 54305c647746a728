// Estimates of a project and their points. Every query is scoped by the project id from the caller's
// access. Rows are deleted outright: the foreign keys then clear projects.estimate and
// issues.estimate_point (0012).
import type { Queryable } from './activityRepository.ts';

export const ESTIMATE_TYPES = ['points', 'categories', 'time'] as const;
export type EstimateType = (typeof ESTIMATE_TYPES)[number];

export interface EstimateRow {
  id: string;
  workspace_id: string;
  project_id: string;
  name: string;
  description: string;
  type: EstimateType;
  last_used: boolean;
  created_by: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface EstimatePointRow {
  id: string;
  workspace_id: string;
  project_id: string;
  estimate_id: string;
  key: number;
  value: string;
  description: string;
  created_by: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export type EstimateWithPoints = EstimateRow & { points: EstimatePointRow[] };

/** A point as a command wants it: an existing point's id, or none for a new one. */
export interface PointInput {
  id?: string;
  key: number;
  value: string;
  description?: string;
}

const ESTIMATE_COLUMNS = `e.id, e.workspace_id, e.project_id, e.name, e.description, e.type, e.last_used, e.created_by, e.updated_by,
  e.created_at, e.updated_at`;
const POINT_COLUMNS = `ep.id, ep.workspace_id, ep.project_id, ep.estimate_id, ep.key, ep.value, ep.description, ep.created_by,
  ep.updated_by, ep.created_at, ep.updated_at`;

async function withPoints(db: Queryable, projectId: string, estimates: EstimateRow[]): Promise<EstimateWithPoints[]> {
  if (estimates.length === 0) return [];
  const { rows } = await db.query<EstimatePointRow>(
    `SELECT ${POINT_COLUMNS} FROM estimate_points ep WHERE ep.project_id = $1 AND ep.estimate_id = ANY($2::uuid[]) ORDER BY ep.key, ep.id`,
    [projectId, estimates.map((e) => e.id)],
  );
  return estimates.map((e) => ({ ...e, points: rows.filter((p) => p.estimate_id === e.id) }));
}

export async function listEstimates(db: Queryable, projectId: string): Promise<EstimateWithPoints[]> {
  const { rows } = await db.query<EstimateRow>(
    `SELECT ${ESTIMATE_COLUMNS} FROM estimates e WHERE e.project_id = $1 ORDER BY e.created_at, e.id`,
    [projectId],
  );
  return withPoints(db, projectId, rows);
}

export async function findEstimate(
  db: Queryable,
  projectId: string,
  estimateId: string,
  options: { forUpdate?: boolean } = {},
): Promise<EstimateWithPoints | null> {
  const { rows } = await db.query<EstimateRow>(
    `SELECT ${ESTIMATE_COLUMNS} FROM estimates e WHERE e.project_id = $1 AND e.id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [projectId, estimateId],
  );
  return (await withPoints(db, projectId, rows))[0] ?? null;
}

/** Another estimate of the project with this name (case-insensitive), for 409s. */
export async function findEstimateByName(
  db: Queryable,
  projectId: string,
  name: string,
  exceptId: string | null,
): Promise<{ id: string } | null> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM estimates WHERE project_id = $1 AND lower(name) = lower($2) AND ($3::uuid IS NULL OR id <> $3) LIMIT 1',
    [projectId, name, exceptId],
  );
  return rows[0] ?? null;
}

export async function insertEstimate(
  db: Queryable,
  project: { id: string; workspace_id: string },
  actorId: string,
  fields: { name: string; description: string; type: EstimateType },
): Promise<EstimateRow> {
  const { rows } = await db.query<EstimateRow>(
    `INSERT INTO estimates AS e (workspace_id, project_id, name, description, type, created_by, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING ${ESTIMATE_COLUMNS}`,
    [project.workspace_id, project.id, fields.name, fields.description, fields.type, actorId],
  );
  const row = rows[0];
  if (!row) throw new Error('INSERT … RETURNING returned no row');
  return row;
}

export async function updateEstimateRow(
  db: Queryable,
  projectId: string,
  estimateId: string,
  actorId: string,
  fields: { name?: string; description?: string; type?: EstimateType },
): Promise<void> {
  await db.query(
    `UPDATE estimates SET name = COALESCE($4, name), description = COALESCE($5, description), type = COALESCE($6, type),
            updated_by = $3, updated_at = now()
      WHERE project_id = $1 AND id = $2`,
    [projectId, estimateId, actorId, fields.name ?? null, fields.description ?? null, fields.type ?? null],
  );
}

/**
 * Makes the estimate's points exactly `points`: those with an id are updated, the others inserted, and
 * points not listed are deleted (work items pointing at them lose their estimate). The unique
 * (estimate, key) is checked at commit, so two points may swap keys; the caller checks keys are distinct.
 */
export async function replaceEstimatePoints(
  db: Queryable,
  estimate: { id: string; project_id: string; workspace_id: string },
  actorId: string,
  points: PointInput[],
): Promise<void> {
  const kept = points.map((p) => p.id).filter((id): id is string => id !== undefined);
  await db.query('DELETE FROM estimate_points WHERE estimate_id = $1 AND NOT (id = ANY($2::uuid[]))', [estimate.id, kept]);
  for (const point of points) {
    if (point.id) {
      await db.query(
        `UPDATE estimate_points SET key = $3, value = $4, description = COALESCE($5, description), updated_by = $6, updated_at = now()
          WHERE estimate_id = $1 AND id = $2`,
        [estimate.id, point.id, point.key, point.value, point.description ?? null, actorId],
      );
    } else {
      await db.query(
        `INSERT INTO estimate_points (workspace_id, project_id, estimate_id, key, value, description, created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
        [estimate.workspace_id, estimate.project_id, estimate.id, point.key, point.value, point.description ?? '', actorId],
      );
    }
  }
}

/** Deletes an estimate with its points; false when the project has no such estimate. */
export async function deleteEstimate(db: Queryable, projectId: string, estimateId: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM estimates WHERE project_id = $1 AND id = $2', [projectId, estimateId]);
  return (rowCount ?? 0) > 0;
}

/** Whether the estimate is one of the project's (for linking it to the project). */
export async function isProjectEstimate(db: Queryable, projectId: string, estimateId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM estimates WHERE project_id = $1 AND id = $2', [projectId, estimateId]);
  return rows.length > 0;
}

/** Flags the project's estimate in use (Plane's `last_used`), and only that one. */
export async function markEstimateUsed(db: Queryable, projectId: string, estimateId: string | null): Promise<void> {
  await db.query('UPDATE estimates SET last_used = (id IS NOT DISTINCT FROM $2::uuid) WHERE project_id = $1', [projectId, estimateId]);
}

/** The point, when it is a point of the project's active estimate (`projects.estimate`). */
export async function findActivePoint(db: Queryable, projectId: string, pointId: string): Promise<{ id: string; value: string } | null> {
  const { rows } = await db.query<{ id: string; value: string }>(
    `SELECT ep.id, ep.value FROM estimate_points ep JOIN projects p ON p.id = ep.project_id AND p.estimate = ep.estimate_id
      WHERE ep.project_id = $1 AND ep.id = $2`,
    [projectId, pointId],
  );
  return rows[0] ?? null;
}
