// Changes a link's url, title or metadata with an activity row, in one transaction.
import { NotFoundError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { recordActivity } from '../repositories/activityRepository.ts';
import { findLink, findLinkByUrl, type LinkRow, updateLink } from '../repositories/linksRepository.ts';
import { duplicateLink, type LinkScope } from './linkCreator.ts';
import { checkLinkUrl, isUniqueViolation } from './linkRules.ts';

export async function updateLinkCommand(
  pool: Pool,
  input: {
    scope: LinkScope;
    linkId: string;
    url?: string | undefined;
    title?: string | null | undefined;
    metadata?: Record<string, unknown> | undefined;
  },
): Promise<LinkRow> {
  const { scope } = input;
  const url = input.url === undefined ? undefined : checkLinkUrl(input.url);
  try {
    return await inTransaction(pool, async (tx) => {
      const link = await findLink(tx, { ...scope, linkId: input.linkId }, { forUpdate: true });
      if (!link) throw NotFoundError('Link not found.');
      if (url !== undefined && url !== link.url) {
        const other = await findLinkByUrl(tx, scope, url);
        if (other) throw duplicateLink(other.id);
      }
      const next = {
        url: url ?? link.url,
        title: input.title === undefined ? link.title : input.title?.trim() || null,
        metadata: input.metadata ?? link.metadata,
      };
      const updated = await updateLink(tx, link.id, { ...next, actorId: scope.actorId });
      if (next.url !== link.url || next.title !== link.title) {
        await recordActivity(tx, {
          ...scope,
          verb: 'updated',
          field: 'link',
          oldValue: link.url,
          newValue: next.url,
          oldIdentifier: link.id,
          newIdentifier: link.id,
          comment: 'updated a link',
        });
      }
      return updated;
    });
  } catch (error) {
    if (isUniqueViolation(error) && url) throw duplicateLink((await findLinkByUrl(pool, scope, url))?.id);
    throw error;
  }
}
