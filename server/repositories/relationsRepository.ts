// Work-item relations. A pair is stored once (unique on the unordered pair): blocking is stored as
// the inverse blocked_by, start_after as start_before, finish_after as finish_before; duplicate and
// relates_to are symmetric. Reads look at both columns so either side sees the relation.
import type { Pool, PoolClient } from '../db/pool.ts';

export type Db = Pool | PoolClient;

/** The eight relation types the API speaks. */
export const RELATION_TYPES = [
  'blocking',
  'blocked_by',
  'duplicate',
  'relates_to',
  'start_after',
  'start_before',
  'finish_after',
  'finish_before',
] as const;
export type RelationType = (typeof RELATION_TYPES)[number];
/** The five stored ones. */
export type StoredRelationType = 'blocked_by' | 'duplicate' | 'relates_to' | 'start_before' | 'finish_before';

const INVERSE: Record<RelationType, RelationType> = {
  blocking: 'blocked_by',
  blocked_by: 'blocking',
  start_after: 'start_before',
  start_before: 'start_after',
  finish_after: 'finish_before',
  finish_before: 'finish_after',
  duplicate: 'duplicate',
  relates_to: 'relates_to',
};

export function inverseRelation(type: RelationType): RelationType {
  return INVERSE[type];
}

/** How "`issue` <type> `other`" is stored: as (issue_id, related_issue_id, relation_type). */
export function storedForm(
  issueId: string,
  type: RelationType,
  otherId: string,
): { issueId: string; relatedIssueId: string; type: StoredRelationType } {
  switch (type) {
    case 'blocking':
      return { issueId: otherId, relatedIssueId: issueId, type: 'blocked_by' };
    case 'start_after':
      return { issueId: otherId, relatedIssueId: issueId, type: 'start_before' };
    case 'finish_after':
      return { issueId: otherId, relatedIssueId: issueId, type: 'finish_before' };
    default:
      return { issueId, relatedIssueId: otherId, type };
  }
}

export interface RelationRow {
  id: string;
  issue_id: string;
  related_issue_id: string;
  relation_type: StoredRelationType;
  project_id: string;
  workspace_id: string;
  created_by: string | null;
  created_at: Date;
}

/** How a stored row reads from `viewpointId`'s side: the type as seen from there and the other item. */
export function relationFrom(
  row: Pick<RelationRow, 'issue_id' | 'related_issue_id' | 'relation_type'>,
  viewpointId: string,
): { type: RelationType; otherId: string } {
  return row.issue_id === viewpointId
    ? { type: row.relation_type, otherId: row.related_issue_id }
    : { type: inverseRelation(row.relation_type), otherId: row.issue_id };
}

/** A related item as the relations list shows it. */
export interface LiteIssueRow {
  id: string;
  name: string;
  sequence_id: number;
  project_id: string;
  project_identifier: string;
  state_id: string | null;
  state_group: string | null;
  priority: string;
}

export interface RelatedItemRow extends LiteIssueRow {
  relation_id: string;
  relation_issue_id: string;
  relation_related_issue_id: string;
  relation_type: StoredRelationType;
  relation_created_at: Date;
}

const LITE = `i.id, i.name, i.sequence_id, i.project_id, p.identifier AS project_identifier, i.state_id, s."group" AS state_group, i.priority`;
const LITE_FROM = 'issues i JOIN projects p ON p.id = i.project_id LEFT JOIN states s ON s.id = i.state_id';

/** Every live item related to `issueId` (either column), with the stored relation, oldest first. */
export async function listRelatedItems(db: Db, scope: { projectId: string; issueId: string }): Promise<RelatedItemRow[]> {
  const { rows } = await db.query<RelatedItemRow>(
    `SELECT ${LITE}, r.id AS relation_id, r.issue_id AS relation_issue_id, r.related_issue_id AS relation_related_issue_id,
            r.relation_type, r.created_at AS relation_created_at
       FROM issue_relations r
       JOIN ${LITE_FROM} ON i.id = CASE WHEN r.issue_id = $2 THEN r.related_issue_id ELSE r.issue_id END
      WHERE r.project_id = $1 AND (r.issue_id = $2 OR r.related_issue_id = $2) AND i.deleted_at IS NULL
      ORDER BY r.created_at, r.id`,
    [scope.projectId, scope.issueId],
  );
  return rows;
}

/** The live items of the project among `ids` (others are simply missing from the answer). */
export async function findLiteIssues(db: Db, projectId: string, ids: readonly string[]): Promise<LiteIssueRow[]> {
  const { rows } = await db.query<LiteIssueRow>(
    `SELECT ${LITE} FROM ${LITE_FROM} WHERE i.project_id = $1 AND i.id = ANY($2::uuid[]) AND i.deleted_at IS NULL`,
    [projectId, ids],
  );
  return rows;
}

/** The relation between the pair (in whichever orientation), locked for the caller's transaction. */
export async function findPairRelation(db: Db, projectId: string, a: string, b: string): Promise<RelationRow | null> {
  const { rows } = await db.query<RelationRow>(
    `SELECT id, issue_id, related_issue_id, relation_type, project_id, workspace_id, created_by, created_at
       FROM issue_relations
      WHERE project_id = $1 AND LEAST(issue_id, related_issue_id) = LEAST($2::uuid, $3::uuid)
        AND GREATEST(issue_id, related_issue_id) = GREATEST($2::uuid, $3::uuid)
      FOR UPDATE`,
    [projectId, a, b],
  );
  return rows[0] ?? null;
}

export async function insertRelation(
  db: Db,
  input: { issueId: string; relatedIssueId: string; type: StoredRelationType; projectId: string; workspaceId: string; actorId: string },
): Promise<RelationRow> {
  const { rows } = await db.query<RelationRow>(
    `INSERT INTO issue_relations (issue_id, related_issue_id, relation_type, project_id, workspace_id, created_by)
     VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING id, issue_id, related_issue_id, relation_type, project_id, workspace_id, created_by, created_at`,
    [input.issueId, input.relatedIssueId, input.type, input.projectId, input.workspaceId, input.actorId],
  );
  const row = rows[0];
  if (!row) throw new Error('insert into issue_relations returned no row');
  return row;
}

export async function deleteRelation(db: Db, projectId: string, relationId: string): Promise<void> {
  await db.query('DELETE FROM issue_relations WHERE project_id = $1 AND id = $2', [projectId, relationId]);
}

/** `IDENT-123` keys of the project's items among `ids`, deleted ones included (for activity rows). */
export async function issueKeys(db: Db, projectId: string, ids: readonly string[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ id: string; key: string }>(
    `SELECT i.id, p.identifier || '-' || i.sequence_id AS key FROM issues i JOIN projects p ON p.id = i.project_id
      WHERE i.project_id = $1 AND i.id = ANY($2::uuid[])`,
    [projectId, ids],
  );
  return new Map(rows.map((r) => [r.id, r.key]));
}
