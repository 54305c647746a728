// Creates a sticky for the caller in a workspace: it is theirs alone, on top of their list.
import type { Pool } from '../db/pool.ts';
import { insertSticky, type StickyOwner, type StickyRow } from '../repositories/stickiesRepository.ts';
import { checkStickyFields, type StickyInput } from './stickyRules.ts';

export async function createSticky(db: Pool, input: { owner: StickyOwner; data: StickyInput }): Promise<StickyRow> {
  return insertSticky(db, input.owner, checkStickyFields(input.data));
}
