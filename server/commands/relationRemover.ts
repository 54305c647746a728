// Removes the relation between a work item and another (whatever its type or orientation), with the
// activity rows of both sides, in one transaction.
import { NotFoundError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { recordActivities } from '../repositories/activityRepository.ts';
import { deleteRelation, findPairRelation, issueKeys, relationFrom } from '../repositories/relationsRepository.ts';
import { relationActivities } from './relationCreator.ts';

export async function removeRelation(
  pool: Pool,
  input: { scope: { issueId: string; projectId: string; workspaceId: string; actorId: string }; key: string; relatedIssueId: string },
): Promise<void> {
  const { scope, key } = input;
  const otherId = input.relatedIssueId.toLowerCase();
  await inTransaction(pool, async (tx) => {
    const existing = otherId === scope.issueId ? null : await findPairRelation(tx, scope.projectId, scope.issueId, otherId);
    if (!existing) throw NotFoundError('These work items are not related.');
    const otherKey = (await issueKeys(tx, scope.projectId, [otherId])).get(otherId) ?? otherId;
    await deleteRelation(tx, scope.projectId, existing.id);
    await recordActivities(
      tx,
      relationActivities(scope, 'deleted', [
        { issueId: scope.issueId, otherId, otherKey, type: relationFrom(existing, scope.issueId).type },
        { issueId: otherId, otherId: scope.issueId, otherKey: key, type: relationFrom(existing, otherId).type },
      ]),
    );
  });
}
