import { getDb } from '@/db';
import { countSitemapRecords, latestPublicChangeAt, listSitemapMonuments, listSitemapSites } from '@/db/queries/feeds';
import { config } from '@/lib/config';
import { withErrorHandling } from '@/lib/http/route';
import { badParameters, errorResponse } from '@/lib/http/problem';
import { ROUTES, SHARED_CACHE_CONTROL } from '@/lib/routes';
import { sitemapIndex, sitemapPart } from '@/lib/sitemap';

export const dynamic = 'force-dynamic';

const HEADERS = {
  'Content-Type': 'application/xml; charset=utf-8',
  'Cache-Control': SHARED_CACHE_CONTROL,
  'X-Content-Type-Options': 'nosniff',
};

/** Readers' pages without a parameter (home, sites, changes, export guide, methodology): from the route table. */
const FIXED_PAGES = ROUTES.filter(
  (r) => r.kind === 'public-page' && r.localized && r.file && !/[:*.]/.test(r.pattern),
).map((r) => r.pattern);

/**
 * GET /sitemap.xml: the index of the parts; /sitemap-N.xml (rewritten to ?part=N by next.config.js): part N, every
 * public page in both languages (fixed pages, then sites, then monuments, each in id order), at most
 * SITEMAP_URLS_PER_FILE addresses a part. server.js adds the ETag of the data's version.
 */
async function get(request: Request) {
  const db = getDb();
  const base = config().PUBLIC_BASE_URL.replace(/\/$/, '');
  const perPart = Math.floor(config().SITEMAP_URLS_PER_FILE / 2); // records a part: each in two languages
  const counts = countSitemapRecords(db);
  const total = FIXED_PAGES.length + counts.sites + counts.monuments;
  const parts = Math.max(1, Math.ceil(total / perPart));
  const url = new URL(request.url);
  const unknown = [...url.searchParams.keys()].find((k) => k !== 'part');
  if (unknown) return badParameters({ [unknown]: 'unknown parameter' });
  // The request may carry the address the reader asked for (/sitemap-N.xml) or the rewritten one (?part=N).
  const partParam = /^\/sitemap-(\d+)\.xml$/.exec(url.pathname)?.[1] ?? url.searchParams.get('part');
  const latest = latestPublicChangeAt(db);
  if (partParam === null) return new Response(sitemapIndex(base, parts, latest), { headers: HEADERS });
  const part = /^\d{1,6}$/.test(partParam) ? Number(partParam) : NaN;
  if (!(part >= 1 && part <= parts))
    return errorResponse(404, `The sitemap has parts 1 to ${parts}; there is no part "${partParam.slice(0, 20)}".`);
  // The records this part covers, as a range over fixed pages, then sites, then monuments.
  const from = (part - 1) * perPart;
  const to = Math.min(total, part * perPart);
  const records: { path: string; lastmod?: string | null }[] = [];
  const fixedEnd = FIXED_PAGES.length;
  const sitesEnd = fixedEnd + counts.sites;
  for (let i = from; i < Math.min(to, fixedEnd); i++) records.push({ path: FIXED_PAGES[i]!, lastmod: latest });
  if (to > fixedEnd && from < sitesEnd) {
    const start = Math.max(from, fixedEnd) - fixedEnd;
    for (const s of listSitemapSites(db, start, Math.min(to, sitesEnd) - fixedEnd - start))
      records.push({ path: `/sites/${s.slug}`, lastmod: s.lastmod });
  }
  if (to > sitesEnd) {
    const start = Math.max(from, sitesEnd) - sitesEnd;
    for (const m of listSitemapMonuments(db, start, to - sitesEnd - start))
      records.push({ path: `/monuments/${m.slug}`, lastmod: m.lastmod });
  }
  const urls = records.flatMap((r) => [
    { ...r, locale: 'en' as const },
    { ...r, locale: 'ar' as const },
  ]);
  return new Response(sitemapPart(base, urls), { headers: HEADERS });
}

export const GET = withErrorHandling('/sitemap.xml', get);
