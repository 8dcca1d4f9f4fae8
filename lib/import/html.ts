/**
 * The UNESCO list export carries HTML in its text columns ("<p>The site of …</p>", "&amp;", "&Scaron;", "&#39;"):
 * the text is kept, the markup dropped, and every HTML5 character reference decoded by the `entities` library (the
 * WHATWG table, not a list of our own that misses letters). Paragraphs stay apart as a blank line; a <br> is a
 * line break.
 */
import { decodeHTMLStrict } from 'entities';

/** Decodes HTML5 character references: every named one, decimal (&#39;) and hexadecimal (&#x27;). Only references
 * ended by ";" count, so "a&b" or "?x=1&copy=2" in plain text stay as written. */
export function decodeEntities(text: string): string {
  return text.includes('&') ? decodeHTMLStrict(text) : text;
}

const BLOCK_END =
  /<\/(p|div|li|h[1-6]|blockquote|ul|ol|table|tr)\s*>|<(p|div|ul|ol|table|blockquote|h[1-6])(\s[^<>]*)?>/gi;

/** Plain text of an HTML fragment: tags removed, paragraphs kept as blank lines, entities decoded, spaces tidied. */
export function stripHtml(input: string): string {
  if (!/[<&]/.test(input)) return tidy(input);
  const hasTags = /<[a-z!/][^<>]*>/i.test(input);
  let text = input.replace(/\r\n?/g, '\n');
  if (hasTags) {
    text = text
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
      // In HTML a line end in the source is a space; only the markup breaks lines.
      .replace(/\s*\n\s*/g, ' ')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(BLOCK_END, '\n\n')
      .replace(/<[a-z!/][^<>]*>/gi, '');
  }
  return tidy(decodeEntities(text));
}

function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\u00A0/g, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
