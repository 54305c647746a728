// Field rules for stickies (create and update): the HTML is sanitised like every stored description,
// its text kept for search, and the binary (Yjs) document must be base64.
import type { JsonObject } from '../repositories/projectsRepository.ts';
import type { StickyFields } from '../repositories/stickiesRepository.ts';
import { sanitizeHtml } from '../validation/html.ts';
import { decodeBinary, stripHtml } from './workItemFields.ts';

/** What a caller may send; the owner and workspace always come from the request's access. */
export interface StickyInput {
  name?: string | null;
  description?: JsonObject;
  description_html?: string;
  /** base64, or null to clear */
  description_binary?: string | null;
  logo_props?: JsonObject;
  color?: string | null;
  background_color?: string | null;
  sort_order?: number;
}

const EMPTY_HTML = '<p></p>';

export function checkStickyFields(input: StickyInput): StickyFields {
  const fields: StickyFields = {
    name: input.name,
    description: input.description,
    logo_props: input.logo_props,
    color: input.color,
    background_color: input.background_color,
    sort_order: input.sort_order,
  };
  if (input.description_html !== undefined) {
    const html = sanitizeHtml(input.description_html);
    fields.description_html = html === '' ? EMPTY_HTML : html;
    fields.description_stripped = stripHtml(html);
  }
  if (input.description_binary !== undefined) fields.description_binary = decodeBinary(input.description_binary);
  return fields;
}
