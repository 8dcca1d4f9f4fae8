/**
 * Real-world files: every encoding, line-end and delimiter case of tests/fixtures/import is imported into a fresh
 * database and must produce exactly the same records (no mangled letters); malformed files and rows are refused
 * with the line, row and column at fault; limits are enforced with their own messages.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../setup/test-db';
import type { Db } from '@/db';
import { getSiteBySlug } from '@/db/queries/sites';
import { commitImport, dryRun } from '@/lib/import/run';
import type { ImportSettings } from '@/lib/import/plan';
import { detectType } from '@/lib/import/plan';
import { restoreFormula } from '@/lib/import/cells';
import { stripHtml } from '@/lib/import/html';
import { parseDanger } from '@/lib/import/whc';
import { problemText } from '@/lib/import/messages';
import { englishTranslator } from '@/lib/import/english';
import { neutraliseFormula } from '@/lib/export/csv';

const FIXTURES = path.join(process.cwd(), 'tests', 'fixtures', 'import');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const settings = (fileName: string, o: Partial<ImportSettings> = {}): ImportSettings => ({
  kind: 'csv',
  type: 'auto',
  encoding: 'auto',
  fileName,
  ...o,
});
const limits = { maxBytes: 1_000_000, maxRows: 1000, maxProblems: 1000 };
const where = (p: { row: number | null; line: number | null; column: string | null; code: string }) => [
  p.row,
  p.line,
  p.column,
  p.code,
];

let db: Db;
function dump(): Record<string, unknown[]> {
  const tables = (
    db.$client
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as { name: string }[]
  ).map((t) => t.name);
  return Object.fromEntries(tables.map((t) => [t, db.$client.prepare(`SELECT * FROM "${t}"`).all()]));
}

beforeEach(() => {
  db = freshDatabase();
});

const CRAC = {
  name: 'Crac des Chevaliers and Qal’at Salah El-Din',
  nameFr: 'Crac des Chevaliers et Qal’at Salah El-Din',
  description:
    'Two castles – Crusader and Ayyubid; the “Krak” was shelled in 2013 (Überblick: fortifications, café-era repairs).',
  latitude: 34.781,
  longitude: 36.263,
  yearInscribed: 2006,
  inDanger: true,
  inDangerSince: 2013,
  countryCodes: 'SY',
};
const BOSRA = {
  name: 'Ancient City of Bosra',
  description: 'Roman theatre; ‘Bustra’ in Nabataean sources – naïve façades, €0 budget.',
  latitude: 32.518,
  inDanger: false,
  inDangerSince: null,
};

describe('encodings, line ends and delimiters', () => {
  const cases: [file: string, encoding: string, delimiter: string, notices: string[]][] = [
    ['utf8-lf.csv', 'utf-8', 'comma', []],
    ['utf8-bom-crlf.csv', 'utf-8', 'comma', []],
    ['cp1252-crlf.csv', 'windows-1252', 'comma', ['detectedCp1252']],
    ['utf8-cr.csv', 'utf-8', 'comma', []],
    ['semicolon-cp1252.csv', 'windows-1252', 'semicolon', ['detectedCp1252', 'delimiter']],
    ['semicolon-sep-line.csv', 'utf-8', 'semicolon', ['delimiter']],
    ['trailing-empty-lines.csv', 'utf-8', 'comma', []],
  ];
  it.each(cases)(
    '%s: read as %s, %s-separated, the same two sites with every letter intact',
    (file, encoding, delimiter, notices) => {
      const result = commitImport(fixture(file), settings(file), { agent: `import:${file}` }, { limits });
      expect(result.plan.problems).toEqual([]);
      expect(result.committed).toBe(true);
      expect(result.plan.encoding).toBe(encoding);
      expect(result.plan.delimiter).toBe(delimiter);
      expect(result.plan.totalRows).toBe(2);
      expect(result.plan.counts).toEqual({ create: 2, update: 0, unchanged: 0, skip: 0 });
      for (const code of notices) expect(result.plan.notices.map((n) => n.code)).toContain(code);
      expect(getSiteBySlug(db, 'crac-des-chevaliers')).toMatchObject(CRAC);
      expect(getSiteBySlug(db, 'ancient-city-of-bosra')).toMatchObject(BOSRA);
    },
  );

  it('says on which line the file stopped being UTF-8 when it reads it as Windows-1252', () => {
    const plan = dryRun(fixture('cp1252-crlf.csv'), settings('cp1252-crlf.csv'), null, limits);
    // Line 2 holds the first non-ASCII byte: ’ is 0x92 in Windows-1252.
    expect(plan.notices).toContainEqual({ code: 'detectedCp1252', values: { line: 2, byte: '0x92' } });
  });

  it('reads Windows-1252 when chosen, and refuses it as UTF-8 when UTF-8 is chosen, naming the line and byte', () => {
    const chosen = dryRun(
      fixture('cp1252-crlf.csv'),
      settings('cp1252-crlf.csv', { encoding: 'windows-1252' }),
      null,
      limits,
    );
    expect(chosen.problems).toEqual([]);
    expect(chosen.notices.map((n) => n.code)).not.toContain('detectedCp1252');
    const refused = dryRun(
      fixture('cp1252-crlf.csv'),
      settings('cp1252-crlf.csv', { encoding: 'utf-8' }),
      null,
      limits,
    );
    expect(refused.problems.map(where)).toEqual([[null, 2, null, 'invalidUtf8']]);
    expect(problemText(englishTranslator(), refused.problems[0]!)).toBe(
      'Byte 0x92 on line 2 is not valid UTF-8. If the file comes from Excel on Windows, choose Windows-1252.',
    );
  });

  it('refuses a UTF-8 file read as Windows-1252 because the user chose it, naming the lines it would spoil', () => {
    const bytes = Buffer.from('slug,name,country_codes\nkhan-asad-pasha,Khan Asad Pasha café,SY\n', 'utf8');
    const plan = dryRun(bytes, settings('cafe.csv', { encoding: 'windows-1252' }), null, limits);
    expect(plan.problems.map(where)).toEqual([[null, 2, null, 'utf8ReadAsCp1252']]);
    expect(problemText(englishTranslator(), plan.problems[0]!)).toBe(
      'The file is UTF-8, but you chose Windows-1252: the letters on line 2 would be stored wrongly (é as Ã©). Choose UTF-8 or “Detect”.',
    );
    // ” is E2 80 9D in UTF-8, and 0x9D is no Windows-1252 character: refused, pointing to UTF-8.
    const refused = dryRun(fixture('utf8-lf.csv'), settings('utf8-lf.csv', { encoding: 'windows-1252' }), null, limits);
    expect(refused.problems.map(where)).toEqual([[null, 2, null, 'undecodableCp1252Utf8']]);
  });

  it('refuses a byte that is neither UTF-8 nor Windows-1252, naming its line', () => {
    const plan = dryRun(fixture('invalid-bytes.csv'), settings('invalid-bytes.csv'), null, limits);
    expect(plan.problems.map(where)).toEqual([[null, 3, null, 'neitherUtf8NorCp1252']]);
    expect(plan.problems[0]!.values).toMatchObject({ byte: '0x81', utf8Line: 2 });
  });

  it('reads UTF-16 with a byte-order mark, tab-separated (Excel "Unicode text")', () => {
    const text = 'slug\tname\tcountry_codes\r\nsite-of-mari\tMari (Tell Hariri) – ماري\tSY\r\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const result = commitImport(bytes, settings('unicode.txt'), { agent: 'test' }, { limits });
    expect(result.plan.problems).toEqual([]);
    expect(result.plan.delimiter).toBe('tab');
    expect(getSiteBySlug(db, 'site-of-mari')!.name).toBe('Mari (Tell Hariri) – ماري');
  });

  it('refuses a spreadsheet workbook and a binary file', () => {
    const xlsx = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);
    expect(dryRun(xlsx, settings('book.xlsx'), null, limits).problems.map((p) => p.code)).toEqual(['workbook']);
    const binary = Buffer.from('slug,name\nab\u0000c,d\n');
    expect(dryRun(binary, settings('x.csv'), null, limits).problems.map(where)).toEqual([[null, 2, null, 'binary']]);
    expect(dryRun(Buffer.alloc(0), settings('empty.csv'), null, limits).problems.map((p) => p.code)).toEqual([
      'emptyFile',
    ]);
  });
});

describe('quoted values, formulas and line numbers', () => {
  it('keeps line breaks, delimiters and doubled quotes inside quoted values, and restores neutralised formulas', () => {
    const result = commitImport(
      fixture('multiline-quotes.csv'),
      settings('multiline-quotes.csv'),
      { agent: 'test' },
      { limits },
    );
    expect(result.plan.problems).toEqual([]);
    expect(result.plan.type).toBe('sources');
    // Row 2 spans lines 2 to 5 (a CRLF, an LF and a CR inside its title): row 3 starts on line 6.
    expect(result.plan.rows.map((r) => [r.row, r.line, r.action])).toEqual([
      [2, 2, 'create'],
      [3, 6, 'create'],
      [4, 7, 'create'],
    ]);
    const titles = db.$client.prepare('SELECT title, publisher FROM sources ORDER BY id').all() as {
      title: string;
      publisher: string;
    }[];
    expect(titles).toEqual([
      { title: 'Statement on the "Temple" of Bel,\r\nsecond line\nthird line\rfourth', publisher: 'DGAM, Damascus' },
      { title: '=HYPERLINK("http://example.com","x")', publisher: '-2+3 Media' },
      { title: "'Quoted' title kept as written", publisher: '@handle' },
    ]);
  });

  it('restores a quote only where the export would have added it', () => {
    for (const value of ['=SUM(A1)', '+1', '-2+3', '@x', '\tindented', '\rline', "'already quoted", 'plain', "it's"]) {
      expect(restoreFormula(neutraliseFormula(value))).toBe(value);
    }
    expect(restoreFormula("'plain")).toBe("'plain");
  });

  it('refuses an unclosed quote, naming the line where the faulty row starts', () => {
    const plan = dryRun(fixture('unclosed-quote.csv'), settings('unclosed-quote.csv'), null, limits);
    expect(plan.problems.map(where)).toEqual([[3, 3, null, 'quoteNotClosed']]);
    expect(problemText(englishTranslator(), plan.problems[0]!)).toContain('line 3');
  });

  it('refuses a quote inside an unquoted value, naming its line', () => {
    const plan = dryRun(fixture('stray-quote.csv'), settings('stray-quote.csv'), null, limits);
    expect(plan.problems.map(where)).toEqual([[3, 3, null, 'invalidOpeningQuote']]);
  });
});

describe('malformed rows', () => {
  it('lists every problem with its row, column and message, and writes nothing', () => {
    const before = dump();
    const result = commitImport(
      fixture('malformed-rows.csv'),
      settings('malformed-rows.csv'),
      { agent: 'test' },
      { limits },
    );
    expect(result.committed).toBe(false);
    expect(result.plan.problems.map(where)).toEqual([
      [3, 3, 'latitude', 'outOfRange'],
      [4, 4, 'name', 'required'],
      [5, 5, 'country_codes', 'countryCodes'],
      [5, 5, 'in_danger', 'invalidBoolean'],
      [5, 5, 'wikidata_qid', 'wikidataFormat'],
      [6, 6, null, 'extraCells'],
      [7, 7, 'slug', 'duplicateRow'],
    ]);
    const t = englishTranslator();
    expect(result.plan.problems.map((p) => problemText(t, p))).toEqual([
      '“95” is out of range.',
      'A value is required.',
      '“XYZ” is not a list of two-letter country codes (SY, or AT,HU).',
      '“maybe” is not true or false.',
      '“Q12x” is not a Wikidata item (Q followed by digits).',
      'This row has 8 values; the header has 7 columns.',
      'Row 2 already names this record.',
    ]);
    expect(dump()).toEqual(before);
  });
});

describe('limits', () => {
  it('refuses a file over the size limit and one over the row limit, with their own messages', () => {
    const big = dryRun(fixture('utf8-lf.csv'), settings('utf8-lf.csv'), null, { ...limits, maxBytes: 100 });
    expect(big.problems.map((p) => [p.code, p.values])).toEqual([
      ['fileTooLarge', { max: 100, size: fixture('utf8-lf.csv').length }],
    ]);
    const long = dryRun(fixture('utf8-lf.csv'), settings('utf8-lf.csv'), null, { ...limits, maxRows: 1 });
    expect(long.problems.map((p) => [p.code, p.values])).toEqual([['tooManyRows', { max: 1 }]]);
    expect(problemText(englishTranslator(), long.problems[0]!)).toBe(
      'The file has more than 1 rows: split it into smaller files.',
    );
  });
});

describe('helpers', () => {
  it('knows a file’s record type from its header', () => {
    expect(detectType(['report_id', 'monument_id', 'summary'])).toBe('reports');
    expect(detectType(['monument_id', 'site_id', 'name'])).toBe('monuments');
    expect(detectType(['source_id', 'title'])).toBe('sources');
    expect(detectType(['site_id', 'slug', 'name'])).toBe('sites');
    expect(detectType(['name', 'slug'])).toBeNull();
  });

  it('strips HTML and decodes entities', () => {
    expect(
      stripHtml('<p>Caf&eacute; &amp; souk &#39;x&#x27; &quot;y&quot;</p>\n<p>Second<br/>line &unknown;</p>'),
    ).toBe('Café & souk \'x\' "y"\n\nSecond\nline &unknown;');
    expect(stripHtml('  plain text  ')).toBe('plain text');
  });

  it('reads the danger list: Y is in danger now, P only in the past', () => {
    expect(parseDanger('Y 2013', '1')).toEqual({ ok: true, value: { inDanger: true, since: 2013 } });
    expect(parseDanger('P 1997-2005', '0')).toEqual({ ok: true, value: { inDanger: false, since: null } });
    expect(parseDanger('P 1992-2004 Y 2012', '1')).toEqual({ ok: true, value: { inDanger: true, since: 2012 } });
    expect(parseDanger('', '1')).toEqual({ ok: true, value: { inDanger: true, since: null } });
    expect(parseDanger('', '0')).toEqual({ ok: true, value: { inDanger: false, since: null } });
    expect(parseDanger('soon', '1')).toMatchObject({ ok: false, code: 'dangerList' });
  });
});
