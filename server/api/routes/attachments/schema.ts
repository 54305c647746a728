import { Type } from 'typebox';

export const AttachmentParams = Type.Object({
  slug: Type.String(),
  projectId: Type.String(),
  issueId: Type.String(),
  attachmentId: Type.String(),
});

export const DeclareAttachmentBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 1024 }),
  type: Type.String({ maxLength: 255 }),
  size: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
  external_source: Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()])),
  external_id: Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()])),
});
