// Deletes a link with its activity row, in one transaction.
import { NotFoundError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { recordActivity } from '../repositories/activityRepository.ts';
import { deleteLink, findLink } from '../repositories/linksRepository.ts';
import type { LinkScope } from './linkCreator.ts';

export async function deleteLinkCommand(pool: Pool, input: { scope: LinkScope; linkId: string }): Promise<void> {
  const { scope } = input;
  await inTransaction(pool, async (tx) => {
    const link = await findLink(tx, { ...scope, linkId: input.linkId }, { forUpdate: true });
    if (!link) throw NotFoundError('Link not found.');
    await deleteLink(tx, link.id);
    await recordActivity(tx, {
      ...scope,
      verb: 'deleted',
      field: 'link',
      oldValue: link.url,
      oldIdentifier: link.id,
      comment: 'deleted a link',
    });
  });
}
