// Rich-text HTML (work-item descriptions; comments can use it too) reduced to a safe subset before it
// is stored: an allow-list of the tags and attributes Plane's editor produces, links only to http(s),
// mailto or relative URLs, no scripts, styles, event handlers or embedded documents. Anything that is
// not a well-formed allowed tag is kept as escaped text, so nothing unrecognised reaches a browser.

const ALLOWED_TAGS = new Set([
  'p',
  'br',
  'hr',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'strike',
  'del',
  'ins',
  'sub',
  'sup',
  'mark',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'a',
  'img',
  'span',
  'div',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'colgroup',
  'col',
  'label',
  'input',
  'mention-component',
  'image-component',
  'issue-embed-component',
]);
const VOID_TAGS = new Set(['br', 'hr', 'img', 'input', 'col']);
/** Dropped together with everything inside them. */
const DROP_WITH_CONTENT = new Set([
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'noscript',
  'template',
  'textarea',
  'select',
  'title',
  'xmp',
  'svg',
  'math',
  'frameset',
  'frame',
  'noembed',
  'plaintext',
]);

const GLOBAL_ATTRS = new Set(['class', 'title', 'dir', 'align']);
const TAG_ATTRS: Record<string, ReadonlySet<string>> = {
  a: new Set(['href', 'target']),
  img: new Set(['src', 'alt', 'width', 'height']),
  'image-component': new Set(['id', 'src', 'width', 'height', 'aspectratio', 'alignment']),
  input: new Set(['type', 'checked', 'disabled']),
  td: new Set(['colspan', 'rowspan', 'colwidth']),
  th: new Set(['colspan', 'rowspan', 'colwidth']),
  col: new Set(['span', 'width']),
  ol: new Set(['start', 'type']),
  li: new Set(['value']),
  'mention-component': new Set(['id', 'entity_identifier', 'entity_name', 'target']),
  'issue-embed-component': new Set(['entity_identifier', 'entity_name', 'project_identifier', 'sequence_id', 'workspace_identifier']),
};
const URL_ATTRS = new Set(['href', 'src']);

const TOKEN =
  /<!--[\s\S]*?(?:-->|$)|<!\w[^>]*>|<\?[^>]*>|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/g;
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

const escapeText = (text: string): string =>
  text
    .replace(/&(?!(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
const escapeAttr = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  colon: ':',
  tab: '\t',
  newline: '\n',
};

function decodeEntities(value: string): string {
  return value.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);?/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    const code = lower.startsWith('#x')
      ? Number.parseInt(lower.slice(2), 16)
      : lower.startsWith('#')
        ? Number.parseInt(lower.slice(1), 10)
        : Number.NaN;
    if (!Number.isNaN(code)) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    return NAMED[lower] ?? whole;
  });
}

/** http(s), mailto and relative URLs; never javascript:, data:, vbscript:, … (also when obfuscated). */
export function isSafeUrl(raw: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we strip
  const url = decodeEntities(raw).replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url);
  // No scheme: a relative URL (a ':' after the first '/', '?' or '#' is part of the path).
  if (!scheme?.[1]) return true;
  return ['http', 'https', 'mailto'].includes(scheme[1].toLowerCase());
}

function cleanAttributes(tag: string, source: string): string {
  const allowed = TAG_ATTRS[tag];
  const out: string[] = [];
  const seen = new Set<string>();
  for (const m of source.matchAll(ATTR)) {
    const name = (m[1] ?? '').toLowerCase();
    if (seen.has(name)) continue;
    if (!(GLOBAL_ATTRS.has(name) || allowed?.has(name) || /^data-[a-z0-9-]+$/.test(name))) continue;
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    if (URL_ATTRS.has(name) && !isSafeUrl(value)) continue;
    if (tag === 'input' && name === 'type' && value.toLowerCase() !== 'checkbox') return '';
    seen.add(name);
    out.push(m[2] === undefined && m[3] === undefined && m[4] === undefined ? name : `${name}="${escapeAttr(decodeEntities(value))}"`);
  }
  if (tag === 'input' && !seen.has('type')) return '';
  // A link that opens elsewhere must not hand the opener to the target page.
  if (tag === 'a' && seen.has('target')) out.push('rel="noopener noreferrer nofollow"');
  return out.join(' ');
}

/** The safe subset of `html`. Idempotent: sanitizing sanitized HTML changes nothing. */
export function sanitizeHtml(html: string): string {
  let out = '';
  let last = 0;
  let dropping: string | null = null;
  const open: string[] = [];
  for (const m of html.matchAll(TOKEN)) {
    const index = m.index ?? 0;
    const text = html.slice(last, index);
    last = index + m[0].length;
    if (dropping === null) out += escapeText(text);
    const tag = m[2]?.toLowerCase();
    if (!tag) continue; // comments, doctypes, processing instructions
    const closing = m[1] === '/';
    if (dropping !== null) {
      if (closing && tag === dropping) dropping = null;
      continue;
    }
    if (DROP_WITH_CONTENT.has(tag)) {
      if (!closing && m[4] !== '/') dropping = tag;
      continue;
    }
    if (!ALLOWED_TAGS.has(tag)) continue;
    if (closing) {
      const at = open.lastIndexOf(tag);
      if (at === -1) continue;
      while (open.length > at) out += `</${open.pop()}>`;
      continue;
    }
    const attrs = cleanAttributes(tag, m[3] ?? '');
    if (tag === 'input' && attrs === '') continue;
    out += `<${tag}${attrs ? ` ${attrs}` : ''}>`;
    if (!VOID_TAGS.has(tag) && m[4] !== '/') open.push(tag);
    else if (!VOID_TAGS.has(tag)) out += `</${tag}>`;
  }
  if (dropping === null) out += escapeText(html.slice(last));
  while (open.length > 0) out += `</${open.pop()}>`;
  return out;
}
