// Cycles as the app API and Plane's v1 show them: Plane's cycle fields, bare ids for relations (plus
// the `_id` names Plane's web app reads), the issue counts by state group, and the computed status.
// Estimates are not summed yet: no estimate points exist to sum, so the totals are 0.
import type { CycleIssueRow, CycleRow } from '../repositories/cyclesRepository.ts';

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

export function presentCycle(row: CycleRow) {
  return {
    id: row.id,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    deleted_at: iso(row.deleted_at),
    created_by: row.created_by,
    updated_by: row.updated_by,
    name: row.name,
    description: row.description,
    start_date: row.start_date,
    end_date: row.end_date,
    owned_by: row.owned_by,
    owned_by_id: row.owned_by,
    view_props: row.view_props,
    sort_order: row.sort_order,
    progress_snapshot: row.progress_snapshot,
    archived_at: iso(row.archived_at),
    logo_props: row.logo_props,
    timezone: row.timezone,
    version: row.version,
    external_source: row.external_source,
    external_id: row.external_id,
    project: row.project_id,
    project_id: row.project_id,
    workspace: row.workspace_id,
    workspace_id: row.workspace_id,
    status: row.status,
    total_issues: row.total_issues,
    cancelled_issues: row.cancelled_issues,
    completed_issues: row.completed_issues,
    started_issues: row.started_issues,
    unstarted_issues: row.unstarted_issues,
    backlog_issues: row.backlog_issues,
    total_estimates: 0,
    completed_estimates: 0,
    started_estimates: 0,
  };
}

export type CycleJson = ReturnType<typeof presentCycle>;

/** A work item's place in a cycle (Plane's CycleIssue). */
export function presentCycleIssue(row: CycleIssueRow) {
  return {
    id: row.id,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    deleted_at: null,
    created_by: row.created_by,
    updated_by: row.updated_by,
    cycle: row.cycle_id,
    cycle_id: row.cycle_id,
    issue: row.issue_id,
    issue_id: row.issue_id,
    project: row.project_id,
    workspace: row.workspace_id,
  };
}
