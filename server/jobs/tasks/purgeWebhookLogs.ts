// Webhook delivery logs are for troubleshooting recent deliveries; keep 30 days (Plane keeps its
// logs a similar while) so a busy workspace's log table cannot grow without end. Daily, batched.
import { defineTask } from '../task.ts';

export interface PurgeWebhookLogsProps {
  /** Days of logs to keep. */
  keepDays?: number;
  batchSize?: number;
}

export const purgeWebhookLogs = defineTask({
  name: 'purge-webhook-logs',
  retry: { retryLimit: 3, retryDelay: 60, retryBackoff: true, retryDelayMax: 3600 },
  expireInSeconds: 600,
  // Missed slots collapse into one catch-up run (as purge-expired-sessions): one run deletes all that is due.
  schedule: { cron: '41 3 * * *', props: {} },
  async run(props: PurgeWebhookLogsProps, ctx): Promise<{ deleted: number }> {
    const keepDays = props.keepDays ?? 30;
    const batchSize = props.batchSize ?? 5000;
    let deleted = 0;
    for (;;) {
      const result = await ctx.db.query(
        `DELETE FROM webhook_logs WHERE id IN (
           SELECT id FROM webhook_logs WHERE created_at < now() - make_interval(days => $1) LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [keepDays, batchSize],
      );
      const count = result.rowCount ?? 0;
      deleted += count;
      if (count < batchSize) break;
    }
    if (deleted > 0) ctx.log.info({ deleted }, 'purged old webhook logs');
    return { deleted };
  },
});
