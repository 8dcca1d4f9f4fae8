/**
 * Reads for the research exports: one SQL query per export file, run on a dedicated read-only connection
 * inside one read transaction (a snapshot), so that every file of a data package sees the same data and the
 * dataset version in the headers matches the rows. Rows are iterated, never collected: an open iterator makes every other statement on its connection throw, and collecting 1M rows would hold them all in memory.
 */
import type Database from 'better-sqlite3';
import { getTableColumns } from 'drizzle-orm';
import { currentDatabaseFile, openDatabase, type Db } from '../index';
import { monumentConditions, reportConditions, type VisibilityOptions } from './filters';
import { getDatasetVersion } from './status';
import { hasNarrowingFilters, type Filters } from '../../lib/filters';
import { exportTable, monumentsTable, storedColumns, type ExportTableName } from '../../lib/export/columns';
import { monuments } from '../schema';

export interface ExportSnapshot {
  readonly db: Db;
  /** The dataset version (time of the last published change) the snapshot sees; null for an empty registry. */
  readonly datasetVersion: string | null;
  /** Ends the read transaction and closes the connection; safe to call twice. */
  close(): void;
}

let openSnapshots = 0;
/** How many export snapshots are open right now (tests check that a cancelled download closed its connection). */
export const openExportSnapshotCount = () => openSnapshots;

/**
 * Opens a read-only connection to the registry's database and starts a read transaction on it. WAL lets curators
 * keep writing meanwhile; the snapshot keeps seeing the data as it was when the export started.
 */
export function openExportSnapshot(file: string = currentDatabaseFile()): ExportSnapshot {
  const db = openDatabase(file, { readonly: true });
  const client = db.$client;
  let datasetVersion: string | null;
  try {
    client.exec('BEGIN');
    datasetVersion = getDatasetVersion(db); // the first read fixes the snapshot
  } catch (error) {
    client.close();
    throw error;
  }
  openSnapshots++;
  let closed = false;
  return {
    db,
    datasetVersion,
    close() {
      if (closed) return;
      closed = true;
      openSnapshots--;
      try {
        if (client.inTransaction) client.exec('COMMIT');
      } finally {
        client.close();
      }
    },
  };
}

export interface ExportQueryOptions extends VisibilityOptions {
  /** Absolute base URL of the public site, for the `url` columns. */
  baseUrl: string;
}

/**
 * A stored stamp ("2026-11-27T15:00:00.123Z") in whole seconds ("2026-11-27T15:00:00Z"): Table Schema's default
 * `datetime` format has no fractions, and the Frictionless validators refuse every row that carries them.
 */
const wholeSeconds = (column: string) => `strftime('%Y-%m-%dT%H:%M:%SZ', ${column})`;

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * The sources report r cites, as one JSON array of [stance, source_id, title, publisher, url] in source id order:
 * one index lookup per report instead of one per flattened column (lib/export/csv.ts splits it into the columns),
 * and JSON, so that no title can break the packing.
 */
const CITATIONS =
  '(SELECT json_group_array(json_array(c.stance, c.source_id, c.title, c.publisher, c.url)) FROM (SELECT rs.stance, rs.source_id, so.title, so.publisher, so.url' +
  ' FROM report_sources rs JOIN sources so ON so.id = rs.source_id WHERE rs.report_id = r.id AND so.deleted_at IS NULL ORDER BY rs.source_id) AS c)';

/** Published reports of monument m (the unary + keeps SQLite on the monument index, see db/queries/filters.ts). */
const publishedReports = (extra = '') =>
  `(SELECT count(*) FROM reports pr WHERE pr.monument_id = m.id AND +pr.review_state = 'published' AND pr.deleted_at IS NULL${extra})`;

/**
 * The monuments' plain fields (lib/records/monument.ts), each selected from its own column as stored: a field added
 * there is exported without a line here.
 */
const monumentPlainColumns: Record<string, string> = (() => {
  const table = getTableColumns(monuments) as Record<string, { name: string } | undefined>;
  const out: Record<string, string> = {};
  for (const c of monumentsTable.columns) {
    if (!c.field) continue;
    const column = table[c.field];
    if (!column) throw new Error(`export column monuments.${c.name}: no column ${c.field} in db/schema.ts`);
    out[c.name] = `m."${column.name}"`;
  }
  return out;
})();

/** SQL expression of every stored (non-label) column, by export column name. */
function expressions(table: ExportTableName, baseUrl: string): Record<string, string> {
  const base = baseUrl.replace(/\/$/, '');
  switch (table) {
    case 'sites':
      return {
        site_id: 's.id',
        slug: 's.slug',
        unesco_id_no: 's.unesco_id_no',
        name: 's.name',
        name_ar: 's.name_ar',
        name_fr: 's.name_fr',
        country_codes: 's.country_codes',
        states_name: 's.states_name',
        states_name_ar: 's.states_name_ar',
        latitude: 's.latitude',
        longitude: 's.longitude',
        year_inscribed: 's.year_inscribed',
        criteria: 's.criteria',
        in_danger: 's.in_danger',
        in_danger_since: 's.in_danger_since',
        wikidata_qid: 's.wikidata_qid',
        description: 's.description',
        description_ar: 's.description_ar',
        url: `${literal(`${base}/sites/`)} || s.slug`,
        created_at: wholeSeconds('s.created_at'),
        updated_at: wholeSeconds('s.updated_at'),
      };
    case 'monuments':
      return {
        monument_id: 'm.id',
        slug: 'm.slug',
        name: 'm.name',
        name_ar: 'm.name_ar',
        alternative_names:
          "(SELECT group_concat(v, ' | ') FROM (SELECT mn.name || ' (' || mn.lang || ')' AS v FROM monument_names mn WHERE mn.monument_id = m.id ORDER BY mn.id))",
        site_id: 's.id',
        site_slug: 's.slug',
        site_name: 's.name',
        site_name_ar: 's.name_ar',
        country_codes: 's.country_codes',
        ...monumentPlainColumns,
        status_level: 'm.status_level',
        status_basis: 'm.status_basis',
        status_report_id: 'm.status_report_id',
        latest_event_date: 'm.latest_event_date',
        published_reports: publishedReports(),
        confirmed_reports: publishedReports(" AND pr.verification_status = 'confirmed'"),
        corroborated_reports: publishedReports(" AND pr.verification_status = 'corroborated'"),
        unverified_reports: publishedReports(" AND pr.verification_status = 'unverified'"),
        disputed_reports: publishedReports(" AND pr.verification_status = 'disputed'"),
        retracted_reports: publishedReports(" AND pr.verification_status = 'retracted'"),
        url: `${literal(`${base}/monuments/`)} || m.slug`,
        created_at: wholeSeconds('m.created_at'),
        updated_at: wholeSeconds('m.updated_at'),
      };
    case 'reports':
      return {
        report_id: 'r.id',
        monument_id: 'm.id',
        monument_slug: 'm.slug',
        monument_name: 'm.name',
        monument_name_ar: 'm.name_ar',
        site_id: 's.id',
        site_slug: 's.slug',
        site_name: 's.name',
        site_name_ar: 's.name_ar',
        country_codes: 's.country_codes',
        event_date: 'r.event_date',
        event_date_end: 'r.event_date_end',
        event_date_precision: 'r.event_date_precision',
        reported_date: 'r.reported_date',
        damage_level: 'r.damage_level',
        cause: 'r.cause',
        reported_actor: 'r.reported_actor',
        summary: 'r.summary',
        summary_ar: 'r.summary_ar',
        certainty: 'r.certainty',
        verification_status: 'r.verification_status',
        review_state: 'r.review_state',
        citations: CITATIONS,
        url: `${literal(`${base}/monuments/`)} || m.slug || '#report-' || r.id`,
        created_at: wholeSeconds('r.created_at'),
        updated_at: wholeSeconds('r.updated_at'),
      };
    case 'sources':
      return {
        source_id: 'so.id',
        title: 'so.title',
        publisher: 'so.publisher',
        url: 'so.url',
        archived_url: 'so.archived_url',
        published_date: 'so.published_date',
        source_type: 'so.source_type',
        language: 'so.language',
        created_at: wholeSeconds('so.created_at'),
        updated_at: wholeSeconds('so.updated_at'),
        citation_detail: 'so.citation_detail',
      };
    case 'report_sources':
      return { report_id: 'rs.report_id', source_id: 'rs.source_id', stance: 'rs.stance', quote: 'rs.quote' };
    case 'evidence':
      return {
        evidence_id: 'ev.id',
        report_id: 'ev.report_id',
        kind: 'ev.kind',
        caption: 'ev.caption_en',
        caption_ar: 'ev.caption_ar',
        alt_text: 'ev.alt_text',
        credit: 'ev.credit',
        licence: 'ev.licence',
        taken_date: 'ev.taken_date',
        source_id: 'ev.source_id',
        width: 'ev.width',
        height: 'ev.height',
        sha256: 'ev.sha256',
        image_url: `${literal(`${base}/evidence/`)} || ev.sha256 || '/full.jpg'`,
        created_at: 'ev.created_at',
        updated_at: 'ev.updated_at',
      };
  }
}

const TABLE_ALIAS: Record<ExportTableName, string> = {
  sites: 's',
  monuments: 'm',
  reports: 'r',
  sources: 'so',
  report_sources: 'rs',
  evidence: 'ev',
};
/** Derived by the status rule on every change: never read back from a file. */
const DERIVED = new Set(['status_level', 'status_basis', 'status_report_id', 'latest_event_date']);
/** References to the parent record, selected from the parent's own table. */
const PARENT: Partial<Record<ExportTableName, Record<string, string>>> = {
  monuments: { site_id: 'site_id' },
  reports: { monument_id: 'monument_id' },
};

/**
 * The export columns that are a stored column of the table itself, with that column's SQL name (site_id → id,
 * created_at → created_at): what restoring a data package writes back (db/queries/restore.ts). Read from the same
 * expressions the export selects, so a column added to the export is restored without a line elsewhere.
 */
export function storedColumnMap(table: ExportTableName): { column: string; sql: string }[] {
  const alias = TABLE_ALIAS[table];
  const out: { column: string; sql: string }[] = [];
  for (const [column, expr] of Object.entries(expressions(table, ''))) {
    if (DERIVED.has(column)) continue;
    const parent = PARENT[table]?.[column];
    if (parent) {
      out.push({ column, sql: parent });
      continue;
    }
    const m = new RegExp(`^(?:strftime\\('[^']*', )?${alias}\\."?([a-z_]+)"?\\)?$`).exec(expr);
    if (m) out.push({ column, sql: m[1]! });
  }
  return out;
}

const withoutReportFilters = (f: Filters): Filters => ({
  ...f,
  cause: [],
  verification: [],
  from: undefined,
  to: undefined,
});
const hasAnyFilter = (f: Filters) => !!f.q || hasNarrowingFilters(f);

/**
 * The SQL of one export file: `columns` (default: every stored column) selected in that order, with the shared
 * public filters applied as on the search page. Monument-level filters (q, country, site, kind, status) restrict
 * monuments; report-level filters (cause, verification, from, to) restrict reports, and monuments to those with
 * a matching report. Only published, non-deleted data (unless `reviewStates` asks for drafts too).
 */
export function exportQuery(
  table: ExportTableName,
  f: Filters,
  options: ExportQueryOptions,
  columns: readonly string[] = storedColumns(exportTable(table)),
  extraWhere?: string,
): { sql: string; params: unknown[] } {
  const exprs = expressions(table, options.baseUrl);
  const select = columns
    .map((name) => {
      const expr = exprs[name];
      if (!expr) throw new Error(`no SQL for export column ${table}.${name}`);
      return `${expr} AS "${name}"`;
    })
    .join(',\n  ');
  const visibility: VisibilityOptions = { reviewStates: options.reviewStates };
  const monumentsOnly = monumentConditions(withoutReportFilters(f), visibility);
  const reportLevel = reportConditions(f, visibility);
  const reportScope = {
    sql: `${monumentsOnly.sql} AND ${reportLevel.sql}`,
    params: [...monumentsOnly.params, ...reportLevel.params],
  };
  const reportJoins = 'JOIN monuments m ON m.id = r.monument_id JOIN sites s ON s.id = m.site_id';
  const and = extraWhere ? ` AND ${extraWhere}` : '';

  switch (table) {
    case 'reports':
      return {
        sql: `SELECT\n  ${select}\nFROM reports r ${reportJoins}\nWHERE ${reportScope.sql}${and}\nORDER BY r.id`,
        params: reportScope.params,
      };
    case 'monuments': {
      const c = monumentConditions(f, visibility);
      return {
        sql: `SELECT\n  ${select}\nFROM monuments m JOIN sites s ON s.id = m.site_id\nWHERE ${c.sql}${and}\nORDER BY m.id`,
        params: c.params,
      };
    }
    case 'sites': {
      if (!hasAnyFilter(f))
        return {
          sql: `SELECT\n  ${select}\nFROM sites s\nWHERE s.deleted_at IS NULL${and}\nORDER BY s.id`,
          params: [],
        };
      // Sites holding at least one matching monument (monumentConditions reads the outer s for country and site).
      const c = monumentConditions(f, visibility);
      return {
        sql: `SELECT\n  ${select}\nFROM sites s\nWHERE s.deleted_at IS NULL AND EXISTS (SELECT 1 FROM monuments m WHERE m.site_id = s.id AND ${c.sql})${and}\nORDER BY s.id`,
        params: c.params,
      };
    }
    case 'sources':
      return {
        sql:
          `SELECT\n  ${select}\nFROM sources so\nWHERE so.deleted_at IS NULL AND EXISTS (SELECT 1 FROM report_sources rs JOIN reports r ON r.id = rs.report_id ${reportJoins}` +
          ` WHERE rs.source_id = so.id AND ${reportScope.sql})${and}\nORDER BY so.id`,
        params: reportScope.params,
      };
    case 'report_sources':
      return {
        sql:
          `SELECT\n  ${select}\nFROM report_sources rs JOIN reports r ON r.id = rs.report_id ${reportJoins} JOIN sources so ON so.id = rs.source_id` +
          `\nWHERE so.deleted_at IS NULL AND ${reportScope.sql}${and}\nORDER BY rs.report_id, rs.source_id`,
        params: reportScope.params,
      };
    case 'evidence':
      // Images of the exported reports (drafts' only when drafts are exported), never a detached one.
      return {
        sql: `SELECT\n  ${select}\nFROM evidence_images ev JOIN reports r ON r.id = ev.report_id ${reportJoins}\nWHERE ev.deleted_at IS NULL AND ${reportScope.sql}${and}\nORDER BY ev.id`,
        params: reportScope.params,
      };
  }
}

/** Rows of one export file as arrays of stored values (lib/export/columns.ts storedColumns), read one by one from the snapshot. */
export function iterateExportRows(
  snapshot: ExportSnapshot,
  table: ExportTableName,
  f: Filters,
  options: ExportQueryOptions,
): IterableIterator<unknown[]> {
  const { sql, params } = exportQuery(table, f, options);
  return (snapshot.db.$client.prepare(sql) as Database.Statement<unknown[], unknown[]>).raw(true).iterate(...params);
}

/** Columns read for each feature of monuments.geojson, besides its coordinates (read last: latitude, longitude). */
export function iterateMonumentPoints(
  snapshot: ExportSnapshot,
  columns: readonly string[],
  f: Filters,
  options: ExportQueryOptions,
): IterableIterator<unknown[]> {
  const { sql, params } = exportQuery(
    'monuments',
    f,
    options,
    [...columns, 'latitude', 'longitude'],
    'm.latitude IS NOT NULL AND m.longitude IS NOT NULL',
  );
  return (snapshot.db.$client.prepare(sql) as Database.Statement<unknown[], unknown[]>).raw(true).iterate(...params);
}
