// Shapes of the app API (`/api`, `/auth`) as the web UIs read them.
import type { ServiceStatus } from '../../contracts/services.ts';

export type { ServiceStatus };

export interface Instance {
  instance_name: string;
  is_setup_done: boolean;
  signup_open: boolean;
}

export interface User {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  display_name: string;
  avatar: string | null;
  timezone: string;
  is_instance_admin: boolean;
}

/** Plane's workspace roles are numbers (20 admin, 15 member, 5 guest); a string is shown as is. */
export interface WorkspaceSummary {
  id: string;
  name: string;
  slug: string;
  role: number | string;
}

export interface ApiErrorBody {
  error?: string;
  message?: string;
  id?: string;
}
