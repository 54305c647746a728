// Adds a link to a work item with its activity row, in one transaction; the same url twice → 409.
import { ConflictError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { recordActivity } from '../repositories/activityRepository.ts';
import { findLinkByUrl, insertLink, type LinkRow } from '../repositories/linksRepository.ts';
import { checkLinkUrl, isUniqueViolation } from './linkRules.ts';

export interface LinkScope {
  issueId: string;
  projectId: string;
  workspaceId: string;
  actorId: string;
}

export function duplicateLink(id: string | undefined): Error {
  return ConflictError('This work item already has a link with this URL.', id ? { id } : {});
}

export async function createLink(
  pool: Pool,
  input: { scope: LinkScope; url: string; title?: string | null | undefined; metadata?: Record<string, unknown> | undefined },
): Promise<LinkRow> {
  const { scope } = input;
  const url = checkLinkUrl(input.url);
  try {
    return await inTransaction(pool, async (tx) => {
      const existing = await findLinkByUrl(tx, scope, url);
      if (existing) throw duplicateLink(existing.id);
      const link = await insertLink(tx, { ...scope, url, title: input.title?.trim() || null, metadata: input.metadata ?? {} });
      await recordActivity(tx, {
        ...scope,
        verb: 'created',
        field: 'link',
        newValue: url,
        newIdentifier: link.id,
        comment: 'created a link',
      });
      return link;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateLink((await findLinkByUrl(pool, scope, url))?.id);
    throw error;
  }
}
