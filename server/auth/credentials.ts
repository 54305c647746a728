// Validation of what people type into sign-up / sign-in / setup forms, with messages for humans.
import { ValidationError } from '../api/errors.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const MIN_PASSWORD = 8;
export const MAX_PASSWORD = 256;

export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 255)
    throw ValidationError('Enter a valid email address.', { email: ['Enter a valid email address.'] });
  return email;
}

export function checkNewPassword(password: string): string {
  if (password.length < MIN_PASSWORD) {
    const message = `The password must be at least ${MIN_PASSWORD} characters long.`;
    throw ValidationError(message, { password: [message] });
  }
  if (password.length > MAX_PASSWORD) throw ValidationError('The password is too long.', { password: ['The password is too long.'] });
  return password;
}

export function displayNameFor(firstName: string, lastName: string, email: string): string {
  const full = `${firstName} ${lastName}`.trim();
  return full || (email.split('@')[0] ?? email);
}
