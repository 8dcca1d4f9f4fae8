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

/** A URL slug from a name: ASCII, lower case, words joined by hyphens. */
export function slugify(input: string): string {
  return foldText(input).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
}
