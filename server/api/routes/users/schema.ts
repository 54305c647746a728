import { Type } from 'typebox';
import { ValidationError } from '../../errors.ts';
import { isImageUrl } from '../../../validation/imageUrl.ts';
import { isTimezone } from '../../../validation/timezone.ts';
import type { ProfilePatch } from '../../../repositories/usersRepository.ts';

// The profile fields a user may change; anything else (email, is_instance_admin, id, …) is dropped.
export const ProfileBody = Type.Object({
  first_name: Type.Optional(Type.String({ maxLength: 255 })),
  last_name: Type.Optional(Type.String({ maxLength: 255 })),
  display_name: Type.Optional(Type.String({ maxLength: 255 })),
  avatar: Type.Optional(Type.String({ maxLength: 2048 })),
  timezone: Type.Optional(Type.String({ maxLength: 64 })),
});

export const PasswordBody = Type.Object({
  old_password: Type.String({ maxLength: 1024 }),
  new_password: Type.String({ maxLength: 1024 }),
});

/** Trims the patch and checks what the schema cannot: a non-blank display name, the avatar, the time zone. */
export function checkProfilePatch(body: ProfilePatch): ProfilePatch {
  const patch: ProfilePatch = {};
  if (body.first_name !== undefined) patch.first_name = body.first_name.trim();
  if (body.last_name !== undefined) patch.last_name = body.last_name.trim();
  if (body.display_name !== undefined) {
    patch.display_name = body.display_name.trim();
    if (patch.display_name === '')
      throw ValidationError('The display name cannot be blank.', { display_name: ['This field may not be blank.'] });
  }
  if (body.avatar !== undefined) {
    patch.avatar = body.avatar.trim();
    if (!isImageUrl(patch.avatar)) throw ValidationError('The avatar must be an http(s) URL.', { avatar: ['Enter a valid URL.'] });
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
