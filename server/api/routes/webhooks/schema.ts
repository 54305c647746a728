// Webhooks: the writable fields only; `workspace`, `secret_key` and audit fields are never taken
// from a body (removeAdditional strips them).
import { type Static, Type } from 'typebox';
import { MAX_URL_LENGTH } from '../../../commands/webhookRules.ts';

const toggles = {
  is_active: Type.Optional(Type.Boolean()),
  project: Type.Optional(Type.Boolean()),
  issue: Type.Optional(Type.Boolean()),
  module: Type.Optional(Type.Boolean()),
  cycle: Type.Optional(Type.Boolean()),
  issue_comment: Type.Optional(Type.Boolean()),
};

export const CreateWebhookBody = Type.Object({ url: Type.String({ maxLength: MAX_URL_LENGTH }), ...toggles });
export type CreateWebhookBody = Static<typeof CreateWebhookBody>;

export const PatchWebhookBody = Type.Object({ url: Type.Optional(Type.String({ maxLength: MAX_URL_LENGTH })), ...toggles });
export type PatchWebhookBody = Static<typeof PatchWebhookBody>;

export const WebhookLogsQuery = Type.Object({
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
});
export type WebhookLogsQuery = Static<typeof WebhookLogsQuery>;

export const WebhookSettingsBody = Type.Object({ allow_private: Type.Boolean() });
export type WebhookSettingsBody = Static<typeof WebhookSettingsBody>;
