// Estimates: Plane's app body — `{estimate: {name, description, type}, estimate_points: [{key, value}]}`.
// Only these fields exist for ajv; `project`, `workspace`, `last_used`, audit fields are dropped.
import { type Static, Type } from 'typebox';

const EstimateFields = {
  description: Type.Optional(Type.String({ maxLength: 10_000 })),
  type: Type.Optional(Type.String({ maxLength: 32 })),
};

const Point = Type.Object({
  key: Type.Integer(),
  value: Type.String({ maxLength: 255 }),
  description: Type.Optional(Type.String({ maxLength: 10_000 })),
});
const PointWithId = Type.Object({
  id: Type.Optional(Type.String({ maxLength: 64 })),
  key: Type.Integer(),
  value: Type.String({ maxLength: 255 }),
  description: Type.Optional(Type.String({ maxLength: 10_000 })),
});

export const CreateEstimateBody = Type.Object({
  estimate: Type.Object({ name: Type.String({ maxLength: 255 }), ...EstimateFields }),
  estimate_points: Type.Optional(Type.Array(Point, { maxItems: 100 })),
});
export type CreateEstimateBody = Static<typeof CreateEstimateBody>;

export const PatchEstimateBody = Type.Object({
  estimate: Type.Optional(Type.Object({ name: Type.Optional(Type.String({ maxLength: 255 })), ...EstimateFields })),
  estimate_points: Type.Optional(Type.Array(PointWithId, { maxItems: 100 })),
});
export type PatchEstimateBody = Static<typeof PatchEstimateBody>;
