import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import { getDb } from '@/db';
import {
  didYouMean,
  listFilterChoices,
  searchMatches,
  searchMonuments,
  searchSites,
  type MonumentHit,
  type SearchMatch,
  type SiteHit,
} from '@/db/queries/search';
import { SearchForm, formStateFrom, type SearchFormState } from '@/components/search/search-form';
import { StatusBadge } from '@/components/status-badge';
import { StatusLegend } from '@/components/status-legend';
import { RecordName } from '@/components/record-name';
import { OverviewSection } from '@/components/map/overview-section';
import { bboxParam, emptyFilters, hasNarrowingFilters, parseFilters, type Filters } from '@/lib/filters';
import {
  effectiveSort,
  listQueryString,
  pageCount,
  parsePaging,
  parseSort,
  SORTS,
  toSearchParams,
  type SearchSort,
} from '@/lib/search-params';
import { countryName, formatCountries, formatSiteStates, localisedName } from '@/lib/i18n-format';
import { vocabLabel, type VocabularyName } from '@/lib/vocab';
import { parsePartialDate } from '@/lib/dates';
import { localeAlternates } from '@/lib/alternates';
import { eventsByYear } from '@/db/queries/charts';
import { EventsOverTimeChart } from '@/components/charts/registry-charts';

// Dynamic by design: the results depend on ?q=… and the filters (the locale layout's generateStaticParams would
// otherwise make this an ISR page, and reading searchParams there fails). Site and monument pages stay cached.
export const dynamic = 'force-dynamic';

const PER_PAGE = 20;
const SITES_SHOWN = 10;
const LIST_KEYS = ['country', 'site', 'kind', 'status', 'cause', 'verification'] as const;
const VOCAB_OF: Partial<Record<(typeof LIST_KEYS)[number], VocabularyName>> = {
  kind: 'monumentKind',
  status: 'damageLevel',
  cause: 'damageCause',
  verification: 'verificationStatus',
};

type Props = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: 'search' });
  const q = toSearchParams(await searchParams)
    .get('q')
    ?.trim()
    .slice(0, 200);
  return { title: q ? t('titleWithQuery', { q }) : t('title'), alternates: localeAlternates('/monuments', locale) };
}

export default async function SearchPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations('search');
  const sp = toSearchParams(await searchParams);
  const db = getDb();
  const choices = listFilterChoices(db);

  const filters = parseFilters(sp);
  const paging = parsePaging(sp, { defaultPerPage: PER_PAGE, allowPerPage: false });
  const sortParam = parseSort(sp);
  const rawFrom = sp.get('from')?.trim() ?? '';
  const rawTo = sp.get('to')?.trim() ?? '';
  const errors: Record<string, string> = {};
  for (const key of Object.keys({
    ...(!filters.ok && filters.errors),
    ...(!paging.ok && paging.errors),
    ...(!sortParam.ok && sortParam.errors),
  })) {
    // The shared parser reports an inverted range on "to"; a valid "to" date means that is what went wrong.
    const message = key === 'to' && parsePartialDate(rawTo) ? 'order' : key;
    errors[key] = t.has(`errors.${message}`) ? t(`errors.${message}`) : key;
  }
  const sort = sortParam.ok ? sortParam.value : undefined;
  const state: SearchFormState = {
    ...formStateFrom(sp, errors, sort),
    bbox: filters.ok && filters.value.bbox ? bboxParam(filters.value.bbox) : undefined,
    actor: sp.get('actor')?.trim() || undefined,
  };

  const header = (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
    </>
  );

  if (!filters.ok || !paging.ok || !sortParam.ok) {
    return (
      <>
        {header}
        <div className="error-summary" role="alert" aria-labelledby="error-summary-title">
          <h2 id="error-summary-title">{t('errors.title')}</h2>
          <p>{t('errors.intro')}</p>
          <ul>
            {Object.entries(errors).map(([key, message]) => (
              <li key={key}>{message}</li>
            ))}
          </ul>
        </div>
        <SearchForm locale={locale} state={state} choices={choices} />
      </>
    );
  }

  const f = filters.value;
  // Links keep the dates as typed (2015 rather than 2015-01-01): same meaning, and the form shows what the reader wrote.
  const linkFilters: Filters = { ...f, from: rawFrom || undefined, to: rawTo || undefined };
  const order = effectiveSort(sort, f.q);
  const page = paging.value.page;
  const monuments = searchMonuments(db, f, { sort: order, page, perPage: PER_PAGE, locale });
  const monumentOnly =
    f.kind.length + f.status.length + f.cause.length + f.verification.length > 0 || !!f.actor || !!f.from || !!f.to;
  const sites =
    f.q && page === 1 && !monumentOnly
      ? searchSites(db, f, { sort: order === 'name' ? 'name' : 'relevance', page: 1, perPage: SITES_SHOWN, locale })
      : { total: 0, rows: [] as SiteHit[] };
  // Which report matched, for the monuments found through one (this page's only).
  const matches = f.q
    ? searchMatches(
        db,
        f.q,
        monuments.rows.map((m) => m.id),
        locale,
      )
    : new Map<number, SearchMatch>();
  const suggestion = f.q ? didYouMean(db, f, monuments.total) : null;
  const suggestionLink = suggestion && (
    <p className="did-you-mean">
      {t.rich('didYouMean', {
        q: suggestion.q,
        count: suggestion.total,
        link: (chunks) => (
          <Link href={`/monuments${listQueryString({ ...linkFilters, q: suggestion.q }, { sort })}`}>
            <bdi>{chunks}</bdi>
          </Link>
        ),
      })}
    </p>
  );
  const pages = pageCount(monuments.total, PER_PAGE);

  const siteName = (slug: string) => {
    const s = choices.sites.find((x) => x.slug === slug);
    return s ? localisedName(s, locale).primary : slug;
  };
  const active = [
    ...LIST_KEYS.flatMap((key) =>
      f[key].map((value) => {
        const vocab = VOCAB_OF[key];
        const valueLabel =
          key === 'country'
            ? countryName(value, locale)
            : key === 'site'
              ? siteName(value)
              : vocabLabel(vocab!, value, locale);
        const without = { ...linkFilters, [key]: f[key].filter((v) => v !== value) } as Filters;
        return {
          id: `${key}:${value}`,
          label: `${t(key)}: ${valueLabel}`,
          href: `/monuments${listQueryString(without, { sort })}`,
        };
      }),
    ),
    ...(['actor', 'from', 'to'] as const)
      .filter((key) => linkFilters[key])
      .map((key) => ({
        id: key,
        label: `${t(key)}: ${linkFilters[key]}`,
        href: `/monuments${listQueryString({ ...linkFilters, [key]: undefined }, { sort })}`,
      })),
    ...(f.bbox
      ? [
          {
            id: 'bbox',
            label: `${t('bbox')}: ${t('bboxValue', { west: f.bbox.minLon, east: f.bbox.maxLon, south: f.bbox.minLat, north: f.bbox.maxLat })}`,
            href: `/monuments${listQueryString({ ...linkFilters, bbox: undefined }, { sort })}`,
          },
        ]
      : []),
  ];
  const clearAll = `/monuments${listQueryString({ ...emptyFilters, q: f.q }, { sort })}`;
  const nothing = monuments.total === 0 && sites.total === 0;

  return (
    <>
      {header}
      <SearchForm locale={locale} state={state} choices={choices} />

      {/* With nothing found, the same links are offered inside the explanation below instead. */}
      {active.length > 0 && !nothing && (
        <section className="active-filters" aria-labelledby="active-filters-title">
          <h2 id="active-filters-title" className="small-heading">
            {t('activeFilters')}
          </h2>
          <FilterRemovers items={active} removeLabel={(label) => t('removeFilter', { label })} />
          <p>
            <Link href={clearAll}>{t('clearFilters')}</Link>
          </p>
        </section>
      )}

      {nothing ? (
        <section className="no-results" aria-labelledby="no-results-title">
          <h2 id="no-results-title">{t('noResults.title')}</h2>
          {suggestionLink}
          <p>
            {f.q
              ? t.rich(hasNarrowingFilters(f) ? 'noResults.queryFiltered' : 'noResults.query', {
                  q: f.q,
                  term: (chunks) => <bdi className="query">{chunks}</bdi>,
                })
              : t('noResults.filtered')}
          </p>
          {active.length > 0 && (
            <>
              <p>{t('noResults.removeHint')}</p>
              <FilterRemovers items={active} removeLabel={(label) => t('removeFilter', { label })} />
              {f.q && (
                <p>
                  <Link href={clearAll}>
                    {t.rich('noResults.searchWithoutFilters', { q: f.q, term: (chunks) => <bdi>{chunks}</bdi> })}
                  </Link>
                </p>
              )}
            </>
          )}
          <p>{t('noResults.tips')}</p>
          <p>
            <Link href="/sites">{t('noResults.browseSites')}</Link>
          </p>
        </section>
      ) : (
        <>
          {sites.total > 0 && (
            <section aria-labelledby="site-results-title">
              <h2 id="site-results-title">{t('sitesTitle')}</h2>
              <p className="muted">
                {t.rich('sitesFound', { count: sites.total, q: f.q ?? '', term: (chunks) => <bdi>{chunks}</bdi> })}
              </p>
              <ul className="card-list">
                {sites.rows.map((s) => (
                  <SiteResult
                    key={s.id}
                    site={s}
                    locale={locale}
                    monuments={t('siteMonuments', { count: s.monumentCount })}
                  />
                ))}
              </ul>
              {sites.total > sites.rows.length && (
                <p className="muted">{t('moreSites', { count: sites.total - sites.rows.length })}</p>
              )}
            </section>
          )}

          <section aria-labelledby="monument-results-title">
            <h2 id="monument-results-title">{t('monumentsTitle')}</h2>
            {suggestionLink}
            <div className="results-bar">
              <p id="result-count" className="result-count">
                {f.q
                  ? t.rich('monumentsFoundFor', {
                      count: monuments.total,
                      q: f.q,
                      term: (chunks) => <bdi>{chunks}</bdi>,
                    })
                  : t('monumentsFound', { count: monuments.total })}
                {monuments.rows.length > 0 && pages > 1 && (
                  <>
                    {' '}
                    ·{' '}
                    {t('showing', {
                      from: (page - 1) * PER_PAGE + 1,
                      to: (page - 1) * PER_PAGE + monuments.rows.length,
                    })}
                  </>
                )}
              </p>
              {monuments.total > 1 && (
                <SortLinks
                  current={order}
                  hasQuery={!!f.q}
                  hrefFor={(s) => `/monuments${listQueryString(linkFilters, { sort: s })}`}
                  label={t('sortLabel')}
                  names={{ relevance: t('sort.relevance'), name: t('sort.name'), latest: t('sort.latest') }}
                />
              )}
            </div>
            {monuments.total > 0 && monuments.rows.length === 0 ? (
              <p>
                {t('pageOutOfRange', { page, pages })}{' '}
                <Link href={`/monuments${listQueryString(linkFilters, { sort, page: pages })}`}>
                  {t('goToPage', { page: pages })}
                </Link>
              </p>
            ) : (
              <ol className="result-list" start={(page - 1) * PER_PAGE + 1}>
                {monuments.rows.map((m) => (
                  <MonumentResult
                    key={m.id}
                    monument={m}
                    locale={locale}
                    match={matches.get(m.id)}
                    labels={{
                      report: t('foundInReport'),
                      source: t('foundInSource'),
                      link: t('foundInReportLink'),
                    }}
                  />
                ))}
              </ol>
            )}
            {monuments.rows.length > 0 && <StatusLegend locale={locale} />}
            {page === 1 && (
              <EventsOverTimeChart id="chart-events" data={eventsByYear(db, f)} locale={locale} filters={linkFilters} />
            )}
            {pages > 1 && monuments.rows.length > 0 && (
              <nav className="pagination" aria-label={t('pagination.label')}>
                {page > 1 && (
                  <Link rel="prev" href={`/monuments${listQueryString(linkFilters, { sort, page: page - 1 })}`}>
                    {t('pagination.previous')}
                  </Link>
                )}
                <span aria-current="page">{t('pagination.page', { page, pages })}</span>
                {page < pages && (
                  <Link rel="next" href={`/monuments${listQueryString(linkFilters, { sort, page: page + 1 })}`}>
                    {t('pagination.next')}
                  </Link>
                )}
              </nav>
            )}
          </section>
        </>
      )}
      {/* With an area searched, the map stays even when it found nothing: it is where another area is chosen. */}
      {(monuments.total > 0 || sp.has('bbox')) && (
        <OverviewSection
          locale={locale}
          query={mapQuery(f, sp.get('bbox'))}
          title={(await getTranslations('map'))('resultsTitle')}
          titleId="results-map-title"
          searchArea
        />
      )}
    </>
  );
}

/** The marker download's query for these results: the same filters, and the area the search was limited to. */
function mapQuery(f: Filters, bbox: string | null): string {
  const params = new URLSearchParams(listQueryString(f).slice(1));
  if (bbox) params.set('bbox', bbox);
  return params.toString();
}

function FilterRemovers({
  items,
  removeLabel,
}: {
  items: { id: string; label: string; href: string }[];
  removeLabel: (label: string) => string;
}) {
  return (
    <ul className="chips">
      {items.map((item) => (
        <li key={item.id}>
          <Link href={item.href} className="chip" aria-label={removeLabel(item.label)}>
            <span>{item.label}</span> <span aria-hidden="true">×</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

function SortLinks({
  current,
  hasQuery,
  hrefFor,
  label,
  names,
}: {
  current: SearchSort;
  hasQuery: boolean;
  hrefFor: (s: SearchSort) => string;
  label: string;
  names: Record<SearchSort, string>;
}) {
  const options = SORTS.filter((s) => s !== 'relevance' || hasQuery);
  return (
    <div className="sort-links">
      <span id="sort-label">{label}:</span>
      <ul aria-labelledby="sort-label">
        {options.map((s) => (
          <li key={s}>
            {s === current ? (
              <span aria-current="true" className="current">
                {names[s]}
              </span>
            ) : (
              <Link href={hrefFor(s)}>{names[s]}</Link>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function MonumentResult({
  monument: m,
  locale,
  match,
  labels,
}: {
  monument: MonumentHit;
  locale: string;
  match?: SearchMatch;
  labels: { report: string; source: string; link: string };
}) {
  const fromSource =
    match?.reportField === 'sourceTitle' || match?.reportField === 'sourcePublisher' || match?.reportField === 'quote';
  return (
    <li className="card result">
      <Link href={`/monuments/${m.slug}`} className="result-title">
        <RecordName record={m} locale={locale} />
      </Link>{' '}
      <StatusBadge level={m.statusLevel} basis={m.statusBasis} locale={locale} />
      <div className="muted">
        {vocabLabel('monumentKind', m.kind, locale)}
        {' · '}
        <Link href={`/sites/${m.siteSlug}`}>
          <RecordName record={{ name: m.siteName, nameAr: m.siteNameAr }} locale={locale} />
        </Link>
        {' · '}
        {formatCountries(m.countryCodes, locale)}
      </div>
      {match?.field === 'report' && match.excerpt && (
        // Parts are plain text rendered by React (escaped); only the matching words are wrapped in <mark>.
        <p className="match-excerpt">
          <span className="muted">{fromSource ? labels.source : labels.report}</span>{' '}
          <bdi>{match.excerpt.map((part, i) => (part.mark ? <mark key={i}>{part.text}</mark> : part.text))}</bdi>{' '}
          <Link href={`/monuments/${m.slug}#report-${match.reportId}`}>{labels.link}</Link>
        </p>
      )}
    </li>
  );
}

function SiteResult({ site: s, locale, monuments }: { site: SiteHit; locale: string; monuments: string }) {
  return (
    <li className="card">
      <Link href={`/sites/${s.slug}`}>
        <RecordName record={s} locale={locale} />
      </Link>
      <div className="muted">
        {formatSiteStates(s, locale)} · {monuments}
      </div>
    </li>
  );
}
