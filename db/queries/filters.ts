import type { BBox, Filters } from '../../lib/filters';
import { tokens, withoutArabicArticle } from '../../lib/text';
import { reviewStates, type ReviewState } from '../../lib/vocab';
import { facetToken } from './search-index';

/**
 * SQL conditions for the shared public filters, as raw SQL on the aliases m (monuments), s (sites) and r (reports).
 * Used by search, the JSON API and the exports so that all three select the same records.
 */
export interface SqlFragment {
  sql: string;
  params: unknown[];
}

/**
 * What the user typed as FTS5 terms: each word (folded like the index) becomes a quoted prefix term, so quotes,
 * parentheses, AND/OR/NOT, * and - are searched as text and never parsed as FTS syntax. Null when nothing
 * searchable remains.
 */
function ftsTerms(q: string): string | null {
  // Arabic words are looked up without their article: the index holds both forms (lib/text.ts indexText).
  const words = tokens(q)
    .slice(0, 12)
    .map((w) => withoutArabicArticle(w) ?? w);
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ');
}

/**
 * The FTS5 MATCH expression of a text query: every term, in the names, the body or the published reports' text
 * (never the filter tokens).
 */
export function ftsQuery(q: string): string | null {
  const terms = ftsTerms(q);
  return terms === null ? null : `{names body reports} : (${terms})`;
}

/** The same terms in a record's own text only (names and body, not its reports): the curators' record pickers. */
export function ftsOwnTextQuery(q: string): string | null {
  const terms = ftsTerms(q);
  return terms === null ? null : `{names body} : (${terms})`;
}

/** The same terms as `ftsQuery`, all required in the names column (monument or site names and alternative names). */
export function ftsNamesQuery(q: string): string | null {
  const terms = ftsTerms(q);
  return terms === null ? null : `{names} : (${terms})`;
}

/**
 * The monument filters the search index can answer (kind, current status, country, and site given by id), as an
 * FTS5 expression over the `facets` column to AND with a text query; '' when none is set. Vocabulary codes and
 * country codes are validated before they get here (lib/filters.ts), so they never carry FTS syntax.
 */
export function ftsFacets(f: Pick<Filters, 'kind' | 'status' | 'country'>, siteIds: number[] | null): string {
  const groups = [
    f.kind.map(facetToken.kind),
    f.status.map(facetToken.status),
    f.country.map(facetToken.country),
    (siteIds ?? []).map(facetToken.site),
  ]
    .filter((tokens) => tokens.length > 0)
    .map((tokens) => `facets : (${tokens.join(' OR ')})`);
  return groups.join(' AND ');
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/**
 * Which reports count as visible. Public reads use the default (published only); a signed-in editor's export
 * may ask for drafts too (`['published', 'draft']`). Rejected and deleted reports are never visible.
 */
export interface VisibilityOptions {
  reviewStates?: readonly ReviewState[];
}

/** Report-level conditions (cause, verification, reported actor, event-date range) on alias r: published (or as asked), not deleted. */
export function reportConditions(f: Filters, options: VisibilityOptions = {}): SqlFragment {
  // Review states are vocabulary codes (never user text), so they are inlined. Published-only (the public default) is
  // written exactly as the partial index reports_published_idx says, so SQLite answers the report filters from that
  // index alone. Other sets keep the unary +, which stops the planner from scanning an index on the state itself.
  const states = options.reviewStates ?? ['published'];
  if (states.length === 0 || states.some((s) => !(reviewStates.codes as readonly string[]).includes(s)))
    throw new Error(`invalid review states: ${states.join(', ')}`);
  const visible =
    states.length === 1 && states[0] === 'published'
      ? "r.review_state = 'published'"
      : states.length === 1
        ? `+r.review_state = '${states[0]}'`
        : `+r.review_state IN (${states.map((s) => `'${s}'`).join(', ')})`;
  const where = [visible, 'r.deleted_at IS NULL'];
  const params: unknown[] = [];
  if (f.cause.length) {
    where.push(`r.cause IN (${placeholders(f.cause.length)})`);
    params.push(...f.cause);
  }
  if (f.verification.length) {
    where.push(`r.verification_status IN (${placeholders(f.verification.length)})`);
    params.push(...f.verification);
  }
  if (f.actor) {
    where.push('r.reported_actor = ?');
    params.push(f.actor);
  }
  // A report matches a date range when its own (possibly approximate) date span overlaps it.
  if (f.from) {
    where.push('coalesce(r.event_date_end, r.event_date) >= ?');
    params.push(f.from);
  }
  if (f.to) {
    where.push('r.event_date <= ?');
    params.push(f.to);
  }
  return { sql: where.join(' AND '), params };
}

/** Whether any report-level filter (cause, verification, event-date range) is set. */
export const hasReportFilters = (f: Filters) =>
  f.cause.length > 0 || f.verification.length > 0 || !!f.actor || !!f.from || !!f.to;

/**
 * Monument-level conditions on aliases m and s (join `sites s ON s.id = m.site_id`): not deleted, country, site,
 * kind, current status, the text query (FTS), and — when report filters are set — at least one matching report.
 */
export function monumentConditions(f: Filters, options: VisibilityOptions = {}): SqlFragment {
  const site = siteConditions(f);
  const where = ['m.deleted_at IS NULL', site.sql];
  const params: unknown[] = [...site.params];
  if (f.kind.length) {
    where.push(`m.kind IN (${placeholders(f.kind.length)})`);
    params.push(...f.kind);
  }
  if (f.status.length) {
    where.push(`m.status_level IN (${placeholders(f.status.length)})`);
    params.push(...f.status);
  }
  if (f.q) {
    const match = ftsQuery(f.q);
    if (match === null)
      where.push('0'); // only punctuation: nothing can match
    else {
      where.push('m.id IN (SELECT rowid / 2 FROM search_index WHERE search_index MATCH ? AND rowid % 2 = 0)');
      params.push(match);
    }
  }
  if (f.bbox) {
    const g = bboxIds(f.bbox);
    where.push(`m.id IN (${g.sql})`);
    params.push(...g.params);
  }
  if (hasReportFilters(f)) {
    const r = reportConditions(f, options);
    where.push(`EXISTS (SELECT 1 FROM reports r WHERE r.monument_id = m.id AND ${r.sql})`);
    params.push(...r.params);
  }
  return { sql: where.join(' AND '), params };
}

/**
 * Site-level conditions on alias s: not deleted, country and site. The monument-level filters (kind, status and the
 * report filters) say nothing about a site, so a site list applies only these two.
 */
export function siteConditions(f: Pick<Filters, 'country' | 'site'>): SqlFragment {
  const where = ['s.deleted_at IS NULL'];
  const params: unknown[] = [];
  if (f.country.length) {
    where.push(`(${f.country.map(() => "(',' || s.country_codes || ',') LIKE ?").join(' OR ')})`);
    params.push(...f.country.map((c) => `%,${c},%`));
  }
  if (f.site.length) {
    where.push(`s.slug IN (${placeholders(f.site.length)})`);
    params.push(...f.site);
  }
  return { sql: where.join(' AND '), params };
}

/**
 * The ids of the monuments inside a box, from the R*Tree `monument_geo` (migration 0012). A box with minLon > maxLon
 * crosses the antimeridian: two boxes, one each side of it.
 */
export function bboxIds(b: BBox): SqlFragment {
  const one = 'SELECT id FROM monument_geo WHERE min_lon >= ? AND max_lon <= ? AND min_lat >= ? AND max_lat <= ?';
  if (b.minLon <= b.maxLon) return { sql: one, params: [b.minLon, b.maxLon, b.minLat, b.maxLat] };
  return {
    sql: `${one} UNION ALL ${one}`,
    params: [b.minLon, 180, b.minLat, b.maxLat, -180, b.maxLon, b.minLat, b.maxLat],
  };
}

/** The same box on a site's own coordinates (alias s), for site lists. */
export function siteBBoxCondition(b: BBox): SqlFragment {
  const lat = 's.latitude BETWEEN ? AND ?';
  if (b.minLon <= b.maxLon)
    return { sql: `${lat} AND s.longitude BETWEEN ? AND ?`, params: [b.minLat, b.maxLat, b.minLon, b.maxLon] };
  return { sql: `${lat} AND (s.longitude >= ? OR s.longitude <= ?)`, params: [b.minLat, b.maxLat, b.minLon, b.maxLon] };
}
