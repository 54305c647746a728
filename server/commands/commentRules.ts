// Comment text rules: the plain text stored beside the HTML (comment_stripped), emptiness, and what a
// reaction may be.
import { ValidationError } from '../api/errors.ts';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The text of an HTML fragment: tags (and script/style bodies) removed, entities decoded, spaces collapsed. */
export function stripHtml(html: string): string {
  const text = html
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<\/?(p|div|br|li|ul|ol|h[1-6]|blockquote|pre|tr|td|th|table)\b[^>]*>/gi, ' ')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text).replace(/\s+/g, ' ').trim();
}

/** The stripped text of a comment, or a 400 when it says nothing (no text, image or mention). */
export function checkCommentHtml(html: string): string {
  const stripped = stripHtml(html);
  if (stripped === '' && !/<(img|image-component|mention-component)\b/i.test(html)) {
    throw ValidationError('comment_html: a comment cannot be empty.', { comment_html: ['This field may not be blank.'] });
  }
  return stripped;
}

// An emoji sequence (pictographs, flags, keycaps with their modifiers and joiners), or Plane's stored
// form: decimal code points joined by "-" (e.g. "128077").
const EMOJI = /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|\p{Emoji_Modifier}|\u200d|\ufe0f|\u20e3|[#*0-9])+$/u;
const HAS_PICTURE = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u;
const CODE_POINTS = /^\d{2,7}(?:-\d{2,7})*$/;

function isEmoji(text: string): boolean {
  return EMOJI.test(text) && HAS_PICTURE.test(text);
}

/** The emoji that Plane's code-point form names ("128077" → 👍), or null. */
function fromCodePoints(text: string): string | null {
  if (!CODE_POINTS.test(text)) return null;
  const points = text.split('-').map(Number);
  return points.every((p) => p <= 0x10ffff) ? String.fromCodePoint(...points) : null;
}

export function checkReaction(raw: string): string {
  const reaction = raw.trim();
  const decoded = fromCodePoints(reaction);
  const valid = reaction.length >= 1 && reaction.length <= 20 && isEmoji(decoded ?? reaction);
  if (!valid)
    throw ValidationError('reaction: must be one emoji (e.g. "👍") or its code points (e.g. "128077").', { reaction: ['Not an emoji.'] });
  return reaction;
}
