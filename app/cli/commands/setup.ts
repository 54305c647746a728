// `hangar setup`: non-interactive first run — the instance admin (and a workspace), whether or not
// the appliance is running.
import { createInstanceAdmin } from '../../../server/commands/instanceAdminCreator.ts';
import { createPool } from '../../../server/db/pool.ts';
import { resolveDataDir } from '../../config/dataDir.ts';
import { withDatabase } from '../withDatabase.ts';
import type { CliOptions } from '../hangar.ts';

export async function runSetup(options: CliOptions): Promise<number> {
  const email = options['admin-email'];
  const password = options['admin-password'];
  if (!email || !password) {
    process.stderr.write('hangar setup: --admin-email and --admin-password are required.\n');
    return 2;
  }
  const dataDir = resolveDataDir(options['data-dir']);
  try {
    const result = await withDatabase(dataDir, async (url) => {
      const db = createPool(url, 2);
      try {
        return await createInstanceAdmin(db, { email, password, workspaceSlug: options.workspace, workspaceName: options.workspace });
      } finally {
        await db.end();
      }
    });
    process.stdout.write(
      `Instance admin ${result.email} created.${result.workspace ? ` Workspace "${result.workspace.slug}" created.` : ''}\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`hangar setup: ${(error as Error).message}\n`);
    return 1;
  }
}
