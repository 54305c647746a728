// Deletes sessions past their expiry, daily, in bounded batches so a large backlog never holds a
// long lock or a huge transaction. Idempotent: a rerun finds nothing left to delete.
import { defineTask } from '../task.ts';

export interface PurgeExpiredSessionsProps {
  /** Rows per DELETE. */
  batchSize?: number;
  /** Stop after this many batches; the next run continues. */
  maxBatches?: number;
}

export const purgeExpiredSessions = defineTask({
  name: 'purge-expired-sessions',
  retry: { retryLimit: 3, retryDelay: 60, retryBackoff: true, retryDelayMax: 3600 },
  expireInSeconds: 600,
  // Missed slots (the appliance was off or asleep at 03:17): the runner schedules with pg-boss's
  // `missed: 'once'`, so the first cron pass after start-up sends ONE catch-up job for the most recent
  // missed slot, however many days were missed. Nothing is lost by collapsing them: one run deletes
  // everything expired up to now.
  schedule: { cron: '17 3 * * *', props: {} },
  async run(props: PurgeExpiredSessionsProps, ctx): Promise<{ deleted: number }> {
    const batchSize = props.batchSize ?? 1000;
    const maxBatches = props.maxBatches ?? 1000;
    let deleted = 0;
    for (let batch = 0; batch < maxBatches; batch += 1) {
      const result = await ctx.db.query(
        `DELETE FROM sessions WHERE token_hash IN (
           SELECT token_hash FROM sessions WHERE expires_at < now() LIMIT $1 FOR UPDATE SKIP LOCKED)`,
        [batchSize],
      );
      const count = result.rowCount ?? 0;
      deleted += count;
      if (count < batchSize) break;
    }
    if (deleted > 0) ctx.log.info({ deleted }, 'purged expired sessions');
    return { deleted };
  },
});
