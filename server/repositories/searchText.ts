// What a search box's text asks for: a human key (`WEB-123`), a bare number (`123`, `#123`), and
// words for full text. Every word must match. Two tsqueries: whole words, and the same with the last
// word as a prefix (people search while typing: "migr" finds "Migrate"). The repository tries whole
// words first: a prefix makes GIN gather every lexeme it covers into a bitmap before it can
// intersect anything, several times slower than a whole-word lookup. Each space-separated word goes
// to to_tsquery as a quoted literal, so `&`, `|`, `!`, `:` or quotes in the input are text, never
// operators, and Postgres' own parser splits it exactly as it split the indexed text ("e-mail",
// "v1.2.3", "O'Brien" match what the title says).

export interface SearchText {
  /** The input, trimmed and cut to MAX_TEXT characters (also what the trigram fallback compares). */
  text: string;
  /** `IDENT-123`: the project identifier (upper-case) and number. */
  key: { identifier: string; sequenceId: number } | null;
  /** `123` or `#123`: a KEY number in any of the caller's projects (or the given one). */
  sequenceId: number | null;
  /** to_tsquery('simple', …) sources: whole words, or null when the text has no word characters… */
  words: string | null;
  /** …and with the last word as a prefix (null when that word is too short to be one)… */
  prefix: string | null;
  /** …and the words before the last (null when there are none). */
  leading: string | null;
  /** Roughly the lexemes Postgres makes of the words before the last, and of the last one (for
   * estimates only: searchStats.ts). */
  lexemes: { leading: string[]; last: string | null };
}

const MAX_TEXT = 200;
/** Longer words are kept whole: a shorter prefix over the whole vocabulary costs more than it finds. */
const MIN_PREFIX = 2;
const KEY = /^([A-Za-z0-9]{1,12})-(\d{1,9})$/;
const NUMBER = /^#?(\d{1,9})$/;
/** A word worth searching for has a letter or a digit; the rest is punctuation Postgres' parser drops. */
const WORDY = /[\p{L}\p{N}]/u;

/** A tsquery literal: single-quoted, with quotes and backslashes escaped. */
export function literal(word: string): string {
  return `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

export function parseSearchText(input: string): SearchText {
  const text = input.trim().slice(0, MAX_TEXT);
  const key = KEY.exec(text);
  const number = NUMBER.exec(text);
  const raw = text.split(/\s+/).filter((w) => WORDY.test(w));
  const words = raw.map(literal);
  const last = words[words.length - 1];
  const letters = last?.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  const lexemesOf = (w: string): string[] =>
    w
      .toLowerCase()
      .split(/[^\p{L}\p{N}_]+/u)
      .filter(Boolean);
  return {
    text,
    key: key?.[1] && key[2] ? { identifier: key[1].toUpperCase(), sequenceId: Number(key[2]) } : null,
    sequenceId: number?.[1] ? Number(number[1]) : null,
    words: words.length > 0 ? words.join(' & ') : null,
    prefix: letters >= MIN_PREFIX ? `${words.join(' & ')}:*` : null,
    leading: words.length > 1 ? words.slice(0, -1).join(' & ') : null,
    lexemes: { leading: raw.slice(0, -1).flatMap(lexemesOf), last: lexemesOf(raw[raw.length - 1] ?? '').pop() ?? null },
  };
}
