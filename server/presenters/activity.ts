// A work item's activity row as Plane shows it (plane-api-v1.md "activity": no created_by/updated_by).
import type { ActivityRow } from '../repositories/activityRepository.ts';

export interface ActivityJson {
  id: string;
  verb: string;
  field: string | null;
  old_value: string | null;
  new_value: string | null;
  comment: string;
  attachments: string[];
  old_identifier: string | null;
  new_identifier: string | null;
  epoch: number;
  issue: string | null;
  issue_comment: string | null;
  actor: string | null;
  project: string;
  workspace: string;
  created_at: string;
  updated_at: string;
}

export function presentActivity(row: ActivityRow): ActivityJson {
  return {
    id: row.id,
    verb: row.verb,
    field: row.field,
    old_value: row.old_value,
    new_value: row.new_value,
    comment: row.comment,
    attachments: row.attachments,
    old_identifier: row.old_identifier,
    new_identifier: row.new_identifier,
    epoch: Math.floor(row.epoch),
    issue: row.issue_id,
    issue_comment: row.issue_comment_id,
    actor: row.actor_id,
    project: row.project_id,
    workspace: row.workspace_id,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
