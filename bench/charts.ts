/**
 * What the charts add to a page's render:
 * `NODE_ENV=production npx tsx bench/charts.ts --db bench/data/registry-1000000.db [--runs 500]` (a database of
 * bench/generate.ts, opened read-only; React's development build, without NODE_ENV=production, is ten times slower). Target: under 5 ms per page for a page rendered again while
 * its data is unchanged (the page cache evicted it, another language, another reader's search with the same filters).
 *
 * Measured in-process, per page (home: four charts; site: four charts on one site's scope): the queries of
 * db/queries/charts.ts plus the SVG and table markup of components/charts/bar-chart.tsx, rendered to a string.
 *   warm: the same connection, whose chart answers are kept until the data changes (the case the target is about);
 *   cold: a new connection each time (statements prepared and every GROUP BY run: the first render after a change).
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { createElement } from 'react';
import { openDatabase, type Db } from '../db/index';
import { eventsByYear, reportsByActor, reportsByCause, statusByCountry, statusForSite } from '../db/queries/charts';
import { emptyFilters } from '../lib/filters';
import { damageLevels } from '../lib/vocab';
import { BarChart, type ChartBar, type BarChartProps } from '../components/charts/bar-chart';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const FILE = arg('db', 'bench/data/registry-1000000.db');
const RUNS = Number(arg('runs', '500'));
const COLD_RUNS = Number(arg('cold-runs', '5'));
const TARGET_MS = 5;

const series = damageLevels.codes.map((level) => ({ key: level, label: level, className: `chart-level-${level}` }));

/** A chart's markup as the page renders it (labels are the codes here: the words do not change the cost). */
function markup(id: string, bars: ChartBar[], orientation: BarChartProps['orientation'], multi: boolean): string {
  return renderToStaticMarkup(
    createElement(BarChart, {
      id,
      title: id,
      description: id,
      tableLabel: 'numbers',
      categoryLabel: 'category',
      totalLabel: 'total',
      series: multi ? series : [series[0]!],
      bars,
      orientation,
      rtl: false,
      linkName: (bar, _s, total) => `${bar.label}: ${total}`,
    }),
  );
}

function homePage(db: Db): number {
  const events = eventsByYear(db, emptyFilters);
  const years = [...new Set(events.rows.map((r) => r.year))];
  let bytes = markup(
    'events',
    years.map((year) => ({
      key: year,
      label: year,
      href: `/monuments?from=${year}&to=${year}`,
      segments: series.map((s) => ({
        ...s,
        value: events.rows.find((r) => r.year === year && r.level === s.key)?.n ?? 0,
      })),
    })),
    'vertical',
    true,
  ).length;
  const status = statusByCountry(db);
  const countries = [...new Set(status.map((r) => r.country))];
  bytes += markup(
    'status',
    countries.map((c) => ({
      key: c,
      label: c,
      segments: series.map((s) => ({
        ...s,
        value: status.find((r) => r.country === c && r.level === s.key)?.n ?? 0,
        href: `/monuments?country=${c}&status=${s.key}`,
      })),
    })),
    'horizontal',
    true,
  ).length;
  const plain = (rows: { key: string; n: number }[]) =>
    rows.map((r) => ({
      key: r.key,
      label: r.key,
      href: `/monuments?x=${encodeURIComponent(r.key)}`,
      segments: [{ key: 'reports', label: 'reports', value: r.n, className: 'chart-plain' }],
    }));
  bytes += markup(
    'cause',
    plain(reportsByCause(db, emptyFilters).map((r) => ({ key: r.cause ?? '', n: r.n }))),
    'horizontal',
    false,
  ).length;
  bytes += markup(
    'actor',
    plain(reportsByActor(db, emptyFilters, 10).map((r) => ({ key: r.actor, n: r.n }))),
    'horizontal',
    false,
  ).length;
  return bytes;
}

function sitePage(db: Db, site: { id: number; slug: string }): number {
  const scope = { ...emptyFilters, site: [site.slug] };
  const status = statusForSite(db, site.id);
  const events = eventsByYear(db, scope);
  const causes = reportsByCause(db, scope);
  const actors = reportsByActor(db, scope, 10);
  return (
    markup(
      'site',
      [
        {
          key: site.slug,
          label: site.slug,
          segments: series.map((s) => ({ ...s, value: status.find((r) => r.level === s.key)?.n ?? 0 })),
        },
      ],
      'horizontal',
      true,
    ).length +
    events.rows.length +
    causes.length +
    actors.length
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function measure(label: string, runs: number, fresh: boolean, page: (db: Db) => number) {
  const times: number[] = [];
  let db = openDatabase(FILE, { readonly: true });
  // Statements prepared, answers kept, code compiled: what a running server has.
  for (let i = 0; i < 20; i++) page(db);
  for (let i = 0; i < runs; i++) {
    if (fresh) {
      db.$client.close();
      db = openDatabase(FILE, { readonly: true });
    }
    const start = process.hrtime.bigint();
    page(db);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  db.$client.close();
  times.sort((a, b) => a - b);
  const median = percentile(times, 50);
  const p95 = percentile(times, 95);
  const verdict = fresh ? '' : median < TARGET_MS ? ` (target < ${TARGET_MS} ms: met)` : ` (target: not met)`;
  console.log(`${label}: median ${median.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms over ${runs} runs${verdict}`);
}

if (process.env.NODE_ENV !== 'production') {
  console.error("Run with NODE_ENV=production: pages are rendered by React's production build.");
  process.exit(2);
}

const probe = openDatabase(FILE, { readonly: true });
const counts = probe.$client
  .prepare('SELECT (SELECT count(*) FROM monuments) AS monuments, (SELECT count(*) FROM reports) AS reports')
  .get() as { monuments: number; reports: number };
const site = probe.$client
  .prepare(
    'SELECT s.id, s.slug FROM sites s JOIN monuments m ON m.site_id = s.id GROUP BY s.id ORDER BY count(*) DESC LIMIT 1',
  )
  .get() as { id: number; slug: string };
probe.$client.close();
console.log(`${FILE}: ${counts.monuments} monuments, ${counts.reports} reports`);
measure('home page charts, warm', RUNS, false, homePage);
measure(`site page charts (${site.slug}), warm`, RUNS, false, (db) => sitePage(db, site));
measure('home page charts, cold (first render after a change)', COLD_RUNS, true, homePage);
measure(`site page charts (${site.slug}), cold`, COLD_RUNS, true, (db) => sitePage(db, site));
