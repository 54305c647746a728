// Rules shared by project create and update: what a valid identifier, name, network, lead … is.
// They throw 400/409 errors with the field named, so a bad input never reaches a constraint as a 500.
import { isUuid } from '../api/access/membership.ts';
import { sanitizeHtml } from '../validation/html.ts';
import { ConflictError, ValidationError } from '../api/errors.ts';
import { isTimezone } from '../validation/timezone.ts';
import { isProjectEstimate } from '../repositories/estimatesRepository.ts';
import { type Db, findConflictingProject, type ProjectFields, workspaceRoles } from '../repositories/projectsRepository.ts';

export const IDENTIFIER_PATTERN = /^[A-Z0-9]{1,12}$/;

export function normalizeIdentifier(raw: string): string {
  const identifier = raw.trim().toUpperCase();
  if (!IDENTIFIER_PATTERN.test(identifier))
    throw ValidationError('The project identifier must be 1 to 12 letters (A–Z) or digits.', {
      identifier: ['Use 1 to 12 letters (A–Z) or digits.'],
    });
  return identifier;
}

export function normalizeName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0 || name.length > 255)
    throw ValidationError('The project name must be 1 to 255 characters.', { name: ['Use 1 to 255 characters.'] });
  return name;
}

/**
 * Normalizes and checks the fields a create or update carries: identifier/name shape, ranges,
 * timezone, that project_lead / default_assignee are members of the workspace, and that `estimate` is
 * one of the project's own estimates (so only an existing project, `projectId`, can take one).
 */
export async function checkProjectFields(db: Db, workspaceId: string, fields: ProjectFields, projectId?: string): Promise<ProjectFields> {
  const out: ProjectFields = { ...fields };
  if (typeof fields.identifier === 'string') out.identifier = normalizeIdentifier(fields.identifier);
  if (typeof fields.name === 'string') out.name = normalizeName(fields.name);
  // Stored HTML must come back inert: the same allow-list as work-item descriptions.
  if (typeof fields.description_html === 'string') out.description_html = sanitizeHtml(fields.description_html);
  if (fields.network !== undefined && fields.network !== 0 && fields.network !== 2)
    throw ValidationError('network must be 0 (secret) or 2 (public).', { network: ['Use 0 (secret) or 2 (public).'] });
  for (const field of ['archive_in', 'close_in'] as const) {
    const value = fields[field];
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 12))
      throw ValidationError(`${field} must be a whole number of months from 0 to 12.`, { [field]: ['Use 0 to 12 months.'] });
  }
  if (typeof fields.timezone === 'string' && !isTimezone(fields.timezone))
    throw ValidationError(`"${fields.timezone}" is not a known time zone.`, {
      timezone: ['Use an IANA time zone such as "Europe/Paris".'],
    });
  if (typeof fields.cover_image === 'string' && fields.cover_image !== '' && !/^(https?:\/\/|\/)\S+$/i.test(fields.cover_image))
    throw ValidationError('cover_image must be an http(s) URL or a path on this server.', { cover_image: ['Enter a valid URL.'] });
  if (fields.estimate !== undefined && fields.estimate !== null) {
    const estimate = fields.estimate;
    if (!projectId || !isUuid(estimate) || !(await isProjectEstimate(db, projectId, estimate)))
      throw ValidationError('The estimate must be an estimate of this project.', { estimate: ['Not an estimate of this project.'] });
    out.estimate = estimate.toLowerCase();
  }
  const people = (['project_lead', 'default_assignee'] as const).filter((field) => typeof fields[field] === 'string');
  for (const field of people) {
    if (!isUuid(fields[field]))
      throw ValidationError(`The ${field.replace('_', ' ')} must be a user id.`, { [field]: ['Must be a valid user id.'] });
  }
  const roles = await workspaceRoles(
    db,
    workspaceId,
    people.map((field) => fields[field] as string),
  );
  for (const field of people) {
    if (!roles.has(fields[field] as string))
      throw ValidationError(`The ${field.replace('_', ' ')} must be a member of this workspace.`, {
        [field]: ['Not a member of this workspace.'],
      });
  }
  return out;
}

/** 409 when another live project of the workspace already has this identifier or name. */
export async function checkProjectUnique(
  db: Db,
  workspaceId: string,
  key: { identifier?: string; name?: string },
  exceptId: string | null = null,
): Promise<void> {
  if (key.identifier === undefined && key.name === undefined) return;
  const conflict = await findConflictingProject(db, workspaceId, key, exceptId);
  if (!conflict) return;
  throw conflict.field === 'identifier'
    ? ConflictError('This project identifier is already taken in the workspace.', { id: conflict.id, identifier: ['Already taken.'] })
    : ConflictError('A project with this name already exists in the workspace.', { id: conflict.id, name: ['Already taken.'] });
}

/** The code of a Postgres unique violation on one of `constraints`, to turn a lost race into a 409. */
export function uniqueViolation(error: unknown, constraints: string[]): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return code === '23505' && typeof constraint === 'string' && constraints.includes(constraint) ? constraint : null;
}
