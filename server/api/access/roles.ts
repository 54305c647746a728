// Plane's roles: 20 admin, 15 member, 5 guest.
export const ROLE = { admin: 20, member: 15, guest: 5 } as const;
export type Role = (typeof ROLE)[keyof typeof ROLE];

export function isRole(value: unknown): value is Role {
  return value === 20 || value === 15 || value === 5;
}
