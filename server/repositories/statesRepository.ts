// Workflow states of a project. Every query is scoped by the project id from the caller's access.
import { findProjectRowByName, insertProjectRow, type ProjectTable, updateProjectRow } from './projectRowWriter.ts';
import type { Db } from './projectsRepository.ts';

export const STATE_GROUPS = ['backlog', 'unstarted', 'started', 'completed', 'cancelled', 'triage'] as const;
export type StateGroup = (typeof STATE_GROUPS)[number];

export interface StateRow {
  id: string;
  workspace_id: string;
  project_id: string;
  name: string;
  description: string;
  color: string;
  slug: string;
  sequence: number;
  group: StateGroup;
  is_triage: boolean;
  default: boolean;
  external_source: string | null;
  external_id: string | null;
  created_by: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

export const STATE_WRITABLE = ['name', 'description', 'color', 'sequence', 'group', 'external_source', 'external_id'] as const;
export type StateWritable = (typeof STATE_WRITABLE)[number];
export type StateFields = Partial<Record<StateWritable, unknown>> & { slug?: string; is_triage?: boolean; default?: boolean };

const STATE_COLUMNS = `s.id, s.workspace_id, s.project_id, s.name, s.description, s.color, s.slug, s.sequence, s."group", s.is_triage,
  s."default", s.external_source, s.external_id, s.created_by, s.updated_by, s.created_at, s.updated_at, s.deleted_at`;

/** Plane's state slug: the name, lower-cased, with runs of other characters as "-". */
export function stateSlug(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function entries(fields: StateFields): [string, unknown][] {
  return [...STATE_WRITABLE, 'slug', 'is_triage', 'default']
    .filter((c) => fields[c as keyof StateFields] !== undefined)
    .map((c) => [c, fields[c as keyof StateFields]]);
}

const STATES: ProjectTable = { table: 'states', alias: 's', returning: STATE_COLUMNS };

export function insertState(
  db: Db,
  project: { id: string; workspace_id: string },
  actorId: string | null,
  fields: StateFields,
): Promise<StateRow> {
  return insertProjectRow<StateRow>(db, STATES, project, actorId, entries(fields));
}

export function updateState(db: Db, projectId: string, stateId: string, actorId: string, fields: StateFields): Promise<StateRow | null> {
  return updateProjectRow<StateRow>(db, STATES, projectId, stateId, actorId, entries(fields));
}

export async function listStates(db: Db, projectId: string, options: { includeTriage: boolean }): Promise<StateRow[]> {
  const { rows } = await db.query<StateRow>(
    `SELECT ${STATE_COLUMNS} FROM states s
      WHERE s.project_id = $1 AND s.deleted_at IS NULL AND ($2 OR NOT s.is_triage)
      ORDER BY s.sequence, s.created_at`,
    [projectId, options.includeTriage],
  );
  return rows;
}

export async function findState(
  db: Db,
  projectId: string,
  stateId: string,
  options: { forUpdate?: boolean } = {},
): Promise<StateRow | null> {
  const { rows } = await db.query<StateRow>(
    `SELECT ${STATE_COLUMNS} FROM states s WHERE s.project_id = $1 AND s.id = $2 AND s.deleted_at IS NULL${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [projectId, stateId],
  );
  return rows[0] ?? null;
}

/** The live row with this name (case-insensitive) in the project, for 409s. */
export function findStateByName(db: Db, projectId: string, name: string, exceptId: string | null = null): Promise<{ id: string } | null> {
  return findProjectRowByName(db, 'states', projectId, name, exceptId);
}

/** The next sequence after the project's last non-triage state, so a new state lists last. */
export async function nextStateSequence(db: Db, projectId: string): Promise<number> {
  const { rows } = await db.query<{ next: number }>(
    'SELECT COALESCE(max(sequence), 0) + 10000 AS next FROM states WHERE project_id = $1 AND deleted_at IS NULL AND NOT is_triage',
    [projectId],
  );
  return rows[0]?.next ?? 65535;
}

/** Makes `stateId` the project's one default state (states."default" and projects.default_state). */
export async function moveDefaultState(db: Db, projectId: string, stateId: string): Promise<void> {
  // Clear first: the partial unique index allows only one default per project at any moment.
  await db.query('UPDATE states SET "default" = false WHERE project_id = $1 AND "default" AND id <> $2', [projectId, stateId]);
  await db.query('UPDATE states SET "default" = true, updated_at = now() WHERE project_id = $1 AND id = $2', [projectId, stateId]);
  await db.query('UPDATE projects SET default_state = $2 WHERE id = $1', [projectId, stateId]);
}

/** How many live work items (drafts and archived included) are in the state. */
export async function countStateIssues(db: Db, projectId: string, stateId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM issues WHERE project_id = $1 AND state_id = $2 AND deleted_at IS NULL',
    [projectId, stateId],
  );
  return rows[0]?.n ?? 0;
}

export async function softDeleteState(db: Db, projectId: string, stateId: string, actorId: string): Promise<void> {
  await db.query(
    'UPDATE states SET deleted_at = now(), updated_by = $3, updated_at = now() WHERE project_id = $1 AND id = $2 AND deleted_at IS NULL',
    [projectId, stateId, actorId],
  );
}
