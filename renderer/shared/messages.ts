// Turns API failures into plain sentences shown next to the form that caused them.
import { ApiError } from './api.ts';

export type ErrorContext = 'sign-in' | 'sign-up' | 'setup' | 'load' | 'save';

export const MIN_PASSWORD_LENGTH = 8;

export function describeError(error: unknown, context: ErrorContext): string {
  if (!(error instanceof ApiError)) return 'Something went wrong in this page. Reload it and try again.';
  if (error.id === 'network_error' || error.id === 'bad_response') return error.message;
  const { status } = error;
  if (context === 'sign-in') {
    if (status === 401) return 'Wrong email or password.';
    if (status === 429) return 'Too many sign-in attempts. Wait a minute, then try again.';
  }
  if (context === 'sign-up') {
    if (status === 403) return 'Sign-up is closed on this Hangar. Ask an admin to invite you.';
    if (status === 409) return 'An account with this email already exists. Sign in instead.';
  }
  if (context === 'setup' && status === 409) return 'This Hangar already has an instance admin. Sign in instead.';
  if (status === 401) return 'You are signed out. Sign in again to continue.';
  if (status === 403) return 'You do not have permission to do that.';
  if (status === 429) return 'Too many requests. Wait a minute, then try again.';
  if (status >= 500) return 'Something went wrong on the server. Try again; if it keeps happening, check the Hangar logs.';
  return error.message || 'The request was refused.';
}

/** Client-side checks shared by every form that takes an email and a new password. */
export function validateEmail(email: string): string | null {
  if (email.trim() === '') return 'Enter an email address.';
  if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) return 'Enter a valid email address, like name@example.com.';
  return null;
}

export function validateNewPassword(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  return null;
}

export function userName(user: { first_name: string; last_name: string; display_name: string; email: string }): string {
  const full = `${user.first_name} ${user.last_name}`.trim();
  return full || user.display_name || user.email;
}
