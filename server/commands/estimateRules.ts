// Field rules for estimates and their points: a name unique in the project, one of Plane's three
// types, and points with distinct keys whose values fit the type (points and time are numbers).
import { isUuid } from '../api/access/membership.ts';
import { ConflictError, ValidationError } from '../api/errors.ts';
import type { Queryable } from '../repositories/activityRepository.ts';
import { ESTIMATE_TYPES, type EstimateType, findEstimateByName, type PointInput } from '../repositories/estimatesRepository.ts';

export interface EstimateFieldsInput {
  name?: string;
  description?: string;
  type?: string;
}

export interface PointFieldsInput {
  id?: string;
  key: number;
  value: string;
  description?: string;
}

export const MAX_POINTS = 20;

const invalid = (field: string, message: string): Error => ValidationError(message, { [field]: [message] });

export function checkEstimateName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0 || name.length > 255) throw invalid('name', 'The estimate name must be 1 to 255 characters.');
  return name;
}

export function checkEstimateType(raw: string): EstimateType {
  const type = ESTIMATE_TYPES.find((t) => t === raw);
  if (!type) throw invalid('type', `type must be one of ${ESTIMATE_TYPES.join(', ')}.`);
  return type;
}

export async function checkEstimateNameFree(db: Queryable, projectId: string, name: string, exceptId: string | null = null): Promise<void> {
  const existing = await findEstimateByName(db, projectId, name, exceptId);
  if (existing)
    throw ConflictError('An estimate with this name already exists in the project.', { id: existing.id, name: ['Already taken.'] });
}

/**
 * The points as they will be stored. `known` lists the ids of the estimate's current points (an
 * update may only name those); a new estimate has none.
 */
export function checkPoints(type: EstimateType, points: readonly PointFieldsInput[], known: ReadonlySet<string>): PointInput[] {
  if (points.length > MAX_POINTS) throw invalid('estimate_points', `An estimate has at most ${MAX_POINTS} points.`);
  const keys = new Set<number>();
  const ids = new Set<string>();
  return points.map((point) => {
    if (!Number.isInteger(point.key) || point.key < 0 || point.key > 1000)
      throw invalid('estimate_points', 'Every point key must be a whole number from 0 to 1000.');
    if (keys.has(point.key)) throw invalid('estimate_points', `Two points share the key ${point.key}.`);
    keys.add(point.key);
    const value = point.value.trim();
    if (value.length === 0 || value.length > 255) throw invalid('estimate_points', 'Every point value must be 1 to 255 characters.');
    if (type !== 'categories' && !(Number.isFinite(Number(value)) && Number(value) >= 0))
      throw invalid('estimate_points', `The points of a ${type} estimate must be numbers (got "${value}").`);
    const out: PointInput = { key: point.key, value };
    if (point.description !== undefined) out.description = point.description;
    if (point.id !== undefined) {
      const id = point.id.toLowerCase();
      if (!isUuid(id) || !known.has(id) || ids.has(id)) throw invalid('estimate_points', 'A point id must name a point of this estimate.');
      ids.add(id);
      out.id = id;
    }
    return out;
  });
}
