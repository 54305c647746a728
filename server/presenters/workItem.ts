// A work item as the app API (and Plane's v1, plane-api-v1.md "work item") shows it: bare ids for
// relations, assignees and labels as id arrays, dates as "YYYY-MM-DD", the binary description as base64.
import type { Priority, WorkItemRow } from '../repositories/workItemsRepository.ts';

export interface WorkItemJson {
  id: string;
  name: string;
  description_html: string;
  description_stripped: string | null;
  description_binary: string | null;
  priority: Priority;
  start_date: string | null;
  target_date: string | null;
  sequence_id: number;
  sort_order: number;
  point: number | null;
  completed_at: string | null;
  archived_at: string | null;
  is_draft: boolean;
  external_source: string | null;
  external_id: string | null;
  project: string;
  project_id: string;
  workspace: string;
  workspace_id: string;
  parent: string | null;
  parent_id: string | null;
  state: string | null;
  state_id: string | null;
  estimate_point: string | null;
  type_id: string | null;
  /** Plane's v1 name for the work-item type id (Hangar has no types yet). */
  type: string | null;
  assignees: string[];
  assignee_ids: string[];
  labels: string[];
  label_ids: string[];
  project__identifier: string;
  /** The human key, e.g. "WEB-12". */
  sequence: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  created_by: string | null;
  updated_by: string | null;
}

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

/**
 * Plane's v1 names (`state`, `parent`, `assignees`, `labels`) plus the `_id` names its web app reads
 * (`state_id`, `parent_id`, `assignee_ids`, `label_ids`), so both clients read the same object.
 */
export function presentWorkItem(row: WorkItemRow): WorkItemJson {
  return {
    id: row.id,
    name: row.name,
    description_html: row.description_html,
    description_stripped: row.description_stripped,
    description_binary: row.description_binary ? row.description_binary.toString('base64') : null,
    priority: row.priority,
    start_date: row.start_date,
    target_date: row.target_date,
    sequence_id: row.sequence_id,
    sort_order: row.sort_order,
    point: row.point,
    completed_at: iso(row.completed_at),
    archived_at: iso(row.archived_at),
    is_draft: row.is_draft,
    external_source: row.external_source,
    external_id: row.external_id,
    project: row.project_id,
    project_id: row.project_id,
    workspace: row.workspace_id,
    workspace_id: row.workspace_id,
    parent: row.parent_id,
    parent_id: row.parent_id,
    state: row.state_id,
    state_id: row.state_id,
    estimate_point: row.estimate_point,
    type_id: row.type_id,
    type: row.type_id,
    assignees: row.assignee_ids,
    assignee_ids: row.assignee_ids,
    labels: row.label_ids,
    label_ids: row.label_ids,
    project__identifier: row.project_identifier,
    sequence: `${row.project_identifier}-${row.sequence_id}`,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    deleted_at: iso(row.deleted_at),
    created_by: row.created_by,
    updated_by: row.updated_by,
  };
}
