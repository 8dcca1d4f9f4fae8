import type { Db } from '../index';
import type { DatePrecision } from '../../lib/vocab';
import { localisedName } from '../../lib/i18n-format';
import { ftsNamesQuery, ftsOwnTextQuery } from './filters';
import { getMonumentById } from './monuments';
import { statement } from './prepared';
import { getSiteById } from './sites';
import { listSourcesByIds } from './sources';
import { getSessionUser } from './users';
import type { ReadScope } from './visibility';

/**
 * Read-only look-ups for the curators' forms: the monument picker of the report form and the site picker of the
 * monument form search the full-text index (names in every language, folded like the public search), so they stay
 * fast at 100,000 monuments, and no form lists every record.
 */

/** A monument's latest report (by event date, then newest), the one "start from the previous report" copies. */
export interface LatestReport {
  id: number;
  eventDate: string | null;
  eventDateEnd: string | null;
  eventDatePrecision: DatePrecision;
  damageLevel: string;
}

export interface MonumentChoice {
  id: number;
  slug: string;
  name: string;
  nameAr: string | null;
  siteName: string;
  siteNameAr: string | null;
  latestReport: LatestReport | null;
}

type Row = Omit<MonumentChoice, 'latestReport'> & {
  reportId: number | null;
  eventDate: string | null;
  eventDateEnd: string | null;
  eventDatePrecision: DatePrecision | null;
  damageLevel: string | null;
};

// Rejected and deleted reports are no starting point; drafts are (a colleague's report may still wait for review),
// for a reader of every draft (an editor); a contributor starts only from published reports and their own drafts.
const CHOICES_SQL = `SELECT m.id AS id, m.slug AS slug, m.name AS name, m.name_ar AS nameAr, s.name AS siteName, s.name_ar AS siteNameAr,
    r.id AS reportId, r.event_date AS eventDate, r.event_date_end AS eventDateEnd, r.event_date_precision AS eventDatePrecision,
    r.damage_level AS damageLevel
  FROM json_each(?) j
  JOIN (SELECT ? AS only_user) j2
  JOIN monuments m ON m.id = j.value
  JOIN sites s ON s.id = m.site_id
  LEFT JOIN reports r ON r.id = (
    SELECT r2.id FROM reports r2
    WHERE r2.monument_id = m.id AND r2.deleted_at IS NULL AND r2.review_state <> 'rejected'
      AND (j2.only_user IS NULL OR r2.review_state = 'published' OR r2.created_by = j2.only_user)
    ORDER BY r2.event_date IS NULL, r2.event_date DESC, r2.id DESC LIMIT 1)
  WHERE m.deleted_at IS NULL AND s.deleted_at IS NULL
  ORDER BY j.key`;

/** Live monuments (of live sites) with these ids, in the order given, with their latest report `scope` reads. */
export function monumentChoicesByIds(db: Db, ids: number[], scope?: ReadScope): MonumentChoice[] {
  if (ids.length === 0) return [];
  const onlyUser = scope && !scope.everything ? scope.userId : null;
  return (statement(db, CHOICES_SQL).all(JSON.stringify(ids), onlyUser) as Row[]).map(
    ({ reportId, eventDate, eventDateEnd, eventDatePrecision, damageLevel, ...m }) => ({
      ...m,
      latestReport:
        reportId === null
          ? null
          : {
              id: reportId,
              eventDate,
              eventDateEnd,
              eventDatePrecision: eventDatePrecision ?? 'day',
              damageLevel: damageLevel!,
            },
    }),
  );
}

export function getMonumentChoice(db: Db, id: number, scope?: ReadScope): MonumentChoice | undefined {
  return monumentChoicesByIds(db, [id], scope)[0];
}

// Monument entries only (even rowids), ranked by bm25 with the names column weighted as the public search does.
const HITS_SQL =
  'SELECT rowid / 2 AS id FROM search_index WHERE search_index MATCH ? AND rowid % 2 = 0 ORDER BY bm25(search_index, 0, 0, 10, 1) LIMIT ?';
const UNRANKED_SQL = 'SELECT rowid / 2 AS id FROM search_index WHERE search_index MATCH ? AND rowid % 2 = 0 LIMIT ?';
const COUNT_SQL = 'SELECT count(*) AS n FROM search_index WHERE search_index MATCH ? AND rowid % 2 = 0';
/**
 * Above this many hits, ranking costs more than it tells: "ال", the Arabic article most names begin with, matches
 * every monument (bm25 over 100,000 rows: ~50 ms, against ~5 ms for two Latin letters); the curator types on.
 */
const RANKED_MAX = 20_000;

function hits(db: Db, match: string, limit: number): number[] {
  const many = (statement(db, COUNT_SQL).get(match) as { n: number }).n > RANKED_MAX;
  return (statement(db, many ? UNRANKED_SQL : HITS_SQL).all(match, limit) as { id: number }[]).map((r) => r.id);
}

/**
 * Monuments whose names (any language, alternative names included) start with the words typed, best first; when
 * fewer than `limit` do, monuments whose site or description does. "#12" or "12" also finds monument 12 by its number.
 */
export function findMonumentChoices(db: Db, q: string, limit = 10, scope?: ReadScope): MonumentChoice[] {
  return monumentChoicesByIds(
    db,
    pickerIds(q, limit, (match, n) => hits(db, match, n)),
    scope,
  );
}

/**
 * The ids a picker offers for what was typed: "#12" or "12" first (that record's number), then records whose names
 * start with the words typed, then, while there is room, those that match elsewhere (`search` answers an FTS query).
 */
function pickerIds(q: string, limit: number, search: (match: string, n: number) => number[]): number[] {
  const ids: number[] = [];
  const add = (id: number) => {
    if (ids.length < limit && !ids.includes(id)) ids.push(id);
  };
  const byNumber = /^#?(\d{1,12})$/.exec(q.trim());
  if (byNumber) add(Number(byNumber[1]));
  const names = ftsNamesQuery(q);
  if (names !== null) {
    search(names, limit).forEach(add);
    if (ids.length < limit) search(ftsOwnTextQuery(q)!, limit * 2).forEach(add);
  }
  return ids;
}

/** A site as the monument form's site picker shows it. */
export interface SiteChoice {
  id: number;
  slug: string;
  name: string;
  nameAr: string | null;
  countryCodes: string;
}

const SITE_CHOICES_SQL = `SELECT s.id AS id, s.slug AS slug, s.name AS name, s.name_ar AS nameAr, s.country_codes AS countryCodes
  FROM json_each(?) j JOIN sites s ON s.id = j.value
  WHERE s.deleted_at IS NULL
  ORDER BY j.key`;

/** Live sites with these ids, in the order given. */
export function siteChoicesByIds(db: Db, ids: number[]): SiteChoice[] {
  if (ids.length === 0) return [];
  return statement(db, SITE_CHOICES_SQL).all(JSON.stringify(ids)) as SiteChoice[];
}

export function getSiteChoice(db: Db, id: number): SiteChoice | undefined {
  return siteChoicesByIds(db, [id])[0];
}

// Site entries only (odd rowids); a few thousand sites at most, so every match is ranked.
const SITE_HITS_SQL =
  'SELECT rowid / 2 AS id FROM search_index WHERE search_index MATCH ? AND rowid % 2 = 1 ORDER BY bm25(search_index, 0, 0, 10, 1) LIMIT ?';

/**
 * Sites whose names (English, Arabic or French, folded like the public search) start with the words typed, best
 * first; when fewer than `limit` do, sites whose description or country codes do. "#12" or "12" finds site 12.
 */
export function findSiteChoices(db: Db, q: string, limit = 10): SiteChoice[] {
  const siteHits = (match: string, n: number) =>
    (statement(db, SITE_HITS_SQL).all(match, n) as { id: number }[]).map((r) => r.id);
  return siteChoicesByIds(db, pickerIds(q, limit, siteHits));
}

/** Names of the records ids point at (monuments, sites, sources, users), as far as the page knows them. */
export interface RecordNames {
  monumentId?: Map<number, string>;
  siteId?: Map<number, string>;
  sourceId?: Map<number, string>;
  createdBy?: Map<number, string>;
}

/**
 * The names of every record the snapshots point at (a report's monument and sources, a monument's site, who
 * created a report), so histories and review tables show names, not numbers; sources only as far as `scope` reads
 * them (others stay numbers).
 */
export function recordNamesFor(
  db: Db,
  snapshots: (Record<string, unknown> | null | undefined)[],
  locale: string,
  scope?: ReadScope,
): RecordNames {
  const ids = {
    monumentId: new Set<number>(),
    siteId: new Set<number>(),
    sourceId: new Set<number>(),
    createdBy: new Set<number>(),
  };
  for (const snap of snapshots) {
    if (!snap) continue;
    for (const field of ['monumentId', 'siteId', 'createdBy'] as const)
      if (typeof snap[field] === 'number') ids[field].add(snap[field]);
    if (Array.isArray(snap.citations)) {
      for (const c of snap.citations as { sourceId?: unknown }[])
        if (typeof c?.sourceId === 'number') ids.sourceId.add(c.sourceId);
    }
  }
  const named = <T>(set: Set<number>, get: (id: number) => T | undefined, name: (row: T) => string) =>
    new Map(
      [...set].flatMap((id) => {
        const row = get(id);
        return row ? [[id, name(row)] as [number, string]] : [];
      }),
    );
  return {
    monumentId: named(
      ids.monumentId,
      (id) => getMonumentById(db, id),
      (m) => localisedName(m, locale).primary,
    ),
    siteId: named(
      ids.siteId,
      (id) => getSiteById(db, id),
      (s) => localisedName(s, locale).primary,
    ),
    sourceId: new Map(
      listSourcesByIds(db, [...ids.sourceId], scope).map((s) => [
        s.id,
        s.publisher ? `${s.title} — ${s.publisher}` : s.title,
      ]),
    ),
    createdBy: named(
      ids.createdBy,
      (id) => getSessionUser(db, id),
      (u) => u.name,
    ),
  };
}
