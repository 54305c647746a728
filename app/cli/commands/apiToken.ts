// `hangar api-token create`: issues an API token for a user and prints only the token, so scripts can
// capture it; works whether or not the appliance is running.
import { activeUserIdByEmail, issueApiToken } from '../../../server/commands/apiTokenIssuer.ts';
import { createPool } from '../../../server/db/pool.ts';
import { resolveDataDir } from '../../config/dataDir.ts';
import type { CliOptions } from '../hangar.ts';
import { withDatabase } from '../withDatabase.ts';

export async function runApiToken(subcommand: string | undefined, options: CliOptions): Promise<number> {
  if (subcommand !== 'create') {
    process.stderr.write('hangar api-token: the only subcommand is "create".\n');
    return 2;
  }
  const email = options.email;
  if (!email) {
    process.stderr.write('hangar api-token create: --email is required.\n');
    return 2;
  }
  const dataDir = resolveDataDir(options['data-dir']);
  try {
    const token = await withDatabase(dataDir, async (url) => {
      const db = createPool(url, 2);
      try {
        const userId = await activeUserIdByEmail(db, email);
        const issued = await issueApiToken(db, { userId, workspaceSlug: options.workspace ?? null, label: options.label ?? 'CLI token' });
        return issued.token;
      } finally {
        await db.end();
      }
    });
    process.stdout.write(`${token}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`hangar api-token create: ${(error as Error).message}\n`);
    return 1;
  }
}
