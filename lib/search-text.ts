import { foldText, tokens, withoutArabicArticle } from './text';

/**
 * Pure helpers of full-text search: which words of a stored text a query matches (the same folding and prefix rule
 * as the index: lib/text.ts, db/queries/filters.ts), highlighted excerpts, and the edit distance behind "did you mean".
 */

/** A query's search terms as the index compares them: folded words, Arabic ones without their article. */
export function queryTerms(q: string): string[] {
  return [...new Set(tokens(q).map((w) => withoutArabicArticle(w) ?? w))].slice(0, 12);
}

/** Whether a folded token is matched by a term (a prefix of it, or of it without its Arabic article). */
function tokenMatches(token: string, term: string): boolean {
  if (token.startsWith(term)) return true;
  const stem = withoutArabicArticle(token);
  return stem !== null && stem.startsWith(term);
}

/** The terms that some word of the (unfolded) text matches. */
export function termsFoundIn(text: string | null | undefined, terms: string[]): Set<string> {
  const found = new Set<string>();
  if (!text) return found;
  const words = tokens(text);
  for (const term of terms) if (words.some((w) => tokenMatches(w, term))) found.add(term);
  return found;
}

export interface ExcerptPart {
  text: string;
  mark: boolean;
}

// A word as written: letters, digits, combining marks, tatweel and transliteration marks (ʿayn, hamza, apostrophes),
// so that folding it gives the token the index holds.
const WRITTEN_WORD = /[\p{L}\p{N}\p{M}\u0640\u02B9\u02BB\u02BC\u02BE\u02BF\u2018\u2019'`´]+/gu;

/**
 * A short excerpt of `text` around its first matching word, as plain-text parts with the matching words marked
 * (a renderer escapes the parts; nothing here is HTML). Null when no word matches.
 */
export function excerpt(text: string, terms: string[], maxLength = 160): ExcerptPart[] | null {
  const marks: [number, number][] = [];
  for (const m of text.matchAll(WRITTEN_WORD)) {
    const folded = foldText(m[0]).match(/[\p{L}\p{N}]+/gu) ?? [];
    if (folded.some((w) => terms.some((t) => tokenMatches(w, t)))) marks.push([m.index, m.index + m[0].length]);
  }
  if (marks.length === 0) return null;
  let start = 0;
  let end = text.length;
  if (text.length > maxLength) {
    // A little context before the first match, then as much as fits, cut at spaces.
    start = Math.max(0, marks[0]![0] - Math.floor(maxLength / 4));
    if (start > 0) {
      const space = text.indexOf(' ', start);
      start = space >= 0 && space < marks[0]![0] ? space + 1 : start;
    }
    end = Math.min(text.length, start + maxLength);
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      end = space > marks[0]![1] ? space : Math.max(end, marks[0]![1]);
    }
  }
  const parts: ExcerptPart[] = [];
  if (start > 0) parts.push({ text: '…', mark: false });
  let at = start;
  for (const [s, e] of marks) {
    if (e <= start || s >= end) continue;
    if (s > at) parts.push({ text: text.slice(at, s), mark: false });
    parts.push({ text: text.slice(Math.max(s, at), Math.min(e, end)), mark: true });
    at = Math.min(e, end);
  }
  if (at < end) parts.push({ text: text.slice(at, end), mark: false });
  if (end < text.length) parts.push({ text: '…', mark: false });
  return parts;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Excerpt parts as HTML: every part escaped, matching words in <mark>. */
export const excerptHtml = (parts: ExcerptPart[]) =>
  parts.map((p) => (p.mark ? `<mark>${escapeHtml(p.text)}</mark>` : escapeHtml(p.text))).join('');

/** Excerpt parts as plain text. */
export const excerptText = (parts: ExcerptPart[]) => parts.map((p) => p.text).join('');

/**
 * Optimal string alignment distance (Levenshtein plus the swap of two neighbouring letters: "palmyar" is one edit
 * from "palmyra"), on code points so Arabic letters count one each. Stops early once it exceeds `max`.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[y.length]!;
}

/** How many edits a word may be from a suggestion: none for very short words, one up to five letters, then two. */
export const allowedEdits = (word: string) => {
  const n = [...word].length;
  return n < 3 ? 0 : n <= 5 ? 1 : 2;
};
