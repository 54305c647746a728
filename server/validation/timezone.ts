// IANA time-zone names, as Plane accepts them (pytz's list): canonical names and the usual aliases
// (US/Eastern, Asia/Calcutta), but not UTC offsets ("+05:00") or wrong case ("utc").
const CANONICAL = new Set(Intl.supportedValuesOf('timeZone'));
const NAME = /^[A-Z][A-Za-z0-9_+-]*(\/[A-Z0-9][A-Za-z0-9_+-]*){0,2}$/;

export function isTimezone(value: string): boolean {
  if (CANONICAL.has(value)) return true;
  if (value.length > 64 || !NAME.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
