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

/** A URL slug from a name: ASCII, lower case, words joined by hyphens. */
export function slugify(input: string): string {
  return foldText(input)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}
