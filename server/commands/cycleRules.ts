// Field rules for cycles (Plane's): a name, both dates or neither with start ≤ end, an owner who is a
// project member, a known time zone; and what a completed cycle (ended before the project's today)
// still allows.
import { NotFoundError, ValidationError } from '../api/errors.ts';
import type { Queryable } from '../repositories/activityRepository.ts';
import { type CycleHead, cycleProjectContext, isActiveProjectMember } from '../repositories/cyclesRepository.ts';
import type { JsonObject } from '../repositories/projectsRepository.ts';
import { isTimezone } from '../validation/timezone.ts';

export interface CycleInput {
  name?: string;
  description?: string;
  start_date?: string | null;
  end_date?: string | null;
  owned_by?: string | null;
  view_props?: JsonObject;
  sort_order?: number;
  logo_props?: JsonObject;
  timezone?: string;
  external_source?: string | null;
  external_id?: string | null;
}

export interface CycleProject {
  id: string;
  workspace_id: string;
}

export const DATES_PAIRED = 'Both start date and end date are either required or are to be null';

export function checkCycleName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0 || name.length > 255)
    throw ValidationError('The cycle name must be 1 to 255 characters.', { name: ['Use 1 to 255 characters.'] });
  return name;
}

/** "YYYY-MM-DD" (a date-time is accepted and its date kept, as Plane's clients send either); null stays null. */
export function parseCycleDate(field: 'start_date' | 'end_date', value: string | null): string | null {
  if (value === null) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(value);
  const date = match ? `${match[1]}-${match[2]}-${match[3]}` : '';
  const parsed = new Date(`${date}T00:00:00Z`);
  if (!match || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date)
    throw ValidationError(`${field} must be a date like 2025-01-31.`, { [field]: ['Use the form YYYY-MM-DD.'] });
  return date;
}

export function checkCycleDates(start: string | null, end: string | null): void {
  if ((start === null) !== (end === null))
    throw ValidationError(DATES_PAIRED, start === null ? { start_date: [DATES_PAIRED] } : { end_date: [DATES_PAIRED] });
  if (start !== null && end !== null && start > end)
    throw ValidationError('Start date cannot exceed end date.', { start_date: ['Start date cannot exceed end date.'] });
}

export async function checkCycleOwner(db: Queryable, projectId: string, userId: string): Promise<void> {
  if (!(await isActiveProjectMember(db, projectId, userId)))
    throw ValidationError('The cycle owner must be a member of the project.', { owned_by: ['Not a member of this project.'] });
}

export function checkCycleTimezone(value: string): string {
  if (!isTimezone(value))
    throw ValidationError(`"${value}" is not a known time zone.`, { timezone: ['Use an IANA time zone such as "Europe/Paris".'] });
  return value;
}

/** A cycle is completed once its end date is before the project's today. */
export function isCompleted(cycle: Pick<CycleHead, 'end_date'>, today: string): boolean {
  return cycle.end_date !== null && cycle.end_date < today;
}

/** The project's today and cycle settings; the project is live (the caller's access resolved it). */
export async function projectCycleContext(
  db: Queryable,
  projectId: string,
): Promise<{ cycleView: boolean; timezone: string; today: string }> {
  const context = await cycleProjectContext(db, projectId);
  if (!context) throw NotFoundError();
  return context;
}

export const cycleNotFound = () => NotFoundError('This cycle does not exist in the project.');
