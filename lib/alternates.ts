import type { Metadata } from 'next';
import { config } from './config';

/** hreflang alternates and the canonical URL for a page that exists in both languages. */
export function localeAlternates(path: string, locale: string): Metadata['alternates'] {
  const base = config().PUBLIC_BASE_URL.replace(/\/$/, '');
  const clean = path === '/' ? '' : path;
  const en = `${base}${clean || '/'}`;
  const ar = `${base}/ar${clean}`;
  return { canonical: locale === 'ar' ? ar : en, languages: { en, ar, 'x-default': en } };
}
