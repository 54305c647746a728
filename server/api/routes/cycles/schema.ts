// Cycles: the writable fields only (ajv drops the rest: id, project, workspace, archived_at,
// progress_snapshot, version, created_by …). Plane's rules and their messages live in the commands.
import { type Static, Type } from 'typebox';
import type { JsonObject } from '../../../repositories/projectsRepository.ts';
import { CYCLE_VIEWS, type CycleView } from '../../../repositories/cyclesRepository.ts';
import { NullableString } from '../projects/schema.ts';

const FreeObject = Type.Unsafe<JsonObject>({ type: 'object', maxProperties: 100 });
/** A date "YYYY-MM-DD" (a date-time's date is kept) or null. */
const NullableDate = Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength: 40, pattern: '^\\d{4}-\\d{2}-\\d{2}' });
const NullableUuid = Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'uuid' });

export const cycleFields = {
  description: Type.Optional(Type.String({ maxLength: 100_000 })),
  start_date: Type.Optional(NullableDate),
  end_date: Type.Optional(NullableDate),
  owned_by: Type.Optional(NullableUuid),
  view_props: Type.Optional(FreeObject),
  sort_order: Type.Optional(Type.Number({ minimum: -1e15, maximum: 1e15 })),
  logo_props: Type.Optional(FreeObject),
  timezone: Type.Optional(Type.String({ maxLength: 64 })),
  external_source: Type.Optional(NullableString({ maxLength: 255 })),
  external_id: Type.Optional(NullableString({ maxLength: 255 })),
};

export const CreateCycleBody = Type.Object({ name: Type.String({ maxLength: 255 }), ...cycleFields });
export type CreateCycleBody = Static<typeof CreateCycleBody>;

export const PatchCycleBody = Type.Object({ name: Type.Optional(Type.String({ maxLength: 255 })), ...cycleFields });
export type PatchCycleBody = Static<typeof PatchCycleBody>;

export const CycleViewQuery = Type.Object({
  cycle_view: Type.Optional(Type.Unsafe<CycleView>({ type: 'string', enum: [...CYCLE_VIEWS] })),
});
export type CycleViewQuery = Static<typeof CycleViewQuery>;

export const CycleIssuesBody = Type.Object({
  issues: Type.Array(Type.String({ format: 'uuid' }), { maxItems: 1000 }),
});
export type CycleIssuesBody = Static<typeof CycleIssuesBody>;

export const TransferBody = Type.Object({ new_cycle_id: Type.String({ format: 'uuid' }) });
export type TransferBody = Static<typeof TransferBody>;
