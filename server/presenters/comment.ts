// A work item's comment as Plane shows it (`comment_html, attachments, access, external_source,
// external_id, edited_at, issue, actor, parent, project, workspace` + audit fields), with its author
// and reactions when loaded.
import type { CommentRow, CommentWithDetails, ReactionRow } from '../repositories/commentsRepository.ts';
import { presentUserLite, type UserLite } from './user.ts';

export interface ReactionJson {
  id: string;
  comment: string;
  actor: string;
  reaction: string;
  created_at: string;
}

export interface CommentJson {
  id: string;
  comment_html: string;
  comment_stripped: string;
  comment_json: Record<string, unknown>;
  attachments: string[];
  access: string;
  external_source: string | null;
  external_id: string | null;
  edited_at: string | null;
  issue: string;
  actor: string | null;
  actor_detail: UserLite | null;
  parent: string | null;
  project: string;
  workspace: string;
  comment_reactions: ReactionJson[];
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  created_by: string | null;
  updated_by: string | null;
}

export function presentReaction(row: ReactionRow): ReactionJson {
  return { id: row.id, comment: row.comment_id, actor: row.actor_id, reaction: row.reaction, created_at: row.created_at.toISOString() };
}

export function presentComment(row: CommentRow | CommentWithDetails): CommentJson {
  const details = 'reactions' in row ? row : null;
  return {
    id: row.id,
    comment_html: row.comment_html,
    comment_stripped: row.comment_stripped,
    comment_json: row.comment_json,
    attachments: row.attachments,
    access: row.access,
    external_source: row.external_source,
    external_id: row.external_id,
    edited_at: row.edited_at?.toISOString() ?? null,
    issue: row.issue_id,
    actor: row.actor_id,
    actor_detail: details?.actor_detail ? presentUserLite(details.actor_detail) : null,
    parent: row.parent_id,
    project: row.project_id,
    workspace: row.workspace_id,
    comment_reactions: details ? details.reactions.map(presentReaction) : [],
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    deleted_at: row.deleted_at?.toISOString() ?? null,
    created_by: row.created_by,
    updated_by: row.updated_by,
  };
}
