// Labels as the app API shows them (Plane's label fields; `parent` is a bare id).
import type { LabelRow } from '../repositories/labelsRepository.ts';

export function presentLabel(label: LabelRow) {
  return {
    id: label.id,
    created_at: label.created_at.toISOString(),
    updated_at: label.updated_at.toISOString(),
    deleted_at: label.deleted_at ? label.deleted_at.toISOString() : null,
    created_by: label.created_by,
    updated_by: label.updated_by,
    name: label.name,
    description: label.description,
    color: label.color,
    sort_order: label.sort_order,
    parent: label.parent,
    external_source: label.external_source,
    external_id: label.external_id,
    project: label.project_id,
    workspace: label.workspace_id,
  };
}
