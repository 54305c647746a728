// The JSON of list rows, written by hand from the raw text Postgres sends (see workItemListQuery.ts):
// ids, numbers and enums need no escaping, names go through JSON.stringify.
//   list item: { id, sequence_id, name, state_id, priority, sort_order, start_date, target_date,
//                completed_at, archived_at, is_draft, parent_id, assignee_ids, label_ids, created_at,
//                updated_at, created_by }   (dates "YYYY-MM-DD", timestamps ISO 8601 UTC)
//   board card: a positional row of BOARD_FIELDS without the grouped-by field.
import type { GroupBy, ListRow } from '../../../repositories/workItemListQuery.ts';
import { ROW } from '../../../repositories/workItemListQuery.ts';

const str = (v: string | null | undefined): string => (v == null ? 'null' : `"${v}"`);
/** "YYYY-MM-DD HH:MM:SS.ffffff" (UTC) → ISO 8601. */
const time = (v: string | null | undefined): string => (v == null ? 'null' : `"${v.replace(' ', 'T')}Z"`);
/** uuid[] text "{a,b}" → ["a","b"] (uuids contain neither commas nor quotes). */
const ids = (v: string | null | undefined): string => (v == null || v === '{}' ? '[]' : `["${v.slice(1, -1).replaceAll(',', '","')}"]`);
/** float8 text: Postgres spells non-finite values NaN / Infinity, which JSON has not. */
const num = (v: string | null | undefined): string => (v == null || !/^-?\d/.test(v) ? 'null' : v);
const bool = (v: string | null | undefined): string => (v === 't' ? 'true' : 'false');

export function presentListItems(rows: readonly ListRow[]): string {
  let out = '';
  for (const r of rows) {
    if (out) out += ',';
    out +=
      `{"id":"${r[ROW.id]}","sequence_id":${r[ROW.sequenceId]},"name":${JSON.stringify(r[ROW.name])},"state_id":${str(r[ROW.stateId])},` +
      `"priority":"${r[ROW.priority]}","sort_order":${num(r[ROW.sortOrder])},"start_date":${str(r[ROW.startDate])},"target_date":${str(r[ROW.targetDate])},` +
      `"completed_at":${time(r[ROW.completedAt])},"archived_at":${time(r[ROW.archivedAt])},"is_draft":${bool(r[ROW.isDraft])},` +
      `"parent_id":${str(r[ROW.parentId])},"assignee_ids":${ids(r[ROW.assigneeIds])},"label_ids":${ids(r[ROW.labelIds])},` +
      `"created_at":${time(r[ROW.createdAt])},"updated_at":${time(r[ROW.updatedAt])},"created_by":${str(r[ROW.createdBy])}}`;
  }
  return out;
}

type Cell = (r: ListRow) => string;
const BOARD_FIELDS: readonly (readonly [string, Cell])[] = [
  ['id', (r) => `"${r[ROW.id]}"`],
  ['sequence_id', (r) => `${r[ROW.sequenceId]}`],
  ['name', (r) => JSON.stringify(r[ROW.name])],
  ['state_id', (r) => str(r[ROW.stateId])],
  ['priority', (r) => `"${r[ROW.priority]}"`],
  ['sort_order', (r) => num(r[ROW.sortOrder])],
  ['assignee_ids', (r) => ids(r[ROW.assigneeIds])],
  ['label_ids', (r) => ids(r[ROW.labelIds])],
  ['start_date', (r) => str(r[ROW.startDate])],
  ['target_date', (r) => str(r[ROW.targetDate])],
];

/** The card fields of a board grouped by `groupBy`: the grouped-by field is the group's key instead. */
export function boardFields(groupBy: GroupBy): readonly (readonly [string, Cell])[] {
  const skip = groupBy === 'state' ? 'state_id' : groupBy === 'priority' ? 'priority' : null;
  return BOARD_FIELDS.filter(([name]) => name !== skip);
}

export function presentBoardRows(rows: readonly ListRow[], fields: readonly (readonly [string, Cell])[]): string {
  let out = '';
  for (const r of rows) {
    if (out) out += ',';
    out += '[';
    for (let i = 0; i < fields.length; i += 1) out += (i ? ',' : '') + (fields[i] as readonly [string, Cell])[1](r);
    out += ']';
  }
  return out;
}
