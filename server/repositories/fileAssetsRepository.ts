// Work-item attachments in file_assets (entity_type ISSUE_ATTACHMENT), scoped by project and work
// item. A row is created when an upload is declared and marked is_uploaded once its bytes are stored;
// `attributes.upload_started_at` claims the single upload in flight.
import type { Pool, PoolClient } from '../db/pool.ts';
import type { StorageLocation } from '../storage/fileStorage.ts';

export type Db = Pool | PoolClient;

export interface FileAssetAttributes {
  storage?: StorageLocation;
  upload_started_at?: string;
}

export interface FileAssetRow {
  id: string;
  workspace_id: string;
  project_id: string;
  issue_id: string;
  entity_type: string;
  name: string;
  content_type: string;
  size: string;
  storage_key: string;
  sha256: string | null;
  is_uploaded: boolean;
  attributes: FileAssetAttributes;
  external_source: string | null;
  external_id: string | null;
  created_by: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

const COLUMNS = `id, workspace_id, project_id, issue_id, entity_type, name, content_type, size, storage_key, sha256, is_uploaded,
  attributes, external_source, external_id, created_by, updated_by, created_at, updated_at, deleted_at`;

/** An upload claim older than this is considered abandoned (the process died mid-upload). */
const STALE_CLAIM = "interval '30 minutes'";

interface Scope {
  projectId: string;
  issueId: string;
}

export async function insertAttachment(
  db: Db,
  input: Scope & {
    id: string;
    workspaceId: string;
    actorId: string;
    name: string;
    contentType: string;
    size: number;
    storageKey: string;
    externalSource: string | null;
    externalId: string | null;
  },
): Promise<FileAssetRow> {
  const { rows } = await db.query<FileAssetRow>(
    `INSERT INTO file_assets (id, workspace_id, project_id, issue_id, entity_type, name, content_type, size, storage_key,
            external_source, external_id, created_by, updated_by)
     VALUES ($1, $2, $3, $4, 'ISSUE_ATTACHMENT', $5, $6, $7, $8, $9, $10, $11, $11) RETURNING ${COLUMNS}`,
    [
      input.id,
      input.workspaceId,
      input.projectId,
      input.issueId,
      input.name,
      input.contentType,
      input.size,
      input.storageKey,
      input.externalSource,
      input.externalId,
      input.actorId,
    ],
  );
  const row = rows[0];
  if (!row) throw new Error('insert into file_assets returned no row');
  return row;
}

/** The uploaded, live attachments of a work item, oldest first. */
export async function listAttachments(db: Db, scope: Scope): Promise<FileAssetRow[]> {
  const { rows } = await db.query<FileAssetRow>(
    `SELECT ${COLUMNS} FROM file_assets
      WHERE project_id = $1 AND issue_id = $2 AND entity_type = 'ISSUE_ATTACHMENT' AND is_uploaded AND deleted_at IS NULL
      ORDER BY created_at, id`,
    [scope.projectId, scope.issueId],
  );
  return rows;
}

/** A live attachment of the work item (uploaded or not). */
export async function findAttachment(
  db: Db,
  scope: Scope & { assetId: string },
  options: { forUpdate?: boolean } = {},
): Promise<FileAssetRow | null> {
  const { rows } = await db.query<FileAssetRow>(
    `SELECT ${COLUMNS} FROM file_assets
      WHERE project_id = $1 AND issue_id = $2 AND id = $3 AND entity_type = 'ISSUE_ATTACHMENT' AND deleted_at IS NULL${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [scope.projectId, scope.issueId, scope.assetId],
  );
  return rows[0] ?? null;
}

/** Claims the upload of a declared attachment; null when it is uploaded, deleted or being uploaded. */
export async function claimUpload(db: Db, scope: Scope & { assetId: string }): Promise<FileAssetRow | null> {
  const { rows } = await db.query<FileAssetRow>(
    `UPDATE file_assets SET attributes = attributes || jsonb_build_object('upload_started_at', now())
      WHERE project_id = $1 AND issue_id = $2 AND id = $3 AND entity_type = 'ISSUE_ATTACHMENT' AND deleted_at IS NULL AND NOT is_uploaded
        AND (attributes->>'upload_started_at' IS NULL OR (attributes->>'upload_started_at')::timestamptz < now() - ${STALE_CLAIM})
      RETURNING ${COLUMNS}`,
    [scope.projectId, scope.issueId, scope.assetId],
  );
  return rows[0] ?? null;
}

export async function releaseUpload(db: Db, assetId: string): Promise<void> {
  await db.query(`UPDATE file_assets SET attributes = attributes - 'upload_started_at' WHERE id = $1 AND NOT is_uploaded`, [assetId]);
}

/** Marks the claimed upload done; null when the attachment was deleted meanwhile. */
export async function markUploaded(
  db: Db,
  input: { assetId: string; size: number; sha256: string; location: StorageLocation; actorId: string },
): Promise<FileAssetRow | null> {
  const { rows } = await db.query<FileAssetRow>(
    `UPDATE file_assets SET is_uploaded = true, size = $2, sha256 = $3,
            attributes = (attributes - 'upload_started_at') || jsonb_build_object('storage', $4::jsonb), updated_by = $5, updated_at = now()
      WHERE id = $1 AND deleted_at IS NULL AND NOT is_uploaded RETURNING ${COLUMNS}`,
    [input.assetId, input.size, input.sha256, JSON.stringify(input.location), input.actorId],
  );
  return rows[0] ?? null;
}

export async function softDeleteAttachment(db: Db, assetId: string, actorId: string): Promise<void> {
  await db.query('UPDATE file_assets SET deleted_at = now(), updated_by = $2, updated_at = now() WHERE id = $1', [assetId, actorId]);
}

/**
 * The stored files of these work items' attachments (live or soft-deleted). A hard delete of work
 * items (whose rows cascade to file_assets) removes these first with StorageResolver.removeStored.
 */
export async function storedFilesOfIssues(
  db: Db,
  issueIds: readonly string[],
): Promise<Pick<FileAssetRow, 'id' | 'storage_key' | 'attributes'>[]> {
  const { rows } = await db.query<Pick<FileAssetRow, 'id' | 'storage_key' | 'attributes'>>(
    `SELECT id, storage_key, attributes FROM file_assets WHERE issue_id = ANY($1::uuid[]) AND (is_uploaded OR attributes ? 'upload_started_at')`,
    [issueIds],
  );
  return rows;
}
