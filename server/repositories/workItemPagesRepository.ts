// Work items a page at a time for Plane's v1 list: full rows (as findWorkItem reads them) in a fixed
// order with an id tiebreaker, by offset — Plane's cursor "<per_page>:<page>:<is_prev>" names a page
// number, so page N is always the same slice of the order and walking either way neither skips nor
// repeats. Like Plane's default manager, archived items, drafts and triage (intake) items are left out.
import type { Queryable } from './activityRepository.ts';
import { ORDER_BYS, orderClause } from './workItemListQuery.ts';
import { WORK_ITEM_COLUMNS, type Viewer, type WorkItemRow } from './workItemsRepository.ts';

/** Orders the app's list knows (each backed by an index) plus the key's number and the name. */
export const PAGE_ORDER_BYS = [...ORDER_BYS, 'sequence_id', '-sequence_id', 'name', '-name'] as const;
export type PageOrderBy = (typeof PAGE_ORDER_BYS)[number];

export function isPageOrderBy(value: string): value is PageOrderBy {
  return (PAGE_ORDER_BYS as readonly string[]).includes(value);
}

function orderSql(orderBy: PageOrderBy): string {
  switch (orderBy) {
    case 'sequence_id':
      return 'i.sequence_id, i.id';
    case '-sequence_id':
      return 'i.sequence_id DESC, i.id DESC';
    case 'name':
      return 'i.name, i.id';
    case '-name':
      return 'i.name DESC, i.id DESC';
    default:
      return orderClause(orderBy);
  }
}

const WHERE = `i.project_id = $1 AND i.deleted_at IS NULL AND i.archived_at IS NULL AND NOT i.is_draft
  AND NOT EXISTS (SELECT 1 FROM states s WHERE s.id = i.state_id AND s.is_triage)
  AND ($2::uuid IS NULL OR i.created_by = $2)`;

export interface WorkItemPage {
  rows: WorkItemRow[];
  total: number;
}

export async function pageWorkItems(
  db: Queryable,
  scope: { projectId: string; viewer: Viewer },
  page: { orderBy: PageOrderBy; limit: number; offset: number },
): Promise<WorkItemPage> {
  const onlyBy = scope.viewer.onlyOwnItems ? scope.viewer.userId : null;
  const [rows, count] = await Promise.all([
    db.query<WorkItemRow>(
      `SELECT ${WORK_ITEM_COLUMNS} FROM issues i JOIN projects p ON p.id = i.project_id
        WHERE ${WHERE} ORDER BY ${orderSql(page.orderBy)} LIMIT $3 OFFSET $4`,
      [scope.projectId, onlyBy, page.limit, page.offset],
    ),
    db.query<{ total: number }>(`SELECT count(*)::int AS total FROM issues i WHERE ${WHERE}`, [scope.projectId, onlyBy]),
  ]);
  return { rows: rows.rows, total: count.rows[0]?.total ?? 0 };
}
