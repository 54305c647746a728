// Whether webhooks may target private addresses: the instance admin's setting
// (instance_settings 'webhooks.allow_private') or HANGAR_WEBHOOK_ALLOW_PRIVATE=1 for the process.
import type { Pool, PoolClient } from '../db/pool.ts';

export const ALLOW_PRIVATE_SETTING = 'webhooks.allow_private';

type Db = Pool | PoolClient;

export async function privateTargetsSetting(db: Db): Promise<boolean> {
  const { rows } = await db.query<{ value: unknown }>('SELECT value FROM instance_settings WHERE key = $1', [ALLOW_PRIVATE_SETTING]);
  return rows[0]?.value === true;
}

export async function setPrivateTargetsSetting(db: Db, allow: boolean): Promise<void> {
  await db.query(
    `INSERT INTO instance_settings (key, value) VALUES ($1, $2::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [ALLOW_PRIVATE_SETTING, JSON.stringify(allow)],
  );
}

export async function privateTargetsAllowed(db: Db, fromEnv: boolean): Promise<boolean> {
  return fromEnv || (await privateTargetsSetting(db));
}
