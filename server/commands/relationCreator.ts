// Relates a work item to others of its project, in one transaction with the activity rows of both
// sides. A pair holds at most one relation: relating an already related pair REPLACES its relation
// (activity: the old one deleted, the new one created); the same relation again changes nothing.
import { ConflictError, ValidationError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { type ActivityInput, recordActivities } from '../repositories/activityRepository.ts';
import {
  deleteRelation,
  findLiteIssues,
  findPairRelation,
  insertRelation,
  type LiteIssueRow,
  type RelationType,
  relationFrom,
  storedForm,
} from '../repositories/relationsRepository.ts';

export interface CreatedRelation {
  id: string;
  relation_type: RelationType;
  issue_id: string;
  related_issue: LiteIssueRow;
  created_at: Date;
}

interface Scope {
  issueId: string;
  projectId: string;
  workspaceId: string;
  actorId: string;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}

export function relationActivities(
  scope: Scope,
  verb: 'created' | 'deleted',
  sides: { issueId: string; otherId: string; otherKey: string; type: RelationType }[],
): ActivityInput[] {
  return sides.map((s) => ({
    issueId: s.issueId,
    projectId: scope.projectId,
    workspaceId: scope.workspaceId,
    actorId: scope.actorId,
    verb,
    field: s.type,
    oldValue: verb === 'deleted' ? s.otherKey : null,
    newValue: verb === 'created' ? s.otherKey : null,
    oldIdentifier: verb === 'deleted' ? s.otherId : null,
    newIdentifier: verb === 'created' ? s.otherId : null,
    comment: verb === 'created' ? `added the ${s.type} relation with ${s.otherKey}` : `removed the ${s.type} relation with ${s.otherKey}`,
  }));
}

export async function createRelations(
  pool: Pool,
  input: { scope: Scope; key: string; relationType: RelationType; issueIds: readonly string[] },
): Promise<CreatedRelation[]> {
  const { scope, key, relationType } = input;
  const ids = [...new Set(input.issueIds.map((id) => id.toLowerCase()))];
  if (ids.includes(scope.issueId)) throw ValidationError('A work item cannot be related to itself.', { issues: [scope.issueId] });
  try {
    return await inTransaction(pool, async (tx) => {
      const found = await findLiteIssues(tx, scope.projectId, ids);
      const byId = new Map(found.map((r) => [r.id, r]));
      const missing = ids.filter((id) => !byId.has(id));
      if (missing.length > 0) {
        throw ValidationError(`Related work items must be work items of this project; not found here: ${missing.join(', ')}.`, {
          issues: missing,
        });
      }
      const created: CreatedRelation[] = [];
      const activities: ActivityInput[] = [];
      for (const id of ids) {
        const other = byId.get(id) as LiteIssueRow;
        const otherKey = `${other.project_identifier}-${other.sequence_id}`;
        const stored = storedForm(scope.issueId, relationType, id);
        const existing = await findPairRelation(tx, scope.projectId, scope.issueId, id);
        if (
          existing &&
          existing.issue_id === stored.issueId &&
          existing.related_issue_id === stored.relatedIssueId &&
          existing.relation_type === stored.type
        ) {
          created.push({
            id: existing.id,
            relation_type: relationType,
            issue_id: scope.issueId,
            related_issue: other,
            created_at: existing.created_at,
          });
          continue;
        }
        if (existing) {
          const old = relationFrom(existing, scope.issueId);
          await deleteRelation(tx, scope.projectId, existing.id);
          activities.push(
            ...relationActivities(scope, 'deleted', [
              { issueId: scope.issueId, otherId: id, otherKey, type: old.type },
              { issueId: id, otherId: scope.issueId, otherKey: key, type: relationFrom(existing, id).type },
            ]),
          );
        }
        const row = await insertRelation(tx, {
          ...stored,
          projectId: scope.projectId,
          workspaceId: scope.workspaceId,
          actorId: scope.actorId,
        });
        activities.push(
          ...relationActivities(scope, 'created', [
            { issueId: scope.issueId, otherId: id, otherKey, type: relationType },
            { issueId: id, otherId: scope.issueId, otherKey: key, type: relationFrom(row, id).type },
          ]),
        );
        created.push({
          id: row.id,
          relation_type: relationType,
          issue_id: scope.issueId,
          related_issue: other,
          created_at: row.created_at,
        });
      }
      await recordActivities(tx, activities);
      return created;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw ConflictError('These work items were related by someone else at the same time; reload and try again.');
    throw error;
  }
}
