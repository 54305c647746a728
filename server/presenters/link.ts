// A work item's link as Plane shows it: `title, url, metadata, issue, project, workspace` + audit fields.
import type { LinkRow } from '../repositories/linksRepository.ts';

export interface LinkJson {
  id: string;
  title: string | null;
  url: string;
  metadata: Record<string, unknown>;
  issue: string;
  project: string;
  workspace: string;
  created_at: string;
  updated_at: string;
  deleted_at: null;
  created_by: string | null;
  updated_by: string | null;
}

export function presentLink(row: LinkRow): LinkJson {
  return {
    id: row.id,
    title: row.title,
    url: row.url,
    metadata: row.metadata,
    issue: row.issue_id,
    project: row.project_id,
    workspace: row.workspace_id,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    deleted_at: null,
    created_by: row.created_by,
    updated_by: row.updated_by,
  };
}
