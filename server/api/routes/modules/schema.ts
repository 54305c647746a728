// Modules: the writable fields only (id, project, workspace, archived_at, created_by … are dropped by
// ajv before the handler). Plane's v1 names (`lead`, `members`) and its web app's (`lead_id`,
// `member_ids`) are both accepted. Nullable fields use a JSON-schema type list so that refuseNulls
// (../projects/schema.ts) can tell them apart and coercion never turns null into "".
import { type Static, Type } from 'typebox';
import type { ModuleInput } from '../../../commands/moduleRules.ts';
import type { JsonObject } from '../../../repositories/projectsRepository.ts';
import { MODULE_STATUSES } from '../../../repositories/modulesRepository.ts';
import { NullableString } from '../projects/schema.ts';

const Uuid = Type.String({ format: 'uuid' });
const NullableUuid = Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'uuid' });
const NullableDate = Type.Unsafe<string | null>({ type: ['string', 'null'], pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });
const FreeObject = Type.Unsafe<JsonObject>({ type: 'object', maxProperties: 100 });

export const ModuleStatus = Type.Union(MODULE_STATUSES.map((status) => Type.Literal(status)));

const moduleFields = {
  description: Type.Optional(Type.String({ maxLength: 100_000 })),
  description_text: Type.Optional(NullableString({ maxLength: 100_000 })),
  description_html: Type.Optional(NullableString({ maxLength: 500_000 })),
  start_date: Type.Optional(NullableDate),
  target_date: Type.Optional(NullableDate),
  status: Type.Optional(ModuleStatus),
  lead: Type.Optional(NullableUuid),
  lead_id: Type.Optional(NullableUuid),
  members: Type.Optional(Type.Array(Uuid, { maxItems: 500 })),
  member_ids: Type.Optional(Type.Array(Uuid, { maxItems: 500 })),
  view_props: Type.Optional(FreeObject),
  sort_order: Type.Optional(Type.Number({ minimum: -1e15, maximum: 1e15 })),
  logo_props: Type.Optional(FreeObject),
  external_source: Type.Optional(NullableString({ maxLength: 255 })),
  external_id: Type.Optional(NullableString({ maxLength: 255 })),
};

export const CreateModuleBody = Type.Object({ name: Type.String({ maxLength: 255 }), ...moduleFields });
export type CreateModuleBody = Static<typeof CreateModuleBody>;

export const PatchModuleBody = Type.Object({ name: Type.Optional(Type.String({ maxLength: 255 })), ...moduleFields });
export type PatchModuleBody = Static<typeof PatchModuleBody>;

export const ModuleIssuesBody = Type.Object({ issues: Type.Array(Uuid, { maxItems: 500 }) });
export type ModuleIssuesBody = Static<typeof ModuleIssuesBody>;

/** Body → command input: Plane's v1 names win over the web app's `_id` names when both are sent. */
export function toModuleInput(body: PatchModuleBody): ModuleInput {
  const { lead, lead_id, members, member_ids, ...rest } = body;
  const input: ModuleInput = { ...rest };
  const chosenLead = lead !== undefined ? lead : lead_id;
  if (chosenLead !== undefined) input.lead = chosenLead;
  const chosenMembers = members ?? member_ids;
  if (chosenMembers !== undefined) input.members = chosenMembers;
  return input;
}
