// What a link's url must be: absolute http(s), at most 2048 characters, with a host.
import { ValidationError } from '../api/errors.ts';

export const MAX_URL_LENGTH = 2048;

/** The url as stored (trimmed), or a 400 that says what is wrong. */
export function checkLinkUrl(raw: string): string {
  const url = raw.trim();
  if (url === '') throw ValidationError('url: a link needs a URL.', { url: ['This field may not be blank.'] });
  if (url.length > MAX_URL_LENGTH)
    throw ValidationError(`url: at most ${MAX_URL_LENGTH} characters.`, {
      url: [`Ensure this field has no more than ${MAX_URL_LENGTH} characters.`],
    });
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw ValidationError('url: enter a valid URL, e.g. https://example.com/page.', { url: ['Enter a valid URL.'] });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw ValidationError('url: only http and https links are allowed.', { url: ['Only http and https URLs are allowed.'] });
  }
  if (parsed.hostname === '') throw ValidationError('url: the URL has no host.', { url: ['Enter a valid URL.'] });
  return url;
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}
