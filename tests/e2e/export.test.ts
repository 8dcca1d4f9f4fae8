import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import Database from 'better-sqlite3';
import { axeViolations, baseUrl, launchBrowser, readDatabase } from './helpers';
import { csvRecords, parseCsv, unzipText, validateDataPackage } from '../support/export';
import { openDatabase, transaction, setSharedDatabase, type Db } from '@/db';
import { insertSite } from '@/db/queries/sites';
import { insertMonument } from '@/db/queries/monuments';
import { insertSource } from '@/db/queries/sources';
import { insertReport } from '@/db/queries/reports';
import { refreshMonumentStatus } from '@/db/queries/status';
import { monumentConditions } from '@/db/queries/filters';
import { parseFilters, type Filters } from '@/lib/filters';
import { exportTables } from '@/lib/export/columns';

// Records of this file's own, with names no other test uses (the server's database is shared by every e2e file).
const SITE = 'e2e-export-site';
const MONUMENT = 'e2e-export-monument';
const BULK = 'E2E export bulk report';
let db: Db;
let ids: { site: number; monument: number; report: number; source: number };

const url = (path: string) => `${baseUrl()}${path}`;
async function get(path: string) {
  const res = await fetch(url(path));
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}
const serverLog = () => fs.readFileSync(inject('serverLog'), 'utf8');

beforeAll(() => {
  db = openDatabase(inject('databasePath'));
  setSharedDatabase(db);
  ids = transaction((tx) => {
    const site = insertSite(
      tx,
      {
        slug: SITE,
        name: '=SUM(1,2) export test site',
        nameAr: 'موقع "اختبار" التصدير',
        countryCodes: 'ML',
        latitude: 16.77,
        longitude: -0.5,
      },
      { agent: 'e2e' },
    );
    const monument = insertMonument(
      tx,
      {
        slug: MONUMENT,
        siteId: site.id,
        name: '+E2E export monument',
        nameAr: 'معلم\nاختبار التصدير',
        kind: 'mosque',
        latitude: -0.25,
        longitude: -0.5,
      },
      [],
      { agent: 'e2e' },
    );
    const source = insertSource(
      tx,
      // Satellite imagery: the "confirmed" report below needs direct evidence (the evidence rules).
      { title: '@e2e source, "quoted"', sourceType: 'satellite_imagery', url: 'https://example.org/e2e' },
      { agent: 'e2e' },
    );
    const report = insertReport(
      tx,
      {
        monumentId: monument.id,
        eventDate: '2012-07-01',
        damageLevel: 'destroyed',
        summary: '-E2E summary, with "quotes"\nand a new line',
        summaryAr: 'ملخص "الاختبار"، بسطرين\r\nثانٍ',
        certainty: 'high',
        verificationStatus: 'confirmed',
        reviewState: 'published',
      },
      [{ sourceId: source.id, stance: 'supports', quote: '=HYPERLINK("http://example.org")' }],
      { agent: 'e2e' },
    );
    return { site: site.id, monument: monument.id, report: report.id, source: source.id };
  });
});

afterAll(() => {
  // Leave the shared database as small as it was: the bulk rows exist only for the hang-up test.
  transaction((tx) => {
    tx.$client.prepare('DELETE FROM reports WHERE monument_id = ? AND summary LIKE ?').run(ids.monument, `${BULK}%`);
    refreshMonumentStatus(tx, ids.monument);
  });
  db.$client.close();
});

describe('exports over HTTP against a production build', () => {
  it('reports.csv carries every published report of the database, with version, licence and file name in the headers', async () => {
    const { res, body } = await get('/export/reports.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    const version = res.headers.get('x-dataset-version')!;
    expect(version).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="heritage-registry-reports-v${version.replace(/:/g, '')}.csv"`,
    );
    expect(res.headers.get('x-data-licence')).toBe('CC BY 4.0');
    expect(res.headers.get('link')).toMatch(/rel="license"/);
    const text = body.toString('utf8');
    expect(
      text.startsWith(
        `${exportTables
          .find((t) => t.name === 'reports')!
          .columns.map((c) => c.name)
          .join(',')}\r\n`,
      ),
    ).toBe(true);
    const records = csvRecords(text);
    const read = readDatabase();
    try {
      const rows = read
        .prepare(
          `SELECT r.id, r.summary, r.summary_ar, r.event_date, m.slug FROM reports r JOIN monuments m ON m.id = r.monument_id
        JOIN sites s ON s.id = m.site_id WHERE r.review_state = 'published' AND r.deleted_at IS NULL AND m.deleted_at IS NULL AND s.deleted_at IS NULL ORDER BY r.id`,
        )
        .all() as { id: number; summary: string; summary_ar: string | null; event_date: string | null; slug: string }[];
      expect(records.map((r) => Number(r.report_id))).toEqual(rows.map((r) => r.id));
      for (const row of rows) {
        const record = records.find((r) => Number(r.report_id) === row.id)!;
        expect(record.event_date).toBe(row.event_date ?? '');
        expect(record.monument_slug).toBe(row.slug);
        if (!/^[=+\-@\t\r]/.test(row.summary)) expect(record.summary).toBe(row.summary);
      }
    } finally {
      read.close();
    }
    expect(records.find((r) => r.monument_slug === 'temple-of-bel')).toMatchObject({
      damage_level: 'destroyed',
      damage_level_ar: 'مدمَّر',
      event_date: '2015-08-30',
    });
  });

  it('round-trips Arabic, quotes and line breaks, and neutralises formulas in text columns only', async () => {
    const reports = csvRecords((await get(`/export/reports.csv?site=${SITE}`)).body.toString('utf8'));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      report_id: String(ids.report),
      summary: '\'-E2E summary, with "quotes"\nand a new line',
      summary_ar: 'ملخص "الاختبار"، بسطرين\r\nثانٍ',
      monument_name: "'+E2E export monument",
      monument_name_ar: 'معلم\nاختبار التصدير',
      site_name: "'=SUM(1,2) export test site",
      supporting_source_ids: String(ids.source),
      supporting_sources: '\'@e2e source, "quoted" <https://example.org/e2e>',
      event_date: '2012-07-01',
    });
    const monuments = csvRecords((await get(`/export/monuments.csv?site=${SITE}`)).body.toString('utf8'));
    expect(monuments[0]).toMatchObject({
      monument_id: String(ids.monument),
      latitude: '-0.25',
      longitude: '-0.5',
      status_level: 'destroyed',
      status_basis: 'established',
    });
    const sites = csvRecords((await get(`/export/sites.csv?site=${SITE}`)).body.toString('utf8'));
    expect(sites).toEqual([
      expect.objectContaining({ site_id: String(ids.site), longitude: '-0.5', name_ar: 'موقع "اختبار" التصدير' }),
    ]);
    const citations = csvRecords((await get(`/export/report_sources.csv?site=${SITE}`)).body.toString('utf8'));
    expect(citations).toEqual([
      {
        report_id: String(ids.report),
        source_id: String(ids.source),
        stance: 'supports',
        stance_en: 'Supports',
        stance_ar: 'يؤيد',
        quote: '\'=HYPERLINK("http://example.org")',
      },
    ]);
    const excel = (await get(`/export/sources.csv?site=${SITE}&bom=1`)).body;
    expect([...excel.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csvRecords(excel.subarray(3).toString('utf8'))[0]).toMatchObject({
      source_id: String(ids.source),
      title: '\'@e2e source, "quoted"',
    });
  });

  it('filters exactly as search does, and answers bad parameters with 400 and drafts with 403', async () => {
    const read = readDatabase();
    try {
      for (const query of [
        'country=SY',
        'kind=temple',
        'status=destroyed&country=SY,ML',
        'verification=disputed',
        'q=Bel',
      ]) {
        const parsed = parseFilters(new URLSearchParams(query)) as { ok: true; value: Filters };
        const c = monumentConditions(parsed.value);
        const expected = (
          read
            .prepare(`SELECT m.id FROM monuments m JOIN sites s ON s.id = m.site_id WHERE ${c.sql} ORDER BY m.id`)
            .all(...c.params) as { id: number }[]
        ).map((r) => String(r.id));
        const got = csvRecords((await get(`/export/monuments.csv?${query}`)).body.toString('utf8')).map(
          (r) => r.monument_id,
        );
        expect(got, query).toEqual(expected);
        expect(got.length, query).toBeGreaterThan(0);
      }
    } finally {
      read.close();
    }
    const bad = await get('/export/monuments.csv?status=flattened&bom=2');
    expect(bad.res.status).toBe(400);
    expect(JSON.parse(bad.body.toString())).toMatchObject({
      error: { status: 400, parameters: { status: expect.stringMatching(/unknown status/), bom: 'expected 0 or 1' } },
    });
    expect((await get('/export/reports.csv?include=drafts')).res.status).toBe(403);
    expect((await get('/export/nothing.csv')).res.status).toBe(404);
  });

  it('serves a data package that validates against its own schemas, and GeoJSON for QGIS', async () => {
    const zip = await get('/export/dataset.zip');
    expect(zip.res.headers.get('content-type')).toBe('application/zip');
    const files = unzipText(new Uint8Array(zip.body));
    expect(validateDataPackage(files)).toEqual([]);
    expect(JSON.parse(files['datapackage.json']!)).toMatchObject({
      version: zip.res.headers.get('x-dataset-version'),
      licenses: [{ title: 'CC BY 4.0' }],
    });
    const geo = await get(`/export/monuments.geojson?site=${SITE}`);
    expect(geo.res.headers.get('content-type')).toBe('application/geo+json');
    const collection = JSON.parse(geo.body.toString('utf8'));
    expect(collection).toMatchObject({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', id: ids.monument, geometry: { type: 'Point', coordinates: [-0.5, -0.25] } }],
    });
  });

  it('stops the query when the client hangs up mid-download; the server stays healthy and logs no error', async () => {
    // Enough rows that the download cannot finish before the client hangs up (tens of MB behind TCP back-pressure).
    const writer = new Database(inject('databasePath'));
    writer.pragma('busy_timeout = 0');
    writer.pragma('wal_autocheckpoint = 0'); // keep the new rows in the WAL, so an open reader shows in a checkpoint
    const insert =
      writer.prepare(`INSERT INTO reports (monument_id, event_date, damage_level, summary, summary_ar, certainty, verification_status, review_state)
      VALUES (?, '2016-01-01', 'possible_damage', ?, 'تقرير للاختبار، "كبير"', 'low', 'unverified', 'published')`);
    writer.transaction(() => {
      for (let i = 0; i < 60_000; i++)
        insert.run(
          ids.monument,
          `${BULK} ${i}, with enough text to make the row a few hundred bytes long: "quoted", commas, and more`,
        );
    })();
    const checkpointBusy = () => (writer.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[])[0]!.busy;
    const logBefore = serverLog().length;

    try {
      const controller = new AbortController();
      const res = await fetch(url(`/export/reports.csv?site=${SITE}`), { signal: controller.signal });
      const reader = res.body!.getReader();
      let received = 0;
      while (received < 200_000) {
        const { done, value } = await reader.read();
        if (done) throw new Error(`the download ended after ${received} bytes, before the client could hang up`);
        received += value.byteLength;
      }
      // The export's read transaction is open: a checkpoint cannot reset the WAL under it.
      expect(checkpointBusy()).toBe(1);
      controller.abort();
      await reader.cancel().catch(() => {});

      // Once the server notices, it closes the iterator and its connection: nothing holds the WAL any more.
      let busy = 1;
      for (let i = 0; i < 50 && busy; i++) {
        await new Promise((r) => setTimeout(r, 100));
        busy = checkpointBusy();
      }
      expect(busy).toBe(0);
    } finally {
      writer.close();
    }
    const health = await fetch(url('/api/health'));
    expect(health.status).toBe(200);
    const again = await get(`/export/sites.csv?site=${SITE}`);
    expect(parseCsv(again.body.toString('utf8'))).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 300));
    const log = serverLog().slice(logBefore);
    expect(log).not.toMatch(/error|⨯|unhandled/i);
  });
});

describe('the /export page', () => {
  it('documents every file and column in English and Arabic, with the licence, the status rule and the byte-order mark', async () => {
    for (const [path, words] of [
      [
        '/export',
        [
          'Data dictionary',
          'bom=1',
          'Spreadsheet safety',
          'How to cite',
          'CC BY 4.0',
          'Only published, not deleted reports count',
        ],
      ],
      [
        '/ar/export',
        [
          'قاموس البيانات',
          'bom=1',
          'الأمان في جداول البيانات',
          'طريقة الاستشهاد',
          'CC BY 4.0',
          'لا تُحتسب إلا التقارير المنشورة',
        ],
      ],
    ] as const) {
      const { res, body } = await get(path);
      expect(res.status, path).toBe(200);
      const html = body.toString('utf8');
      for (const word of words) expect(html, `${path}: ${word}`).toContain(word);
      for (const table of exportTables) {
        expect(html).toContain(`href="/export/${table.path}"`);
        for (const column of table.columns)
          expect(html, `${path}: ${table.name}.${column.name}`).toContain(`id="${table.name}-${column.name}"`);
      }
      expect(html).toContain('href="/export/dataset.zip"');
      expect(html).toContain('مدمَّر'); // vocabulary labels
    }
  });

  it('passes axe, and nothing overflows at 375 px in either language', async () => {
    const browser = await launchBrowser();
    try {
      for (const path of ['/export', '/ar/export']) {
        const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
        await page.goto(url(path));
        expect(await axeViolations(page), path).toEqual([]);
        const [scrollWidth, clientWidth] = await page.evaluate(() => [
          document.documentElement.scrollWidth,
          document.documentElement.clientWidth,
        ]);
        expect(scrollWidth, path).toBeLessThanOrEqual(clientWidth);
        await page.setViewportSize({ width: 1280, height: 800 });
        expect(await axeViolations(page), `${path} wide`).toEqual([]);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });
});
