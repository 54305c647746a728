// Stickies as Plane shows them: bare `workspace` / `owner` ids, the binary document as base64.
import type { StickyRow } from '../repositories/stickiesRepository.ts';

export function presentSticky(sticky: StickyRow) {
  return {
    id: sticky.id,
    created_at: sticky.created_at.toISOString(),
    updated_at: sticky.updated_at.toISOString(),
    deleted_at: sticky.deleted_at ? sticky.deleted_at.toISOString() : null,
    created_by: sticky.created_by,
    updated_by: sticky.updated_by,
    name: sticky.name,
    description: sticky.description,
    description_html: sticky.description_html,
    description_stripped: sticky.description_stripped,
    description_binary: sticky.description_binary ? sticky.description_binary.toString('base64') : null,
    logo_props: sticky.logo_props,
    color: sticky.color,
    background_color: sticky.background_color,
    workspace: sticky.workspace_id,
    owner: sticky.owner_id,
    sort_order: sticky.sort_order,
  };
}
