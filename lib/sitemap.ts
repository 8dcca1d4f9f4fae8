import { xmlEscape } from './atom';

/** Sitemaps (sitemaps.org protocol 0.9): an index of parts, each at most SITEMAP_URLS_PER_FILE addresses. */

export interface SitemapUrl {
  /** The address without the language prefix ("/monuments/temple-of-bel"). */
  path: string;
  lastmod?: string | null;
}

const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const XHTML = 'http://www.w3.org/1999/xhtml';
const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : undefined);

/** The address of a page in a language: English unprefixed, Arabic under /ar. */
export function localizedUrl(base: string, path: string, locale: 'en' | 'ar'): string {
  const clean = path === '/' ? '' : path;
  return locale === 'ar' ? `${base}/ar${clean}` : `${base}${clean || '/'}`;
}

/** The index naming each part (/sitemap-1.xml …). */
export function sitemapIndex(base: string, parts: number, lastmod: string | null): string {
  const items = Array.from({ length: parts }, (_, i) =>
    [
      '  <sitemap>',
      `    <loc>${xmlEscape(`${base}/sitemap-${i + 1}.xml`)}</loc>`,
      lastmod ? `    <lastmod>${day(lastmod)}</lastmod>` : '',
      '  </sitemap>',
    ]
      .filter(Boolean)
      .join('\n'),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="${NS}">\n${items.join('\n')}${items.length ? '\n' : ''}</sitemapindex>\n`;
}

/**
 * One part: every page in both languages, each naming its other language (hreflang), so search engines show readers
 * the page in their own.
 */
export function sitemapPart(
  base: string,
  urls: { path: string; locale: 'en' | 'ar'; lastmod?: string | null }[],
): string {
  const body = urls.map((u) => {
    const other = u.locale === 'en' ? 'ar' : 'en';
    return [
      '  <url>',
      `    <loc>${xmlEscape(localizedUrl(base, u.path, u.locale))}</loc>`,
      u.lastmod ? `    <lastmod>${day(u.lastmod)}</lastmod>` : '',
      `    <xhtml:link rel="alternate" hreflang="${u.locale}" href="${xmlEscape(localizedUrl(base, u.path, u.locale))}"/>`,
      `    <xhtml:link rel="alternate" hreflang="${other}" href="${xmlEscape(localizedUrl(base, u.path, other))}"/>`,
      '  </url>',
    ]
      .filter(Boolean)
      .join('\n');
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${NS}" xmlns:xhtml="${XHTML}">\n${body.join('\n')}${body.length ? '\n' : ''}</urlset>\n`;
}
