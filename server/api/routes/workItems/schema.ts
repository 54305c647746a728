// TypeBox schemas of the single-work-item routes. Bodies list exactly the writable fields: anything
// else (id, project, workspace, sequence_id, created_by, completed_at, archived_at, …) is dropped by
// ajv's removeAdditional before the handler runs. References accept Plane's v1 names (`state`,
// `parent`, `assignees`, `labels`) and its web app's (`state_id`, `parent_id`, `assignee_ids`, `label_ids`).
import { type Static, Type } from 'typebox';

const Uuid = Type.String({ format: 'uuid' });
/** Null first: with coerceTypes an explicit null must not become "" in the string branch. */
const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>>(schema: T) =>
  Type.Union([Type.Null(), schema]);
const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });

export const Priority = Type.Union([
  Type.Literal('urgent'),
  Type.Literal('high'),
  Type.Literal('medium'),
  Type.Literal('low'),
  Type.Literal('none'),
]);

const fields = {
  description_html: Type.Optional(Type.String({ maxLength: 512 * 1024 })),
  description_binary: Type.Optional(Nullable(Type.String({ maxLength: 768 * 1024 }))),
  priority: Type.Optional(Priority),
  start_date: Type.Optional(Nullable(DateString)),
  target_date: Type.Optional(Nullable(DateString)),
  state: Type.Optional(Nullable(Uuid)),
  state_id: Type.Optional(Nullable(Uuid)),
  parent: Type.Optional(Nullable(Uuid)),
  parent_id: Type.Optional(Nullable(Uuid)),
  assignees: Type.Optional(Type.Array(Uuid, { maxItems: 500 })),
  assignee_ids: Type.Optional(Type.Array(Uuid, { maxItems: 500 })),
  labels: Type.Optional(Type.Array(Uuid, { maxItems: 500 })),
  label_ids: Type.Optional(Type.Array(Uuid, { maxItems: 500 })),
  estimate_point: Type.Optional(Nullable(Uuid)),
  type_id: Type.Optional(Nullable(Uuid)),
  point: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 12 }))),
  sort_order: Type.Optional(Type.Number({ minimum: -1e15, maximum: 1e15 })),
  is_draft: Type.Optional(Type.Boolean()),
  external_source: Type.Optional(Nullable(Type.String({ maxLength: 255 }))),
  external_id: Type.Optional(Nullable(Type.String({ maxLength: 255 }))),
};

export const CreateBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 255 }), ...fields });
export type CreateBody = Static<typeof CreateBody>;

export const UpdateBody = Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })), ...fields });
export type UpdateBody = Static<typeof UpdateBody>;

export const ProjectParams = Type.Object({ slug: Type.String({ maxLength: 100 }), projectId: Type.String({ maxLength: 64 }) });
export type ProjectParams = Static<typeof ProjectParams>;

export const IssueParams = Type.Object({
  slug: Type.String({ maxLength: 100 }),
  projectId: Type.String({ maxLength: 64 }),
  issueId: Type.String({ maxLength: 64 }),
});
export type IssueParams = Static<typeof IssueParams>;

export const ActivityParams = Type.Object({
  slug: Type.String({ maxLength: 100 }),
  projectId: Type.String({ maxLength: 64 }),
  issueId: Type.String({ maxLength: 64 }),
  activityId: Type.String({ maxLength: 64 }),
});
export type ActivityParams = Static<typeof ActivityParams>;

export const KeyParams = Type.Object({ slug: Type.String({ maxLength: 100 }), key: Type.String({ maxLength: 40 }) });
export type KeyParams = Static<typeof KeyParams>;

export const SubItemsBody = Type.Object({ sub_issue_ids: Type.Array(Uuid, { minItems: 1, maxItems: 500 }) });
export type SubItemsBody = Static<typeof SubItemsBody>;
