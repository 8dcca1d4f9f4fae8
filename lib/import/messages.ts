/**
 * Problem and notice texts from the import catalog (messages/<locale>/import.json): the web page passes its
 * next-intl translator; the command line uses lib/import/english.ts.
 */
import type { Notice, Problem } from './types';

/** The part of a next-intl translator these helpers use (scoped to the "import" namespace). */
export interface Translate {
  (key: string, values?: Record<string, string | number>): string;
  has(key: string): boolean;
}

export function problemText(t: Translate, p: Pick<Problem, 'code' | 'values' | 'line'>): string {
  const key = `problems.${p.code}`;
  const values = { line: p.line ?? '?', ...(p.code === 'tooLong' ? { max: '?', length: '?' } : {}), ...p.values };
  return t.has(key) ? t(key, values) : t('problems.invalid');
}

export function noticeText(t: Translate, n: Notice): string {
  const key = `notices.${n.code}`;
  return t.has(key) ? t(key, n.values) : n.code;
}
