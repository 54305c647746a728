// Image references (avatars, logos) the UIs render in <img src>: refuse javascript:, data: and
// protocol-relative URLs, which would let a profile field run or load something foreign.

/** True for an empty value, an http(s) URL, or a path on this origin. */
export function isImageUrl(value: string): boolean {
  if (value === '') return true;
  if (value.startsWith('/') && !value.startsWith('//')) return true;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
