import { getTranslations } from 'next-intl/server';
import { hasLocale } from 'next-intl';
import { getDb } from '@/db';
import { latestPublicChangeAt, listFilteredPublicChanges, type ChangeFilter } from '@/db/queries/feeds';
import { getSiteBySlug } from '@/db/queries/sites';
import { getMonumentBySlug } from '@/db/queries/monuments';
import { atomFeed, rfc3339 } from '@/lib/atom';
import { changeQueryString, parseChangeQuery } from '@/lib/change-filter';
import { describeChange } from '@/lib/change-words';
import { config } from '@/lib/config';
import { countryName } from '@/lib/i18n-format';
import { routing } from '@/i18n/routing';
import { badParameters, errorResponse } from '@/lib/http/problem';
import { SHARED_CACHE_CONTROL } from '@/lib/routes';

/** Entries in a feed: the newest changes; older ones are on /changes (linked as the feed's alternate). */
export const FEED_ENTRIES = 50;

type Scope = { kind: 'all' } | { kind: 'site'; slug: string } | { kind: 'monument'; slug: string };

const HEADERS = { 'Access-Control-Allow-Origin': '*', 'X-Content-Type-Options': 'nosniff' };

/**
 * An Atom feed of published changes: the whole registry (narrowed by the same filters as /changes, e.g. ?country=SY),
 * one site, or one monument, in the address's language. server.js adds the ETag of the data's version (a feed
 * reader's next poll is a 304 until something public changes).
 */
export async function changesFeed(request: Request, locale: string, scope: Scope): Promise<Response> {
  if (!hasLocale(routing.locales, locale)) return errorResponse(404, 'No such feed.', { headers: HEADERS });
  const url = new URL(request.url);
  // A site's or monument's feed takes no filters: its address names what it follows.
  const parsed = parseChangeQuery(url.searchParams, scope.kind === 'all' ? ['site', 'country', 'type', 'action'] : []);
  if (!parsed.ok) return badParameters(parsed.errors, HEADERS);
  const query = parsed.value;
  const db = getDb();
  const t = await getTranslations({ locale, namespace: 'changes' });
  const tf = await getTranslations({ locale, namespace: 'curator.fields' });
  const base = config().PUBLIC_BASE_URL.replace(/\/$/, '');
  const prefix = locale === 'ar' ? '/ar' : '';
  const filter: ChangeFilter = { entityType: query.type, action: query.action, country: query.country };
  let title = t('feed.title');
  let pagePath = '/changes';
  let feedPath = '/changes.atom';
  let recordUpdated: string | null = null;
  if (scope.kind === 'site' || query.site) {
    const site = getSiteBySlug(db, scope.kind === 'site' ? scope.slug : query.site!);
    if (!site)
      return errorResponse(404, `No published site has the slug "${(query.site ?? '').slice(0, 100)}".`, {
        headers: HEADERS,
      });
    filter.siteId = site.id;
    if (scope.kind === 'site') {
      title = t('feed.siteTitle', { name: (locale === 'ar' && site.nameAr) || site.name });
      pagePath = `/sites/${site.slug}`;
      feedPath = `/sites/${site.slug}/changes.atom`;
      recordUpdated = site.updatedAt;
    }
  }
  if (scope.kind === 'monument') {
    const monument = getMonumentBySlug(db, scope.slug);
    if (!monument || monument.site.deletedAt)
      return errorResponse(404, `No published monument has the slug "${scope.slug.slice(0, 100)}".`, {
        headers: HEADERS,
      });
    filter.monumentId = monument.id;
    title = t('feed.monumentTitle', { name: (locale === 'ar' && monument.nameAr) || monument.name });
    pagePath = `/monuments/${monument.slug}`;
    feedPath = `/monuments/${monument.slug}/changes.atom`;
    recordUpdated = monument.updatedAt;
  }
  if (scope.kind === 'all' && query.country && !query.site)
    title = t('feed.countryTitle', { country: countryName(query.country, locale) });
  const qs = scope.kind === 'all' ? changeQueryString(query) : '';
  const changes = listFilteredPublicChanges(db, { limit: FEED_ENTRIES, filter });
  const host = new URL(base).hostname;
  const updated = changes[0]?.createdAt ?? recordUpdated ?? latestPublicChangeAt(db) ?? '1970-01-01T00:00:00Z';
  const body = atomFeed({
    id: `${base}${prefix}${feedPath}${qs}`,
    title,
    subtitle: t('feed.subtitle'),
    updated: rfc3339(updated),
    author: t('feed.author'),
    self: `${base}${prefix}${feedPath}${qs}`,
    alternate: `${base}${prefix}${scope.kind === 'all' ? `/changes${qs}` : pagePath}`,
    lang: locale === 'ar' ? 'ar' : 'en',
    rights: config().DATA_LICENCE,
    entries: changes.map((c) => {
      const words = describeChange(c, locale, t, (f) => (tf.has(f) ? tf(f) : f));
      return {
        // tag: URIs (RFC 4151) stay the same whatever address the feed was read from.
        id: `tag:${host},${c.createdAt.slice(0, 10)}:change-${c.id}`,
        title: words.title,
        updated: rfc3339(c.createdAt),
        link: words.href ? `${base}${prefix}${words.href}` : undefined,
        summary: words.details.length ? words.details : [words.title],
      };
    }),
  });
  return new Response(body, {
    headers: {
      ...HEADERS,
      'Content-Type': 'application/atom+xml; charset=utf-8',
      'Cache-Control': SHARED_CACHE_CONTROL,
    },
  });
}
