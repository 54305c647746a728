import { Type } from 'typebox';
import { MAX_INVITATIONS_PER_REQUEST } from '../../../commands/invitationSender.ts';
import { MAX_ORGANIZATION_SIZE, MAX_WORKSPACE_NAME } from '../../../commands/workspaceCreator.ts';
import type { WorkspacePatch } from '../../../repositories/workspacesRepository.ts';
import { isImageUrl } from '../../../validation/imageUrl.ts';
import { isTimezone } from '../../../validation/timezone.ts';
import { ValidationError } from '../../errors.ts';

// Structural bounds only; Plane's rules (and their messages) are checked by the command / checkWorkspacePatch.
export const CreateWorkspaceBody = Type.Object({
  name: Type.String({ maxLength: 1000 }),
  slug: Type.String({ maxLength: 1000 }),
  organization_size: Type.Optional(Type.String({ maxLength: 1000 })),
});

// The slug, owner, id and audit fields are not writable: ajv drops them.
export const PatchWorkspaceBody = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 1000 })),
  logo: Type.Optional(Type.String({ maxLength: 2048 })),
  organization_size: Type.Optional(Type.String({ maxLength: 1000 })),
  timezone: Type.Optional(Type.String({ maxLength: 64 })),
});

export const SlugCheckQuery = Type.Object({ slug: Type.Optional(Type.String({ maxLength: 1000 })) });

export const MemberRoleBody = Type.Object({ role: Type.Integer() });

export const InviteBody = Type.Object({
  emails: Type.Array(Type.Object({ email: Type.String({ maxLength: 320 }), role: Type.Optional(Type.Integer()) }), {
    maxItems: MAX_INVITATIONS_PER_REQUEST,
  }),
});

export function checkWorkspacePatch(body: WorkspacePatch): WorkspacePatch {
  const patch: WorkspacePatch = {};
  if (body.name !== undefined) {
    patch.name = body.name.trim();
    if (patch.name === '') throw ValidationError('The workspace name is required.', { name: ['This field may not be blank.'] });
    if (patch.name.length > MAX_WORKSPACE_NAME) {
      const message = `The maximum length for name is ${MAX_WORKSPACE_NAME}.`;
      throw ValidationError(message, { name: [message] });
    }
  }
  if (body.logo !== undefined) {
    patch.logo = body.logo.trim();
    if (!isImageUrl(patch.logo)) throw ValidationError('The logo must be an http(s) URL.', { logo: ['Enter a valid URL.'] });
  }
  if (body.organization_size !== undefined) {
    patch.organization_size = body.organization_size.trim();
    if (patch.organization_size.length > MAX_ORGANIZATION_SIZE) {
      const message = `The organization size may be at most ${MAX_ORGANIZATION_SIZE} characters long.`;
      throw ValidationError(message, { organization_size: [message] });
    }
  }
  if (body.timezone !== undefined) {
    patch.timezone = body.timezone.trim();
    if (!isTimezone(patch.timezone)) {
      const message = `"${body.timezone}" is not a valid time zone (use an IANA name such as Europe/Paris).`;
      throw ValidationError(message, { timezone: [message] });
    }
  }
  return patch;
}
