import type { Db } from '../index';
import type { Monument, Site } from '../schema';
import type { Filters } from '../../lib/filters';
import type { Paging, SearchSort } from '../../lib/search-params';
import {
  bboxIds,
  ftsFacets,
  ftsNamesQuery,
  ftsOwnTextQuery,
  ftsQuery,
  hasReportFilters,
  monumentConditions,
  siteBBoxCondition,
  siteConditions,
  type SqlFragment,
} from './filters';
import { statement } from './prepared';
import { publishedReportText, type ReportTextRow } from './search-index';
import { allowedEdits, editDistance, excerpt, queryTerms, termsFoundIn, type ExcerptPart } from '../../lib/search-text';
import { tokens } from '../../lib/text';

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
const REPORTS_WEIGHT = 1;
const bm25 = `bm25(search_index, 0, 0, ${NAMES_WEIGHT}, ${BODY_WEIGHT}, 0, ${REPORTS_WEIGHT})`;
/**
 * Up to this many monuments found only through their reports are ranked by bm25; more (a common word of report text,
 * such as "bulldozer" on a large registry) come in registry order, so that no answer scores most of the registry.
 */
export const REPORT_RANKING_LIMIT = 2000;

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
const monumentHits = (
  group: 'names' | 'rest' | 'all',
  area = '',
) => `SELECT rowid / 2 AS id, ${bm25} AS score FROM search_index
  WHERE search_index MATCH ? AND rowid % 2 = 0${area}${
    group === 'rest'
      ? // The unary + keeps the planner from driving the scan by the names list (one FTS query per listed rowid: seconds).
        ' AND +rowid NOT IN (SELECT rowid FROM search_index WHERE search_index MATCH ? AND rowid % 2 = 0)'
      : ''
  }`;

const countHits = (db: Db, match: string, area: SqlFragment | null = null) =>
  (
    statement(
      db,
      `SELECT count(*) AS n FROM search_index WHERE search_index MATCH ? AND rowid % 2 = 0${areaSql(area)}`,
    ).get(match, ...(area?.params ?? [])) as {
      n: number;
    }
  ).n;

/**
 * A box as a condition on index hits: the hit's monument among the R*Tree's ids, tested per hit (the unary + keeps
 * the planner from looking each R*Tree id up in the index instead).
 */
const areaSql = (area: SqlFragment | null) => (area ? ` AND +rowid / 2 IN (${area.sql})` : '');

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
  // Report filters are the only ones the search index cannot answer (db/queries/search-index.ts facetToken; a box is
  // tested on the hits' ids).
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

/** searchMonuments for a text query whose other filters are all in the index (kind, status, country, site) or a box. */
function searchIndexOnly(db: Db, f: Filters, text: string, o: SearchOptions): SearchResult<MonumentHit> {
  const siteIds = f.site.length > 0 ? liveSiteIds(db, f.site) : null;
  if (siteIds !== null && siteIds.length === 0) return { total: 0, rows: [] };
  const facets = ftsFacets(f, siteIds);
  const withFacets = (expression: string) => (facets ? `(${expression}) AND ${facets}` : expression);
  const match = withFacets(text);
  const names = withFacets(ftsNamesQuery(f.q!)!);
  const offset = (o.page - 1) * o.perPage;
  const area = f.bbox ? bboxIds(f.bbox) : null;
  const areaParams = area?.params ?? [];
  const total = countHits(db, match, area);
  if (total === 0 || offset >= total) return { total, rows: [] };

  if (o.sort !== 'relevance') {
    const ids = (
      statement(
        db,
        `SELECT m.id AS id FROM (SELECT rowid / 2 AS id FROM search_index WHERE search_index MATCH ? AND rowid % 2 = 0${areaSql(area)}) h
      JOIN monuments m ON m.id = h.id AND m.deleted_at IS NULL ORDER BY ${listOrder(o)} LIMIT ? OFFSET ?`,
      ).all(match, ...areaParams, o.perPage, offset) as { id: number }[]
    ).map((r) => r.id);
    return { total, rows: monumentRows(db, ids) };
  }
  // Three tiers, each after the one before: every word in the names; in the names and own text (descriptions, period,
  // site); anywhere, reports included. Each tier is its query without the previous tier's hits.
  const own = withFacets(ftsOwnTextQuery(f.q!)!);
  const tiers = [names, own, match] as const;
  // Ties broken by the English name come from a narrow index; the Arabic order needs the rows.
  const monumentsForOrder = o.locale === 'ar' ? 'monuments m' : 'monuments m INDEXED BY monuments_id_name_idx';
  const ids: number[] = [];
  const tierWhere = (tier: number) =>
    `search_index MATCH ? AND rowid % 2 = 0${areaSql(area)}${
      tier === 0
        ? ''
        : // The unary + keeps the planner from driving the scan by the previous tier's list (one FTS query per rowid).
          ' AND +rowid NOT IN (SELECT rowid FROM search_index WHERE search_index MATCH ? AND rowid % 2 = 0)'
    }`;
  const tierParams = (tier: number) => [tiers[tier]!, ...areaParams, ...(tier === 0 ? [] : [tiers[tier - 1]!])];
  const group = (tier: number, limit: number, skip: number, byScore: boolean) => {
    const sqlText = byScore
      ? `SELECT h.id AS id FROM (SELECT rowid / 2 AS id, ${bm25} AS score FROM search_index WHERE ${tierWhere(tier)}) h
      JOIN ${monumentsForOrder} ON m.id = h.id AND m.deleted_at IS NULL ORDER BY h.score, ${nameOrder('m', o.locale)} LIMIT ? OFFSET ?`
      : // Read in the index's own order and stopped at the page: no score for each of (possibly) most of the registry.
        `SELECT rowid / 2 AS id FROM search_index WHERE ${tierWhere(tier)} ORDER BY rowid LIMIT ? OFFSET ?`;
    for (const r of statement(db, sqlText).all(...tierParams(tier), limit, skip) as { id: number }[]) ids.push(r.id);
  };
  // A tier's size is needed only to know where the next begins: not while the page is filled from the first.
  const sizes: number[] = [];
  const upTo = (tier: number) => (sizes[tier] ??= tier === 2 ? total : countHits(db, tiers[tier]!, area));
  for (let tier = 0; tier < 3 && ids.length < o.perPage; tier++) {
    const before = tier === 0 ? 0 : upTo(tier - 1);
    if (offset === 0 && tier === 0) {
      group(0, o.perPage, 0, true);
      continue;
    }
    const end = upTo(tier);
    const start = Math.max(offset + ids.length, before);
    if (start >= end) continue;
    // Matches found only through reports are ranked by bm25 while few; beyond that, in registry order.
    group(tier, o.perPage - ids.length, start - before, tier < 2 || end - before <= REPORT_RANKING_LIMIT);
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
  f: Pick<Filters, 'q' | 'country' | 'site'> & Partial<Pick<Filters, 'bbox'>>,
  o: SearchOptions,
): SearchResult<SiteHit> {
  const key = JSON.stringify(['sites', f.q, f.country, f.site, f.bbox, o]);
  return reused(db, key, () => findSites(db, f, o));
}

function findSites(
  db: Db,
  f: Pick<Filters, 'q' | 'country' | 'site'> & Partial<Pick<Filters, 'bbox'>>,
  o: SearchOptions,
): SearchResult<SiteHit> {
  const match = f.q ? ftsQuery(f.q) : null;
  if (f.q && match === null) return { total: 0, rows: [] };
  const c = siteConditions(f);
  if (f.bbox) {
    const box = siteBBoxCondition(f.bbox);
    c.sql += ` AND ${box.sql}`;
    c.params.push(...box.params);
  }
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

/** Where a monument found by a text query matched: its names, its own other text, or one of its published reports. */
export interface SearchMatch {
  field: 'name' | 'text' | 'report';
  /** The published report that matched, with the field quoted (source fields are of a source that report cites). */
  reportId: number | null;
  reportField: 'summary' | 'summaryAr' | 'reportedActor' | 'sourceTitle' | 'sourcePublisher' | 'quote' | null;
  /** A short plain-text excerpt of that field with the matching words marked (render it escaped). */
  excerpt: ExcerptPart[] | null;
}

type ReportField = NonNullable<SearchMatch['reportField']>;

/**
 * For the monuments of one result page, where the query matched. Names and own text are read from the index entry
 * (what was matched); a monument found only through its reports names the published report whose text holds the
 * most query terms, and quotes the field holding the most (Arabic summary first on Arabic pages). Reads only the
 * page's monuments (20 by default), never the whole result set.
 */
export function searchMatches(db: Db, q: string, monumentIds: number[], locale?: string): Map<number, SearchMatch> {
  const out = new Map<number, SearchMatch>();
  const terms = queryTerms(q);
  if (terms.length === 0 || monumentIds.length === 0) return out;
  const own = statement(
    db,
    'SELECT j.value AS id, i.names AS names, i.body AS body FROM json_each(?) j JOIN search_index i ON i.rowid = j.value * 2',
  ).all(JSON.stringify(monumentIds)) as { id: number; names: string; body: string }[];
  const summaryFirst: ReportField[] = locale === 'ar' ? ['summaryAr', 'summary'] : ['summary', 'summaryAr'];
  const fieldOrder: ReportField[] = [...summaryFirst, 'reportedActor', 'sourceTitle', 'sourcePublisher', 'quote'];
  for (const { id, names, body } of own) {
    const inNames = termsFoundIn(names, terms);
    if (inNames.size === terms.length) {
      out.set(id, { field: 'name', reportId: null, reportField: null, excerpt: null });
      continue;
    }
    const inOwn = new Set([...inNames, ...termsFoundIn(body, terms)]);
    const missing = terms.filter((t) => !inOwn.has(t));
    let best: { reportId: number; found: number; field: ReportField; text: string; fieldFound: number } | null = null;
    if (missing.length > 0) {
      const byReport = new Map<number, ReportTextRow[]>();
      for (const r of publishedReportText(db, id)) byReport.set(r.reportId, [...(byReport.get(r.reportId) ?? []), r]);
      for (const [reportId, rows] of byReport) {
        const fields: [ReportField, string][] = [];
        for (const field of fieldOrder)
          for (const r of field === 'summary' || field === 'summaryAr' || field === 'reportedActor'
            ? rows.slice(0, 1)
            : rows)
            if (r[field]) fields.push([field, r[field]!]);
        const found = new Set<string>();
        let top: [ReportField, string, number] | null = null;
        for (const [field, text] of fields) {
          const hit = termsFoundIn(text, missing);
          hit.forEach((t) => found.add(t));
          if (hit.size > 0 && (!top || hit.size > top[2])) top = [field, text, hit.size];
        }
        if (top && (!best || found.size > best.found))
          best = { reportId, found: found.size, field: top[0], text: top[1], fieldFound: top[2] };
      }
    }
    out.set(
      id,
      best
        ? { field: 'report', reportId: best.reportId, reportField: best.field, excerpt: excerpt(best.text, terms) }
        : { field: 'text', reportId: null, reportField: null, excerpt: null },
    );
  }
  return out;
}

/** Below this many results a query is offered "Did you mean …" (when a better-spelled one finds more). */
export const FEW_RESULTS = 3;

/**
 * Each word of the query that is not a word (or the start of a word) of the registry's names, replaced by the
 * closest name word (edit distance, swaps of neighbouring letters counting one; ties go to the word more entries
 * hold). Candidates share the first letter, which keeps the look-up to one short range of search_words. Null when
 * nothing would change.
 */
export function correctedQuery(db: Db, q: string): string | null {
  const words = tokens(q).slice(0, 12);
  let changed = false;
  const known = statement(db, 'SELECT 1 FROM search_words WHERE word >= ? AND word < ? LIMIT 1');
  const range = statement(db, 'SELECT word, entries FROM search_words WHERE word >= ? AND word < ?');
  const corrected = words.map((w) => {
    const max = allowedEdits(w);
    if (max === 0 || /^\p{N}+$/u.test(w) || known.get(w, `${w}\u{10FFFF}`)) return w;
    const first = String.fromCodePoint(w.codePointAt(0)!);
    const next = String.fromCodePoint(w.codePointAt(0)! + 1);
    let best: { word: string; d: number; entries: number } | null = null;
    for (const c of range.all(first, next) as { word: string; entries: number }[]) {
      const d = editDistance(w, c.word, max);
      if (d <= max && (!best || d < best.d || (d === best.d && c.entries > best.entries)))
        best = { word: c.word, d, entries: c.entries };
    }
    if (!best) return w;
    changed = true;
    return best.word;
  });
  return changed ? corrected.join(' ') : null;
}

/**
 * "Did you mean …" for a query that found fewer than FEW_RESULTS monuments: the corrected query, with the same
 * filters, when it finds more. Null otherwise.
 */
export function didYouMean(db: Db, f: Filters, total: number): { q: string; total: number } | null {
  if (!f.q || total >= FEW_RESULTS) return null;
  const q = correctedQuery(db, f.q);
  if (!q) return null;
  const better = searchMonuments(db, { ...f, q }, { sort: 'relevance', page: 1, perPage: 1 });
  return better.total > total ? { q, total: better.total } : null;
}
