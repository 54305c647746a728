// Intake bodies (Plane's app and v1 send the same): `{issue: {name, description_html, priority}}` to
// submit; `{status, snoozed_till, duplicate_to, issue}` to triage or edit. Nothing else reaches the
// commands (ajv drops `project`, `workspace`, `source`, `created_by`, …).
import { type Static, Type } from 'typebox';
import { Priority } from '../workItems/schema.ts';

const Uuid = Type.String({ format: 'uuid' });

export const IntakeWorkItemBody = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 255 })),
  description_html: Type.Optional(Type.String({ maxLength: 512 * 1024 })),
  priority: Type.Optional(Priority),
});

export const CreateIntakeBody = Type.Object({ issue: IntakeWorkItemBody });
export type CreateIntakeBody = Static<typeof CreateIntakeBody>;

export const PatchIntakeBody = Type.Object({
  status: Type.Optional(Type.Integer({ description: '-2 pending, -1 rejected, 0 snoozed, 1 accepted, 2 duplicate' })),
  // Null first: with coerceTypes an explicit null must not become "" in the string branch.
  snoozed_till: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 64 })])),
  duplicate_to: Type.Optional(Type.Union([Type.Null(), Uuid])),
  issue: Type.Optional(IntakeWorkItemBody),
});
export type PatchIntakeBody = Static<typeof PatchIntakeBody>;

export const IntakeListQuery = Type.Object({
  status: Type.Optional(Type.String({ maxLength: 64, description: 'Comma-separated statuses, e.g. -2,0' })),
});
export type IntakeListQuery = Static<typeof IntakeListQuery>;
