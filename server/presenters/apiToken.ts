// API tokens as their owner sees them: never the token (shown once at creation) nor its hash.
import type { ApiTokenRow } from '../auth/apiTokens.ts';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function presentApiToken(row: ApiTokenRow) {
  return {
    id: row.id,
    label: row.label,
    description: row.description,
    token_hint: `${row.token_hint}…`,
    workspace: row.workspace_id,
    is_active: row.is_active,
    is_service: row.is_service,
    expired_at: iso(row.expired_at),
    last_used: iso(row.last_used),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    user: row.user_id,
  };
}
