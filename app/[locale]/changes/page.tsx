import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import { getDb } from '@/db';
import { listFilteredPublicChanges, listSiteChoices, type ChangeFilter } from '@/db/queries/feeds';
import { formatTimestamp, countryName } from '@/lib/i18n-format';
import { localeAlternates } from '@/lib/alternates';
import { vocabLabel } from '@/lib/vocab';
import { changeQueryString, parseChangeQuery, PUBLIC_CHANGE_ACTIONS, PUBLIC_CHANGE_TYPES } from '@/lib/change-filter';
import { describeChange } from '@/lib/change-words';
import { feedAlternate } from '../_lib/share';

// Rendered from the database on each request that reaches Next; server.js keeps the result until the data it shows
// changes (docs/decisions/009), so Next keeps no copy of its own.
export const dynamic = 'force-dynamic';

/** Changes a page: the next page starts before the last one shown (a cursor, stable while new changes arrive). */
const PAGE_SIZE = 50;

type Props = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

function toSearchParams(raw: Record<string, string | string[] | undefined>): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(raw))
    for (const value of Array.isArray(v) ? v : v === undefined ? [] : [v]) p.append(k, value);
  return p;
}

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: 'changes' });
  const parsed = parseChangeQuery(toSearchParams(await searchParams));
  const { before: _cursor, ...filters } = parsed.ok ? parsed.value : {};
  return {
    title: t('title'),
    alternates: {
      ...localeAlternates('/changes', locale),
      types: feedAlternate(`/changes.atom${changeQueryString(filters)}`, locale, t('feed.title')),
    },
    // Older pages and filtered lists are reached by links; only the list itself needs to be found.
    ...(parsed.ok && Object.keys(parsed.value).length === 0 ? {} : { robots: { index: false, follow: true } }),
  };
}

/**
 * Published changes, newest first, through all of history (50 a page, "Older changes" continues from the last one
 * shown), filtered by site, country, record type and kind of change; each says in words what changed and links the
 * record. Only public facts are listed: curators' names, drafts and review comments never appear.
 */
export default async function ChangesPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations('changes');
  const tf = await getTranslations('curator.fields');
  const db = getDb();
  const sites = listSiteChoices(db);
  const countries = [...new Set(sites.flatMap((s) => s.countryCodes.split(',').filter(Boolean)))]
    .map((code) => ({ code, name: countryName(code, locale) }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
  const parsed = parseChangeQuery(toSearchParams(await searchParams));
  const query = parsed.ok ? parsed.value : {};
  const site = query.site ? sites.find((s) => s.slug === query.site) : undefined;
  const errors: string[] = parsed.ok ? [] : Object.entries(parsed.errors).map(([k, v]) => `${k}: ${v}`);
  if (query.site && !site) errors.push(`site: "${query.site}" is not a site in the registry`);
  const filter: ChangeFilter = {
    siteId: site?.id,
    country: query.country,
    entityType: query.type,
    action: query.action,
  };
  const changes = errors.length
    ? []
    : listFilteredPublicChanges(db, { limit: PAGE_SIZE + 1, beforeId: query.before, filter });
  const more = changes.length > PAGE_SIZE;
  const shown = changes.slice(0, PAGE_SIZE);
  const { before: _cursor, ...filters } = query;
  const filtered = Object.keys(filters).length > 0;
  const list = (items: string[]) => items.join(' · ');
  return (
    <>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <form method="get" action={locale === 'ar' ? '/ar/changes' : '/changes'} className="change-filters">
        <fieldset>
          <legend>{t('filters.legend')}</legend>
          <label>
            {t('filters.site')}{' '}
            <select name="site" defaultValue={query.site ?? ''}>
              <option value="">{t('filters.any')}</option>
              {sites.map((s) => (
                <option key={s.slug} value={s.slug}>
                  {(locale === 'ar' && s.nameAr) || s.name}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            {t('filters.country')}{' '}
            <select name="country" defaultValue={query.country ?? ''}>
              <option value="">{t('filters.any')}</option>
              {countries.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            {t('filters.type')}{' '}
            <select name="type" defaultValue={query.type ?? ''}>
              <option value="">{t('filters.any')}</option>
              {PUBLIC_CHANGE_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`typeNames.${type}`)}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            {t('filters.action')}{' '}
            <select name="action" defaultValue={query.action ?? ''}>
              <option value="">{t('filters.any')}</option>
              {PUBLIC_CHANGE_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {vocabLabel('revisionAction', a, locale)}
                </option>
              ))}
            </select>
          </label>{' '}
          <button type="submit">{t('filters.apply')}</button>
          {filtered && (
            <>
              {' '}
              <Link href="/changes">{t('filters.clear')}</Link>
            </>
          )}
        </fieldset>
      </form>
      <p>
        <a
          href={`${locale === 'ar' ? '/ar' : ''}/changes.atom${changeQueryString(filters)}`}
          type="application/atom+xml"
        >
          {t('feed.link')}
        </a>
      </p>
      {errors.length > 0 ? (
        <div role="alert" className="form-error">
          <p>{t('filters.invalid')}</p>
          <ul>
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      ) : shown.length === 0 ? (
        <p>{filtered || query.before ? t('filters.none') : t('empty')}</p>
      ) : (
        <ol className="changes">
          {shown.map((c) => {
            const words = describeChange(c, locale, t, (f) => (tf.has(f) ? tf(f) : f));
            // The name isolated in its own direction: an English title inside an Arabic line stays in one piece.
            const name = <bdi>{words.name}</bdi>;
            return (
              <li key={c.id} id={`change-${c.id}`}>
                <time dateTime={c.createdAt}>{formatTimestamp(c.createdAt, locale)}</time>
                {' — '}
                {words.action} · {words.type} {words.href ? <Link href={words.href}>{name}</Link> : name}
                {words.level && ` — ${words.level}`}
                {words.details.length > 0 && <p className="muted">{list(words.details)}</p>}
              </li>
            );
          })}
        </ol>
      )}
      {(more || query.before) && (
        <nav aria-label={t('paging.label')} className="pager">
          {query.before && <Link href={`/changes${changeQueryString(filters)}`}>{t('paging.newest')}</Link>}
          {query.before && more && ' · '}
          {more && (
            <Link href={`/changes${changeQueryString({ ...filters, before: shown.at(-1)!.id })}`} rel="next">
              {t('paging.older')}
            </Link>
          )}
        </nav>
      )}
    </>
  );
}
