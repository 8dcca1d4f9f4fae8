/**
 * Text → header and rows, with csv-parse. Handles what spreadsheets write: comma-, semicolon- (European Excel) or
 * tab-separated values (detected from the header line, or from Excel's "sep=;" first line), CRLF, LF or CR line
 * ends, quoted values holding line breaks, delimiters and doubled quotes, and empty lines anywhere (also lines of
 * delimiters only). A malformed file is refused with the line where the faulty row starts; every row keeps its row
 * number (as a spreadsheet counts, header = row 1) and the line of the file it starts on.
 */
import { parse } from 'csv-parse/sync';
import type { Problem } from './types';

export interface CsvRow {
  /** Row as a spreadsheet counts it: header = 1, first record = 2 (empty lines are not counted). */
  row: number;
  /** Line of the file the row starts on (1-based; a line break inside a quoted value moves later rows down). */
  line: number;
  cells: string[];
}

export interface CsvTable {
  delimiter: string;
  /** Column names as written (trimmed). */
  header: string[];
  /** Line of the header row. */
  headerLine: number;
  rows: CsvRow[];
}

export type CsvResult = { ok: true; table: CsvTable } | { ok: false; problem: Problem };

const DELIMITERS = [',', ';', '\t'] as const;
export const delimiterName = (d: string) => (d === ';' ? 'semicolon' : d === '\t' ? 'tab' : 'comma');

/** The first line of the text (up to a line break outside quotes). */
function firstLine(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) return text.slice(0, i);
  }
  return text;
}

/** The delimiter the header line uses most (outside quotes); a comma when none appears. */
export function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const c of headerLine) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/** Counts line breaks (CRLF, LF, lone CR) in a byte buffer, moving forward only: O(file) for all rows together. */
class LineCounter {
  private pos = 0;
  private breaks = 0;
  constructor(private readonly bytes: Uint8Array) {}
  /** 1-based line of the byte at `offset` (offsets must not decrease between calls). */
  lineAt(offset: number): number {
    const b = this.bytes;
    for (let i = this.pos; i < offset && i < b.length; i++) {
      const c = b[i];
      if (c === 0x0a || (c === 0x0d && b[i + 1] !== 0x0a)) this.breaks++;
    }
    if (offset > this.pos) this.pos = offset;
    return this.breaks + 1;
  }
}

const BREAKS = /\r\n|\n|\r/g;
const breaksIn = (cells: readonly string[]) => {
  let n = 0;
  for (const cell of cells) if (cell.includes('\n') || cell.includes('\r')) n += cell.match(BREAKS)!.length;
  return n;
};

/** How many bytes of record delimiter end a record at `end` (0 at the end of the file). */
function delimiterBefore(bytes: Uint8Array, end: number): number {
  if (bytes[end - 1] === 0x0a) return bytes[end - 2] === 0x0d ? 2 : 1;
  return bytes[end - 1] === 0x0d ? 1 : 0;
}

const PARSE_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'quoteNotClosed',
  CSV_INVALID_CLOSING_QUOTE: 'invalidClosingQuote',
  INVALID_OPENING_QUOTE: 'invalidOpeningQuote',
  CSV_INVALID_OPENING_QUOTE: 'invalidOpeningQuote',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'invalidClosingQuote',
  CSV_MAX_RECORD_SIZE: 'recordTooLarge',
};

class TooManyRows extends Error {}

export interface ParseOptions {
  /** Most data rows accepted (the header not counted). */
  maxRows: number;
}

/** How much of a UTF-8 file is decoded to find its header line and delimiter. */
const HEAD_BYTES = 256 * 1024;

/**
 * Parses text, or UTF-8 bytes as they are (a large file is then never held as one string: half the memory, or a
 * third for text in Arabic).
 */
export function parseCsv(input: string | Uint8Array, options: ParseOptions): CsvResult {
  let lineOffset = 0;
  let forced: string | undefined;
  let bytes = typeof input === 'string' ? null : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  let body = bytes ? bytes.subarray(0, HEAD_BYTES).toString('utf8') : (input as string);
  const sep = /^sep=(.)(\r\n|\n|\r|$)/i.exec(body);
  if (sep) {
    forced = sep[1]!;
    body = body.slice(sep[0].length);
    if (bytes) bytes = bytes.subarray(Buffer.byteLength(sep[0]));
    lineOffset = 1;
  }
  const header = firstLine(body);
  if (!body.trim() && (!bytes || bytes.length <= HEAD_BYTES))
    return { ok: false, problem: { row: null, line: null, column: null, code: 'emptyFile' } };
  const delimiter = forced ?? detectDelimiter(header);
  bytes ??= Buffer.from(body, 'utf8');
  const lines = new LineCounter(bytes);
  const rows: CsvRow[] = [];
  let headerCells: string[] | null = null;
  let headerLine = 1;
  let lastEnd = 0;
  try {
    parse(bytes, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      bom: false,
      max_record_size: 16 * 1024 * 1024,
      on_record: (record: string[], context: { bytes: number }) => {
        const end = context.bytes;
        const endLine = lines.lineAt(end - delimiterBefore(bytes, end));
        const line = endLine - breaksIn(record) + lineOffset;
        lastEnd = end;
        if (!headerCells) {
          headerCells = record.map((h) => h.replace(/^\uFEFF/, '').trim());
          headerLine = line;
        } else {
          if (rows.length >= options.maxRows) throw new TooManyRows();
          rows.push({ row: rows.length + 2, line, cells: record });
        }
        return null; // collected here: csv-parse need not keep a second copy of every record
      },
    });
  } catch (error) {
    if (error instanceof TooManyRows) {
      return {
        ok: false,
        problem: { row: null, line: null, column: null, code: 'tooManyRows', values: { max: options.maxRows } },
      };
    }
    const code = PARSE_ERRORS[(error as { code?: string }).code ?? ''];
    if (!code) throw error;
    // The faulty row starts at the first byte after the last good row that is not a line break.
    let start = lastEnd;
    while (start < bytes.length && (bytes[start] === 0x0a || bytes[start] === 0x0d)) start++;
    const line = new LineCounter(bytes).lineAt(start) + lineOffset;
    return { ok: false, problem: { row: headerCells ? rows.length + 2 : 1, line, column: null, code } };
  }
  if (!headerCells) return { ok: false, problem: { row: null, line: null, column: null, code: 'emptyFile' } };
  return { ok: true, table: { delimiter, header: headerCells, headerLine, rows } };
}
