/**
 * Text folding for search: the same function runs on indexed names and on queries, so
 * "Baalshamin" meets "Baʿalshamin" and "معبد بل" meets "مَعْبَد بِل" or "معبد بــل".
 * The folding itself lives in lib/fold.js, which server.js loads too (suggestions answered before Next).
 */
import { foldText, tokens, withoutArabicArticle } from './fold';

export { foldText, tokens, withoutArabicArticle };

/**
 * Text as the search index stores it: folded, plus every Arabic word that carries the article once more without it,
 * so that "مسرح" finds "المسرح الروماني" and "المتحف" finds "متحف تدمر" (queries drop the article the same way).
 */
export function indexText(input: string): string {
  const folded = foldText(input);
  const stems = (folded.match(/[\p{L}\p{N}]+/gu) ?? [])
    .map(withoutArabicArticle)
    .filter((s): s is string => s !== null);
  return stems.length ? `${folded} ${stems.join(' ')}` : folded;
}

const SLUG_MAX = 80;

/**
 * A URL slug from a name: ASCII, lower case, words joined by hyphens, at most 80 characters, cut after a whole word
 * ("…-regions-of-europe" rather than "…-regions-of-eu"); a single word longer than that is cut where it must be.
 */
export function slugify(input: string): string {
  const full = foldText(input)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (full.length <= SLUG_MAX) return full;
  const lastBreak = full.slice(0, SLUG_MAX + 1).lastIndexOf('-');
  return lastBreak > 0 ? full.slice(0, lastBreak) : full.slice(0, SLUG_MAX);
}
