// Estimates as the app API shows them (Plane's estimate with its `points`); FKs are bare ids.
import type { EstimatePointRow, EstimateWithPoints } from '../repositories/estimatesRepository.ts';

export function presentEstimatePoint(point: EstimatePointRow) {
  return {
    id: point.id,
    created_at: point.created_at.toISOString(),
    updated_at: point.updated_at.toISOString(),
    deleted_at: null,
    created_by: point.created_by,
    updated_by: point.updated_by,
    key: point.key,
    value: point.value,
    description: point.description,
    estimate: point.estimate_id,
    project: point.project_id,
    workspace: point.workspace_id,
  };
}

export function presentEstimate(estimate: EstimateWithPoints) {
  return {
    id: estimate.id,
    created_at: estimate.created_at.toISOString(),
    updated_at: estimate.updated_at.toISOString(),
    deleted_at: null,
    created_by: estimate.created_by,
    updated_by: estimate.updated_by,
    name: estimate.name,
    description: estimate.description,
    type: estimate.type,
    last_used: estimate.last_used,
    project: estimate.project_id,
    workspace: estimate.workspace_id,
    points: estimate.points.map(presentEstimatePoint),
  };
}
