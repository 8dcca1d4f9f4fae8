/**
 * Text folding for search: the same function runs on indexed names and on queries, so
 * "Baalshamin" meets "Baʿalshamin" and "معبد بل" meets "مَعْبَد بِل" or "معبد بــل".
 */

const ARABIC_DIACRITICS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]/g; // harakat, tanwin, shadda, sukun, dagger alef, Quranic marks
const TATWEEL = /\u0640/g;
const ALEF_FORMS = /[\u0622\u0623\u0625\u0671\u0672\u0673]/g; // آ أ إ ٱ → ا
const LATIN_MARKS = /[\u0300-\u036f]/g; // combining accents after NFD
// Transliteration marks that are letters, not combining accents: ʿayn, ʾhamza, apostrophes, modifier letters.
const TRANSLITERATION_MARKS = /[\u02BF\u02BE\u02BB\u02BC\u02B9\u2018\u2019\u0060\u00B4']/g;

export function foldText(input: string): string {
  return input
    .normalize('NFKD')
    .replace(LATIN_MARKS, '')
    .replace(TRANSLITERATION_MARKS, '')
    .replace(ARABIC_DIACRITICS, '')
    .replace(TATWEEL, '')
    .normalize('NFC')
    .replace(ALEF_FORMS, '\u0627')
    .replace(/\u0649/g, '\u064A') // alef maqsura ى → ya ي
    .replace(/\u0629/g, '\u0647') // ta marbuta ة → ha ه
    .replace(/[\u0624]/g, '\u0648') // waw with hamza ؤ → و
    .replace(/[\u0626]/g, '\u064A') // ya with hamza ئ → ي
    .replace(/\u0621/g, '') // lone hamza ء
    .replace(/ß/g, 'ss')
    .replace(/[æ]/g, 'ae')
    .replace(/[œ]/g, 'oe')
    .replace(/[ıİ]/g, 'i')
    .toLowerCase();
}

/** Splits folded text into search tokens (letters and digits of any script). */
export function tokens(input: string): string[] {
  return foldText(input).match(/[\p{L}\p{N}]+/gu) ?? [];
}

// The definite article, alone or after a clinging conjunction or preposition (و ف ب ك, or لل for li + al-),
// before a word of at least three letters: shorter remainders are more often part of the word itself.
const ARABIC_ARTICLE = /^(?:[\u0648\u0641\u0628\u0643]?\u0627\u0644|\u0644\u0644)(?=[\u0621-\u064A]{3,}$)/;

/** An Arabic word without its definite article ("المسرح" → "مسرح"), or null when it has none. Expects a folded token. */
export function withoutArabicArticle(token: string): string | null {
  const stem = token.replace(ARABIC_ARTICLE, '');
  return stem === token ? null : stem;
}

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
