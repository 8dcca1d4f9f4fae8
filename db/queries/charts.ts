import type { Db } from '../index';
import type { Filters } from '../../lib/filters';
import type { DamageLevel } from '../../lib/vocab';
import { monumentConditions, reportConditions } from './filters';
import { statement } from './prepared';

/**
 * Counts behind the charts (components/charts). Each is one GROUP BY whose SQL text depends only on which filters are
 * set, prepared once per connection (db/queries/prepared.ts); the pages that show them are kept whole by server.js
 * until their data changes, so a chart costs its query once per change, not once per reader.
 *
 * Reports counted are those a reader can see (published, not deleted, of a live monument of a live site) and that
 * still stand: a retracted report is listed on its monument's page but is no event.
 */

export interface EventsByYear {
  /** One row per year and level, years ascending. */
  rows: { year: string; level: DamageLevel; n: number }[];
  /** Matching reports without an event date (not drawn: they have no place on a time axis). */
  undated: number;
}

/** The report filters as SQL on alias r, and the monument filters on m and s, with the reports that still stand. */
function reportScope(f: Filters) {
  const m = monumentConditions(f);
  const r = reportConditions(f);
  return {
    sql: `${m.sql} AND ${r.sql} AND r.verification_status <> 'retracted'`,
    params: [...m.params, ...r.params],
  };
}

/**
 * Chart answers are kept per connection while the data stays as it is (the search's rule, db/queries/search.ts): every
 * committed change readers see bumps registry_state, which drops them all. A page rendered again without a change (a
 * page cache eviction, another language, a search with the same filters) then pays nothing for its charts; the first
 * render after a change pays the GROUP BYs once (bench/charts.ts measures both).
 */
const kept = new WeakMap<Db, { version: string; answers: Map<string, unknown> }>();
const MAX_KEPT = 500;

function memo<T>(db: Db, key: string, compute: () => T): T {
  if (db.$client.inTransaction) return compute();
  const state = statement(db, 'SELECT version, epoch FROM registry_state WHERE id = 1').get() as
    { version: number; epoch: string } | undefined;
  if (!state) return compute();
  const version = `${state.epoch}.${state.version}`;
  let entry = kept.get(db);
  if (!entry || entry.version !== version) kept.set(db, (entry = { version, answers: new Map() }));
  if (entry.answers.has(key)) return entry.answers.get(key) as T;
  const answer = compute();
  entry.answers.set(key, answer);
  if (entry.answers.size > MAX_KEPT) entry.answers.delete(entry.answers.keys().next().value as string);
  return answer;
}

const FROM_REPORTS = 'FROM reports r JOIN monuments m ON m.id = r.monument_id JOIN sites s ON s.id = m.site_id';

/**
 * One pass over the matching reports for all three report charts: counts per (year, level, cause, actor). Reading the
 * reports once instead of once per chart is what the first render after a change costs (bench/charts.ts).
 */
function reportFacts(db: Db, f: Filters) {
  return memo(db, JSON.stringify(['facts', f]), () => {
    const w = reportScope(f);
    return statement(
      db,
      `SELECT substr(r.event_date, 1, 4) AS year, r.damage_level AS level, r.cause AS cause,
         nullif(trim(r.reported_actor), '') AS actor, count(*) AS n
       ${FROM_REPORTS} WHERE ${w.sql} GROUP BY year, level, cause, actor`,
    ).all(...w.params) as {
      year: string | null;
      level: DamageLevel;
      cause: string | null;
      actor: string | null;
      n: number;
    }[];
  });
}

/** Counts per key, most first (ties in key order). */
function tally<K extends string | null>(rows: { n: number }[], keyOf: (row: never) => K): { key: K; n: number }[] {
  const out = new Map<K, number>();
  for (const row of rows) {
    const key = keyOf(row as never);
    out.set(key, (out.get(key) ?? 0) + row.n);
  }
  return [...out]
    .map(([key, n]) => ({ key, n }))
    .sort((a, b) => b.n - a.n || String(a.key ?? '').localeCompare(String(b.key ?? '')));
}

/** Reported events per year of their (first possible) event day and damage level, following the search filters. */
export function eventsByYear(db: Db, f: Filters): EventsByYear {
  return memo(db, JSON.stringify(['events', f]), () => {
    const facts = reportFacts(db, f);
    const perYearLevel = new Map<string, number>();
    let undated = 0;
    for (const row of facts) {
      if (row.year === null) undated += row.n;
      else perYearLevel.set(`${row.year} ${row.level}`, (perYearLevel.get(`${row.year} ${row.level}`) ?? 0) + row.n);
    }
    const rows = [...perYearLevel]
      .map(([key, n]) => {
        const [year, level] = key.split(' ') as [string, DamageLevel];
        return { year, level, n };
      })
      .sort((a, b) => a.year.localeCompare(b.year));
    return { rows, undated };
  });
}

/** Reports per cause (null: no cause recorded), most first, following the search filters. */
export function reportsByCause(db: Db, f: Filters): { cause: string | null; n: number }[] {
  return memo(db, JSON.stringify(['cause', f]), () =>
    tally(reportFacts(db, f), (row: { cause: string | null }) => row.cause).map((r) => ({ cause: r.key, n: r.n })),
  );
}

/** Reports per reported actor as written (reports naming none are left out), most first, at most `limit`. */
export function reportsByActor(db: Db, f: Filters, limit: number): { actor: string; n: number }[] {
  return memo(db, JSON.stringify(['actor', f, limit]), () =>
    tally(reportFacts(db, f), (row: { actor: string | null }) => row.actor)
      .filter((r): r is { key: string; n: number } => r.key !== null)
      .slice(0, limit)
      .map((r) => ({ actor: r.key, n: r.n })),
  );
}

/** Whether a monument's status is a weak claim (resting on unverified or disputed reports), as StatusBadge draws it. */
const WEAK = "m.status_basis IN ('unverified', 'disputed')";

export interface StatusCount {
  level: DamageLevel;
  /** The status rests on unverified or disputed reports. */
  weak: boolean;
  n: number;
}

/**
 * Live monuments per country, current status and its strength. A transboundary site's monuments count in each of its
 * countries, as the search's country filter finds them there.
 */
export function statusByCountry(db: Db): (StatusCount & { country: string })[] {
  return memo(db, 'statusByCountry', () => {
    const rows = statement(
      db,
      `SELECT s.country_codes AS codes, m.status_level AS level, ${WEAK} AS weak, count(*) AS n
       FROM monuments m JOIN sites s ON s.id = m.site_id
       WHERE m.deleted_at IS NULL AND s.deleted_at IS NULL GROUP BY s.country_codes, m.status_level, weak`,
    ).all() as { codes: string; level: DamageLevel; weak: number; n: number }[];
    const out = new Map<string, StatusCount & { country: string }>();
    for (const row of rows)
      for (const country of row.codes.split(',').filter(Boolean)) {
        const key = `${country} ${row.level} ${row.weak}`;
        const kept = out.get(key);
        if (kept) kept.n += row.n;
        else out.set(key, { country, level: row.level, weak: row.weak === 1, n: row.n });
      }
    return [...out.values()];
  });
}

/** A site's live monuments per current status and its strength. */
export function statusForSite(db: Db, siteId: number): StatusCount[] {
  return memo(db, `statusForSite:${siteId}`, () =>
    (
      statement(
        db,
        `SELECT m.status_level AS level, ${WEAK} AS weak, count(*) AS n FROM monuments m
         WHERE m.site_id = ? AND m.deleted_at IS NULL GROUP BY m.status_level, weak`,
      ).all(siteId) as { level: DamageLevel; weak: number; n: number }[]
    ).map((r) => ({ level: r.level, weak: r.weak === 1, n: r.n })),
  );
}
