/**
 * A file → its import plan: decoded (lib/import/decode.ts), parsed (lib/import/csv.ts), its record type known
 * (given, or from the header), then every row planned against the database (lib/import/records.ts). The plan lists
 * what would be created, updated (with the changed fields) and left unchanged, and every problem; nothing is
 * written. Its fingerprint changes whenever what a commit would do changes.
 */
import crypto from 'node:crypto';
import type { Db } from '../../db/index';
import { exportTable, isNeutralised, type ExportTableName } from '../export/columns';
import { decodeBytes, type Decoded } from './decode';
import { delimiterName, parseCsv } from './csv';
import { excerpt, restoreFormula } from './cells';
import type { RowCells } from './fields';
import { PlanContext, planMonument, planReport, planSite, planSource, type RowPlan, type Write } from './records';
import { WHC_READ, WHC_REQUIRED, whcRowCells } from './whc';
import { monumentFields } from '../records/monument';
import type { Encoding, EncodingChoice, ImportKind, ImportType, Notice, PlanCounts, PlanRow, Problem } from './types';

export interface ImportSettings {
  kind: ImportKind;
  /** The record type of a CSV ("auto": from the header). Ignored for the UNESCO list (always sites). */
  type: ImportType | 'auto';
  encoding: EncodingChoice;
  /** Shown in the plan and used in revision agents ("import:FILE"). */
  fileName: string;
  /**
   * Lets a change replace letters with "?" or "�" (an older or re-encoded copy over better data). Without it such a
   * change is a problem of its row; with it the plan still counts them in a notice.
   */
  allowLossy?: boolean;
}

export interface ImportLimits {
  maxBytes: number;
  maxRows: number;
  maxProblems: number;
  /**
   * How many rows the plan keeps with their changes (default: all). The counts and the fingerprint always cover
   * every row; a plan of 100,000 rows shown 500 at a time (the web page) or not listed (`--quiet`) need not hold
   * 100,000 row views in memory.
   */
  keptRows?: number;
}

export interface ImportPlan {
  settings: ImportSettings;
  /** The record type the rows were read as (null when the file could not be read that far). */
  type: ImportType | null;
  encoding: Encoding | null;
  delimiter: 'comma' | 'semicolon' | 'tab' | null;
  bytes: number;
  /** Data rows in the file. */
  totalRows: number;
  /** Rows planned but not kept in `rows` (beyond `keptRows`): counted and fingerprinted all the same. */
  rowsNotKept?: number;
  notices: Notice[];
  /** The first `maxProblems` problems, in row order; `problemCount` counts them all. */
  problems: Problem[];
  problemCount: number;
  rows: PlanRow[];
  counts: PlanCounts;
  /** SHA-256 of the file's bytes. */
  fileHash: string;
  /** SHA-256 of what a commit would do (settings, rows, actions, records, changes before and after). */
  fingerprint: string;
}

export interface PlannedImport {
  plan: ImportPlan;
  writes: Write[];
}

/**
 * Whether `after` is `before` with letters replaced by "?" or "�" (what a lossy re-encoding leaves: "Sokolović" →
 * "Sokolovi?", or "??" for the two bytes of one letter): each run of them stands for one to that many letters that
 * are not ASCII.
 */
export function lostLetters(before: string, after: string): boolean {
  if (!before || before === after || !/[?\uFFFD]/.test(after)) return false;
  if (after.includes('\uFFFD') && !before.includes('\uFFFD')) return true;
  const pattern = after
    .split(/(\?+)/)
    .map((part, i) => (i % 2 ? `[^\\x00-\\x7F?]{1,${part.length}}` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}$`, 'u').test(before);
}

/** A header as typed in a spreadsheet, compared with our names: case, spaces and hyphens do not count. */
const headerKey = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s\-.]+/g, '_');

/** Edit distance (insertions, deletions, substitutions, swaps of neighbours), stopping early above `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/**
 * The column a header most likely means: the same name but for case, spaces and hyphens, else (with `maxEdits`)
 * the nearest name within that many typing errors, for headers of 5 characters or more. Null when none is close.
 */
export function closestColumn(header: string, known: readonly string[], maxEdits = 2): string | null {
  const key = headerKey(header);
  const same = known.find((k) => k === key);
  if (same) return same;
  if (maxEdits === 0 || key.length < 5) return null;
  let best: string | null = null;
  let bestDistance = maxEdits + 1;
  for (const k of known) {
    const d = distance(key, k, maxEdits);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

/**
 * The command line runs with --expose-gc: a full collection every few thousand rows keeps its memory near what is
 * live. Left alone, V8 lets the garbage of 100,000 planned and written rows pile up to several hundred MB before it
 * collects. (A server exposes no gc: this is then nothing.)
 */
const collectGarbage = (globalThis as { gc?: () => void }).gc;
const GC_EVERY = 5000;

const exportedColumns = (type: ImportType) => exportTable(type as ExportTableName).columns.map((c) => c.name);

/**
 * Headers that are not ours but close to a column the importer reads ("Monument Slug", "damage-level", "sumary"):
 * that column misspelt. Ignoring it would change what the rows mean, so each is a problem naming the column meant.
 */
function misspeltHeaders(
  headers: readonly string[],
  seen: ReadonlyMap<string, number>,
  known: readonly string[],
  exported: readonly string[],
  maxEdits: number,
): { header: string; meant: string }[] {
  const out: { header: string; meant: string }[] = [];
  for (const h of headers) {
    const lower = h.toLowerCase();
    if (!h || known.includes(lower) || exported.includes(lower)) continue;
    const meant = closestColumn(h, known, maxEdits);
    if (meant && !seen.has(meant)) out.push({ header: h, meant });
  }
  return out;
}

/** Files up to this size are parsed whole to tell JSON; larger ones by their start. */
const JSON_CHECKED = 1024 * 1024;

/** JSON (the API's answers, a data package's datapackage.json) rather than CSV. */
function looksLikeJson(text: string | null, utf8?: Uint8Array): boolean {
  const head = (text ?? Buffer.from(utf8!.subarray(0, 1024)).toString('utf8')).trimStart();
  if (!/^[[{]/.test(head)) return false;
  try {
    JSON.parse(head);
    return true;
  } catch {
    // Cut short, or too large to check whole: an object or array of objects or strings from its start.
    return /^(\{\s*"|\[\s*[{["\]])/.test(head);
  }
}

/** The columns the type detection looks for, in order: the first type whose column the header has wins. */
const TYPE_SIGNS: readonly [ImportType, readonly string[]][] = [
  ['reports', ['report_id', 'summary', 'damage_level']],
  ['monuments', ['monument_id', 'kind']],
  ['sources', ['source_id', 'source_type']],
  ['sites', ['site_id', 'unesco_id_no', 'country_codes']],
];

/** The record type a header shows (docs/import.md "Formats"), or null. */
export function detectType(header: readonly string[]): ImportType | null {
  const names = new Set(header.map((h) => h.toLowerCase()));
  for (const [type, signs] of TYPE_SIGNS) if (signs.some((s) => names.has(s))) return type;
  return null;
}

/** Columns that identify a row of each type: a file needs at least one. */
const KEY_COLUMNS: Record<ImportType, readonly string[]> = {
  sites: ['site_id', 'slug', 'unesco_id_no', 'name'],
  monuments: ['monument_id', 'slug', 'name'],
  reports: ['report_id', 'monument_id', 'monument_slug'],
  sources: ['source_id', 'title', 'url'],
};

/** Columns of each type the importer reads; the others of the export's file are computed by the registry and ignored. */
export const WRITABLE_COLUMNS: Record<ImportType, readonly string[]> = {
  sites: [
    'site_id',
    'slug',
    'unesco_id_no',
    'name',
    'name_ar',
    'name_fr',
    'country_codes',
    'latitude',
    'longitude',
    'year_inscribed',
    'criteria',
    'in_danger',
    'in_danger_since',
    'wikidata_qid',
    'description',
    'description_ar',
  ],
  // The record's own columns come from its field specs (lib/records/monument.ts), so a new field is read at once.
  monuments: ['monument_id', 'alternative_names', 'site_id', 'site_slug', ...monumentFields.map((f) => f.column)],
  reports: [
    'report_id',
    'monument_id',
    'monument_slug',
    'event_date',
    'event_date_end',
    'event_date_precision',
    'reported_date',
    'damage_level',
    'cause',
    'reported_actor',
    'summary',
    'summary_ar',
    'certainty',
    'verification_status',
    'review_state',
    'supporting_source_ids',
    'disputing_source_ids',
  ],
  sources: [
    'source_id',
    'title',
    'publisher',
    'url',
    'archived_url',
    'published_date',
    'source_type',
    'language',
    'citation_detail',
  ],
};

const emptyCounts = (): PlanCounts => ({ create: 0, update: 0, unchanged: 0, skip: 0 });

/** Counts and fingerprint of the planned rows, taken row by row (so a row need not be kept to count). */
class RowTally {
  readonly counts = emptyCounts();
  readonly hash = crypto.createHash('sha256');
  constructor(settings: ImportSettings, fileHash: string) {
    const { kind, type, encoding, allowLossy } = settings;
    this.hash.update(JSON.stringify([kind, type, encoding, !!allowLossy, fileHash]));
  }
  add(r: PlanRow): void {
    this.counts[r.action]++;
    this.hash.update(JSON.stringify([r.row, r.action, r.id, r.changes.map((c) => [c.column, c.before, c.after])]));
  }
}

function finish(
  partial: Omit<ImportPlan, 'fingerprint' | 'counts' | 'problemCount'> & { problemCount?: number },
  writes: Write[],
  tally?: RowTally,
): PlannedImport {
  if (!tally) {
    tally = new RowTally(partial.settings, partial.fileHash);
    for (const r of partial.rows) tally.add(r);
  }
  const { counts, hash } = tally;
  const problemCount = partial.problemCount ?? partial.problems.length;
  hash.update(`problems:${problemCount}`);
  return { plan: { ...partial, counts, problemCount, fingerprint: hash.digest('hex') }, writes };
}

function fileFailure(
  settings: ImportSettings,
  bytes: Uint8Array,
  fileHash: string,
  problem: Problem,
  notices: Notice[] = [],
  extra: Partial<ImportPlan> = {},
): PlannedImport {
  return finish(
    {
      settings,
      type: null,
      encoding: null,
      delimiter: null,
      bytes: bytes.length,
      totalRows: 0,
      notices,
      problems: [problem],
      rows: [],
      fileHash,
      ...extra,
    },
    [],
  );
}

const fileProblem = (
  code: string,
  values?: Problem['values'],
  column: string | null = null,
  line: number | null = null,
): Problem => ({ row: null, line, column, code, values });

/**
 * Plans an import of `bytes` against `db`. Pure reading: call it for a dry run, and again inside the commit's
 * transaction (so the plan a commit applies is the database's state at that moment).
 */
export function buildPlan(
  db: Db,
  bytes: Uint8Array,
  settings: ImportSettings,
  limits: ImportLimits,
  createdBy: number | null = null,
  /**
   * What becomes of each row's write: kept in `writes` (the default), dropped (false: a dry run needs none), or
   * handed to a function as soon as the row is planned (a commit applies it at once instead of holding 100,000).
   */
  sink: false | ((write: Write) => void) | undefined = undefined,
): PlannedImport {
  const fileHash = crypto.createHash('sha256').update(bytes).digest('hex');
  if (bytes.length > limits.maxBytes)
    return fileFailure(
      settings,
      bytes,
      fileHash,
      fileProblem('fileTooLarge', { max: limits.maxBytes, size: bytes.length }),
    );
  let decoded: Decoded | null = decodeBytes(bytes, settings.encoding);
  if (!decoded.ok) return fileFailure(settings, bytes, fileHash, decoded.problem);
  const notices: Notice[] = [...decoded.notices];
  const encoding = decoded.encoding;
  if (looksLikeJson(decoded.utf8 && decoded.utf8.length > JSON_CHECKED ? null : decoded.text, decoded.utf8))
    return fileFailure(settings, bytes, fileHash, fileProblem('jsonFile'), notices, { encoding });
  const parsed = parseCsv(decoded.utf8 ?? decoded.text, { maxRows: limits.maxRows });
  // The rows hold their own copies of the cells: the decoded text (twice the file) can go while they are planned.
  // eslint-disable-next-line no-useless-assignment -- dropping the reference is the point (memory, not a value)
  decoded = null;
  if (!parsed.ok) return fileFailure(settings, bytes, fileHash, parsed.problem, notices, { encoding });
  const table = parsed.table;
  const delimiter = delimiterName(table.delimiter) as ImportPlan['delimiter'];
  if (table.delimiter !== ',') notices.push({ code: 'delimiter', values: { delimiter: delimiter! } });
  const base = {
    settings,
    encoding,
    delimiter,
    bytes: bytes.length,
    totalRows: table.rows.length,
    fileHash,
  };

  const header = table.header.map((h) => h.toLowerCase());
  const problems: Problem[] = [];
  const seenColumns = new Map<string, number>();
  header.forEach((name, i) => {
    if (!name) {
      if (table.rows.some((r) => (r.cells[i] ?? '').trim() !== ''))
        problems.push(fileProblem('unnamedColumn', { position: i + 1 }, null, table.headerLine));
      return;
    }
    if (seenColumns.has(name))
      problems.push(fileProblem('duplicateColumn', undefined, table.header[i]!, table.headerLine));
    seenColumns.set(name, i);
  });

  const looksLikeWhc = WHC_REQUIRED.every((c) => seenColumns.has(c));
  let type: ImportType | null;
  if (settings.kind === 'whc') {
    type = 'sites';
    for (const c of WHC_REQUIRED)
      if (!seenColumns.has(c))
        problems.push(fileProblem(detectType(header) ? 'notWhc' : 'missingColumn', { column: c }, c, table.headerLine));
  } else {
    if (looksLikeWhc && !seenColumns.has('site_id'))
      problems.push(fileProblem('looksLikeWhc', undefined, null, table.headerLine));
    // report_sources.csv: citations are imported through reports.csv (supporting_source_ids, disputing_source_ids).
    if (['report_id', 'source_id', 'stance'].every((c) => seenColumns.has(c)) && !seenColumns.has('summary')) {
      problems.push(fileProblem('citationsFile', undefined, null, table.headerLine));
    }
    type = settings.type === 'auto' ? detectType(header) : settings.type;
    // Misspelt headers first: a missing key column or an unknown type is often only their consequence.
    const known = type ? WRITABLE_COLUMNS[type] : [...new Set(Object.values(WRITABLE_COLUMNS).flat())];
    const misspelt = misspeltHeaders(table.header, seenColumns, known, type ? exportedColumns(type) : [], 2);
    for (const m of misspelt)
      problems.push(
        fileProblem('unknownColumn', { column: m.header, suggestion: `“${m.meant}”` }, m.header, table.headerLine),
      );
    if (!misspelt.length && !type)
      problems.push(
        fileProblem(
          'unknownType',
          { columns: table.header.filter(Boolean).slice(0, 8).join(', ') },
          null,
          table.headerLine,
        ),
      );
    else if (!misspelt.length && type && !KEY_COLUMNS[type].some((c) => seenColumns.has(c)))
      problems.push(
        fileProblem('noKeyColumn', { type, columns: KEY_COLUMNS[type].join(', ') }, null, table.headerLine),
      );
  }
  if (problems.length || !type) return finish({ ...base, type, notices, problems, rows: [] }, []);

  // Columns: what is read, what is computed by the registry (ignored), what this importer does not know.
  const readable = settings.kind === 'whc' ? (WHC_READ as readonly string[]) : WRITABLE_COLUMNS[type];
  const exported = settings.kind === 'whc' ? [] : exportedColumns(type);
  const ignored = header.filter((h) => h && !readable.includes(h) && exported.includes(h));
  // UNESCO's own headers differ only in case or spacing at most ("ID_NO", "Name EN"): no guessing at typos there,
  // its file has many columns the registry does not read (name_es is not a misspelt name_en).
  if (settings.kind === 'whc')
    for (const m of misspeltHeaders(table.header, seenColumns, readable, [], 0))
      problems.push(
        fileProblem('unknownColumn', { column: m.header, suggestion: `“${m.meant}”` }, m.header, table.headerLine),
      );
  const unknown = table.header.filter(
    (h, i) =>
      h && !readable.includes(header[i]!) && !exported.includes(header[i]!) && !problems.some((p) => p.column === h),
  );
  if (problems.length) return finish({ ...base, type, notices, problems, rows: [] }, []);
  if (ignored.length) notices.push({ code: 'ignoredColumns', values: { columns: ignored.join(', ') } });
  if (unknown.length)
    notices.push({
      code: settings.kind === 'whc' ? 'unusedColumns' : 'unknownColumns',
      values: { columns: unknown.join(', ') },
    });
  if (settings.type === 'auto' && settings.kind === 'csv') notices.push({ code: 'detectedType', values: { type } });

  const neutralised = new Set(
    settings.kind === 'whc'
      ? []
      : exportTable(type as ExportTableName)
          .columns.filter(isNeutralised)
          .map((c) => c.name),
  );
  const index = new Map<string, number>();
  for (const name of readable) if (seenColumns.has(name)) index.set(name, seenColumns.get(name)!);

  const ctx = new PlanContext(db, limits.maxProblems, settings.kind);
  const rows: PlanRow[] = [];
  const writes: Write[] = [];
  const tally = new RowTally(settings, fileHash);
  const keptRows = limits.keptRows ?? Infinity;
  let rowsNotKept = 0;
  const lossyRows: number[] = [];
  let lossyCount = 0;
  const width = table.header.length;
  const zeroPoints: string[] = [];
  const noCode: string[] = [];
  for (let i = 0; i < table.rows.length; i++) {
    const r = table.rows[i]!;
    // Planned rows are let go as the loop goes (memory: 100,000 rows of cells).
    table.rows[i] = undefined as never;
    if (i % GC_EVERY === GC_EVERY - 1) collectGarbage?.();
    const extra = r.cells.slice(width).some((c) => c.trim() !== '');
    if (extra || r.cells.length < width) {
      const first: RowCells = { row: r.row, line: r.line, get: () => undefined, source: (c) => c };
      ctx.problem(first, null, extra ? 'extraCells' : 'missingCells', {
        count: extra ? r.cells.length : r.cells.length,
        expected: width,
      });
      continue;
    }
    let cells: RowCells;
    if (settings.kind === 'whc') {
      const read = whcRowCells(r.row, r.line, (c) => {
        const i = seenColumns.get(c);
        return i === undefined ? undefined : r.cells[i];
      });
      // A bad danger status is one problem of the row: the rest of the row is still checked.
      if (read.problem) ctx.problem(read.cells, read.problem.column, read.problem.code, read.problem.values);
      const idNo = read.cells.get('unesco_id_no') ?? `row ${r.row}`;
      if (read.zeroPoint) zeroPoints.push(idNo);
      if (!read.cells.get('country_codes') && read.cells.get('states_name')) noCode.push(idNo);
      cells = read.cells;
    } else {
      cells = {
        row: r.row,
        line: r.line,
        source: (c) => c,
        get: (c) => {
          const i = index.get(c);
          if (i === undefined) return undefined;
          const cell = r.cells[i]!;
          return neutralised.has(c) ? restoreFormula(cell) : cell;
        },
      };
    }
    let planned: RowPlan | null;
    switch (type) {
      case 'sites':
        planned = planSite(ctx, cells);
        break;
      case 'monuments':
        planned = planMonument(ctx, cells);
        break;
      case 'reports':
        planned = planReport(ctx, cells, createdBy);
        break;
      case 'sources':
        planned = planSource(ctx, cells);
        break;
    }
    if (!planned) continue;
    const view = planned.view;
    if (view.action === 'update') {
      for (const c of view.changes) {
        if (!lostLetters(c.before, c.after)) continue;
        c.lossy = true;
        lossyCount++;
        if (lossyRows[lossyRows.length - 1] !== view.row) lossyRows.push(view.row);
        if (!settings.allowLossy)
          ctx.problem(cells, c.column, 'lossyText', { before: excerpt(c.before, 80), after: excerpt(c.after, 80) });
      }
    }
    tally.add(view);
    if (rows.length < keptRows) rows.push(view);
    else rowsNotKept++;
    if (planned.write && sink === undefined) writes.push(planned.write);
    else if (planned.write && sink) sink(planned.write);
  }
  if (table.rows.length === 0) ctx.problem(null, null, 'noRows');
  if (lossyCount && settings.allowLossy)
    notices.push({
      code: 'lossyAllowed',
      values: {
        count: lossyCount,
        rows: lossyRows.length > 20 ? `${lossyRows.slice(0, 20).join(', ')} …` : lossyRows.join(', '),
      },
    });
  const list = (ids: string[]) => (ids.length > 20 ? `${ids.slice(0, 20).join(', ')} …` : ids.join(', '));
  if (zeroPoints.length)
    notices.push({ code: 'whcZeroPoint', values: { count: zeroPoints.length, ids: list(zeroPoints) } });
  if (noCode.length) notices.push({ code: 'whcNoStateCode', values: { count: noCode.length, ids: list(noCode) } });
  return finish(
    {
      ...base,
      type,
      notices,
      problems: ctx.problems,
      problemCount: ctx.problemCount,
      rows,
      ...(rowsNotKept ? { rowsNotKept } : {}),
    },
    writes,
    tally,
  );
}
