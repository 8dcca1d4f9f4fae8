import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import { getDb } from '@/db';
import { listMostAffectedSites } from '@/db/queries/sites';
import { listRecentPublishedReports } from '@/db/queries/reports';
import { NotFindingBadge, StatusBadge, TermLink } from '@/components/status-badge';
import { StatusLegend } from '@/components/status-legend';
import { RecordName } from '@/components/record-name';
import { SearchBox } from '@/components/search/search-box';
import { OverviewSection } from '@/components/map/overview-section';
import { formatSiteStates } from '@/lib/i18n-format';
import { formatEventDate } from '@/lib/dates';
import { vocabLabel } from '@/lib/vocab';
import { localeAlternates } from '@/lib/alternates';
import { feedAlternate } from './_lib/share';
import { emptyFilters } from '@/lib/filters';
import { eventsByYear, reportsByActor, reportsByCause, statusByCountry } from '@/db/queries/charts';
import { EventsOverTimeChart, ReportsByChart, StatusChart } from '@/components/charts/registry-charts';

// Rendered from the database on each request that reaches Next; server.js keeps the result until the data it shows
// changes (docs/decisions/009), so Next keeps no copy of its own.
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const tc = await getTranslations({ locale, namespace: 'changes' });
  return {
    alternates: { ...localeAlternates('/', locale), types: feedAlternate('/changes.atom', locale, tc('feed.title')) },
  };
}

export default async function HomePage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations('home');
  const tb = await getTranslations('browse');
  const db = getDb();
  // Damage findings only: misuse and events of unknown level are listed apart, never ranked among damage.
  const recent = listRecentPublishedReports(db, 8, 'findings');
  const other = listRecentPublishedReports(db, 4, 'other');
  const affected = listMostAffectedSites(db, 6);
  const tch = await getTranslations('charts');

  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <SearchBox locale={locale} id="home-search" />

      <OverviewSection locale={locale} query="" title={t('mapTitle')} titleId="home-map-title" compact>
        <p>
          <Link href="/map">{t('openMap')}</Link>
        </p>
      </OverviewSection>

      <section aria-labelledby="recent-title">
        <h2 id="recent-title">{t('recentTitle')}</h2>
        <p className="muted">{tb('recentReportsIntro')}</p>
        {recent.length === 0 ? (
          <p>{t('empty')}</p>
        ) : (
          <ol className="report-list">
            {recent.map((r) => (
              <EventCard
                key={r.id}
                event={r}
                locale={locale}
                badge={<StatusBadge level={r.damageLevel} verification={r.verificationStatus} locale={locale} />}
              />
            ))}
          </ol>
        )}
        {recent.length > 0 && <StatusLegend locale={locale} />}
      </section>

      {other.length > 0 && (
        <section aria-labelledby="other-events-title">
          <h2 id="other-events-title">{t('otherTitle')}</h2>
          <p className="muted">{t('otherIntro')}</p>
          <ol className="report-list">
            {other.map((r) => (
              <EventCard key={r.id} event={r} locale={locale} badge={<NotFindingBadge locale={locale} />} />
            ))}
          </ol>
        </section>
      )}

      <section aria-labelledby="affected-title">
        <h2 id="affected-title">{tb('mostAffectedTitle')}</h2>
        <p className="muted">{tb('mostAffectedIntro')}</p>
        {affected.length === 0 ? (
          <p>{t('empty')}</p>
        ) : (
          <ol className="card-list">
            {affected.map((s) => (
              <li key={s.id} className="card">
                <Link href={`/sites/${s.slug}`}>
                  <RecordName record={s} locale={locale} />
                </Link>
                <div className="muted">{formatSiteStates(s, locale)}</div>
                <div>{tb('damagedOf', { damaged: s.damagedCount, count: s.monumentCount })}</div>
                {s.inDanger && <div className="danger-note">{t('inDanger')}</div>}
              </li>
            ))}
          </ol>
        )}
        <p>
          <Link href="/sites">{tb('allSites')}</Link>
        </p>
      </section>

      <section aria-labelledby="figures-title" className="charts">
        <h2 id="figures-title">{tch('sectionTitle')}</h2>
        <EventsOverTimeChart id="chart-events" data={eventsByYear(db, emptyFilters)} locale={locale} />
        <StatusChart
          id="chart-status-country"
          by="country"
          rows={statusByCountry(db).map((r) => ({ group: r.country, level: r.level, weak: r.weak, n: r.n }))}
          locale={locale}
        />
        <ReportsByChart
          id="chart-cause"
          by="cause"
          rows={reportsByCause(db, emptyFilters).map((r) => ({ key: r.cause, n: r.n }))}
          locale={locale}
        />
        <ReportsByChart
          id="chart-actor"
          by="actor"
          rows={reportsByActor(db, emptyFilters, 10).map((r) => ({ key: r.actor, n: r.n }))}
          locale={locale}
        />
      </section>
    </>
  );
}

type RecentEvent = ReturnType<typeof listRecentPublishedReports>[number];

/** One reported event in the home page's lists: its date, a badge (its finding, or "not a damage finding"), where. */
function EventCard({ event: r, locale, badge }: { event: RecentEvent; locale: string; badge: React.ReactNode }) {
  return (
    <li className="card">
      <time dateTime={r.eventDate ?? r.reportedDate ?? undefined} className="report-date">
        {formatEventDate(r, locale)}
      </time>{' '}
      {badge}
      <div>
        <Link href={`/monuments/${r.monumentSlug}#report-${r.id}`}>
          <RecordName record={{ name: r.monumentName, nameAr: r.monumentNameAr }} locale={locale} />
        </Link>
      </div>
      <div className="muted">
        <RecordName record={{ name: r.siteName, nameAr: r.siteNameAr }} locale={locale} />
        {' · '}
        <TermLink name="verificationStatus" code={r.verificationStatus} locale={locale} />
        {r.cause && (
          <>
            {' · '}
            {vocabLabel('damageCause', r.cause, locale)}
          </>
        )}
      </div>
    </li>
  );
}
