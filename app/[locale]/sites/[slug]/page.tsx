import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { getPathname, Link } from '@/i18n/navigation';
import { getDb } from '@/db';
import { getSiteBySlug } from '@/db/queries/sites';
import { listMonumentsBySite } from '@/db/queries/monuments';
import { isWeak, StatusBadge } from '@/components/status-badge';
import { StatusLegend } from '@/components/status-legend';
import { RecordName } from '@/components/record-name';
import { formatCoordinate, formatSiteStates, localisedName } from '@/lib/i18n-format';
import { formatDay } from '@/lib/dates';
import { vocabLabel } from '@/lib/vocab';
import { localeAlternates } from '@/lib/alternates';
import { MapSection } from '@/components/map/map-section';
import { JsonLd } from '@/components/json-ld';
import { siteJsonLd } from '@/lib/json-ld';
import { config } from '@/lib/config';
import { siteDamageCounts } from '@/db/queries/feeds';
import { siteShareMetadata } from '../../_lib/share';
import { emptyFilters } from '@/lib/filters';
import { eventsByYear, reportsByActor, reportsByCause, statusForSite } from '@/db/queries/charts';
import { EventsOverTimeChart, ReportsByChart, StatusChart } from '@/components/charts/registry-charts';

// Rendered from the database on each request that reaches Next; server.js keeps the result until the data it shows
// changes (docs/decisions/009), so Next keeps no copy of its own.
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ locale: string; slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, slug } = await params;
  const site = getSiteBySlug(getDb(), slug);
  if (!site) return {};
  const title = localisedName(site, locale).primary;
  const { feeds, ...share } = await siteShareMetadata(site, siteDamageCounts(getDb(), site.id), locale, title);
  return { title, ...share, alternates: { ...localeAlternates(`/sites/${site.slug}`, locale), types: feeds } };
}

export default async function SitePage({ params }: Props) {
  const { locale, slug } = await params;
  setRequestLocale(locale);
  const db = getDb();
  const site = getSiteBySlug(db, slug);
  if (!site) notFound();
  const t = await getTranslations('site');
  const tc = await getTranslations('common');
  const tb = await getTranslations('browse');
  const tm = await getTranslations('map');
  const monuments = listMonumentsBySite(db, site.id);
  const description = locale === 'ar' && site.descriptionAr ? site.descriptionAr : site.description;
  const located = monuments.filter((m) => m.latitude != null && m.longitude != null);
  const points = located.map((m) => ({
    key: m.slug,
    name: localisedName(m, locale).primary,
    latitude: m.latitude!,
    longitude: m.longitude!,
    href: getPathname({ href: `/monuments/${m.slug}`, locale }),
    status: m.statusLevel,
    weak: isWeak({ basis: m.statusBasis }),
    statusLabel: isWeak({ basis: m.statusBasis })
      ? `${vocabLabel('damageLevel', m.statusLevel, locale)} (${vocabLabel('statusBasis', m.statusBasis, locale)})`
      : vocabLabel('damageLevel', m.statusLevel, locale),
  }));
  // No located monument yet: show where the site itself is.
  if (points.length === 0 && site.latitude != null && site.longitude != null) {
    points.push({
      key: site.slug,
      name: localisedName(site, locale).primary,
      latitude: site.latitude,
      longitude: site.longitude,
      href: getPathname({ href: `/sites/${site.slug}`, locale }),
      status: 'unknown',
      weak: false,
      statusLabel: formatSiteStates(site, locale),
    });
  }

  return (
    <article>
      <JsonLd data={siteJsonLd(site, config().PUBLIC_BASE_URL.replace(/\/$/, ''), locale)} />
      <RecordName as="h1" record={site} locale={locale} />
      <dl className="facts">
        <dt>{t('countries')}</dt>
        <dd>{formatSiteStates(site, locale)}</dd>
        {site.statesName && site.countryCodes && (
          <>
            <dt>{t('statesName')}</dt>
            <dd>
              <bdi>{locale === 'ar' ? (site.statesNameAr ?? site.statesName) : site.statesName}</bdi>
            </dd>
          </>
        )}
        {site.unescoIdNo != null && (
          <>
            <dt>UNESCO</dt>
            <dd>
              <a href={`https://whc.unesco.org/en/list/${site.unescoIdNo}`}>{t('unesco', { id: site.unescoIdNo })}</a>
            </dd>
          </>
        )}
        {site.yearInscribed != null && (
          <>
            <dt>{t('inscribedLabel')}</dt>
            <dd>
              {site.yearInscribed}
              {site.criteria && (
                <>
                  {' '}
                  · <bdi>{t('criteria', { criteria: site.criteria })}</bdi>
                </>
              )}
            </dd>
          </>
        )}
        <dt>{t('dangerLabel')}</dt>
        <dd className={site.inDanger ? 'danger-note' : undefined}>
          {site.inDanger ? t('inDangerSince', { year: site.inDangerSince ?? '?' }) : t('notInDanger')}
        </dd>
        {site.wikidataQid && (
          <>
            <dt>Wikidata</dt>
            <dd>
              <a href={`https://www.wikidata.org/wiki/${site.wikidataQid}`}>
                <bdi dir="ltr">{site.wikidataQid}</bdi>
              </a>
            </dd>
          </>
        )}
        {site.latitude != null && site.longitude != null && (
          <>
            <dt>{t('coordinates')}</dt>
            <dd>
              {/* Isolated left to right inside the page's direction: the value stays beside its label. */}
              <bdi dir="ltr" className="coordinates">
                {formatCoordinate(site.latitude, locale)}, {formatCoordinate(site.longitude, locale)}
              </bdi>
            </dd>
          </>
        )}
      </dl>
      {description && <p>{description}</p>}

      <section aria-labelledby="monuments-title">
        <h2 id="monuments-title">{t('monumentsTitle')}</h2>
        {monuments.length === 0 ? (
          <p>{t('noMonuments')}</p>
        ) : (
          <ul className="card-list">
            {monuments.map((m) => (
              <li key={m.id} className="card">
                <Link href={`/monuments/${m.slug}`}>
                  <RecordName record={m} locale={locale} />
                </Link>{' '}
                <StatusBadge level={m.statusLevel} basis={m.statusBasis} locale={locale} />
                <div className="muted">{vocabLabel('monumentKind', m.kind, locale)}</div>
                {m.latitude != null && m.longitude != null && (
                  <div className="muted">
                    <span className="visually-hidden">{tb('coordinates')}: </span>
                    <bdi dir="ltr">
                      {formatCoordinate(m.latitude, locale)}, {formatCoordinate(m.longitude, locale)}
                    </bdi>
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
        {monuments.length > 0 && <StatusLegend locale={locale} />}
        {monuments.length > 0 && (
          <p>
            <Link href={`/monuments?site=${site.slug}`}>{tb('searchSite')}</Link>
          </p>
        )}
      </section>
      <MapSection
        regionLabel={tm('siteRegion', { name: localisedName(site, locale).primary })}
        points={points}
        unlocated={monuments.length - located.length}
      />
      <SiteCharts siteId={site.id} slug={site.slug} locale={locale} />
      <p className="muted">{tc('lastChanged', { date: formatDay(site.updatedAt, locale) })}</p>
    </article>
  );
}

/** The site in figures: its monuments by status, and its reported events over time, by cause and by actor. */
async function SiteCharts({ siteId, slug, locale }: { siteId: number; slug: string; locale: string }) {
  const db = getDb();
  const t = await getTranslations({ locale, namespace: 'charts' });
  const scope = { ...emptyFilters, site: [slug] };
  const status = statusForSite(db, siteId);
  if (status.length === 0) return null;
  return (
    <section aria-labelledby="figures-title" className="charts">
      <h2 id="figures-title">{t('sectionTitle')}</h2>
      <StatusChart
        id="chart-status-site"
        by="site"
        rows={status.map((r) => ({ group: slug, level: r.level, weak: r.weak, n: r.n }))}
        locale={locale}
      />
      <EventsOverTimeChart
        id="chart-events"
        data={eventsByYear(db, scope)}
        locale={locale}
        filters={{ site: [slug] }}
      />
      <ReportsByChart
        id="chart-cause"
        by="cause"
        rows={reportsByCause(db, scope).map((r) => ({ key: r.cause, n: r.n }))}
        locale={locale}
        filters={{ site: [slug] }}
      />
      <ReportsByChart
        id="chart-actor"
        by="actor"
        rows={reportsByActor(db, scope, 10).map((r) => ({ key: r.actor, n: r.n }))}
        locale={locale}
        filters={{ site: [slug] }}
      />
    </section>
  );
}
