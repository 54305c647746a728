// States: the writable fields only; `project`, `workspace`, `slug`, `is_triage` are not writable.
import { type Static, Type } from 'typebox';
import { NullableString } from '../projects/schema.ts';

const stateFields = {
  description: Type.Optional(Type.String({ maxLength: 10_000 })),
  color: Type.Optional(Type.String({ maxLength: 32 })),
  sequence: Type.Optional(Type.Number()),
  group: Type.Optional(Type.String({ maxLength: 32 })),
  default: Type.Optional(Type.Boolean()),
  external_source: Type.Optional(NullableString({ maxLength: 255 })),
  external_id: Type.Optional(NullableString({ maxLength: 255 })),
};

export const CreateStateBody = Type.Object({ name: Type.String({ maxLength: 255 }), ...stateFields });
export type CreateStateBody = Static<typeof CreateStateBody>;

export const PatchStateBody = Type.Object({ name: Type.Optional(Type.String({ maxLength: 255 })), ...stateFields });
export type PatchStateBody = Static<typeof PatchStateBody>;

export const StateListQuery = Type.Object({ include_triage: Type.Optional(Type.Boolean()) });
export type StateListQuery = Static<typeof StateListQuery>;
