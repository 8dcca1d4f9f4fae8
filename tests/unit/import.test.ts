/**
 * The import against a real database: dry runs write nothing; commits write every record with its revision, or
 * nothing (a failed commit leaves every table exactly as it was); a second import of the same file changes nothing;
 * an export imported back changes nothing; the UNESCO list updates only what UNESCO is the source of.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../setup/test-db';
import { transaction, type Db } from '@/db';
import { seedDatabase } from '@/db/seed';
import { getSiteBySlug, insertSite, updateSite } from '@/db/queries/sites';
import { getMonumentBySlug, insertMonument } from '@/db/queries/monuments';
import { deleteSource, insertSource } from '@/db/queries/sources';
import { getReportById, insertReport } from '@/db/queries/reports';
import { listRevisions } from '@/db/queries/revisions';
import { commitImport, dryRun } from '@/lib/import/run';
import type { ImportSettings } from '@/lib/import/plan';
import { exportToDirectory } from '@/scripts/export';
import { runImportCli } from '@/scripts/import';
import { createCurators } from '../setup/curators';

const FIXTURES = path.join(process.cwd(), 'tests', 'fixtures', 'import');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const settings = (fileName: string, o: Partial<ImportSettings> = {}): ImportSettings => ({
  kind: 'csv',
  type: 'auto',
  encoding: 'auto',
  fileName,
  ...o,
});
const limits = { maxBytes: 10_000_000, maxRows: 10_000, maxProblems: 1000 };
const csv = (rows: string[][]) => Buffer.from(stringify(rows, { record_delimiter: '\r\n' }));
const AGENT = { agent: 'import:test.csv' };

let db: Db;

function dump(): Record<string, unknown[]> {
  const tables = (
    db.$client
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as { name: string }[]
  ).map((t) => t.name);
  return Object.fromEntries(tables.map((t) => [t, db.$client.prepare(`SELECT * FROM "${t}"`).all()]));
}
const count = (table: string) => (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/** The registry's own export of the current database (scripts/export.ts, the same code as /export/dataset.zip). */
function exportFiles(): Record<string, Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-roundtrip-'));
  exportToDirectory(dir, '', db.$client.name);
  return Object.fromEntries(
    ['sites.csv', 'monuments.csv', 'reports.csv', 'sources.csv'].map((f) => [f, fs.readFileSync(path.join(dir, f))]),
  );
}

/** Edits one cell of a CSV, as a spreadsheet user would (by row key and column name). */
function editCsv(bytes: Buffer, keyColumn: string, key: string, column: string, value: string): Buffer {
  const rows = parse(bytes) as string[][];
  const header = rows[0]!;
  const row = rows.find((r) => r[header.indexOf(keyColumn)] === key)!;
  row[header.indexOf(column)] = value;
  return csv(rows);
}

beforeEach(() => {
  db = freshDatabase();
  seedDatabase();
});

/** Records with everything a spreadsheet can break: formula-like text, quotes, commas, line breaks, Arabic, ranges, a deleted cited source. */
function addAwkwardRecords() {
  return transaction((tx) => {
    const palmyra = getSiteBySlug(tx, 'palmyra')!;
    updateSite(
      tx,
      palmyra.id,
      palmyra.version,
      { description: '=cmd|" /C calc"!A0\r\nsecond line, with "quotes"', nameFr: '-Palmyre-' },
      AGENT,
    );
    const m = insertMonument(
      tx,
      {
        siteId: palmyra.id,
        slug: 'awkward-monument',
        name: '+Awkward "monument", with commas',
        nameAr: 'معلم «غريب»',
        kind: 'other',
        period: '@period',
        description: '\tTabbed\nmulti-line',
        latitude: -0.5,
        longitude: 38.25,
      },
      [
        { name: '=alt', lang: 'ar-Latn' },
        { name: 'Alt (two)', lang: 'fr' },
      ],
      AGENT,
    );
    const kept = insertSource(
      tx,
      { title: '-Minus title', sourceType: 'news', publisher: '@pub', url: 'https://example.org/a?x=1,2' },
      AGENT,
    );
    const gone = insertSource(tx, { title: 'Deleted later', sourceType: 'news' }, AGENT);
    const claim = insertSource(tx, { title: 'Who made the claim', sourceType: 'news', publisher: 'Claimant' }, AGENT);
    const range = insertReport(
      tx,
      {
        monumentId: m.id,
        eventDate: '2014-01-01',
        eventDateEnd: '2016-12-31',
        eventDatePrecision: 'approximate',
        damageLevel: 'severe_damage',
        certainty: 'medium',
        verificationStatus: 'unverified', // one publisher: not corroborated (lib/evidence.ts)
        reviewState: 'published',
        summary: '=1+1 "quoted", line\r\nbreak',
        summaryAr: 'قال: "دُمّر"، ثم غادر',
        reportedActor: '+actor',
      },
      [
        { sourceId: kept.id, stance: 'supports', quote: 'quote kept' },
        { sourceId: gone.id, stance: 'disputes', quote: 'q2' },
      ],
      AGENT,
    );
    insertReport(
      tx,
      {
        monumentId: m.id,
        eventDate: '2015-08-01',
        eventDatePrecision: 'month',
        damageLevel: 'destroyed',
        certainty: 'high',
        verificationStatus: 'unverified',
        reviewState: 'published',
        summary: 'Open-ended approximate',
        reportedDate: '2015-09-02',
      },
      [{ sourceId: kept.id, stance: 'supports' }],
      AGENT,
    );
    insertReport(
      tx,
      {
        monumentId: m.id,
        eventDate: '2013-01-01',
        eventDatePrecision: 'approximate',
        damageLevel: 'possible_damage',
        certainty: 'low',
        verificationStatus: 'disputed',
        reviewState: 'published',
        summary: 'Approximate without an end',
      },
      // A disputed claim cites who made it (the evidence rules: a published report has a supporting source).
      [
        { sourceId: claim.id, stance: 'supports', quote: null },
        { sourceId: kept.id, stance: 'disputes', quote: null },
      ],
      AGENT,
    );
    deleteSource(tx, gone.id, gone.version, AGENT);
    return { monument: m, kept, gone, range };
  });
}

describe('dry run', () => {
  it('plans creates, updates with their changed fields, and unchanged rows, and writes nothing', () => {
    const before = dump();
    const file = csv([
      ['slug', 'name', 'country_codes', 'description'],
      ['palmyra', 'Site of Palmyra', 'SY', 'A new description'],
      ['hatra', 'Hatra', 'IQ', getSiteBySlug(db, 'hatra')!.description!],
      ['nimrud', 'Nimrud', 'IQ', ''],
    ]);
    const plan = dryRun(file, settings('sites.csv'), null, limits);
    expect(plan.problems).toEqual([]);
    expect(plan.counts).toEqual({ create: 1, update: 1, unchanged: 1, skip: 0 });
    expect(plan.rows.map((r) => [r.row, r.action, r.label])).toEqual([
      [2, 'update', 'palmyra'],
      [3, 'unchanged', 'hatra'],
      [4, 'create', 'nimrud'],
    ]);
    expect(plan.rows[0]!.changes).toEqual([
      { column: 'description', before: getSiteBySlug(db, 'palmyra')!.description, after: 'A new description' },
    ]);
    expect(plan.rows[2]!.changes.map((c) => [c.column, c.after])).toEqual([
      ['slug', 'nimrud'],
      ['name', 'Nimrud'],
      ['country_codes', 'IQ'],
    ]);
    expect(dump()).toEqual(before);
  });
});

describe('commit', () => {
  it('writes each record with a revision by the importer, recomputes statuses and the search index', () => {
    const bel = getMonumentBySlug(db, 'temple-of-bel')!;
    const revisionsBefore = count('revisions');
    const file = csv([
      [
        'monument_slug',
        'event_date',
        'damage_level',
        'certainty',
        'verification_status',
        'review_state',
        'summary',
        'supporting_source_ids',
      ],
      [
        'arch-of-triumph',
        '2017-03',
        'no_visible_damage',
        'high',
        'confirmed',
        'published',
        'Imported: the arch was examined again.',
        // 5 is satellite imagery: "confirmed" needs direct evidence (lib/evidence.ts).
        '1;2;5',
      ],
      [
        'hatra-great-temple',
        '2017-04-26',
        'destroyed',
        'definite',
        'confirmed',
        'published',
        'Imported: destroyed.',
        '11',
      ],
    ]);
    const result = commitImport(file, settings('reports.csv'), AGENT, { limits });
    expect(result.plan.problems).toEqual([]);
    expect(result.committed).toBe(true);
    expect(result.plan.counts.create).toBe(2);
    expect(count('revisions')).toBe(revisionsBefore + 2);
    const created = db.$client
      .prepare(
        "SELECT id, monument_id, event_date, event_date_precision FROM reports WHERE summary LIKE 'Imported:%' ORDER BY id",
      )
      .all() as { id: number; event_date: string; event_date_precision: string }[];
    expect(created.map((r) => [r.event_date, r.event_date_precision])).toEqual([
      ['2017-03-01', 'month'],
      ['2017-04-26', 'day'],
    ]);
    const revision = listRevisions(db, 'report', created[0]!.id)[0]!;
    expect(revision).toMatchObject({ action: 'create', agent: 'import:test.csv', userId: null });
    expect(getReportById(db, created[0]!.id)!.citations.map((c) => [c.sourceId, c.stance])).toEqual([
      [1, 'supports'],
      [2, 'supports'],
      [5, 'supports'],
    ]);
    expect(getMonumentBySlug(db, 'hatra-great-temple')!.statusLevel).toBe('destroyed');
    expect(getMonumentBySlug(db, 'temple-of-bel')!.statusLevel).toBe(bel.statusLevel);

    const site = commitImport(
      csv([
        ['name', 'country_codes'],
        ['Nineveh', 'IQ'],
      ]),
      settings('sites.csv'),
      AGENT,
      { limits },
    );
    expect(site.committed).toBe(true);
    const nineveh = getSiteBySlug(db, 'nineveh')!;
    expect(
      db.$client.prepare("SELECT count(*) AS n FROM search_index WHERE kind = 'site' AND ref_id = ?").get(nineveh.id),
    ).toEqual({ n: 1 });
  });

  it('is idempotent: importing the same file again creates and updates nothing and writes no revision', () => {
    const files: [string, Buffer][] = [
      [
        'sites.csv',
        csv([
          ['name', 'country_codes', 'in_danger', 'in_danger_since'],
          ['Nimrud', 'IQ', 'TRUE', '2015'],
          ['Site of Palmyra', 'SY', 'true', '2013'],
        ]),
      ],
      [
        'monuments.csv',
        csv([
          ['site_slug', 'name', 'kind', 'alternative_names'],
          ['palmyra', 'Camp of Diocletian', 'other', 'معسكر ديوقلطيانوس (ar) | Camp de Dioclétien (fr)'],
        ]),
      ],
      [
        'sources.csv',
        csv([
          ['title', 'source_type', 'url'],
          ['A new report on Hatra', 'ngo_expert_report', 'https://example.org/hatra-report'],
          ['Untitled note', 'news', ''],
        ]),
      ],
      [
        'reports.csv',
        csv([
          [
            'monument_slug',
            'event_date',
            'event_date_end',
            'damage_level',
            'certainty',
            'verification_status',
            'summary',
            'disputing_source_ids',
          ],
          ['temple-of-bel', '2015', '2016', 'severe_damage', 'low', 'disputed', 'A claim, later disputed.', '3'],
        ]),
      ],
    ];
    for (const [name, bytes] of files) {
      const first = commitImport(bytes, settings(name), AGENT, { limits });
      expect(first.plan.problems, name).toEqual([]);
      expect(first.committed, name).toBe(true);
      expect(first.plan.counts.create + first.plan.counts.update, name).toBeGreaterThan(0);
      const before = dump();
      const again = commitImport(bytes, settings(name), AGENT, { limits });
      expect(again.plan.problems, name).toEqual([]);
      expect(again.plan.counts.create, name).toBe(0);
      expect(again.plan.counts.update, name).toBe(0);
      expect(
        again.plan.rows.every((r) => r.action === 'unchanged'),
        name,
      ).toBe(true);
      expect(dump(), name).toEqual(before);
    }
  });

  it('a failed commit leaves every table exactly as it was', () => {
    // A rule the plan cannot know about: the database refuses the second row's report while the first row's update is done.
    db.$client.exec(
      `CREATE TRIGGER refuse_boom BEFORE INSERT ON reports WHEN NEW.summary = 'boom' BEGIN SELECT RAISE(ABORT, 'the database refused the report'); END`,
    );
    const before = dump();
    const first = getReportById(db, 1)!;
    const file = csv([
      ['report_id', 'monument_slug', 'event_date', 'damage_level', 'certainty', 'verification_status', 'summary'],
      [
        '1',
        '',
        first.eventDate ?? '',
        first.damageLevel,
        first.certainty,
        first.verificationStatus,
        'A changed summary',
      ],
      ['', 'tetrapylon', '2017-01-20', 'destroyed', 'high', 'confirmed', 'boom'],
    ]);
    const plan = dryRun(file, settings('reports.csv'), null, limits);
    expect(plan.problems).toEqual([]);
    expect(plan.counts).toMatchObject({ create: 1, update: 1 });
    expect(() =>
      commitImport(file, settings('reports.csv'), AGENT, { limits, expectedFingerprint: plan.fingerprint }),
    ).toThrow('the database refused the report');
    expect(dump()).toEqual(before);
  });

  it('refuses to apply a plan that changed since the dry run, and writes nothing', () => {
    const file = csv([
      ['slug', 'name', 'country_codes', 'description'],
      ['hatra', 'Hatra', 'IQ', 'Imported description'],
    ]);
    const plan = dryRun(file, settings('sites.csv'), null, limits);
    const hatra = getSiteBySlug(db, 'hatra')!;
    transaction((tx) =>
      updateSite(tx, hatra.id, hatra.version, { description: 'Edited by a curator meanwhile' }, { agent: 'test' }),
    );
    const before = dump();
    const result = commitImport(file, settings('sites.csv'), AGENT, { limits, expectedFingerprint: plan.fingerprint });
    expect(result).toMatchObject({ committed: false, stale: true });
    expect(result.plan.rows[0]!.changes).toEqual([
      { column: 'description', before: 'Edited by a curator meanwhile', after: 'Imported description' },
    ]);
    expect(dump()).toEqual(before);
    // The same plan, confirmed again, applies.
    expect(
      commitImport(file, settings('sites.csv'), AGENT, { limits, expectedFingerprint: result.plan.fingerprint })
        .committed,
    ).toBe(true);
    expect(getSiteBySlug(db, 'hatra')!.description).toBe('Imported description');
  });

  it('checks references: unknown ids, deleted sources, a source on both sides, mismatched site columns', () => {
    const { gone } = addAwkwardRecords();
    const file = csv([
      ['report_id', 'monument_id', 'monument_slug', 'summary', 'supporting_source_ids', 'disputing_source_ids'],
      ['99999', '', '', 'x', '', ''],
      ['1', '', '', 'Fine', `${gone.id}`, ''],
      ['2', '', '', 'Fine', '1', '1'],
      ['', '1', 'hatra-great-temple', 'Mismatch', '', ''],
      ['3', '', '', 'Fine', 'x7', ''],
    ]);
    const plan = dryRun(file, settings('reports.csv'), null, limits);
    expect(plan.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, 'report_id', 'idNotFound'],
      [3, 'supporting_source_ids', 'sourceDeleted'],
      [4, 'disputing_source_ids', 'sourceBothStances'],
      [5, 'monument_slug', 'monumentMismatch'],
      [6, 'supporting_source_ids', 'invalidSourceId'],
    ]);
  });
});

describe('export → import round trip', () => {
  it('imports an export back without changing anything', () => {
    addAwkwardRecords();
    const files = exportFiles();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-citations-'));
    exportToDirectory(dir, '', db.$client.name);
    const citations = dryRun(
      fs.readFileSync(path.join(dir, 'report_sources.csv')),
      settings('report_sources.csv'),
      null,
      limits,
    );
    // report_sources.csv imports on its own (lib/import/datapackage.ts): every citation is already here, unchanged.
    expect(citations.problems).toEqual([]);
    expect(citations.counts).toMatchObject({ create: 0, update: 0 });
    expect(citations.counts.unchanged).toBeGreaterThan(0);
    expect(files['reports.csv']!.toString()).toContain("'=1+1");
    const before = dump();
    for (const [name, bytes] of Object.entries(files)) {
      const plan = dryRun(bytes, settings(name), null, limits);
      expect(plan.problems, name).toEqual([]);
      expect(
        plan.rows.filter((r) => r.action !== 'unchanged'),
        name,
      ).toEqual([]);
      expect(plan.rows.length, name).toBe(plan.totalRows);
      expect(commitImport(bytes, settings(name), AGENT, { limits }).committed, name).toBe(true);
    }
    expect(dump()).toEqual(before);
  });

  it('an export edited in a spreadsheet updates only the edited cells, keeping quotes and citations of deleted sources', async () => {
    const { range, gone } = addAwkwardRecords();
    const files = exportFiles();
    const reports = editCsv(files['reports.csv']!, 'report_id', String(range.id), 'damage_level', 'destroyed');
    const plan = dryRun(reports, settings('reports.csv'), null, limits);
    expect(plan.rows.filter((r) => r.action !== 'unchanged').map((r) => [r.id, r.action, r.changes])).toEqual([
      [range.id, 'update', [{ column: 'damage_level', before: 'severe_damage', after: 'destroyed' }]],
    ]);
    const { editor } = await createCurators();
    expect(commitImport(reports, settings('reports.csv'), { userId: editor }, { limits }).committed).toBe(true);
    const after = getReportById(db, range.id)!;
    expect(after.damageLevel).toBe('destroyed');
    expect(after.citations).toEqual(range.citations);
    expect(after.citations.some((c) => c.sourceId === gone.id)).toBe(true);
    expect(getMonumentBySlug(db, 'awkward-monument')!.statusLevel).toBe('destroyed');
    expect(listRevisions(db, 'report', range.id)[0]).toMatchObject({ action: 'update', userId: editor, agent: null });

    const sites = editCsv(
      files['sites.csv']!,
      'slug',
      'hatra',
      'description',
      "'=Hatra, now with a formula-like description",
    );
    const sitePlan = dryRun(sites, settings('sites.csv'), null, limits);
    expect(
      sitePlan.rows.filter((r) => r.action !== 'unchanged').map((r) => r.changes.map((c) => [c.column, c.after])),
    ).toEqual([[['description', '=Hatra, now with a formula-like description']]]);
  });
});

describe('UNESCO World Heritage List', () => {
  it('creates and updates sites by UNESCO number, strips HTML, keeps curated fields, reads danger and countries', () => {
    const palmyra = getSiteBySlug(db, 'palmyra')!;
    transaction((tx) => {
      updateSite(tx, palmyra.id, palmyra.version, { wikidataQid: 'Q5788' }, { agent: 'test' });
      // A site that already has the slug the UNESCO name would give: the new site gets another one.
      insertSite(tx, { slug: 'butrint', name: 'Butrint (a local record)', countryCodes: 'AL' }, { agent: 'test' });
    });
    const curated = getSiteBySlug(db, 'palmyra')!;
    const result = commitImport(
      fixture('whc-list.csv'),
      settings('whc-list.csv', { kind: 'whc' }),
      { agent: 'import:whc:whc-list.csv' },
      { limits },
    );
    expect(result.plan.problems).toEqual([]);
    expect(result.committed).toBe(true);
    expect(result.plan.rows.map((r) => [r.row, r.action, r.label])).toEqual([
      [2, 'update', 'palmyra'],
      [3, 'update', 'hatra'],
      [4, 'create', 'ancient-city-of-damascus'],
      [5, 'create', 'ferto-neusiedlersee-cultural-landscape'],
      [6, 'create', 'butrint-2'],
    ]);
    expect(result.plan.rows[0]!.changes.map((c) => c.column)).toEqual([
      'states_name_en',
      'latitude',
      'longitude',
      'short_description_en',
    ]);
    expect(result.plan.notices.map((n) => n.code)).toContain('unusedColumns');

    const after = getSiteBySlug(db, 'palmyra')!;
    expect(after).toMatchObject({
      slug: 'palmyra',
      nameAr: curated.nameAr,
      descriptionAr: curated.descriptionAr,
      wikidataQid: 'Q5788',
      description:
        'An oasis city of the Syrian desert, whose temples and colonnades joined Graeco-Roman forms with local traditions.',
      latitude: 34.55472,
      longitude: 38.26667,
      inDanger: true,
      inDangerSince: 2013,
    });
    expect(getSiteBySlug(db, 'hatra')!.description).toBe(
      'A fortified Parthian city & caravan stop, with temples mixing Hellenistic and Roman architecture with Arab decoration.',
    );
    expect(getSiteBySlug(db, 'ancient-city-of-damascus')).toMatchObject({
      unescoIdNo: 20,
      name: 'Ancient City of Damascus',
      nameFr: 'Ancienne ville de Damas',
      nameAr: null,
      countryCodes: 'SY',
      description:
        'Founded in the 3rd millennium B.C., one of the oldest cities of the Middle East;\nits "Great Mosque" – built on a Roman temple – is among the 125 monuments of its historic centre.\n\nIt\'s listed with Bosra & others.',
      yearInscribed: 1979,
      criteria: '(i)(ii)(iii)(iv)(vi)',
      inDanger: true,
      inDangerSince: 2013,
    });
    expect(getSiteBySlug(db, 'ferto-neusiedlersee-cultural-landscape')).toMatchObject({
      unescoIdNo: 772,
      countryCodes: 'AT,HU',
      inDanger: false,
      name: 'Fertö / Neusiedlersee Cultural Landscape',
    });
    expect(getSiteBySlug(db, 'butrint-2')).toMatchObject({
      unescoIdNo: 570,
      inDanger: false,
      inDangerSince: null,
      countryCodes: 'AL',
    });
    expect(getSiteBySlug(db, 'butrint')).toMatchObject({ name: 'Butrint (a local record)', unescoIdNo: null });
    expect(listRevisions(db, 'site', after.id)[0]).toMatchObject({
      action: 'update',
      agent: 'import:whc:whc-list.csv',
    });

    const before = dump();
    const again = commitImport(
      fixture('whc-list.csv'),
      settings('whc-list.csv', { kind: 'whc' }),
      { agent: 'import:whc:whc-list.csv' },
      { limits },
    );
    expect(again.plan.counts).toEqual({ create: 0, update: 0, unchanged: 5, skip: 0 });
    expect(dump()).toEqual(before);
  });

  it('skips a site deleted in the registry, and tells a UNESCO file from a registry CSV', () => {
    const hatra = getSiteBySlug(db, 'hatra')!;
    db.$client.prepare("UPDATE sites SET deleted_at = '2026-01-01T00:00:00Z' WHERE id = ?").run(hatra.id);
    const plan = dryRun(fixture('whc-list.csv'), settings('whc-list.csv', { kind: 'whc' }), null, limits);
    expect(plan.rows.find((r) => r.row === 3)).toMatchObject({
      action: 'skip',
      reason: 'deletedInRegistry',
      id: hatra.id,
    });
    expect(
      dryRun(fixture('whc-list.csv'), settings('whc-list.csv'), null, limits).problems.map((p) => p.code),
    ).toContain('looksLikeWhc');
    expect(
      dryRun(fixture('utf8-lf.csv'), settings('utf8-lf.csv', { kind: 'whc' }), null, limits).problems.map(
        (p) => p.code,
      ),
    ).toEqual(['notWhc', 'notWhc']);
  });
});

describe('command line', () => {
  const write = (name: string, bytes: Buffer) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'import-cli-')), name);
    fs.writeFileSync(file, bytes);
    return file;
  };

  it('dry run prints the plan and writes nothing; problems exit 1; a commit is attributed to import:FILE', () => {
    const file = path.join(FIXTURES, 'utf8-lf.csv');
    const before = dump();
    const dry = runImportCli([file, '--dry-run'], 'csv');
    expect(dry.status).toBe(0);
    expect(dry.output.join('\n')).toContain('2 to create, 0 to update, 0 unchanged, 0 skipped.');
    expect(dry.output.join('\n')).toContain('crac-des-chevaliers');
    expect(dump()).toEqual(before);

    const bad = runImportCli([path.join(FIXTURES, 'malformed-rows.csv')], 'csv');
    expect(bad.status).toBe(1);
    expect(bad.errors).toContain('row 3, column latitude: “95” is out of range.');
    expect(dump()).toEqual(before);

    const done = runImportCli([file], 'csv');
    expect(done.status).toBe(0);
    const site = getSiteBySlug(db, 'crac-des-chevaliers')!;
    expect(listRevisions(db, 'site', site.id)[0]).toMatchObject({ action: 'create', agent: 'import:utf8-lf.csv' });
    expect(runImportCli([file], 'csv').output.join('\n')).toContain('0 to create, 0 to update, 2 unchanged');
  });

  it('takes --type and --encoding, and refuses wrong usage with exit 2', () => {
    const file = write('data.csv', Buffer.from('name,slug\nNimrud,nimrud\n'));
    expect(runImportCli([file, '--dry-run'], 'csv')).toMatchObject({ status: 1 });
    expect(runImportCli([file, '--dry-run'], 'csv').errors.join('\n')).toContain(
      'Cannot tell which records the file holds',
    );
    expect(runImportCli([file, '--dry-run', '--type', 'monuments'], 'csv').errors.join('\n')).toContain(
      'row 2, column kind: A value is required.',
    );
    expect(
      runImportCli([path.join(FIXTURES, 'cp1252-crlf.csv'), '--dry-run', '--encoding', 'cp1252'], 'csv').status,
    ).toBe(0);
    expect(
      runImportCli([path.join(FIXTURES, 'cp1252-crlf.csv'), '--dry-run', '--encoding', 'utf-8'], 'csv').errors.join(
        '\n',
      ),
    ).toContain('line 2');
    expect(runImportCli([], 'csv').status).toBe(2);
    expect(runImportCli([file, '--type', 'people'], 'csv').status).toBe(2);
    expect(runImportCli([file, '--encoding', 'ebcdic'], 'csv').status).toBe(2);
    expect(runImportCli(['/nonexistent.csv'], 'csv').status).toBe(2);
  });

  it('npm run import:whc imports the UNESCO list', () => {
    const result = runImportCli([path.join(FIXTURES, 'whc-list.csv')], 'whc');
    expect(result.status).toBe(0);
    expect(result.output.join('\n')).toContain('3 created, 2 updated');
    expect(getSiteBySlug(db, 'ancient-city-of-damascus')).toBeDefined();
    expect(runImportCli([path.join(FIXTURES, 'whc-list.csv'), '--type', 'sites'], 'whc').status).toBe(2);
  });
});
