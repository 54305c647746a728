// Building blocks for v1 response schemas (OpenAPI + the shape tests). Objects stay open
// (additionalProperties) because `expand` swaps ids for objects.
import { type TSchema, Type } from 'typebox';

export const Id = Type.String({ format: 'uuid' });
export const NullableId = Type.Union([Type.String({ format: 'uuid' }), Type.Null()]);
export const Timestamp = Type.String({ description: 'ISO 8601 date-time' });
export const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
export const NullableString = Type.Union([Type.String(), Type.Null()]);
export const DateOnly = Type.Union([Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), Type.Null()]);
/** An id, or the object it names when expanded. */
export const Ref = Type.Union([Type.String(), Type.Null(), Type.Object({}, { additionalProperties: true })]);
export const RefList = Type.Array(Type.Union([Type.String(), Type.Object({}, { additionalProperties: true })]));

/** Columns every Plane object carries. */
export const Audit = {
  id: Id,
  created_at: Timestamp,
  updated_at: Timestamp,
  deleted_at: Type.Optional(NullableTimestamp),
  created_by: Ref,
  updated_by: Ref,
};

export function ObjectOf(title: string, properties: Record<string, TSchema>): TSchema {
  return Type.Object(properties, { title, additionalProperties: true });
}

export function EnvelopeOf(item: TSchema): TSchema {
  return Type.Object(
    {
      grouped_by: Type.Null(),
      sub_grouped_by: Type.Null(),
      total_count: Type.Integer(),
      next_cursor: Type.String(),
      prev_cursor: Type.String(),
      next_page_results: Type.Boolean(),
      prev_page_results: Type.Boolean(),
      count: Type.Integer(),
      total_pages: Type.Integer(),
      total_results: Type.Integer(),
      extra_stats: Type.Null(),
      results: Type.Array(item),
    },
    { description: 'A page of results' },
  );
}

export const ErrorBody = Type.Object({}, { additionalProperties: true, description: 'Error: {error|detail|field: [..], message}' });

/** Standard error responses to spread into a route's `response`. */
export const Errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 429: ErrorBody };
export const NoContent = Type.Null({ description: 'No content' });
