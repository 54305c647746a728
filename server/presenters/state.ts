// Workflow states as the app API shows them (Plane's state fields).
import type { StateRow } from '../repositories/statesRepository.ts';

export function presentState(state: StateRow) {
  return {
    id: state.id,
    created_at: state.created_at.toISOString(),
    updated_at: state.updated_at.toISOString(),
    deleted_at: state.deleted_at ? state.deleted_at.toISOString() : null,
    created_by: state.created_by,
    updated_by: state.updated_by,
    name: state.name,
    description: state.description,
    color: state.color,
    slug: state.slug,
    sequence: state.sequence,
    group: state.group,
    is_triage: state.is_triage,
    default: state.default,
    external_source: state.external_source,
    external_id: state.external_id,
    project: state.project_id,
    workspace: state.workspace_id,
  };
}
