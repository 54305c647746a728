// Field rules for labels: name, color, and a parent that is a label of the same project without
// making a cycle.
import { isUuid } from '../api/access/membership.ts';
import { ConflictError, ValidationError } from '../api/errors.ts';
import { findLabel, findLabelByName, labelAncestors } from '../repositories/labelsRepository.ts';
import type { Db } from '../repositories/projectsRepository.ts';

export interface LabelInput {
  name?: string;
  description?: string;
  color?: string;
  sort_order?: number;
  parent?: string | null;
  external_source?: string | null;
  external_id?: string | null;
}

export function checkLabelName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0 || name.length > 255)
    throw ValidationError('The label name must be 1 to 255 characters.', { name: ['Use 1 to 255 characters.'] });
  return name;
}

export function checkLabelColor(color: string): string {
  if (!/^#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$/.test(color))
    throw ValidationError('color must be a hex color like #3A86FF.', { color: ['Use the form #RRGGBB.'] });
  return color;
}

export async function checkLabelNameFree(db: Db, projectId: string, name: string, exceptId: string | null = null): Promise<void> {
  const existing = await findLabelByName(db, projectId, name, exceptId);
  if (existing) throw ConflictError('A label with this name already exists in the project.', { id: existing.id, name: ['Already taken.'] });
}

/** The parent must be a live label of this project and, for an existing label, not itself or a descendant. */
export async function checkLabelParent(db: Db, projectId: string, parent: string, labelId: string | null = null): Promise<string> {
  const notHere = ValidationError('The parent must be a label of this project.', { parent: ['Not a label of this project.'] });
  if (!isUuid(parent)) throw notHere;
  if (parent === labelId) throw ValidationError('A label cannot be its own parent.', { parent: ['A label cannot be its own parent.'] });
  if (!(await findLabel(db, projectId, parent))) throw notHere;
  if (labelId && (await labelAncestors(db, projectId, parent)).includes(labelId))
    throw ValidationError('The parent cannot be one of this label’s own sub-labels.', { parent: ['That would make a cycle.'] });
  return parent;
}
