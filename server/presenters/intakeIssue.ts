// An intake item as Plane shows it (plane-api-v1.md "intake issue"): its work item in full under
// `issue_detail`, the work item's id under `issue`, and the intake's id under both `intake` and Plane's
// older name `inbox`.
import type { IntakeIssueView } from '../repositories/intakeRepository.ts';
import { presentWorkItem } from './workItem.ts';

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

export function presentIntakeIssue(view: IntakeIssueView) {
  const { intake } = view;
  return {
    id: intake.id,
    created_at: intake.created_at.toISOString(),
    updated_at: intake.updated_at.toISOString(),
    deleted_at: iso(intake.deleted_at),
    created_by: intake.created_by,
    updated_by: intake.updated_by,
    issue_detail: presentWorkItem(view.item),
    inbox: intake.intake_id,
    intake: intake.intake_id,
    status: intake.status,
    snoozed_till: iso(intake.snoozed_till),
    source: intake.source,
    source_email: intake.source_email,
    extra: intake.extra,
    issue: intake.issue_id,
    duplicate_to: intake.duplicate_to,
    project: intake.project_id,
    workspace: intake.workspace_id,
  };
}
