// Users as the UIs and other presenters see them (never the password hash).
import type { SessionUser } from '../auth/sessions.ts';

export interface Me extends SessionUser {
  avatar_url: string | null;
}

/** The signed-in user's own profile. */
export function presentMe(user: SessionUser): Me {
  return {
    id: user.id,
    email: user.email,
    first_name: user.first_name,
    last_name: user.last_name,
    display_name: user.display_name,
    avatar: user.avatar,
    avatar_url: user.avatar || null,
    timezone: user.timezone,
    is_instance_admin: user.is_instance_admin,
  };
}

/** The columns presentUserLite needs (select them as `u.id, u.first_name, …`). */
export interface UserLiteSource {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  avatar: string;
  display_name: string;
}

export interface UserLite {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  avatar: string;
  /** Plane's computed avatar URL: the avatar when set, else null. */
  avatar_url: string | null;
  display_name: string;
}

/** Plane's user lite `{id, first_name, last_name, email, avatar, avatar_url, display_name}`. */
export function presentUserLite(user: UserLiteSource): UserLite {
  return {
    id: user.id,
    first_name: user.first_name,
    last_name: user.last_name,
    email: user.email,
    avatar: user.avatar,
    avatar_url: user.avatar || null,
    display_name: user.display_name,
  };
}

/** User lite without the email, for viewers Plane does not show emails to (guests). */
export function presentUserLiteForGuest(user: UserLiteSource): Omit<UserLite, 'email'> {
  const { email: _email, ...rest } = presentUserLite(user);
  return rest;
}
