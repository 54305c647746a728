// TypeBox schemas of GET /api/workspaces/:slug/projects/:projectId/issues/ (the UI's list and board).
// Every filter arrives as a string (lists comma-separated) and is checked by parseListQuery, which
// answers 400 with a message naming the parameter and the values it accepts.
import { type Static, Type } from 'typebox';

export const ListParams = Type.Object({ slug: Type.String({ maxLength: 100 }), projectId: Type.String({ maxLength: 64 }) });
export type ListParams = Static<typeof ListParams>;

const list = (description: string, maxLength = 4000) => Type.Optional(Type.String({ maxLength, description }));
const date = (description: string) =>
  Type.Optional(Type.String({ maxLength: 10, description: `${description} ("YYYY-MM-DD", inclusive)` }));

export const ListQuery = Type.Object({
  state: list('State ids; "none" also matches items without a state. Without state/state_group, Triage items are left out.'),
  state_group: list('backlog, unstarted, started, completed, cancelled, triage', 200),
  priority: list('urgent, high, medium, low, none', 100),
  assignees: list('User ids; "none" matches items without an assignee.'),
  labels: list('Label ids; "none" matches items without a label.'),
  created_by: list('User ids of the creators.'),
  start_date_after: date('Start date on or after'),
  start_date_before: date('Start date on or before'),
  target_date_after: date('Target date on or after'),
  target_date_before: date('Target date on or before'),
  parent: Type.Optional(Type.String({ maxLength: 64, description: 'A parent id, or "none" for top-level items only.' })),
  archived: Type.Optional(
    Type.String({ maxLength: 8, description: '"false" (default) hides archived items, "true" shows them too, "only" shows only them.' }),
  ),
  is_draft: Type.Optional(Type.String({ maxLength: 8, description: '"false" (default): no drafts; "true": drafts only.' })),
  search: Type.Optional(Type.String({ maxLength: 255, description: 'Text in the name, or a key: "WEB-12" / "12".' })),
  order_by: Type.Optional(
    Type.String({
      maxLength: 20,
      description:
        '-created_at (default), created_at, -updated_at, updated_at, sort_order, -sort_order, priority (urgent → none), -priority, start_date, -start_date, target_date, -target_date. Ties break on id.',
    }),
  ),
  group_by: Type.Optional(Type.String({ maxLength: 20, description: 'state, priority, assignees or labels: a board (see ListResponse).' })),
  cursor: Type.Optional(Type.String({ maxLength: 1000, description: 'next_cursor / prev_cursor of a previous page (same order_by).' })),
  per_page: Type.Optional(
    Type.String({ maxLength: 6, description: 'Items per page, 1–100: default 50; with group_by, items per group, default 30.' }),
  ),
});
export type ListQuery = Static<typeof ListQuery>;

/**
 * The flat list (no group_by):
 *   { grouped_by: null, order_by, total_count, count, per_page, next_cursor, prev_cursor,
 *     next_page_results, prev_page_results, results: [item…] }
 * item: { id, sequence_id, name, state_id, priority, sort_order, start_date, target_date, completed_at,
 *         archived_at, is_draft, parent_id, assignee_ids, label_ids, created_at, updated_at, created_by }
 * Cursors are keyset positions: a page never repeats or skips items when others are created or
 * deleted meanwhile. Walk forwards with next_cursor, backwards with prev_cursor.
 *
 * The board (group_by): the first per_page items of every group, as positional rows to stay small:
 *   { grouped_by, order_by, total_count, per_page, fields: [name…],
 *     groups: [{ key, count, next_cursor, results: [[value…]…] }] }
 * `fields` names the row positions (the card fields, without the grouped-by one: the group's key is
 * its value). key null is the "None" group. A group's next_cursor continues that group through the
 * flat list: same filters plus `<state|priority|assignees|labels>=<key or "none">` and that cursor.
 */
export type ListResponse = string;
