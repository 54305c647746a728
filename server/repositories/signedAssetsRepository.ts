// What the signed (API-key-less) attachment URLs of /api/v1 read: the attachment a token names,
// found by id alone — the token is the authorization — but only while it, its work item and its
// project are live; whether its uploader may still upload; and the instance's URL-signing secret.
import { randomBytes } from 'node:crypto';
import type { Db, FileAssetRow } from './fileAssetsRepository.ts';

export async function findSignedAsset(db: Db, assetId: string): Promise<FileAssetRow | null> {
  const { rows } = await db.query<FileAssetRow>(
    `SELECT fa.id, fa.workspace_id, fa.project_id, fa.issue_id, fa.entity_type, fa.name, fa.content_type, fa.size, fa.storage_key,
            fa.sha256, fa.is_uploaded, fa.attributes, fa.external_source, fa.external_id, fa.created_by, fa.updated_by,
            fa.created_at, fa.updated_at, fa.deleted_at
       FROM file_assets fa
       JOIN issues i ON i.id = fa.issue_id AND i.project_id = fa.project_id AND i.deleted_at IS NULL
       JOIN projects p ON p.id = fa.project_id AND p.deleted_at IS NULL
      WHERE fa.id = $1 AND fa.entity_type = 'ISSUE_ATTACHMENT' AND fa.deleted_at IS NULL`,
    [assetId],
  );
  return rows[0] ?? null;
}

/** True while `userId` is an active member (or admin) of the project: an upload URL dies with their access. */
export async function mayStillUpload(db: Db, projectId: string, userId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM project_members WHERE project_id = $1 AND member_id = $2 AND is_active AND role >= 15', [
    projectId,
    userId,
  ]);
  return rows.length > 0;
}

const SECRET_KEY = 'asset_url_secret';

/** The secret that signs attachment URLs: made once per instance (first caller wins), kept in instance_settings. */
export async function assetUrlSecret(db: Db): Promise<Buffer> {
  await db.query('INSERT INTO instance_settings (key, value) VALUES ($1, to_jsonb($2::text)) ON CONFLICT (key) DO NOTHING', [
    SECRET_KEY,
    randomBytes(32).toString('base64url'),
  ]);
  const { rows } = await db.query<{ value: unknown }>('SELECT value FROM instance_settings WHERE key = $1', [SECRET_KEY]);
  const value = rows[0]?.value;
  if (typeof value !== 'string' || value.length < 40) throw new Error(`instance_settings.${SECRET_KEY} is not a usable secret`);
  return Buffer.from(value, 'base64url');
}
