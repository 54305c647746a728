// Per-project list data versions (0017): writes append delta rows; readers sum them (with the
// membership check, server/api/access/membership.ts) and fold them back into one row when they
// find many, here; an hourly job folds the projects nobody lists (compactAllListVersions). Folding
// keeps the sum, so a version read before, during or after it is the same.
import type { Queryable } from './activityRepository.ts';

/** Past this many delta rows, a reader folds the project's versions (the sum stays cheap to read). */
export const LIST_VERSION_ROWS_TO_COMPACT = 32;

/**
 * Folds a project's deltas into one row, under a transaction-scoped advisory lock so that one
 * compactor works on a project at a time. Deltas appended meanwhile by open transactions are not
 * visible to the DELETE and stay: nothing is lost or counted twice. Returns false when another
 * compactor held the lock.
 */
export async function compactListVersions(db: Queryable, projectId: string): Promise<boolean> {
  const { rows } = await db.query<{ ok: boolean }>(
    `WITH lock AS (SELECT pg_try_advisory_xact_lock(hashtextextended('work_item_list_versions:' || $1, 0)) AS ok),
          gone AS (DELETE FROM work_item_list_versions v USING lock WHERE lock.ok AND v.project_id = $1::uuid RETURNING v.n),
          folded AS (INSERT INTO work_item_list_versions (project_id, n) SELECT $1::uuid, sum(n) FROM gone HAVING count(*) > 0 RETURNING 1)
     SELECT (SELECT ok FROM lock) AS ok, (SELECT count(*) FROM folded) AS folded`,
    [projectId],
  );
  return rows[0]?.ok === true;
}

const compacting = new Set<string>();
/** compactListVersions off the request's path; a failure only means the next reader tries again. */
export function compactListVersionsLater(db: Queryable, projectId: string): void {
  if (compacting.has(projectId)) return;
  compacting.add(projectId);
  setImmediate(() => {
    compactListVersions(db, projectId)
      .catch(() => undefined)
      .finally(() => compacting.delete(projectId));
  });
}

/**
 * Folds every project with more than `minRows` delta rows, and drops the rows of projects that no
 * longer exist (their lists cannot be asked for: the membership check finds no project).
 */
export async function compactAllListVersions(db: Queryable, minRows = 8): Promise<{ projects: number; orphans: number }> {
  const { rows } = await db.query<{ project_id: string }>(
    'SELECT project_id FROM work_item_list_versions GROUP BY project_id HAVING count(*) > $1',
    [minRows],
  );
  let projects = 0;
  for (const row of rows) if (await compactListVersions(db, row.project_id)) projects += 1;
  const gone = await db.query(
    'DELETE FROM work_item_list_versions v WHERE NOT EXISTS (SELECT 1 FROM projects p WHERE p.id = v.project_id)',
  );
  return { projects, orphans: gone.rowCount ?? 0 };
}
