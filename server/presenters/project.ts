// Projects as the app API shows them: Plane's project fields plus the viewer's membership and counts.
import type { ProjectView } from '../repositories/projectsRepository.ts';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function presentProject(project: ProjectView) {
  return {
    id: project.id,
    created_at: iso(project.created_at),
    updated_at: iso(project.updated_at),
    deleted_at: iso(project.deleted_at),
    created_by: project.created_by,
    updated_by: project.updated_by,
    name: project.name,
    description: project.description,
    description_text: project.description_text,
    description_html: project.description_html,
    network: project.network,
    identifier: project.identifier,
    emoji: project.emoji,
    icon_prop: project.icon_prop,
    logo_props: project.logo_props,
    module_view: project.module_view,
    cycle_view: project.cycle_view,
    issue_views_view: project.issue_views_view,
    page_view: project.page_view,
    intake_view: project.intake_view,
    is_time_tracking_enabled: project.is_time_tracking_enabled,
    is_issue_type_enabled: project.is_issue_type_enabled,
    guest_view_all_features: project.guest_view_all_features,
    cover_image: project.cover_image,
    cover_image_url: project.cover_image,
    archive_in: project.archive_in,
    close_in: project.close_in,
    archived_at: iso(project.archived_at),
    timezone: project.timezone,
    external_source: project.external_source,
    external_id: project.external_id,
    workspace: project.workspace_id,
    default_assignee: project.default_assignee,
    project_lead: project.project_lead,
    estimate: project.estimate,
    default_state: project.default_state,
    total_members: project.total_members,
    total_cycles: project.total_cycles,
    total_modules: project.total_modules,
    is_member: project.is_member,
    member_role: project.member_role,
    // Plane's sort_order on a project is the viewer's own ordering of their sidebar.
    sort_order: project.member_sort_order ?? project.sort_order,
    is_deployed: false,
  };
}
