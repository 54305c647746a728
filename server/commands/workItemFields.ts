// What the work-item commands share: the writable fields, who acts, and the checks every write makes
// (dates, references that must belong to the project, assignees who must be members).
import { ConflictError, ValidationError } from '../api/errors.ts';
import type { Queryable } from '../repositories/activityRepository.ts';
import { findActivePoint } from '../repositories/estimatesRepository.ts';
import {
  findAssignableMembers,
  findByExternalId,
  findProjectLabels,
  findProjectState,
  type NamedRef,
  type Priority,
  type StateRef,
} from '../repositories/workItemsRepository.ts';

/** Who writes, and where: ids resolved by the route's access check (never from the body). */
export interface WorkItemActor {
  userId: string;
  projectId: string;
  workspaceId: string;
}

/** The writable fields of a work item (create and update). Ids of references use the `_id` names. */
export interface WorkItemInput {
  name?: string;
  description_html?: string;
  /** base64, or null to clear */
  description_binary?: string | null;
  priority?: Priority;
  /** "YYYY-MM-DD" */
  start_date?: string | null;
  /** "YYYY-MM-DD" */
  target_date?: string | null;
  state_id?: string | null;
  parent_id?: string | null;
  assignee_ids?: string[];
  label_ids?: string[];
  estimate_point?: string | null;
  type_id?: string | null;
  point?: number | null;
  sort_order?: number;
  is_draft?: boolean;
  external_source?: string | null;
  external_id?: string | null;
}

/** Gap between neighbours in manual order; a new item goes this far after the last one. */
export const SORT_ORDER_STEP = 65535;

export function invalid(field: string, message: string): Error {
  return ValidationError(message, { [field]: [message] });
}

export function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw invalid('name', 'The name cannot be empty.');
  if (trimmed.length > 255) throw invalid('name', 'The name can be at most 255 characters long.');
  return trimmed;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date "YYYY-MM-DD" that exists (no 2024-02-30), or null. */
export function checkDate(field: string, value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const m = DATE.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw invalid(field, `${field} must be a date in the form YYYY-MM-DD.`);
  }
  return value;
}

export function checkDateOrder(start: string | null, target: string | null): void {
  if (start && target && start > target) throw invalid('start_date', 'The start date cannot be after the target date.');
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function decodeBinary(value: string | null | undefined): Buffer | null {
  if (value === null || value === undefined || value === '') return null;
  if (!BASE64.test(value)) throw invalid('description_binary', 'description_binary must be base64.');
  return Buffer.from(value, 'base64');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** The text of an HTML description, for search (Plane's `description_stripped`). */
export function stripHtml(html: string): string {
  return html
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<\/?(p|div|br|li|ul|ol|h[1-6]|blockquote|pre|tr|td|th|table)\b[^>]*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+\d*);/gi, (whole, name: string) => {
      const lower = name.toLowerCase();
      if (lower.startsWith('#x')) return safeCodePoint(Number.parseInt(lower.slice(2), 16), whole);
      if (lower.startsWith('#')) return safeCodePoint(Number.parseInt(lower.slice(1), 10), whole);
      return ENTITIES[lower] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

function safeCodePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}

/** Removes duplicates, keeping the first occurrence's order. */
export function unique(ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => id.toLowerCase()))];
}

export async function resolveState(db: Queryable, projectId: string, stateId: string): Promise<StateRef> {
  const state = await findProjectState(db, projectId, stateId);
  if (!state) throw invalid('state', 'The state does not exist in this project.');
  return state;
}

export async function resolveLabels(db: Queryable, projectId: string, ids: readonly string[]): Promise<NamedRef[]> {
  const found = await findProjectLabels(db, projectId, ids);
  if (found.length !== ids.length) throw invalid('labels', 'Every label must be a label of this project.');
  const byId = new Map(found.map((l) => [l.id, l]));
  return ids.map((id) => byId.get(id)).filter((l): l is NamedRef => l !== undefined);
}

export async function resolveAssignees(db: Queryable, projectId: string, ids: readonly string[]): Promise<NamedRef[]> {
  const found = await findAssignableMembers(db, projectId, ids);
  if (found.length !== ids.length) throw invalid('assignees', 'Every assignee must be a member (or admin) of this project.');
  const byId = new Map(found.map((u) => [u.id, u]));
  return ids.map((id) => byId.get(id)).filter((u): u is NamedRef => u !== undefined);
}

/** An estimate point of the project's active estimate (a point of another estimate or project is refused). */
export async function resolveEstimatePoint(db: Queryable, projectId: string, pointId: string): Promise<string> {
  const point = await findActivePoint(db, projectId, pointId);
  if (!point) throw invalid('estimate_point', 'The estimate point must be a point of the project’s active estimate.');
  return point.id;
}

export async function checkExternalIdFree(
  db: Queryable,
  projectId: string,
  source: string | null,
  externalId: string | null,
  selfId: string | null,
): Promise<void> {
  if (externalId === null) return;
  const existing = await findByExternalId(db, projectId, source, externalId);
  if (existing && existing !== selfId) {
    throw ConflictError('A work item with this external id already exists in the project.', { id: existing });
  }
}

/** Postgres unique violation on a given index (a race the pre-checks lost). */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    error.code === '23505' &&
    'constraint' in error &&
    error.constraint === constraint
  );
}

export const COMPLETED_GROUPS: ReadonlySet<string> = new Set(['completed']);
export const ARCHIVABLE_GROUPS: ReadonlySet<string> = new Set(['completed', 'cancelled']);
