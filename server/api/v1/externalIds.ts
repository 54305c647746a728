// external_id / external_source: Plane's importer idempotency. A create that repeats an existing
// pair answers 409 with the existing object's id; `?external_id=&external_source=` on a list answers
// that one object.
import type { Db } from '../../repositories/projectsRepository.ts';
import { ConflictError } from '../errors.ts';

/** Tables whose rows carry external ids, and the column that scopes them. */
export type ExternalTable = 'projects' | 'states' | 'labels' | 'issues' | 'issue_comments' | 'cycles' | 'modules' | 'stickies';

export interface ExternalScope {
  table: ExternalTable;
  /** 'workspace_id' for workspace-level objects (projects, stickies), else 'project_id'. */
  column: 'workspace_id' | 'project_id';
  id: string;
}

export interface ExternalPair {
  external_id?: string | null;
  external_source?: string | null;
}

export async function findByExternalId(db: Db, scope: ExternalScope, pair: ExternalPair): Promise<string | null> {
  if (!pair.external_id || !pair.external_source) return null;
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM ${scope.table} WHERE ${scope.column} = $1 AND external_id = $2 AND external_source = $3 AND deleted_at IS NULL LIMIT 1`,
    [scope.id, pair.external_id, pair.external_source],
  );
  return rows[0]?.id ?? null;
}

/** 409 `{error, id}` when the pair already names an object in scope. */
export async function refuseExternalDuplicate(db: Db, scope: ExternalScope, pair: ExternalPair, noun: string): Promise<void> {
  const existing = await findByExternalId(db, scope, pair);
  if (existing) throw ConflictError(`${noun} with the same external id and external source already exists`, { id: existing });
}
