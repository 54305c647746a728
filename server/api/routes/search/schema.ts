// Work-item search: the text, an optional project (Plane's clients send `project_id`, its docs say
// `project`) and how many hits (capped at SEARCH_MAX_LIMIT).
import { type Static, Type } from 'typebox';
import { isUuid } from '../../access/membership.ts';
import { ValidationError } from '../../errors.ts';

export const SearchQuery = Type.Object({
  search: Type.Optional(Type.String({ maxLength: 1000, description: 'Words, a key (WEB-12) or a number (12)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, description: 'How many hits (at most 100)' })),
  project_id: Type.Optional(Type.String({ description: 'Only this project' })),
  project: Type.Optional(Type.String({ description: 'Same as project_id' })),
});
export type SearchQuery = Static<typeof SearchQuery>;

/** The project filter, or null; 400 when it is not a project id at all. */
export function searchProjectId(query: SearchQuery): string | null {
  const field = query.project_id !== undefined ? 'project_id' : 'project';
  const value = query.project_id ?? query.project;
  if (value === undefined || value === '') return null;
  if (!isUuid(value)) throw ValidationError(`${field} must be a project id.`, { [field]: [`"${value}" is not a valid UUID.`] });
  return value.toLowerCase();
}
