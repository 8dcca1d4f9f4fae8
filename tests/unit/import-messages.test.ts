/**
 * Import messages a person can act on, against a real database: encodings that would spoil letters are refused
 * naming the lines; a change that replaces letters with "?" or "�" needs an explicit option; every problem of a
 * row is listed; a misspelt header is named with the column meant; limits are stated; JSON is called JSON; the
 * command line shows whole values and answers --help on every command.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { stringify } from 'csv-stringify/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../setup/test-db';
import { transaction, type Db } from '@/db';
import { seedDatabase } from '@/db/seed';
import { getSiteBySlug, insertSite } from '@/db/queries/sites';
import { commitImport, dryRun } from '@/lib/import/run';
import { closestColumn, lostLetters, type ImportSettings } from '@/lib/import/plan';
import { problemText } from '@/lib/import/messages';
import { englishTranslator } from '@/lib/import/english';
import { runImportCli } from '@/scripts/import';

const settings = (fileName: string, o: Partial<ImportSettings> = {}): ImportSettings => ({
  kind: 'csv',
  type: 'auto',
  encoding: 'auto',
  fileName,
  ...o,
});
const limits = { maxBytes: 10_000_000, maxRows: 10_000, maxProblems: 1000 };
const csv = (rows: string[][]) => Buffer.from(stringify(rows, { record_delimiter: '\r\n' }));
const text = (p: Parameters<typeof problemText>[1]) => problemText(englishTranslator(), p);

let db: Db;
beforeEach(() => {
  db = freshDatabase();
  seedDatabase();
});
const siteCount = () => (db.$client.prepare('SELECT count(*) AS n FROM sites').get() as { n: number }).n;

describe('encodings that would spoil letters', () => {
  it('refuses a file that is part UTF-8, part Windows-1252, naming the UTF-8 lines and the Windows-1252 one', () => {
    const bytes = Buffer.concat([
      Buffer.from('slug,name,country_codes\r\nkhan-cafe,Khan Café,SY\r\n', 'utf8'),
      iconv.encode('urgup,Ürgüp,TR\r\n', 'windows-1252'),
      Buffer.from('souk-ete,Souk d’été,LB\r\n', 'utf8'),
    ]);
    const before = siteCount();
    const result = commitImport(bytes, settings('mixed.csv'), { agent: 'test' }, { limits });
    expect(result.committed).toBe(false);
    expect(result.plan.problems).toEqual([
      {
        row: null,
        line: 2,
        column: null,
        code: 'mixedEncoding',
        values: { lines: '2, 4', count: 2, cp1252Line: 3, byte: '0xDC' },
      },
    ]);
    expect(text(result.plan.problems[0]!)).toBe(
      'The file mixes encodings: line 3 is Windows-1252 (byte 0xDC), but lines 2, 4 hold UTF-8 letters. Read either way, some letters would be stored wrongly (é as Ã©). Save the whole file as “CSV UTF-8” and import it again.',
    );
    expect(siteCount()).toBe(before);
    // The same file chosen as Windows-1252 is refused the same way.
    const chosen = dryRun(bytes, settings('mixed.csv', { encoding: 'windows-1252' }), null, limits);
    expect(chosen.problems.map((p) => p.code)).toEqual(['mixedEncoding']);
  });

  it('still reads a file that is Windows-1252 throughout', () => {
    const bytes = iconv.encode('slug,name,country_codes\r\nurgup,Ürgüp – Göreme,TR\r\n', 'windows-1252');
    const plan = dryRun(bytes, settings('cp1252.csv'), null, limits);
    expect(plan.problems).toEqual([]);
    expect(plan.rows[0]!.changes.find((c) => c.column === 'name')!.after).toBe('Ürgüp – Göreme');
  });
});

describe('letters replaced by ? or �', () => {
  const bridge = 'Mehmed Paša Sokolović Bridge in Višegrad';
  beforeEach(() => {
    transaction((tx) =>
      insertSite(
        tx,
        { slug: 'visegrad-bridge', name: bridge, countryCodes: 'BA', nameFr: 'Pont Mehmed Paša' },
        { agent: 'test' },
      ),
    );
  });

  it('knows a lossy copy from a real change', () => {
    expect(lostLetters('Sokolović', 'Sokolovi?')).toBe(true);
    expect(lostLetters('Sokolović', 'Sokolovi??')).toBe(true);
    expect(lostLetters('Ürgüp', '?rg?p')).toBe(true);
    expect(lostLetters('Café', 'Caf\uFFFD')).toBe(true);
    expect(lostLetters('Sokolović', 'Sokolovic')).toBe(false);
    expect(lostLetters('Why', 'Why?')).toBe(false);
    expect(lostLetters('', 'Sokolovi?')).toBe(false);
  });

  it('refuses such a change unless allowed, and then says how many it applies', () => {
    const file = csv([
      ['slug', 'name', 'name_fr'],
      ['visegrad-bridge', 'Mehmed Pa?a Sokolovi? Bridge in Vi?egrad', 'Pont Mehmed Pa\uFFFDa'],
    ]);
    const before = getSiteBySlug(db, 'visegrad-bridge')!;
    const sites = settings('old.csv', { type: 'sites' });
    const refused = commitImport(file, sites, { agent: 'test' }, { limits });
    expect(refused.committed).toBe(false);
    expect(refused.plan.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, 'name', 'lossyText'],
      [2, 'name_fr', 'lossyText'],
    ]);
    expect(text(refused.plan.problems[0]!)).toBe(
      `This would replace “${bridge}” with “Mehmed Pa?a Sokolovi? Bridge in Vi?egrad”: letters lost to “?” or “�” (an older or re-encoded copy of the file?). Fix the file, or allow it explicitly (“Allow letters replaced by ? or �”, --allow-lossy).`,
    );
    expect(refused.plan.rows[0]!.changes.every((c) => c.lossy)).toBe(true);
    expect(getSiteBySlug(db, 'visegrad-bridge')).toEqual(before);

    const allowed = commitImport(file, { ...sites, allowLossy: true }, { agent: 'test' }, { limits });
    expect(allowed.committed).toBe(true);
    expect(allowed.plan.notices).toContainEqual({ code: 'lossyAllowed', values: { count: 2, rows: '2' } });
    expect(getSiteBySlug(db, 'visegrad-bridge')!.name).toBe('Mehmed Pa?a Sokolovi? Bridge in Vi?egrad');
  });

  it('needs --allow-lossy on the command line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lossy-'));
    const file = path.join(dir, 'old.csv');
    fs.writeFileSync(
      file,
      csv([
        ['slug', 'name'],
        ['visegrad-bridge', 'Mehmed Pa?a Sokolovi? Bridge in Vi?egrad'],
      ]),
    );
    const refused = runImportCli([file, '--type', 'sites'], 'csv');
    expect(refused.status).toBe(1);
    expect(refused.output.join('\n')).toContain('(letters lost to ? or �)');
    expect(refused.errors.join('\n')).toContain('--allow-lossy');
    expect(getSiteBySlug(db, 'visegrad-bridge')!.name).toBe(bridge);
    expect(runImportCli([file, '--type', 'sites', '--allow-lossy'], 'csv').status).toBe(0);
    expect(getSiteBySlug(db, 'visegrad-bridge')!.name).toBe('Mehmed Pa?a Sokolovi? Bridge in Vi?egrad');
  });
});

describe('problems a person can act on', () => {
  it('lists every problem of a row, not only its unknown monument', () => {
    const file = csv([
      ['monument_slug', 'event_date', 'damage_level', 'certainty', 'summary', 'supporting_source_ids'],
      ['temple-of-nowhere', '2015-08-30', 'flattened', 'sure', 'x'.repeat(10_001), '99999'],
    ]);
    const plan = dryRun(file, settings('reports.csv'), null, limits);
    expect(plan.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, 'monument_slug', 'monumentNotFound'],
      [2, 'damage_level', 'invalidCode'],
      [2, 'summary', 'tooLong'],
      [2, 'certainty', 'invalidCode'],
      [2, 'supporting_source_ids', 'sourceNotFound'],
    ]);
    expect(text(plan.problems.find((p) => p.code === 'tooLong')!)).toBe(
      'Too long for this column: 10001 characters, at most 10000.',
    );
  });

  it('states the limit of a column that is too long', () => {
    const plan = dryRun(
      csv([
        ['name', 'country_codes'],
        ['N'.repeat(201), 'SY'],
      ]),
      settings('s.csv'),
      null,
      limits,
    );
    expect(plan.problems.map((p) => [p.column, p.code, p.values])).toEqual([
      ['name', 'tooLong', { value: expect.any(String), max: 200, length: 201 }],
    ]);
    expect(text(plan.problems[0]!)).toBe('Too long for this column: 201 characters, at most 200.');
  });

  it('names a misspelt header with the column meant, and writes nothing', () => {
    const file = csv([
      ['Monument Slug', 'event_date', 'Damage Level', 'summary', 'my notes'],
      ['temple-of-bel', '2015-08-30', 'destroyed', 'Blown up.', 'ask Ana'],
    ]);
    const plan = dryRun(file, settings('reports.csv'), null, limits);
    expect(plan.problems.map((p) => [p.column, p.code])).toEqual([
      ['Monument Slug', 'unknownColumn'],
      ['Damage Level', 'unknownColumn'],
    ]);
    expect(text(plan.problems[0]!)).toBe(
      'Unknown column “Monument Slug”: did you mean “monument_slug”? Rename it in the header (or remove it) and check again.',
    );
    expect(plan.rows).toEqual([]);
    // A column far from every known one is still only ignored, and said so.
    const fine = dryRun(
      csv([
        ['slug', 'name', 'country_codes', 'my notes'],
        ['x-site', 'X', 'SY', 'a'],
      ]),
      settings('s.csv'),
      null,
      limits,
    );
    expect(fine.problems).toEqual([]);
    expect(fine.notices).toContainEqual({ code: 'unknownColumns', values: { columns: 'my notes' } });
    expect(closestColumn('sumary', ['summary', 'slug'])).toBe('summary');
    expect(closestColumn('name_es', ['name_en'], 0)).toBeNull();
  });

  it('calls a JSON file JSON', () => {
    const api = Buffer.from(JSON.stringify({ data: [{ slug: 'palmyra', country_codes: ['SY'] }] }));
    const plan = dryRun(api, settings('sites.json'), null, limits);
    expect(plan.problems.map((p) => p.code)).toEqual(['jsonFile']);
    expect(text(plan.problems[0]!)).toMatch(/^This is JSON, not CSV/);
    const cut = Buffer.from('[{"slug": "palmyra", "name": "Pal');
    expect(dryRun(cut, settings('cut.json'), null, limits).problems.map((p) => p.code)).toEqual(['jsonFile']);
  });
});

describe('the command line', () => {
  it('shows whole changed values, however long', () => {
    const palmyra = getSiteBySlug(db, 'palmyra')!;
    const longer = `${palmyra.description ?? ''} ${'A sentence added at the very end of a long description. '.repeat(3)}Last words.`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'whole-'));
    const file = path.join(dir, 'sites.csv');
    fs.writeFileSync(
      file,
      csv([
        ['slug', 'description'],
        ['palmyra', longer],
      ]),
    );
    const result = runImportCli([file, '--dry-run', '--type', 'sites'], 'csv');
    expect(result.status).toBe(0);
    const out = result.output.join('\n');
    expect(out).toContain(`+ ${JSON.stringify(longer)}`);
    expect(out).toContain(`- ${JSON.stringify(palmyra.description)}`);
  });

  it('answers --help on every command of package.json, touching no database', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'help-'));
    const database = path.join(dir, 'never-created.db');
    const scripts = JSON.parse(fs.readFileSync('package.json', 'utf8')).scripts as Record<string, string>;
    const commands = Object.entries(scripts)
      .map(([name, line]) => [
        name,
        /^(?:exec )?(?:tsx|node (?:--[\w-]+ )*--import tsx) (scripts\/[\w-]+\.ts)/.exec(line)?.[1],
      ])
      .filter((c): c is [string, string] => !!c[1]);
    expect(commands.map((c) => c[0])).toEqual(
      expect.arrayContaining([
        'start',
        'db:migrate',
        'db:seed',
        'user:add',
        'db:backup',
        'db:restore',
        'export',
        'import',
        'import:whc',
      ]),
    );
    for (const [name, script] of commands) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', script, '--help'], {
        env: { ...process.env, DATABASE_URL: database },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect({ name, status: run.status, stderr: run.stderr }).toEqual({ name, status: 0, stderr: '' });
      expect(run.stdout, name).toMatch(/^Usage: /);
    }
    expect(fs.existsSync(database)).toBe(false);
  }, 120_000);
});
