// Modules as Plane shows them (plane-api-v1.md "module"): bare ids for lead, project and workspace,
// members as an id array, dates as "YYYY-MM-DD", plus the work-item counts by state group. The web
// app's `_id` names (`lead_id`, `member_ids`, …) ride along, as on work items.
import type { ModuleIssueRow, ModuleRow } from '../repositories/modulesRepository.ts';

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

export function presentModule(row: ModuleRow) {
  return {
    id: row.id,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    deleted_at: iso(row.deleted_at),
    created_by: row.created_by,
    updated_by: row.updated_by,
    name: row.name,
    description: row.description,
    description_text: row.description_text,
    description_html: row.description_html,
    start_date: row.start_date,
    target_date: row.target_date,
    status: row.status,
    lead: row.lead,
    lead_id: row.lead,
    members: row.member_ids,
    member_ids: row.member_ids,
    view_props: row.view_props,
    sort_order: row.sort_order,
    archived_at: iso(row.archived_at),
    logo_props: row.logo_props,
    external_source: row.external_source,
    external_id: row.external_id,
    project: row.project_id,
    project_id: row.project_id,
    workspace: row.workspace_id,
    workspace_id: row.workspace_id,
    total_issues: row.total_issues,
    cancelled_issues: row.cancelled_issues,
    completed_issues: row.completed_issues,
    started_issues: row.started_issues,
    unstarted_issues: row.unstarted_issues,
    backlog_issues: row.backlog_issues,
    // Plane's estimate sums; not computed yet (work items carry no summable points here), so 0.
    total_estimate_points: 0,
    completed_estimate_points: 0,
  };
}

/** A work item's link to a module (Plane's ModuleIssue). */
export function presentModuleIssue(row: ModuleIssueRow) {
  return {
    id: row.id,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    deleted_at: null,
    created_by: row.created_by,
    updated_by: row.updated_by,
    module: row.module_id,
    module_id: row.module_id,
    issue: row.issue_id,
    issue_id: row.issue_id,
    project: row.project_id,
    workspace: row.workspace_id,
    sub_issues_count: row.sub_issues_count,
  };
}
