/**
 * CSV writing for the exports: RFC 4180 (fields quoted when needed, quotes doubled, CRLF line ends) by
 * csv-stringify, one batch of rows at a time, with spreadsheet-formula neutralisation decided per column.
 */
import { stringify } from 'csv-stringify/sync';
import { vocabularies } from '../vocab';
import { isNeutralised, storedColumns, type ColumnDef, type TableDef } from './columns';

/**
 * Rows stringified per chunk: big enough to amortise the work, small enough to start sending at once and keep memory
 * flat. A batch also ends at BATCH_CHARS characters of cell text, because reports.csv rows are wide (41 columns,
 * ~800 bytes): rows held until a 2,000-row batch was full outlived V8's young generation, and promoting them cost both
 * speed and memory. Measured on 1M reports (bench/RESULTS.md): 2,000 rows 0.35x sqlite3 and 302 MB peak RSS;
 * 256 K characters 0.49x, 250 MB; 32 K characters (~40 reports) 0.65x, 171 MB; 8 K no better.
 */
export const BATCH_ROWS = 2000;
export const BATCH_CHARS = 32 * 1024;

/** Characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection"; ASVS 5 requirement 1.2.10). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell that starts with =, +, -, @, a tab or a carriage return gets a leading single quote, so Excel,
 * LibreOffice and Google Sheets show it as text instead of running it. Only free-text and label columns are
 * neutralised: numbers, dates, identifiers and codes are written exactly (a longitude of -0.5 stays -0.5).
 */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** RFC 4180 text of some rows (each ends with CRLF). */
export function csvText(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  // quote_record_delimiter: with a custom record_delimiter csv-stringify 6.9 would otherwise quote only fields holding
  // the whole CRLF, and leave a lone line feed or carriage return unquoted, which every spreadsheet reads as a new row.
  return stringify(rows as string[][], { record_delimiter: '\r\n', quote_record_delimiter: true, eof: true });
}

type Cell = (row: readonly unknown[]) => string;

function cellWriter(column: ColumnDef, index: number): Cell {
  switch (column.type) {
    case 'integer':
    case 'number':
      return (row) => {
        const v = row[index];
        return v === null || v === undefined ? '' : String(v);
      };
    case 'boolean':
      return (row) => {
        const v = row[index];
        return v === null || v === undefined ? '' : v ? 'true' : 'false';
      };
    default:
      if (isNeutralised(column))
        return (row) => {
          const v = row[index];
          return v === null || v === undefined ? '' : neutraliseFormula(String(v));
        };
      return (row) => {
        const v = row[index];
        return v === null || v === undefined ? '' : String(v);
      };
  }
}

type Citation = [stance: string, sourceId: number, title: string, publisher: string | null, url: string | null];

/** "title (publisher) <url>", the way a reader would write a reference in a spreadsheet cell. */
const citationText = (c: Citation) => `${c[2]}${c[3] ? ` (${c[3]})` : ''}${c[4] ? ` <${c[4]}>` : ''}`;

/**
 * Turns a row of stored values (lib/export/columns.ts storedColumns, as db/queries/export.ts returns them) into
 * the file's cells: labels come from lib/vocab.ts, flattened citations from the row's citations, and every cell
 * is written by its column's type (free text neutralised, everything else exact).
 */
export function rowFormatter(table: TableDef): (row: readonly unknown[]) => string[] {
  const stored = storedColumns(table);
  const citationsIndex = stored.indexOf('citations');
  // One row's citations, parsed once for its four flattened columns.
  let parsedFor: readonly unknown[] | null = null;
  let parsed: Citation[] = [];
  const citationsOf = (row: readonly unknown[]): Citation[] => {
    if (parsedFor !== row) {
      parsedFor = row;
      const json = row[citationsIndex];
      parsed = typeof json === 'string' ? (JSON.parse(json) as Citation[]) : [];
    }
    return parsed;
  };
  const cells: Cell[] = table.columns.map((column) => {
    if (column.labelOf) {
      const index = stored.indexOf(column.labelOf.column);
      const lang = column.labelOf.lang;
      // Labels are neutralised once here, not per cell (none starts with a formula character today).
      const write = isNeutralised(column) ? neutraliseFormula : (v: string) => v;
      const labels = new Map(
        vocabularies[column.vocabulary!].terms.map((t) => [t.code as string, write(lang === 'ar' ? t.ar : t.en)]),
      );
      return (row) => {
        const code = row[index];
        return code === null || code === undefined ? '' : (labels.get(String(code)) ?? String(code));
      };
    }
    if (column.citations) {
      const { stance, part } = column.citations;
      if (part === 'ids')
        return (row) =>
          citationsOf(row)
            .filter((c) => c[0] === stance)
            .map((c) => c[1])
            .join(';');
      return (row) =>
        neutraliseFormula(
          citationsOf(row)
            .filter((c) => c[0] === stance)
            .map(citationText)
            .join(' | '),
        );
    }
    return cellWriter(column, stored.indexOf(column.name));
  });
  return (row) => cells.map((cell) => cell(row));
}

/**
 * The CSV of one table as chunks: the header row at once, then one chunk per batch of rows as they are read.
 * Closing the generator early (a client hung up) closes the row iterator, which stops the query.
 */
export function* csvChunks(
  table: TableDef,
  openRows: () => IterableIterator<unknown[]>,
): Generator<string, void, undefined> {
  // Prepared before the header (a broken query fails the request before anything is sent, lib/export/stream.ts
  // startChunks); it runs only once the header is on its way (and never, if the reader stops first).
  const rows = openRows();
  yield csvText([table.columns.map((c) => c.name)]);
  try {
    const format = rowFormatter(table);
    let batch: string[][] = [];
    let chars = 0;
    for (const row of rows) {
      const cells = format(row);
      batch.push(cells);
      for (const cell of cells) chars += cell.length;
      if (batch.length === BATCH_ROWS || chars >= BATCH_CHARS) {
        yield csvText(batch);
        batch = [];
        chars = 0;
      }
    }
    if (batch.length) yield csvText(batch);
  } finally {
    rows.return?.();
  }
}
