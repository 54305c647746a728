// Stickies: the writable fields only (ajv drops `owner`, `workspace`, `id`, audit fields…).
import { type Static, Type } from 'typebox';
import type { JsonObject } from '../../../repositories/projectsRepository.ts';
import { NullableString } from '../projects/schema.ts';

/** Any JSON object, kept whole (removeAdditional only strips objects that declare their properties). */
const FreeObject = Type.Unsafe<JsonObject>({ type: 'object', maxProperties: 1000 });

export const StickyBody = Type.Object({
  name: Type.Optional(NullableString({ maxLength: 255 })),
  description: Type.Optional(FreeObject),
  description_html: Type.Optional(Type.String({ maxLength: 500_000 })),
  description_binary: Type.Optional(NullableString({ maxLength: 2_000_000 })),
  logo_props: Type.Optional(FreeObject),
  color: Type.Optional(NullableString({ maxLength: 255 })),
  background_color: Type.Optional(NullableString({ maxLength: 255 })),
  sort_order: Type.Optional(Type.Number()),
});
export type StickyBody = Static<typeof StickyBody>;

export const StickyListQuery = Type.Object({
  query: Type.Optional(Type.String({ maxLength: 255, description: 'Text to find in the name or the description.' })),
});
export type StickyListQuery = Static<typeof StickyListQuery>;
