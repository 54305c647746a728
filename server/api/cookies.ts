// Minimal cookie parsing/serialising for the two cookies Hangar sets (session, CSRF).

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in out) continue;
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // a malformed value is ignored, not fatal
    }
  }
  return out;
}

/**
 * The value of one cookie, as parseCookies(header)[name] would give it (the first occurrence that
 * decodes), without building the others: the session cookie is read on every request.
 */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  let at = header.indexOf(name);
  while (at >= 0) {
    // A whole name: at the start or after "; " (any spaces), followed by optional spaces and "=".
    const before = header.lastIndexOf(';', at - 1);
    const start = before < 0 ? 0 : before + 1;
    const eq = header.indexOf('=', at + name.length);
    if (eq >= 0 && header.slice(start, at).trim() === '' && header.slice(at + name.length, eq).trim() === '') {
      const end = header.indexOf(';', eq);
      const raw = header.slice(eq + 1, end < 0 ? undefined : end).trim();
      if (!raw.includes('%')) return raw;
      try {
        return decodeURIComponent(raw);
      } catch {
        // malformed: parseCookies skips it and takes a later one
      }
    }
    at = header.indexOf(name, at + 1);
  }
  return undefined;
}

export interface CookieOptions {
  httpOnly: boolean;
  secure: boolean;
  maxAgeSeconds?: number;
}

export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'SameSite=Lax'];
  if (options.httpOnly) parts.push('HttpOnly');
  if (options.secure) parts.push('Secure');
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  return parts.join('; ');
}
