import { Type } from 'typebox';
import { UUID_PATTERN } from '../relations/schema.ts';

export const CommentParams = Type.Object({
  slug: Type.String(),
  projectId: Type.String(),
  issueId: Type.String(),
  commentId: Type.String(),
});

export const ReactionParams = Type.Object({
  slug: Type.String(),
  projectId: Type.String(),
  issueId: Type.String(),
  commentId: Type.String(),
  reaction: Type.String(),
});

const Access = Type.Union([Type.Literal('INTERNAL'), Type.Literal('EXTERNAL')]);
const MAX_HTML = 500_000;

export const CreateCommentBody = Type.Object({
  comment_html: Type.String({ minLength: 1, maxLength: MAX_HTML }),
  comment_json: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  access: Type.Optional(Access),
  parent: Type.Optional(Type.Union([Type.String({ pattern: UUID_PATTERN }), Type.Null()])),
  external_source: Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()])),
  external_id: Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()])),
});

export const UpdateCommentBody = Type.Object({
  comment_html: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_HTML })),
  comment_json: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  access: Type.Optional(Access),
  external_source: Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()])),
  external_id: Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()])),
});

export const CreateReactionBody = Type.Object({
  reaction: Type.String({ minLength: 1, maxLength: 64 }),
});
