import { getTranslations } from 'next-intl/server';
import { getPathname } from '@/i18n/navigation';
import { isRtl } from '@/i18n/routing';
import type { EventsByYear } from '@/db/queries/charts';
import { emptyFilters, type Filters } from '@/lib/filters';
import { listQueryString } from '@/lib/search-params';
import { countryName } from '@/lib/i18n-format';
import { damageLevels, severityRank, vocabLabel, type DamageLevel } from '@/lib/vocab';
import { BarChart, type ChartBar, type ChartSeries } from './bar-chart';

/**
 * The registry's charts, each fed by a query of db/queries/charts.ts (the page runs it) and linking every bar to the
 * search that lists what it counts, with the page's own filters kept.
 */

/** Most severe first: the worst damage sits on the axis, where lengths compare best. */
const LEVELS = [...damageLevels.codes].sort((a, b) => severityRank(b) - severityRank(a));

const MAX_COUNTRIES = 15;

const searchHref = (locale: string, f: Partial<Filters>) =>
  `${getPathname({ href: '/monuments', locale })}${listQueryString({ ...emptyFilters, ...f })}`;

const levelSeries = (locale: string): ChartSeries[] =>
  LEVELS.map((level) => ({
    key: level,
    label: vocabLabel('damageLevel', level, locale),
    className: `chart-level-${level}`,
  }));

/** Reported events per year, stacked by damage level; each year opens the search for events in that year. */
export async function EventsOverTimeChart({
  id,
  data,
  locale,
  filters = {},
}: {
  id: string;
  data: EventsByYear;
  locale: string;
  /** The page's filters (search page, a site), kept in every link. */
  filters?: Partial<Filters>;
}) {
  const t = await getTranslations({ locale, namespace: 'charts' });
  if (data.rows.length === 0) return null;
  const years = [...new Set(data.rows.map((r) => r.year))].sort();
  // Every year between the first and the last gets a slot, so that gaps in time look like gaps.
  const first = Number(years[0]);
  const last = Number(years[years.length - 1]);
  const allYears = Array.from({ length: last - first + 1 }, (_, i) => String(first + i));
  const bars: ChartBar[] = allYears.map((year) => ({
    key: year,
    label: year,
    href: searchHref(locale, { ...filters, from: year, to: year }),
    segments: LEVELS.map((level) => ({
      key: level,
      label: vocabLabel('damageLevel', level, locale),
      value: data.rows.find((r) => r.year === year && r.level === level)?.n ?? 0,
      className: `chart-level-${level}`,
    })),
  }));
  const totalEvents = data.rows.reduce((s, r) => s + r.n, 0);
  const busiest = bars.reduce((a, b) => (sum(b) > sum(a) ? b : a));
  return (
    <BarChart
      id={id}
      orientation="vertical"
      rtl={isRtl(locale)}
      title={t('events.title')}
      description={t('events.description', {
        count: totalEvents,
        first: years[0]!,
        last: years[years.length - 1]!,
        busiest: busiest.label,
        busiestCount: sum(busiest),
        undated: data.undated,
      })}
      tableLabel={t('showNumbers')}
      categoryLabel={t('events.year')}
      totalLabel={t('total')}
      series={levelSeries(locale)}
      bars={bars}
      linkName={(bar, _s, total) => t('events.link', { year: bar.label, count: total })}
    />
  );
}

const sum = (bar: ChartBar) => bar.segments.reduce((s, x) => s + x.value, 0);

/** Monuments per current status, one bar per country (or for one site); each segment opens that status's search. */
export async function StatusChart({
  id,
  rows,
  locale,
  by,
}: {
  id: string;
  rows: { group: string; level: DamageLevel; weak: boolean; n: number }[];
  locale: string;
  /** Country codes (home page) or one site's slug (site page) as the groups. */
  by: 'country' | 'site';
}) {
  const t = await getTranslations({ locale, namespace: 'charts' });
  if (rows.length === 0) return null;
  const groups = [...new Set(rows.map((r) => r.group))];
  const label = (g: string) => (by === 'country' ? countryName(g, locale) : t('status.thisSite'));
  const count = (group: string, level: DamageLevel, weak: boolean) =>
    rows.find((r) => r.group === group && r.level === level && r.weak === weak)?.n ?? 0;
  const bars: ChartBar[] = groups
    .map((group) => ({
      key: group,
      label: label(group),
      href: searchHref(locale, { [by]: [group] }),
      // Each level solid (established), then hatched (resting on unverified or disputed reports), as the badges.
      segments: LEVELS.flatMap((level) =>
        [false, true].map((weak) => ({
          key: weak ? `${level}-weak` : level,
          series: level,
          weak,
          label: weak
            ? `${vocabLabel('damageLevel', level, locale)} (${t('status.weak')})`
            : vocabLabel('damageLevel', level, locale),
          value: count(group, level, weak),
          className: `chart-level-${level}`,
          href: searchHref(locale, { [by]: [group], status: [level] }),
        })),
      ),
    }))
    .sort((a, b) => sum(b) - sum(a) || a.label.localeCompare(b.label, locale));
  // A registry of many countries keeps its chart readable: the countries with the most monuments.
  const shown = bars.slice(0, MAX_COUNTRIES);
  const monuments = rows.reduce((s, r) => s + r.n, 0);
  const damaged = rows
    .filter((r) => severityRank(r.level) > severityRank('no_visible_damage'))
    .reduce((s, r) => s + r.n, 0);
  return (
    <BarChart
      id={id}
      orientation="horizontal"
      rtl={isRtl(locale)}
      title={by === 'country' ? t('status.byCountryTitle') : t('status.forSiteTitle')}
      description={
        t('status.description', { count: monuments, damaged, groups: bars.length }) +
        (shown.length < bars.length ? ` ${t('status.mostMonuments', { shown: shown.length })}` : '')
      }
      tableLabel={t('showNumbers')}
      categoryLabel={by === 'country' ? t('status.country') : t('status.site')}
      totalLabel={t('total')}
      series={levelSeries(locale)}
      weakLabel={t('status.weakKey')}
      bars={shown}
      linkName={(bar, s, total) =>
        s ? t('status.segmentLink', { group: bar.label, level: s.label, count: s.value }) : `${bar.label}: ${total}`
      }
    />
  );
}

/** Reports per cause or per reported actor; each bar opens the search for monuments with such a report. */
export async function ReportsByChart({
  id,
  rows,
  locale,
  by,
  filters = {},
}: {
  id: string;
  rows: { key: string | null; n: number }[];
  locale: string;
  by: 'cause' | 'actor';
  filters?: Partial<Filters>;
}) {
  const t = await getTranslations({ locale, namespace: 'charts' });
  if (rows.length === 0) return null;
  const bars: ChartBar[] = rows.map((r) => {
    const label = r.key === null ? t('cause.none') : by === 'cause' ? vocabLabel('damageCause', r.key, locale) : r.key;
    return {
      key: r.key ?? '',
      label,
      // Reports without a cause have no filter to open.
      href:
        r.key === null
          ? undefined
          : searchHref(
              locale,
              by === 'cause'
                ? { ...filters, cause: [r.key as Filters['cause'][number]] }
                : { ...filters, actor: r.key },
            ),
      segments: [{ key: 'reports', label, value: r.n, className: 'chart-plain' }],
    };
  });
  const reports = rows.reduce((s, r) => s + r.n, 0);
  return (
    <BarChart
      id={id}
      orientation="horizontal"
      rtl={isRtl(locale)}
      title={by === 'cause' ? t('cause.title') : t('actor.title')}
      description={t(by === 'cause' ? 'cause.description' : 'actor.description', {
        count: reports,
        top: bars[0]!.label,
        topCount: rows[0]!.n,
      })}
      tableLabel={t('showNumbers')}
      categoryLabel={by === 'cause' ? t('cause.category') : t('actor.category')}
      totalLabel={t('reports')}
      series={[{ key: 'reports', label: t('reports'), className: 'chart-plain' }]}
      bars={bars}
      linkName={(bar, _s, total) => t('reportsLink', { label: bar.label, count: total })}
    />
  );
}
