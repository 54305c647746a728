import { Type } from 'typebox';

export const LinkParams = Type.Object({
  slug: Type.String(),
  projectId: Type.String(),
  issueId: Type.String(),
  linkId: Type.String(),
});

// Length checks on url are done by checkLinkUrl (trimmed, with a clear message).
export const CreateLinkBody = Type.Object({
  url: Type.String({ maxLength: 4096 }),
  title: Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()])),
  metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

export const UpdateLinkBody = Type.Object({
  url: Type.Optional(Type.String({ maxLength: 4096 })),
  title: Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()])),
  metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
