import type { Db } from '../index';
import type { Monument, Site } from '../schema';
import type { Filters } from '../../lib/filters';
import type { Paging, SearchSort } from '../../lib/search-params';
import { ftsFacets, ftsNamesQuery, ftsQuery, hasReportFilters, monumentConditions, siteConditions } from './filters';
import { statement } from './prepared';

/**
 * Public search and lists over monuments and sites (search page, JSON API). SQL text depends only on which filters
 * are set, so each shape is prepared once per connection (db/queries/prepared.ts) and reused with new values.
 *
 * Relevance: entries whose names (name, Arabic name, alternative names) hold every term come first, then the rest;
 * within each group FTS5's bm25 with the names column weighted 10× the body (descriptions, site names, period) —
 * for the names group, of the names query, so how well the names match (on the index-only path below); ties by name.
 *
 * Hits are told apart by rowid (monument id * 2, site id * 2 + 1; db/queries/search-index.ts), never by the stored
 * `kind` column: reading a stored column costs a content lookup per hit (12 ms for a 12,000-hit prefix at 100k
 * monuments, against 1 ms on the rowid alone).
 */
const NAMES_WEIGHT = 10;
const BODY_WEIGHT = 1;
const bm25 = `bm25(search_index, 0, 0, ${NAMES_WEIGHT}, ${BODY_WEIGHT})`;

export type MonumentHit = Pick<
  Monument,
  | 'id'
  | 'slug'
  | 'name'
  | 'nameAr'
  | 'kind'
  | 'statusLevel'
  | 'statusBasis'
  | 'latestEventDate'
  | 'latitude'
  | 'longitude'
  | 'wikidataQid'
> & { siteSlug: Site['slug']; siteName: Site['name']; siteNameAr: Site['nameAr']; countryCodes: Site['countryCodes'] };

const MONUMENT_COLUMNS = `m.id AS id, m.slug AS slug, m.name AS name, m.name_ar AS nameAr, m.kind AS kind,
  m.status_level AS statusLevel, m.status_basis AS statusBasis, m.latest_event_date AS latestEventDate,
  m.latitude AS latitude, m.longitude AS longitude, m.wikidata_qid AS wikidataQid,
  s.slug AS siteSlug, s.name AS siteName, s.name_ar AS siteNameAr, s.country_codes AS countryCodes`;

export interface SearchOptions extends Paging {
  sort: SearchSort;
  /** Name order follows the reader's language: Arabic names first on Arabic pages, where a record has one. */
  locale?: string;
}

export interface SearchResult<T> {
  total: number;
  rows: T[];
}

/**
 * Search answers are kept per connection while the data stays as it is: the day a monument is in the news, many
 * readers ask the same few questions (and page through them), and counting thousands of matches is the costly part of
 * an answer. Every committed change to what readers see bumps `registry_state` (migration 0007), whichever process
 * made it, which drops them all. Never inside a transaction: its data may yet be rolled back.
 */
const answers = new WeakMap<Db, { version: string; kept: Map<string, SearchResult<unknown>> }>();
const MAX_KEPT_ANSWERS = 1000;

function reused<T>(db: Db, key: string, compute: () => SearchResult<T>): SearchResult<T> {
  if (db.$client.inTransaction) return compute();
  const state = statement(db, 'SELECT version, epoch FROM registry_state WHERE id = 1').get() as
    { version: number; epoch: string } | undefined;
  if (!state) return compute();
  const version = `${state.epoch}.${state.version}`;
  let memo = answers.get(db);
  if (!memo || memo.version !== version) answers.set(db, (memo = { version, kept: new Map() }));
  const hit = memo.kept.get(key) as SearchResult<T> | undefined;
  if (hit) {
    memo.kept.delete(key); // least recently used goes first
    memo.kept.set(key, hit);
    return hit;
  }
  const answer = compute();
  memo.kept.set(key, answer);
  if (memo.kept.size > MAX_KEPT_ANSWERS) memo.kept.delete(memo.kept.keys().next().value as string);
  return answer;
}

const nameOrder = (alias: 'm' | 's', locale: string | undefined) =>
  locale === 'ar'
    ? `coalesce(${alias}.name_ar, ${alias}.name), ${alias}.id`
    : `${alias}.name COLLATE NOCASE, ${alias}.id`;

/** A monument list's order when it is not by relevance: latest event first (undated last), or by name. */
const listOrder = (o: SearchOptions) =>
  o.sort === 'latest'
    ? `m.latest_event_date IS NULL, m.latest_event_date DESC, ${nameOrder('m', o.locale)}`
    : nameOrder('m', o.locale);

/** The live sites' ids for the site filter's slugs (the index names sites by id). */
function liveSiteIds(db: Db, slugs: string[]): number[] {
  return (
    statement(db, 'SELECT id FROM sites WHERE deleted_at IS NULL AND slug IN (SELECT value FROM json_each(?))').all(
      JSON.stringify(slugs),
    ) as { id: number }[]
  ).map((r) => r.id);
}

/**
 * FTS hits on monuments (rowid even), with bm25. 'all' and 'names' take one MATCH parameter (the names group is
 * simply the names query: every term in a name implies a match); 'rest' takes the query and the names query.
 */
const monumentHits = (group: 'names' | 'rest' | 'all') => `SELECT rowid / 2 AS id, ${bm25} AS score FROM search_index
  WHERE search_index MATCH ? AND rowid % 2 = 0${
    group === 'rest'
      ? // The unary + keeps the planner from driving the scan by the names list (one FTS query per listed rowid: seconds).
        ' AND +rowid NOT IN (SELECT rowid FROM search_index WHERE search_index MATCH ? AND rowid % 2 = 0)'
      : ''
  }`;

const countHits = (db: Db, match: string) =>
  (
    statement(db, 'SELECT count(*) AS n FROM search_index WHERE search_index MATCH ? AND rowid % 2 = 0').get(match) as {
      n: number;
    }
  ).n;

/** The result columns for monument ids, in the order given. */
function monumentRows(db: Db, ids: number[]): MonumentHit[] {
  if (ids.length === 0) return [];
  return statement(
    db,
    `SELECT ${MONUMENT_COLUMNS} FROM json_each(?) j JOIN monuments m ON m.id = j.value JOIN sites s ON s.id = m.site_id ORDER BY j.key`,
  ).all(JSON.stringify(ids)) as MonumentHit[];
}

/**
 * Monuments matching the shared filters (text query included), one page of them in the asked order, and how many match.
 *
 * With a text query and no report filter (the common case: words typed in the search box, perhaps with a kind, a
 * status, a country or a site), nothing but the index is read to count and rank: it holds exactly the live monuments
 * of live sites, with those filters as tokens (db/queries/search-index.ts), so the count is the FTS count of the text
 * AND the filter tokens, and the ranking runs per group: the names group (every term in a name) first, then the others,
 * each scored with bm25 only for its own entries and only when the page reaches into it. A 3-letter prefix matching
 * 12,000 of 100,000 monuments thus ranks its 6,000 names-group entries once, instead of scoring all 12,000 and matching
 * the names a second time (bench/search.ts). The page's columns are read last, for its ids only.
 */
export function searchMonuments(db: Db, f: Filters, o: SearchOptions): SearchResult<MonumentHit> {
  return reused(db, JSON.stringify(['monuments', f, o]), () => findMonuments(db, f, o));
}

/** searchMonuments without reusing an answer (the in-process benchmark measures the queries themselves). */
export function findMonuments(db: Db, f: Filters, o: SearchOptions): SearchResult<MonumentHit> {
  const match = f.q ? ftsQuery(f.q) : null;
  if (f.q && match === null) return { total: 0, rows: [] }; // only punctuation: nothing to look for
  const offset = (o.page - 1) * o.perPage;
  // Report filters are the only ones the search index cannot answer (db/queries/search-index.ts facetToken).
  if (match !== null && !hasReportFilters(f)) return searchIndexOnly(db, f, match, o);
  const all = monumentConditions(f);
  const total = (
    statement(db, `SELECT count(*) AS n FROM monuments m JOIN sites s ON s.id = m.site_id WHERE ${all.sql}`).get(
      ...all.params,
    ) as { n: number }
  ).n;
  if (total === 0 || offset >= total) return { total, rows: [] };

  if (o.sort === 'relevance' && match !== null) {
    const names = ftsNamesQuery(f.q!)!;
    const rest = monumentConditions({ ...f, q: undefined });
    const sqlText = `SELECT m.id AS id
      FROM (${monumentHits('all')}) h
      JOIN monuments m ON m.id = h.id JOIN sites s ON s.id = m.site_id
      WHERE ${rest.sql}
      ORDER BY m.id IN (SELECT rowid / 2 FROM search_index WHERE search_index MATCH ? AND rowid % 2 = 0) DESC, h.score, ${nameOrder('m', o.locale)}
      LIMIT ? OFFSET ?`;
    const ids = (statement(db, sqlText).all(match, ...rest.params, names, o.perPage, offset) as { id: number }[]).map(
      (r) => r.id,
    );
    return { total, rows: monumentRows(db, ids) };
  }
  const rows = statement(
    db,
    `SELECT ${MONUMENT_COLUMNS} FROM monuments m JOIN sites s ON s.id = m.site_id WHERE ${all.sql} ORDER BY ${listOrder(o)} LIMIT ? OFFSET ?`,
  ).all(...all.params, o.perPage, offset) as MonumentHit[];
  return { total, rows };
}

/** searchMonuments for a text query whose other filters are all in the index (kind, status, country, site). */
function searchIndexOnly(db: Db, f: Filters, text: string, o: SearchOptions): SearchResult<MonumentHit> {
  const siteIds = f.site.length > 0 ? liveSiteIds(db, f.site) : null;
  if (siteIds !== null && siteIds.length === 0) return { total: 0, rows: [] };
  const facets = ftsFacets(f, siteIds);
  const withFacets = (expression: string) => (facets ? `(${expression}) AND ${facets}` : expression);
  const match = withFacets(text);
  const names = withFacets(ftsNamesQuery(f.q!)!);
  const offset = (o.page - 1) * o.perPage;
  const total = countHits(db, match);
  if (total === 0 || offset >= total) return { total, rows: [] };

  if (o.sort !== 'relevance') {
    const ids = (
      statement(
        db,
        `SELECT m.id AS id FROM (SELECT rowid / 2 AS id FROM search_index WHERE search_index MATCH ? AND rowid % 2 = 0) h
      JOIN monuments m ON m.id = h.id AND m.deleted_at IS NULL ORDER BY ${listOrder(o)} LIMIT ? OFFSET ?`,
      ).all(match, o.perPage, offset) as { id: number }[]
    ).map((r) => r.id);
    return { total, rows: monumentRows(db, ids) };
  }
  // Ties broken by the English name come from a narrow index; the Arabic order needs the rows.
  const monumentsForOrder = o.locale === 'ar' ? 'monuments m' : 'monuments m INDEXED BY monuments_id_name_idx';
  const ids: number[] = [];
  const group = (which: 'names' | 'rest', limit: number, skip: number) => {
    const sqlText = `SELECT h.id AS id FROM (${monumentHits(which)}) h JOIN ${monumentsForOrder} ON m.id = h.id AND m.deleted_at IS NULL
      ORDER BY h.score, ${nameOrder('m', o.locale)} LIMIT ? OFFSET ?`;
    const params = which === 'names' ? [names] : [match, names];
    for (const r of statement(db, sqlText).all(...params, limit, skip) as { id: number }[]) ids.push(r.id);
  };
  // The names group's size is needed only to know where the rest begins: not when its first page is full.
  if (offset === 0) {
    group('names', o.perPage, 0);
    if (ids.length < o.perPage && total > ids.length) group('rest', o.perPage - ids.length, 0);
  } else {
    const inNames = countHits(db, names);
    if (offset < inNames) group('names', o.perPage, offset);
    if (ids.length < o.perPage && total > inNames) group('rest', o.perPage - ids.length, Math.max(0, offset - inNames));
  }
  return { total, rows: monumentRows(db, ids) };
}

export type SiteHit = Pick<
  Site,
  | 'id'
  | 'slug'
  | 'unescoIdNo'
  | 'name'
  | 'nameAr'
  | 'nameFr'
  | 'countryCodes'
  | 'statesName'
  | 'statesNameAr'
  | 'latitude'
  | 'longitude'
  | 'inDanger'
  | 'inDangerSince'
  | 'wikidataQid'
> & { monumentCount: number; damagedCount: number };

const SITE_COLUMNS = `s.id AS id, s.slug AS slug, s.unesco_id_no AS unescoIdNo, s.name AS name, s.name_ar AS nameAr, s.name_fr AS nameFr,
  s.country_codes AS countryCodes, s.states_name AS statesName, s.states_name_ar AS statesNameAr,
  s.latitude AS latitude, s.longitude AS longitude, s.in_danger AS inDanger,
  s.in_danger_since AS inDangerSince, s.wikidata_qid AS wikidataQid,
  (SELECT count(*) FROM monuments m WHERE m.site_id = s.id AND m.deleted_at IS NULL) AS monumentCount,
  (SELECT count(*) FROM monuments m WHERE m.site_id = s.id AND m.deleted_at IS NULL AND m.status_level IN ('destroyed', 'severe_damage')) AS damagedCount`;

const siteRow = (r: SiteHit): SiteHit => ({ ...r, inDanger: Boolean(r.inDanger) });

/**
 * Sites matching the text query (their names in every language, description, country codes), the country and the site
 * filters; without a text query, every site in name order. The monument-only filters do not apply to sites.
 */
export function searchSites(
  db: Db,
  f: Pick<Filters, 'q' | 'country' | 'site'>,
  o: SearchOptions,
): SearchResult<SiteHit> {
  const key = JSON.stringify(['sites', f.q, f.country, f.site, o]);
  return reused(db, key, () => findSites(db, f, o));
}

function findSites(db: Db, f: Pick<Filters, 'q' | 'country' | 'site'>, o: SearchOptions): SearchResult<SiteHit> {
  const match = f.q ? ftsQuery(f.q) : null;
  if (f.q && match === null) return { total: 0, rows: [] };
  const c = siteConditions(f);
  const offset = (o.page - 1) * o.perPage;
  if (match === null) {
    const total = (statement(db, `SELECT count(*) AS n FROM sites s WHERE ${c.sql}`).get(...c.params) as { n: number })
      .n;
    if (offset >= total) return { total, rows: [] };
    const rows = statement(
      db,
      `SELECT ${SITE_COLUMNS} FROM sites s WHERE ${c.sql} ORDER BY ${nameOrder('s', o.locale)} LIMIT ? OFFSET ?`,
    ).all(...c.params, o.perPage, offset) as SiteHit[];
    return { total, rows: rows.map(siteRow) };
  }
  const hits = `(SELECT rowid / 2 AS id, ${bm25} AS score FROM search_index WHERE search_index MATCH ? AND rowid % 2 = 1) h JOIN sites s ON s.id = h.id`;
  const total = (
    statement(db, `SELECT count(*) AS n FROM ${hits} WHERE ${c.sql}`).get(match, ...c.params) as { n: number }
  ).n;
  if (offset >= total) return { total, rows: [] };
  const order =
    o.sort === 'name'
      ? nameOrder('s', o.locale)
      : `s.id IN (SELECT rowid / 2 FROM search_index WHERE search_index MATCH ? AND rowid % 2 = 1) DESC, h.score, ${nameOrder('s', o.locale)}`;
  const rows = statement(
    db,
    `SELECT ${SITE_COLUMNS} FROM ${hits} WHERE ${c.sql} ORDER BY ${order} LIMIT ? OFFSET ?`,
  ).all(match, ...c.params, ...(o.sort === 'name' ? [] : [ftsNamesQuery(f.q!)]), o.perPage, offset) as SiteHit[];
  return { total, rows: rows.map(siteRow) };
}

/** Choices for the search form: the countries and sites that hold at least one record. */
export function listFilterChoices(db: Db): { countries: string[]; sites: Pick<Site, 'slug' | 'name' | 'nameAr'>[] } {
  const codes = statement(db, 'SELECT DISTINCT country_codes AS c FROM sites WHERE deleted_at IS NULL').all() as {
    c: string;
  }[];
  const countries = [...new Set(codes.flatMap((r) => r.c.split(',')).filter(Boolean))].sort();
  const sites = statement(
    db,
    'SELECT slug, name, name_ar AS nameAr FROM sites WHERE deleted_at IS NULL ORDER BY name COLLATE NOCASE',
  ).all() as Pick<Site, 'slug' | 'name' | 'nameAr'>[];
  return { countries, sites };
}
