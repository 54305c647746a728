// A work item's attachment as the app API shows it: Plane's `attributes {name, type, size}` and
// `asset_url`, plus flat name/type/size, the SHA-256 and where to upload while it waits for its bytes.
import type { FileAssetRow } from '../repositories/fileAssetsRepository.ts';

export interface AttachmentJson {
  id: string;
  name: string;
  type: string;
  size: number;
  sha256: string | null;
  is_uploaded: boolean;
  attributes: { name: string; type: string; size: number };
  asset: string;
  asset_url: string;
  issue: string;
  project: string;
  workspace: string;
  external_source: string | null;
  external_id: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  created_by: string | null;
  updated_by: string | null;
}

export interface DeclaredAttachmentJson extends AttachmentJson {
  asset_id: string;
  upload_url: string;
  upload_data: { url: string; method: 'PUT'; fields: Record<string, string>; headers: Record<string, string> };
  attachment: AttachmentJson;
}

/** `base` is the attachments collection path, e.g. /api/workspaces/ws/projects/p/issues/i/attachments */
export function presentAttachment(row: FileAssetRow, base: string): AttachmentJson {
  const size = Number(row.size);
  return {
    id: row.id,
    name: row.name,
    type: row.content_type,
    size,
    sha256: row.sha256,
    is_uploaded: row.is_uploaded,
    attributes: { name: row.name, type: row.content_type, size },
    asset: row.id,
    asset_url: `${base}/${row.id}/download/`,
    issue: row.issue_id,
    project: row.project_id,
    workspace: row.workspace_id,
    external_source: row.external_source,
    external_id: row.external_id,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    deleted_at: row.deleted_at?.toISOString() ?? null,
    created_by: row.created_by,
    updated_by: row.updated_by,
  };
}

export function presentDeclaredAttachment(row: FileAssetRow, base: string): DeclaredAttachmentJson {
  const attachment = presentAttachment(row, base);
  const url = `${base}/${row.id}/upload/`;
  return {
    ...attachment,
    asset_id: row.id,
    upload_url: url,
    upload_data: { url, method: 'PUT', fields: {}, headers: { 'Content-Type': row.content_type } },
    attachment,
  };
}

/** Content-Disposition for a download: an ASCII fallback name and the exact one in RFC 5987 form. */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const exact = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${exact}`;
}
