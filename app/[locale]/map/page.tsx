import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import { getDb } from '@/db';
import { listFilterChoices } from '@/db/queries/search';
import { countMapMonuments } from '@/db/queries/map';
import { SearchForm, formStateFrom } from '@/components/search/search-form';
import { OverviewSection } from '@/components/map/overview-section';
import { filtersToParams, parseFilters, type Filters } from '@/lib/filters';
import { listQueryString, toSearchParams } from '@/lib/search-params';
import { parsePartialDate } from '@/lib/dates';
import { severityRank, vocabLabel } from '@/lib/vocab';
import { localeAlternates } from '@/lib/alternates';

// The filters come from the query string; server.js keeps each address's finished page until the data changes
// (route table: a public page), so Next keeps no copy of its own.
export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: 'map' });
  return { title: t('overviewTitle'), alternates: localeAlternates('/map', locale) };
}

export default async function MapPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations('map');
  const ts = await getTranslations('search');
  const sp = toSearchParams(await searchParams);
  const db = getDb();
  const choices = listFilterChoices(db);
  const filters = parseFilters(sp);

  const errors: Record<string, string> = {};
  if (!filters.ok)
    for (const key of Object.keys(filters.errors)) {
      const message = key === 'to' && parsePartialDate(sp.get('to')?.trim() ?? '') ? 'order' : key;
      errors[key] = ts.has(`errors.${message}`) ? ts(`errors.${message}`) : key;
    }
  const form = <SearchForm locale={locale} state={formStateFrom(sp, errors)} choices={choices} path="/map" />;
  const header = (
    <>
      <h1>{t('overviewTitle')}</h1>
      <p className="lead">{t('overviewIntro')}</p>
    </>
  );
  if (!filters.ok)
    return (
      <>
        {header}
        <div className="error-summary" role="alert" aria-labelledby="error-summary-title">
          <h2 id="error-summary-title">{ts('errors.title')}</h2>
          <p>{ts('errors.intro')}</p>
          <ul>
            {Object.entries(errors).map(([key, message]) => (
              <li key={key}>{message}</li>
            ))}
          </ul>
        </div>
        {form}
      </>
    );

  const f = filters.value;
  const query = withArea(filtersToParams(f), sp.get('bbox')).toString();
  const counts = countMapMonuments(db, f);
  const rows = [...counts.byStatus].sort(
    (a, b) => severityRank(b.level) - severityRank(a.level) || Number(a.weak) - Number(b.weak),
  );
  const searchHref = (narrow: Partial<Filters>) => `/monuments${listQueryString({ ...f, ...narrow })}`;

  return (
    <>
      {header}
      {form}
      <OverviewSection locale={locale} query={query} title={t('title')}>
        {counts.unlocated > 0 && <p className="muted">{t('unlocated', { count: counts.unlocated })}</p>}
      </OverviewSection>
      <section aria-labelledby="map-list-title">
        <h2 id="map-list-title">{t('listTitle')}</h2>
        {counts.located === 0 ? (
          <p>{t('noneLocated')}</p>
        ) : (
          <>
            <p>{t('listIntro', { count: counts.located })}</p>
            <table className="map-counts">
              <caption>{t('tableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('statusColumn')}</th>
                  <th scope="col">{t('strengthColumn')}</th>
                  <th scope="col">{t('countColumn')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={`${r.level}-${r.weak}`} data-status={r.level}>
                    <th scope="row">
                      <Link href={searchHref({ status: [r.level] })}>{vocabLabel('damageLevel', r.level, locale)}</Link>
                    </th>
                    <td>{r.level === 'unknown' ? '—' : r.weak ? t('weakShort') : t('established')}</td>
                    <td>{r.count.toLocaleString(locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p>
              <Link href={searchHref({})}>{t('listAll', { count: counts.located })}</Link>
            </p>
          </>
        )}
      </section>
    </>
  );
}

/** The search page's area (`bbox`), passed on to the marker download as given; the server checks it. */
function withArea(params: URLSearchParams, bbox: string | null): URLSearchParams {
  if (bbox) params.set('bbox', bbox);
  return params;
}
