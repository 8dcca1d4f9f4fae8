/**
 * Restoring a published data package (dataset.zip from /export or a release), or report_sources.csv on its own: the
 * plan of what a restore would write, with every problem. Into an empty registry every record keeps its id, fields,
 * stamps and citations, so that exporting again gives the same CSV bytes (docs/export.md "Restoring a registry").
 * Into a registry with data, a file id is used only where it denotes the same record (same UNESCO number or slug, same
 * source address or title); anything else is refused and nothing is written. Citations are never re-linked: one that
 * differs from the registry's is a problem, not an update.
 */
import crypto from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import type { Db } from '../../db/index';
import { storedColumnMap } from '../../db/queries/export';
import {
  idsWhere,
  registryIsEmpty,
  restoreRecords,
  storedCitations,
  storedRecord,
  type CitationRow,
  type RecordTable,
  type RestoreInput,
  type StoredRecord,
} from '../../db/queries/restore';
import type { Actor } from '../../db/queries/revisions';
import { exportTable, isNeutralised, type ColumnDef, type ExportTableName } from '../export/columns';
import { restoreFormula } from './cells';
import type { ImportPlan, ImportSettings } from './plan';
import type { PlanRow, Problem, Notice, PlanCounts } from './types';

/** A zip archive (local file header signature). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** A zip holding a datapackage.json (a spreadsheet workbook is a zip too, and is the record importer's to refuse). */
function isPackageZip(bytes: Uint8Array): boolean {
  if (!isZip(bytes)) return false;
  let found = false;
  try {
    unzipSync(bytes, {
      filter: (file) => {
        if (file.name === 'datapackage.json') found = true;
        return false; // names only: nothing is decompressed
      },
    });
  } catch {
    return false;
  }
  return found;
}

const CITATION_HEADER = /^(?:\uFEFF)?"?report_id"?,"?source_id"?,"?stance"?/;

/** report_sources.csv (its header), which the record importer does not read. */
export function isCitationsCsv(bytes: Uint8Array): boolean {
  const start = Buffer.from(bytes.subarray(0, 200)).toString('utf8');
  return CITATION_HEADER.test(start);
}

/** Whether a file is for this module rather than the record importer. */
export function isRestoreFile(bytes: Uint8Array): boolean {
  return isPackageZip(bytes) || isCitationsCsv(bytes);
}

type Row = { row: number; values: StoredRecord; cells: Record<string, string> };

interface Reading {
  problems: Problem[];
  notices: Notice[];
  tables: Partial<Record<ExportTableName, Row[]>>;
  datasetVersion: string | null;
  /** Exported with filters: a part of the data, which does not carry the whole dataset's version. */
  filtered: boolean;
}

const problem = (
  code: string,
  values: Record<string, string | number>,
  row: number | null = null,
  column: string | null = null,
): Problem => ({
  row,
  line: row,
  column,
  code,
  values,
});

const STAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,3})?Z$/;

/** A cell as the value stored in the database (or a reason it cannot be). */
function cellValue(
  column: ColumnDef,
  cell: string,
): { ok: true; value: string | number | null } | { ok: false; expected: string } {
  if (cell === '')
    return column.required ? { ok: false, expected: 'a value (the column is required)' } : { ok: true, value: null };
  switch (column.type) {
    case 'integer':
      return /^-?\d{1,15}$/.test(cell) ? { ok: true, value: Number(cell) } : { ok: false, expected: 'a whole number' };
    case 'number': {
      const n = Number(cell);
      return cell.trim() !== '' && Number.isFinite(n) ? { ok: true, value: n } : { ok: false, expected: 'a number' };
    }
    case 'boolean':
      if (cell === 'true') return { ok: true, value: 1 };
      if (cell === 'false') return { ok: true, value: 0 };
      return { ok: false, expected: 'true or false' };
    case 'datetime': {
      const m = STAMP.exec(cell);
      if (!m || Number.isNaN(Date.parse(cell)))
        return { ok: false, expected: 'a UTC time such as 2026-12-01T10:00:00Z' };
      // Stored as every stamp is, with milliseconds.
      return { ok: true, value: `${m[1]}${(m[2] ?? '.000').padEnd(4, '0')}Z` };
    }
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(cell)
        ? { ok: true, value: cell }
        : { ok: false, expected: 'a date such as 2026-12-01' };
    default:
      return { ok: true, value: isNeutralised(column) ? restoreFormula(cell) : cell };
  }
}

/** Reads one CSV of the package: header checked against the export's columns, every stored column converted. */
function readTable(name: ExportTableName, text: string, problems: Problem[]): Row[] | undefined {
  const table = exportTable(name);
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: false, skip_empty_lines: false }) as string[][];
  } catch (error) {
    problems.push(problem('packageInvalid', { reason: `${table.path}: ${(error as Error).message}` }));
    return undefined;
  }
  const [header = [], ...body] = records;
  const missing = table.columns.map((c) => c.name).filter((c) => !header.includes(c));
  if (missing.length) {
    problems.push(problem('packageColumns', { file: table.path, columns: missing.join(', ') }));
    return undefined;
  }
  const mapped = storedColumnMap(name);
  const columns = new Map(table.columns.map((c) => [c.name, c]));
  const index = new Map(header.map((h, i) => [h, i]));
  return body.map((cells, i) => {
    const row = i + 2;
    const values: StoredRecord = {};
    const byName: Record<string, string> = {};
    for (const [h, j] of index) byName[h] = cells[j] ?? '';
    for (const { column, sql } of mapped) {
      const v = cellValue(columns.get(column)!, byName[column]!);
      if (v.ok) values[sql] = v.value;
      else
        problems.push(
          problem(
            'packageValue',
            { file: table.path, value: byName[column]!.slice(0, 80), expected: v.expected },
            row,
            column,
          ),
        );
    }
    return { row, values, cells: byName };
  });
}

/** "Bel (fr) | بل (ar)" → names with their language tags. */
function altNames(cell: string): { name: string; lang: string }[] | null {
  if (cell === '') return [];
  const out: { name: string; lang: string }[] = [];
  for (const part of restoreFormula(cell).split(' | ')) {
    const m = /^(.+) \(([a-z][a-zA-Z0-9-]*)\)$/s.exec(part);
    if (!m) return null;
    out.push({ name: m[1]!, lang: m[2]! });
  }
  return out;
}

const ISO_VERSION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function readPackage(bytes: Uint8Array): Reading {
  const reading: Reading = { problems: [], notices: [], tables: {}, datasetVersion: null, filtered: false };
  if (!isZip(bytes)) {
    reading.tables.report_sources = readTable('report_sources', Buffer.from(bytes).toString('utf8'), reading.problems);
    return reading;
  }
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (error) {
    reading.problems.push(problem('packageInvalid', { reason: `not a readable zip (${(error as Error).message})` }));
    return reading;
  }
  const descriptorBytes = files['datapackage.json'];
  if (!descriptorBytes) {
    reading.problems.push(problem('packageInvalid', { reason: 'there is no datapackage.json in it' }));
    return reading;
  }
  let descriptor: { name?: string; version?: string; datasetVersion?: string | null; filters?: string };
  try {
    descriptor = JSON.parse(Buffer.from(descriptorBytes).toString('utf8'));
  } catch {
    reading.problems.push(problem('packageInvalid', { reason: 'its datapackage.json is not JSON' }));
    return reading;
  }
  if (descriptor.name !== 'heritage-damage-registry') {
    reading.problems.push(
      problem('packageInvalid', {
        reason: `it is the package "${String(descriptor.name).slice(0, 60)}", not this registry's`,
      }),
    );
    return reading;
  }
  reading.datasetVersion =
    descriptor.datasetVersion ??
    (descriptor.version && ISO_VERSION.test(descriptor.version) ? descriptor.version : null);
  reading.notices.push({ code: 'restorePackage', values: { version: descriptor.version ?? 'unversioned' } });
  reading.filtered = !!descriptor.filters;
  if (descriptor.filters) reading.notices.push({ code: 'restoreFiltered', values: { query: descriptor.filters } });
  for (const name of ['sites', 'monuments', 'sources', 'reports', 'report_sources'] as const) {
    const file = files[exportTable(name).path];
    if (!file) {
      reading.problems.push(problem('packageInvalid', { reason: `${exportTable(name).path} is missing` }));
      continue;
    }
    reading.tables[name] = readTable(name, Buffer.from(file).toString('utf8'), reading.problems);
  }
  return reading;
}

const KIND = { sites: 'site', monuments: 'monument', sources: 'source', reports: 'report' } as const;

/** What identifies a record besides its id (a record here with the same key is the same record). */
function identity(table: RecordTable, r: StoredRecord): [column: string, value: string | number][] {
  const keys: [string, string | number | null][] =
    table === 'sites'
      ? [
          ['unesco_id_no', r.unesco_id_no ?? null],
          ['slug', r.slug ?? null],
        ]
      : table === 'monuments'
        ? [['slug', r.slug ?? null]]
        : table === 'sources'
          ? r.url
            ? [['url', r.url]]
            : [['title', r.title ?? null]]
          : [];
  return keys.filter((k): k is [string, string | number] => k[1] !== null);
}

function sameRecord(table: RecordTable, file: StoredRecord, here: StoredRecord): boolean {
  if (table === 'reports') return file.monument_id === here.monument_id && file.summary === here.summary;
  if (table === 'sources')
    return file.url && here.url
      ? file.url === here.url
      : file.title === here.title && file.publisher === here.publisher;
  return identity(table, file).some(([c, v]) => here[c] === v);
}

const seconds = (v: unknown) => (typeof v === 'string' && STAMP.test(v) ? v.replace(/\.\d+Z$/, 'Z') : v);
const label = (table: RecordTable, r: StoredRecord) =>
  String(r.slug ?? r.title ?? (typeof r.summary === 'string' ? r.summary.slice(0, 60) : `#${r.id}`));

export interface PlannedRestore {
  plan: ImportPlan;
  input: RestoreInput | null;
}

/** Plans a restore of the package (or citations file); writes nothing. */
export function planRestore(db: Db, bytes: Uint8Array, settings: ImportSettings): PlannedRestore {
  const reading = readPackage(bytes);
  const problems = reading.problems;
  const rows: PlanRow[] = [];
  const empty = registryIsEmpty(db);
  const input: RestoreInput = {
    sites: [],
    monuments: [],
    sources: [],
    reports: [],
    citations: [],
    datasetVersion: reading.datasetVersion,
    keepVersion: empty && isZip(bytes) && !reading.filtered,
    comment: `Restored from ${settings.fileName}${reading.datasetVersion ? ` (dataset version ${reading.datasetVersion})` : ''}`,
  };
  const inFile: Record<RecordTable, Set<number>> = {
    sites: new Set(),
    monuments: new Set(),
    sources: new Set(),
    reports: new Set(),
  };
  const restored = new Set<number>(); // reports written by this restore
  const matchedReports = new Set<number>();

  for (const table of ['sites', 'monuments', 'sources', 'reports'] as const) {
    const file = exportTable(table).path;
    for (const r of reading.tables[table] ?? []) {
      const id = r.values.id as number;
      if (typeof id !== 'number') continue;
      if (inFile[table].has(id)) {
        problems.push(
          problem(
            'packageValue',
            { file, value: String(id), expected: 'an id used once' },
            r.row,
            exportTable(table).primaryKey[0]!,
          ),
        );
        continue;
      }
      inFile[table].add(id);
      const kind = KIND[table];
      // Parents: in the file, or here already.
      const parent =
        table === 'monuments'
          ? (['sites', 'site_id'] as const)
          : table === 'reports'
            ? (['monuments', 'monument_id'] as const)
            : null;
      if (parent) {
        const pid = r.values[parent[1]] as number;
        if (!inFile[parent[0]].has(pid) && !storedRecord(db, parent[0], pid))
          problems.push(problem('restoreNoParent', { file, kind: KIND[parent[0]], id: pid }, r.row, parent[1]));
      }
      let names: { name: string; lang: string }[] = [];
      if (table === 'monuments') {
        const parsed = altNames(r.cells.alternative_names ?? '');
        if (!parsed)
          problems.push(
            problem(
              'packageValue',
              {
                file,
                value: (r.cells.alternative_names ?? '').slice(0, 80),
                expected: '"name (lang)" joined with " | "',
              },
              r.row,
              'alternative_names',
            ),
          );
        names = parsed ?? [];
      }
      const here = storedRecord(db, table, id);
      if (here) {
        if (!sameRecord(table, r.values, here)) {
          problems.push(
            problem(
              'restoreOtherRecord',
              { file, kind, id, here: label(table, here), there: label(table, r.values) },
              r.row,
            ),
          );
          continue;
        }
        if (here.deleted_at) {
          problems.push(problem('restoreDeleted', { file, kind, id }, r.row));
          continue;
        }
        const differs = Object.keys(r.values).filter(
          (c) => String(seconds(r.values[c]) ?? '') !== String(seconds(here[c]) ?? ''),
        );
        if (differs.length) {
          problems.push(problem('restoreDiffers', { file, kind, id, columns: differs.join(', ') }, r.row));
          continue;
        }
        if (table === 'reports') matchedReports.add(id);
        rows.push({
          row: r.row,
          line: r.row,
          action: 'unchanged',
          id,
          label: `${file}: ${label(table, r.values)}`,
          changes: [],
        });
        continue;
      }
      const clash = identity(table, r.values).flatMap(([c, v]) =>
        idsWhere(db, table, c, v).map((other) => ({ c, v, other })),
      );
      if (clash.length) {
        const { c, v, other } = clash[0]!;
        problems.push(problem('restoreOtherId', { file, kind, id, other, key: `${c} ${v}` }, r.row));
        continue;
      }
      if (table === 'monuments') input.monuments.push({ record: r.values, altNames: names });
      else input[table].push(r.values);
      if (table === 'reports') restored.add(id);
      rows.push({
        row: r.row,
        line: r.row,
        action: 'create',
        id,
        label: `${file}: ${label(table, r.values)}`,
        changes: [],
      });
    }
  }

  // Citations: of restored reports, all; of reports here, the same ones (or, from report_sources.csv alone, new ones).
  const wholePackage = isZip(bytes);
  const byReport = new Map<number, CitationRow[]>();
  for (const r of reading.tables.report_sources ?? []) {
    const c = {
      report_id: r.values.report_id as number,
      source_id: r.values.source_id as number,
      stance: r.values.stance as string,
      quote: (r.values.quote as string | null) ?? null,
    };
    if (typeof c.report_id !== 'number' || typeof c.source_id !== 'number') continue;
    const list = byReport.get(c.report_id) ?? [];
    if (list.some((x) => x.source_id === c.source_id)) {
      problems.push(
        problem(
          'packageValue',
          {
            file: 'report_sources.csv',
            value: `${c.report_id},${c.source_id}`,
            expected: 'each report and source once',
          },
          r.row,
        ),
      );
      continue;
    }
    list.push(c);
    byReport.set(c.report_id, list);
    const reportKnown =
      inFile.reports.has(c.report_id) || (!wholePackage && !!storedRecord(db, 'reports', c.report_id));
    const sourceKnown = inFile.sources.has(c.source_id) || !!storedRecord(db, 'sources', c.source_id);
    if (!reportKnown || !sourceKnown) {
      problems.push(problem('restoreCitationTarget', { report: c.report_id, source: c.source_id }, r.row));
      continue;
    }
    if (restored.has(c.report_id)) {
      input.citations.push(c);
      continue;
    }
    if (wholePackage && !matchedReports.has(c.report_id)) continue; // its report was refused
    const stored = storedCitations(db, c.report_id).find((x) => x.source_id === c.source_id);
    if (!stored) {
      if (wholePackage)
        problems.push(problem('restoreCitationDiffers', { report: c.report_id, source: c.source_id }, r.row));
      else {
        input.citations.push(c);
        rows.push({
          row: r.row,
          line: r.row,
          action: 'create',
          id: null,
          label: `report_sources.csv: report ${c.report_id} → source ${c.source_id}`,
          changes: [],
        });
      }
    } else if (stored.stance !== c.stance || (stored.quote ?? null) !== c.quote)
      problems.push(problem('restoreCitationDiffers', { report: c.report_id, source: c.source_id }, r.row));
    else if (!wholePackage)
      rows.push({
        row: r.row,
        line: r.row,
        action: 'unchanged',
        id: null,
        label: `report_sources.csv: report ${c.report_id} → source ${c.source_id}`,
        changes: [],
      });
  }
  if (wholePackage) {
    for (const id of matchedReports) {
      const mine = byReport.get(id) ?? [];
      if (storedCitations(db, id).some((s) => !mine.some((c) => c.source_id === s.source_id)))
        problems.push(problem('restoreCitationDiffers', { report: id, source: '…' }));
    }
    // The flattened source ids of reports.csv must say what report_sources.csv says (a file edited by hand).
    for (const r of reading.tables.reports ?? []) {
      const id = r.values.id as number;
      const mine = byReport.get(id) ?? [];
      for (const stance of ['supports', 'disputes'] as const) {
        const listed = (r.cells[stance === 'supports' ? 'supporting_source_ids' : 'disputing_source_ids'] ?? '')
          .split(';')
          .filter(Boolean)
          .map(Number)
          .sort((a, b) => a - b)
          .join(';');
        const related = mine
          .filter((c) => c.stance === stance)
          .map((c) => c.source_id)
          .sort((a, b) => a - b)
          .join(';');
        if (listed !== related) problems.push(problem('restoreCitationsDisagree', { report: id }, r.row));
      }
    }
  }

  const counts: PlanCounts = { create: 0, update: 0, unchanged: 0, skip: 0 };
  for (const r of rows) counts[r.action]++;
  const fileHash = crypto.createHash('sha256').update(bytes).digest('hex');
  const fingerprint = crypto
    .createHash('sha256')
    .update(
      JSON.stringify({
        settings,
        fileHash,
        rows: rows.map((r) => [r.row, r.action, r.id, r.label]),
        problems: problems.length,
      }),
    )
    .digest('hex');
  const plan: ImportPlan = {
    settings,
    type: null,
    encoding: 'utf-8',
    delimiter: 'comma',
    bytes: bytes.length,
    totalRows: rows.length + problems.filter((p) => p.row !== null).length,
    notices: reading.notices,
    problems: problems.slice(0, 1000),
    problemCount: problems.length,
    rows,
    counts,
    fileHash,
    fingerprint,
  };
  return { plan, input: problems.length ? null : input };
}

/** Writes a planned restore inside the caller's transaction. */
export function applyRestore(db: Db, input: RestoreInput, actor: Actor): void {
  restoreRecords(db, input, actor);
}
