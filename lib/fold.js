// @ts-check
/**
 * Text folding for search: the same function runs on indexed names and on queries, so
 * "Baalshamin" meets "Baʿalshamin" and "معبد بل" meets "مَعْبَد بِل" or "معبد بــل".
 *
 * Plain CommonJS (types in fold.d.ts) so that server.js can answer suggestions (/api/v1/suggest) with the very folding
 * the index was written with; lib/text.ts re-exports it for the app.
 */

const ARABIC_DIACRITICS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]/g; // harakat, tanwin, shadda, sukun, dagger alef, Quranic marks
const TATWEEL = /\u0640/g;
const ALEF_FORMS = /[\u0622\u0623\u0625\u0671\u0672\u0673]/g; // آ أ إ ٱ → ا
const LATIN_MARKS = /[\u0300-\u036f]/g; // combining accents after NFD
// Transliteration marks that are letters, not combining accents: ʿayn, ʾhamza, apostrophes, modifier letters.
const TRANSLITERATION_MARKS = /[\u02BF\u02BE\u02BB\u02BC\u02B9\u2018\u2019\u0060\u00B4']/g;

/** @param {string} input @returns {string} */
function foldText(input) {
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

/** Splits folded text into search tokens (letters and digits of any script). @param {string} input @returns {string[]} */
function tokens(input) {
  return foldText(input).match(/[\p{L}\p{N}]+/gu) ?? [];
}

// The definite article, alone or after a clinging conjunction or preposition (و ف ب ك, or لل for li + al-),
// before a word of at least three letters: shorter remainders are more often part of the word itself.
const ARABIC_ARTICLE = /^(?:[\u0648\u0641\u0628\u0643]?\u0627\u0644|\u0644\u0644)(?=[\u0621-\u064A]{3,}$)/;

/**
 * An Arabic word without its definite article ("المسرح" → "مسرح"), or null when it has none. Expects a folded token.
 * @param {string} token @returns {string | null}
 */
function withoutArabicArticle(token) {
  const stem = token.replace(ARABIC_ARTICLE, '');
  return stem === token ? null : stem;
}

module.exports = { foldText, tokens, withoutArabicArticle };
