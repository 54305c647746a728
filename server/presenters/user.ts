// The signed-in user as the UIs see it (never the password hash).
import type { SessionUser } from '../auth/sessions.ts';

export function presentMe(user: SessionUser): SessionUser {
  return {
    id: user.id,
    email: user.email,
    first_name: user.first_name,
    last_name: user.last_name,
    display_name: user.display_name,
    avatar: user.avatar,
    timezone: user.timezone,
    is_instance_admin: user.is_instance_admin,
  };
}
