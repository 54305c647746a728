// Permanently deletes work items soft-deleted more than N days ago (N = instance setting
// `hard_delete_after_days`, default 30), daily, in bounded batches so a large backlog never holds a
// long lock or a huge transaction. Their assignees, labels, links, comments, activity, … go with
// them (ON DELETE CASCADE); sub-items keep living without the parent (SET NULL). Idempotent.
import type { Pool } from '../../db/pool.ts';
import { storedFilesOfIssues } from '../../repositories/fileAssetsRepository.ts';
import { StorageResolver } from '../../storage/storageSettings.ts';
import { defineTask } from '../task.ts';

export interface HardDeleteWorkItemsProps {
  /** Rows per DELETE. */
  batchSize?: number;
  /** Stop after this many batches; the next run continues. */
  maxBatches?: number;
}

export const DEFAULT_HARD_DELETE_AFTER_DAYS = 30;
const MAX_DAYS = 36_500;

/** `instance_settings.hard_delete_after_days` when it is a whole number of days ≥ 0, else the default. */
export async function hardDeleteAfterDays(db: Pool): Promise<number> {
  const { rows } = await db.query<{ value: unknown }>("SELECT value FROM instance_settings WHERE key = 'hard_delete_after_days'");
  const raw = rows[0]?.value;
  const days = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  return typeof days === 'number' && Number.isInteger(days) && days >= 0 && days <= MAX_DAYS ? days : DEFAULT_HARD_DELETE_AFTER_DAYS;
}

export const hardDeleteWorkItems = defineTask({
  name: 'hard-delete-work-items',
  retry: { retryLimit: 3, retryDelay: 60, retryBackoff: true, retryDelayMax: 3600 },
  expireInSeconds: 1800,
  // Missed slots collapse into one catch-up run (pg-boss `missed: 'once'`): one run deletes
  // everything that is old enough up to now.
  schedule: { cron: '43 3 * * *', props: {} },
  async run(props: HardDeleteWorkItemsProps, ctx): Promise<{ deleted: number; afterDays: number }> {
    const batchSize = props.batchSize ?? 500;
    const maxBatches = props.maxBatches ?? 1000;
    const afterDays = await hardDeleteAfterDays(ctx.db);
    let storage: StorageResolver | null = null;
    let deleted = 0;
    for (let batch = 0; batch < maxBatches; batch += 1) {
      const client = await ctx.db.connect();
      let files: Awaited<ReturnType<typeof storedFilesOfIssues>> = [];
      let count = 0;
      try {
        await client.query('BEGIN');
        const result = await client.query<{ id: string }>(
          `SELECT id FROM issues WHERE deleted_at IS NOT NULL AND deleted_at < now() - make_interval(days => $1)
            ORDER BY deleted_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [afterDays, batchSize],
        );
        const ids = result.rows.map((r) => r.id);
        // The attachment rows go with the items (cascade); note their files first to remove them after commit.
        files = ids.length ? await storedFilesOfIssues(client, ids) : [];
        if (ids.length) await client.query('DELETE FROM issues WHERE id = ANY($1::uuid[])', [ids]);
        await client.query('COMMIT');
        count = ids.length;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
      // After the commit: a crash here leaves a stray file, never a row pointing at a missing one.
      if (files.length > 0) storage ??= new StorageResolver(ctx.db, ctx.filesDir);
      for (const file of files) {
        await storage
          ?.removeStored(file)
          .catch((error: unknown) => ctx.log.warn({ err: error, asset: file.id }, 'could not remove an attachment file'));
      }
      deleted += count;
      if (count < batchSize) break;
    }
    if (deleted > 0) ctx.log.info({ deleted, afterDays }, 'hard-deleted work items');
    return { deleted, afterDays };
  },
});
