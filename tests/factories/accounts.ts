// Factories for users and workspaces: rows with sensible defaults, parents created when missing.
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../server/auth/passwords.ts';
import type { Role } from '../../server/api/access/roles.ts';
import type { Pool } from '../../server/db/pool.ts';

export interface UserRow {
  id: string;
  email: string;
  password: string;
}

export interface WorkspaceRow {
  id: string;
  slug: string;
  name: string;
  owner: UserRow;
}

let counter = 0;
const unique = (): string => `${process.pid}-${++counter}-${randomUUID().slice(0, 6)}`;
let cachedHash: Promise<string> | null = null;
const DEFAULT_PASSWORD = 'password-123';

export async function buildUser(
  db: Pool,
  overrides: { email?: string; password?: string; first_name?: string; is_instance_admin?: boolean } = {},
): Promise<UserRow> {
  const email = overrides.email ?? `user-${unique()}@example.com`;
  const password = overrides.password ?? DEFAULT_PASSWORD;
  // Hashing is deliberately slow; share one hash for the default password.
  if (!overrides.password) cachedHash ??= hashPassword(DEFAULT_PASSWORD);
  const hash = overrides.password || !cachedHash ? await hashPassword(password) : await cachedHash;
  const { rows } = await db.query<{ id: string }>(
    'INSERT INTO users (email, password_hash, first_name, display_name, is_instance_admin) VALUES ($1, $2, $3, $3, $4) RETURNING id',
    [email, hash, overrides.first_name ?? email.split('@')[0], overrides.is_instance_admin ?? false],
  );
  return { id: rows[0]?.id ?? '', email, password };
}

export async function buildWorkspace(db: Pool, overrides: { owner?: UserRow; slug?: string; name?: string } = {}): Promise<WorkspaceRow> {
  const owner = overrides.owner ?? (await buildUser(db));
  const slug = overrides.slug ?? `ws-${unique()}`.toLowerCase().slice(0, 48);
  const name = overrides.name ?? `Workspace ${slug}`;
  const { rows } = await db.query<{ id: string }>(
    'INSERT INTO workspaces (name, slug, owner_id, created_by, updated_by) VALUES ($1, $2, $3, $3, $3) RETURNING id',
    [name, slug, owner.id],
  );
  const id = rows[0]?.id ?? '';
  await addWorkspaceMember(db, { id }, owner, 20);
  return { id, slug, name, owner };
}

export async function addWorkspaceMember(db: Pool, workspace: { id: string }, user: { id: string }, role: Role): Promise<void> {
  await db.query(
    'INSERT INTO workspace_members (workspace_id, member_id, role) VALUES ($1, $2, $3) ON CONFLICT (workspace_id, member_id) DO UPDATE SET role = excluded.role',
    [workspace.id, user.id, role],
  );
}
