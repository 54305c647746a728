// Workspace members as Plane lists them: user lite + role. Guests get them without emails, as Plane's
// member list serializer for guests omits them.
import type { WorkspaceMemberView } from '../repositories/workspaceMembersRepository.ts';
import { presentUserLite, presentUserLiteForGuest, type UserLite } from './user.ts';

export type WorkspaceMemberJson = (UserLite | Omit<UserLite, 'email'>) & { role: number };

export function presentWorkspaceMember(row: WorkspaceMemberView, viewerRole: number): WorkspaceMemberJson {
  const user = {
    id: row.member_id,
    first_name: row.first_name,
    last_name: row.last_name,
    email: row.email,
    avatar: row.avatar,
    display_name: row.display_name,
  };
  return { ...(viewerRole > 5 ? presentUserLite(user) : presentUserLiteForGuest(user)), role: row.role };
}
