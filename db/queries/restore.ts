/**
 * Writing a published data package back into a registry (lib/import/datapackage.ts plans it): every record with the
 * id, fields and creation/update stamps the file gives, every citation with its stance and quote, a revision for
 * each record saying it was restored, and the statuses derived again by the status rule. Nothing here decides
 * whether a row may be written: the plan does, and a commit writes only a plan without problems.
 */
import type { Db } from '../index';
import type { ExportTableName } from '../../lib/export/columns';
import { getMonumentById } from './monuments';
import { getReportById } from './reports';
import { insertRevision, type Actor } from './revisions';
import { reindexMonument, reindexSite } from './search-index';
import { getSiteById } from './sites';
import { getSourceById } from './sources';
import { refreshMonumentStatus, touchDatasetVersion } from './status';
import { storedColumnMap } from './export';

/** Tables a data package restores (evidence.csv describes images whose files are not in the package). */
export type RecordTable = Exclude<ExportTableName, 'report_sources' | 'evidence'>;
/** A record as SQL column → value (the export's stored columns, lib/export/columns.ts). */
export type StoredRecord = Record<string, string | number | null>;
export interface CitationRow {
  report_id: number;
  source_id: number;
  stance: string;
  quote: string | null;
}

const ENTITY = { sites: 'site', monuments: 'monument', reports: 'report', sources: 'source' } as const;

/** The SQL columns a restore writes for each table, in export order (id first). */
export const restoreColumns = (table: RecordTable): string[] => storedColumnMap(table).map((c) => c.sql);

/** Whether the registry holds no site, monument, source or report at all (deleted ones count: their ids are taken). */
export function registryIsEmpty(db: Db): boolean {
  return !db.$client
    .prepare(
      'SELECT 1 FROM sites UNION ALL SELECT 1 FROM monuments UNION ALL SELECT 1 FROM sources UNION ALL SELECT 1 FROM reports LIMIT 1',
    )
    .get();
}

/** A stored record's restorable columns (and deleted_at), or undefined. */
export function storedRecord(
  db: Db,
  table: RecordTable,
  id: number,
): (StoredRecord & { deleted_at: string | null }) | undefined {
  const cols = restoreColumns(table).map((c) => `"${c}"`);
  return db.$client.prepare(`SELECT ${cols.join(', ')}, deleted_at FROM "${table}" WHERE id = ?`).get(id) as
    (StoredRecord & { deleted_at: string | null }) | undefined;
}

/** Ids of the records whose column holds this value. */
export function idsWhere(db: Db, table: RecordTable, column: string, value: string | number): number[] {
  return db.$client
    .prepare(`SELECT id FROM "${table}" WHERE "${column}" = ? ORDER BY id`)
    .pluck()
    .all(value) as number[];
}

export function storedCitations(db: Db, reportId: number): CitationRow[] {
  return db.$client
    .prepare('SELECT report_id, source_id, stance, quote FROM report_sources WHERE report_id = ? ORDER BY source_id')
    .all(reportId) as CitationRow[];
}

export interface RestoreInput {
  sites: StoredRecord[];
  monuments: { record: StoredRecord; altNames: { name: string; lang: string }[] }[];
  sources: StoredRecord[];
  reports: StoredRecord[];
  /** Citations to add: of restored reports, and new ones of reports already here. */
  citations: CitationRow[];
  /** The package's dataset version, kept when the registry was empty (the same data, the same version). */
  datasetVersion: string | null;
  keepVersion: boolean;
  comment: string;
}

function insertRow(db: Db, table: RecordTable, record: StoredRecord): void {
  const cols = restoreColumns(table);
  db.$client
    .prepare(
      `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
    )
    .run(...cols.map((c) => record[c] ?? null));
}

/** Writes a planned restore; call inside the import's write transaction. */
export function restoreRecords(db: Db, input: RestoreInput, actor: Actor): void {
  const revision = (table: RecordTable, id: number, after: unknown, before: unknown = null) =>
    insertRevision(db, {
      entityType: ENTITY[table],
      entityId: id,
      action: before ? 'update' : 'create',
      actor,
      before,
      after,
      comment: input.comment,
    });
  for (const s of input.sites) {
    insertRow(db, 'sites', s);
    revision('sites', s.id as number, getSiteById(db, s.id as number));
    reindexSite(db, s.id as number);
  }
  const altName = db.$client.prepare('INSERT INTO monument_names (monument_id, name, lang) VALUES (?, ?, ?)');
  for (const { record, altNames } of input.monuments) {
    insertRow(db, 'monuments', record);
    for (const n of altNames) altName.run(record.id, n.name, n.lang);
  }
  for (const s of input.sources) {
    insertRow(db, 'sources', s);
    revision('sources', s.id as number, getSourceById(db, s.id as number));
  }
  const restoredReports = new Set(input.reports.map((r) => r.id as number));
  for (const r of input.reports) insertRow(db, 'reports', r);
  // Reports already here that gain a citation: their history shows the citation added.
  const gaining = new Map<number, unknown>();
  for (const c of input.citations)
    if (!restoredReports.has(c.report_id) && !gaining.has(c.report_id))
      gaining.set(c.report_id, getReportById(db, c.report_id));
  const cite = db.$client.prepare(
    'INSERT INTO report_sources (report_id, source_id, stance, quote) VALUES (?, ?, ?, ?)',
  );
  for (const c of input.citations) cite.run(c.report_id, c.source_id, c.stance, c.quote);

  const monumentIds = new Set(input.monuments.map((m) => m.record.id as number));
  for (const r of input.reports) monumentIds.add(r.monument_id as number);
  for (const id of gaining.keys()) monumentIds.add(getReportById(db, id)!.monumentId);
  for (const id of monumentIds) refreshMonumentStatus(db, id);
  for (const { record } of input.monuments) {
    reindexMonument(db, record.id as number);
    revision('monuments', record.id as number, getMonumentById(db, record.id as number));
  }
  for (const r of input.reports) revision('reports', r.id as number, getReportById(db, r.id as number));
  for (const [id, before] of gaining) revision('reports', id, getReportById(db, id), before);

  touchDatasetVersion(db);
  if (input.keepVersion && input.datasetVersion)
    db.$client.prepare("UPDATE meta SET value = ? WHERE key = 'dataset_version'").run(input.datasetVersion);
}
