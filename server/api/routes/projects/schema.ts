// Projects and project members: the writable fields only (ajv drops everything else, so `id`,
// `workspace`, `created_by`, `role` … on a create never reach the database). Bounds here are
// structural; Plane's rules and their messages live in the commands.
import type { FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import type { JsonObject } from '../../../repositories/projectsRepository.ts';
import { ValidationError } from '../../errors.ts';

/** A string or null, as one JSON-schema type list: ajv's type coercion never turns null into "". */
export const NullableString = (options: { maxLength: number }) => Type.Unsafe<string | null>({ type: ['string', 'null'], ...options });
/** Any JSON object, kept whole (removeAdditional only strips objects that declare their properties). */
const FreeObject = Type.Unsafe<JsonObject>({ type: 'object', maxProperties: 100 });
const NullableFreeObject = Type.Unsafe<JsonObject | null>({ type: ['object', 'null'], maxProperties: 100 });

const projectFields = {
  description: Type.Optional(Type.String({ maxLength: 100_000 })),
  description_text: Type.Optional(NullableString({ maxLength: 100_000 })),
  description_html: Type.Optional(Type.String({ maxLength: 500_000 })),
  network: Type.Optional(Type.Integer()),
  emoji: Type.Optional(NullableString({ maxLength: 255 })),
  icon_prop: Type.Optional(NullableFreeObject),
  logo_props: Type.Optional(FreeObject),
  cover_image: Type.Optional(NullableString({ maxLength: 2048 })),
  module_view: Type.Optional(Type.Boolean()),
  cycle_view: Type.Optional(Type.Boolean()),
  issue_views_view: Type.Optional(Type.Boolean()),
  page_view: Type.Optional(Type.Boolean()),
  intake_view: Type.Optional(Type.Boolean()),
  is_time_tracking_enabled: Type.Optional(Type.Boolean()),
  is_issue_type_enabled: Type.Optional(Type.Boolean()),
  guest_view_all_features: Type.Optional(Type.Boolean()),
  archive_in: Type.Optional(Type.Integer()),
  close_in: Type.Optional(Type.Integer()),
  timezone: Type.Optional(Type.String({ maxLength: 64 })),
  project_lead: Type.Optional(NullableString({ maxLength: 64 })),
  default_assignee: Type.Optional(NullableString({ maxLength: 64 })),
  external_source: Type.Optional(NullableString({ maxLength: 255 })),
  external_id: Type.Optional(NullableString({ maxLength: 255 })),
};

export const CreateProjectBody = Type.Object({
  name: Type.String({ maxLength: 255 }),
  identifier: Type.String({ maxLength: 64 }),
  ...projectFields,
});
export type CreateProjectBody = Static<typeof CreateProjectBody>;

export const PatchProjectBody = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 255 })),
  identifier: Type.Optional(Type.String({ maxLength: 64 })),
  ...projectFields,
  // The active estimate: one of the project's own (so not settable on create).
  estimate: Type.Optional(NullableString({ maxLength: 64 })),
});
export type PatchProjectBody = Static<typeof PatchProjectBody>;

export const AddMemberBody = Type.Object({
  member: Type.String({ maxLength: 64 }),
  role: Type.Optional(Type.Integer()),
});
export type AddMemberBody = Static<typeof AddMemberBody>;

export const IdentifierQuery = Type.Object({ name: Type.String({ maxLength: 64 }) });
export type IdentifierQuery = Static<typeof IdentifierQuery>;

export const MemberRoleBody = Type.Object({ role: Type.Integer() });
export type MemberRoleBody = Static<typeof MemberRoleBody>;

/**
 * A preValidation hook that answers 400 for `null` in a field that is not nullable: ajv's type
 * coercion would otherwise turn it into "", 0 or false (a `network: null` would make a project secret).
 */
export function refuseNulls(schema: { properties: Record<string, unknown> }): (request: FastifyRequest) => Promise<void> {
  const nullable = new Set(
    Object.entries(schema.properties)
      .filter(([, property]) => {
        const type = (property as { type?: unknown }).type;
        return Array.isArray(type) && type.includes('null');
      })
      .map(([key]) => key),
  );
  return async (request) => {
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
    for (const [key, value] of Object.entries(body)) {
      if (value === null && Object.hasOwn(schema.properties, key) && !nullable.has(key))
        throw ValidationError(`${key} may not be null.`, { [key]: ['This field may not be null.'] });
    }
  };
}
