// Field rules for states: name, color and group, with messages that name the field.
import { ConflictError, ValidationError } from '../api/errors.ts';
import type { Db } from '../repositories/projectsRepository.ts';
import { findStateByName, STATE_GROUPS, type StateGroup } from '../repositories/statesRepository.ts';

export interface StateInput {
  name?: string;
  description?: string;
  color?: string;
  sequence?: number;
  group?: string;
  default?: boolean;
  external_source?: string | null;
  external_id?: string | null;
}

export const COLOR_PATTERN = /^#[0-9A-Fa-f]{6}$/;

export function checkStateName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0 || name.length > 255)
    throw ValidationError('The state name must be 1 to 255 characters.', { name: ['Use 1 to 255 characters.'] });
  return name;
}

export function checkStateColor(color: string): string {
  if (!COLOR_PATTERN.test(color)) throw ValidationError('color must be a hex color like #3A86FF.', { color: ['Use the form #RRGGBB.'] });
  return color;
}

/** A group a caller may give a state; the triage group belongs to the state every project gets. */
export function checkStateGroup(group: string): StateGroup {
  const known = (STATE_GROUPS as readonly string[]).includes(group);
  if (!known || group === 'triage')
    throw ValidationError(
      known
        ? 'The triage group is reserved for the project’s own triage state.'
        : `group must be one of ${STATE_GROUPS.filter((g) => g !== 'triage').join(', ')}.`,
      { group: [known ? 'Reserved for the triage state.' : `"${group}" is not a valid choice.`] },
    );
  return group as StateGroup;
}

export async function checkStateNameFree(db: Db, projectId: string, name: string, exceptId: string | null = null): Promise<void> {
  const existing = await findStateByName(db, projectId, name, exceptId);
  if (existing) throw ConflictError('A state with this name already exists in the project.', { id: existing.id, name: ['Already taken.'] });
}
