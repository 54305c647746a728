// First run: creates the instance admin (and optionally a first workspace) exactly once.
import { ConflictError, ValidationError } from '../api/errors.ts';
import { checkNewPassword, displayNameFor, normalizeEmail } from '../auth/credentials.ts';
import { hashPassword } from '../auth/passwords.ts';
import { inTransaction, type Pool } from '../db/pool.ts';

export interface InstanceAdminInput {
  email: string;
  password: string;
  firstName?: string;
  lastName?: string;
  workspaceName?: string;
  workspaceSlug?: string;
}

export interface InstanceAdminResult {
  userId: string;
  email: string;
  workspace: { id: string; slug: string; name: string } | null;
}

export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
}

export async function createInstanceAdmin(db: Pool, input: InstanceAdminInput): Promise<InstanceAdminResult> {
  const email = normalizeEmail(input.email);
  const password = checkNewPassword(input.password);
  const firstName = (input.firstName ?? '').trim().slice(0, 100);
  const lastName = (input.lastName ?? '').trim().slice(0, 100);
  const workspaceName = input.workspaceName?.trim() || (input.workspaceSlug ? input.workspaceSlug : '');
  const slug = input.workspaceSlug ? input.workspaceSlug.trim().toLowerCase() : slugify(workspaceName);
  if (workspaceName && !/^[a-z0-9][a-z0-9_-]{0,47}$/.test(slug)) {
    throw ValidationError('The workspace URL may use lower-case letters, digits, "-" and "_" (at most 48).', {
      slug: ['Invalid workspace URL.'],
    });
  }
  const passwordHash = await hashPassword(password);
  return inTransaction(db, async (tx) => {
    const { rows } = await tx.query<{ is_setup_done: boolean }>('SELECT is_setup_done FROM instance WHERE id = 1 FOR UPDATE');
    if (rows[0]?.is_setup_done) throw ConflictError('This instance is already set up: an instance admin exists.');
    const user = await tx.query<{ id: string }>(
      `INSERT INTO users (email, password_hash, first_name, last_name, display_name, is_instance_admin)
       VALUES ($1, $2, $3, $4, $5, true) RETURNING id`,
      [email, passwordHash, firstName, lastName, displayNameFor(firstName, lastName, email)],
    );
    const userId = user.rows[0]?.id ?? '';
    let workspace: InstanceAdminResult['workspace'] = null;
    if (workspaceName) {
      const ws = await tx.query<{ id: string }>(
        'INSERT INTO workspaces (name, slug, owner_id, created_by, updated_by) VALUES ($1, $2, $3, $3, $3) RETURNING id',
        [workspaceName.slice(0, 80), slug, userId],
      );
      const workspaceId = ws.rows[0]?.id ?? '';
      await tx.query('INSERT INTO workspace_members (workspace_id, member_id, role) VALUES ($1, $2, 20)', [workspaceId, userId]);
      workspace = { id: workspaceId, slug, name: workspaceName.slice(0, 80) };
    }
    await tx.query('UPDATE instance SET is_setup_done = true, updated_at = now() WHERE id = 1');
    return { userId, email, workspace };
  });
}
