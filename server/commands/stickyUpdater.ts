// Changes one of the caller's own stickies; anyone else's (or a missing one) is not found.
import { NotFoundError } from '../api/errors.ts';
import type { Pool } from '../db/pool.ts';
import { type StickyOwner, type StickyRow, updateSticky } from '../repositories/stickiesRepository.ts';
import { checkStickyFields, type StickyInput } from './stickyRules.ts';

export async function updateStickySettings(
  db: Pool,
  input: { owner: StickyOwner; stickyId: string; data: StickyInput },
): Promise<StickyRow> {
  const row = await updateSticky(db, input.owner, input.stickyId, checkStickyFields(input.data));
  if (!row) throw NotFoundError('This sticky does not exist.');
  return row;
}
