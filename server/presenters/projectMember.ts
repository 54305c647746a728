// Project memberships: the membership fields with `member` as a bare id, plus the member's user
// lite as `member_detail` (without the email for guest viewers, as Plane hides it from them).
import type { ProjectMemberView } from '../repositories/projectMembersRepository.ts';
import { presentUserLite, presentUserLiteForGuest } from './user.ts';

export function presentProjectMember(membership: ProjectMemberView, viewer: { isGuest: boolean }) {
  const user = {
    id: membership.member_id,
    first_name: membership.first_name,
    last_name: membership.last_name,
    email: membership.email,
    avatar: membership.avatar,
    display_name: membership.display_name,
  };
  return {
    id: membership.id,
    created_at: membership.created_at.toISOString(),
    updated_at: membership.updated_at.toISOString(),
    created_by: membership.created_by,
    updated_by: membership.updated_by,
    member: membership.member_id,
    member_detail: viewer.isGuest ? presentUserLiteForGuest(user) : presentUserLite(user),
    role: membership.role,
    sort_order: membership.sort_order,
    is_active: membership.is_active,
    project: membership.project_id,
    workspace: membership.workspace_id,
  };
}
