// Labels: the writable fields only; `project` and `workspace` come from the path.
import { type Static, Type } from 'typebox';
import { NullableString } from '../projects/schema.ts';

const labelFields = {
  description: Type.Optional(Type.String({ maxLength: 10_000 })),
  color: Type.Optional(Type.String({ maxLength: 32 })),
  sort_order: Type.Optional(Type.Number()),
  parent: Type.Optional(NullableString({ maxLength: 64 })),
  external_source: Type.Optional(NullableString({ maxLength: 255 })),
  external_id: Type.Optional(NullableString({ maxLength: 255 })),
};

export const CreateLabelBody = Type.Object({ name: Type.String({ maxLength: 255 }), ...labelFields });
export type CreateLabelBody = Static<typeof CreateLabelBody>;

export const PatchLabelBody = Type.Object({ name: Type.Optional(Type.String({ maxLength: 255 })), ...labelFields });
export type PatchLabelBody = Static<typeof PatchLabelBody>;
