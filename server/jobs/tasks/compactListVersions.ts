// Folds the list data versions (0017) of projects nobody has listed lately: readers fold the
// versions of the projects they list, but a project written through the API alone would otherwise
// keep one delta row per write transaction. Hourly; a rerun finds little left to do.
import { compactAllListVersions } from '../../repositories/listVersionsRepository.ts';
import { defineTask } from '../task.ts';

export interface CompactListVersionsProps {
  /** Fold projects holding more than this many delta rows. */
  minRows?: number;
}

export const compactListVersions = defineTask({
  name: 'compact-list-versions',
  retry: { retryLimit: 3, retryDelay: 60, retryBackoff: true, retryDelayMax: 3600 },
  expireInSeconds: 600,
  // Missed slots collapse into one catch-up run (as the other schedules): one run folds everything.
  schedule: { cron: '23 * * * *', props: {} },
  async run(props: CompactListVersionsProps, ctx): Promise<{ projects: number; orphans: number }> {
    const result = await compactAllListVersions(ctx.db, props.minRows ?? 8);
    if (result.projects > 0 || result.orphans > 0) ctx.log.info(result, 'folded list data versions');
    return result;
  },
});
