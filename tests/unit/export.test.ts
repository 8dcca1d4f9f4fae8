import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { freshDatabase } from '../setup/test-db';

// The drafts check reads the session cookie: an empty cookie jar is an anonymous reader (see request-context.ts).
vi.mock('next/headers', () => import('../setup/request-context'));
import { csvRecords, parseCsv, unzipText, validateDataPackage } from '../support/export';
import { transaction, type Db } from '@/db';
import { seedDatabase } from '@/db/seed';
import { insertSite } from '@/db/queries/sites';
import { insertMonument } from '@/db/queries/monuments';
import { insertSource } from '@/db/queries/sources';
import { insertReport } from '@/db/queries/reports';
import { getDatasetVersion, refreshMonumentStatus } from '@/db/queries/status';
import { monumentConditions, reportConditions } from '@/db/queries/filters';
import { exportQuery, openExportSnapshot, openExportSnapshotCount } from '@/db/queries/export';
import { parseFilters, type Filters } from '@/lib/filters';
import { vocabLabel, statusBases } from '@/lib/vocab';
import { monuments as monumentsSchema } from '@/db/schema';
import { exportTables, isNeutralised, storedColumns } from '@/lib/export/columns';
import { neutraliseFormula } from '@/lib/export/csv';
import { exportChunks, findExportFile } from '@/lib/export/files';
import { GET } from '@/app/export/[file]/route';
import { exportToDirectory } from '@/scripts/export';

const BASE = 'http://localhost:3000';
const actor = { agent: 'test' };
let db: Db;
let fixture: ReturnType<typeof addAwkwardRecords>;

function download(file: string, query = '') {
  return GET(new Request(`http://localhost/export/${file}${query ? `?${query}` : ''}`), {
    params: Promise.resolve({ file }),
  });
}
async function text(file: string, query = '') {
  const res = await download(file, query);
  expect(res.status, `${file}?${query}`).toBe(200);
  return res.text();
}

/** Records whose text a spreadsheet could run as a formula, or that CSV must quote: Arabic, quotes, commas, line breaks. */
function addAwkwardRecords() {
  return transaction((tx) => {
    const site = insertSite(
      tx,
      {
        slug: 'timbuktu-test',
        name: '=HYPERLINK("http://example.com/x","click")',
        nameAr: 'تمبكتو "الاختبار"، بفاصلة',
        countryCodes: 'ML',
        latitude: 16.7735,
        longitude: -3.0074,
        description: '+ a description that starts with a plus',
      },
      actor,
    );
    const monument = insertMonument(
      tx,
      {
        slug: 'djinguereber-test',
        siteId: site.id,
        name: '-minus first',
        nameAr: 'جامع\nبسطرين',
        kind: 'mosque',
        latitude: -0.25,
        longitude: -0.5,
        period: '@period',
        description: 'Line one\r\nline two, "quoted"',
      },
      [
        { name: '=alternative name', lang: 'en' },
        { name: 'جينغربر', lang: 'ar' },
      ],
      actor,
    );
    const quoted = insertSource(
      tx,
      {
        title: 'Title with "quotes", commas\r\nand a CRLF',
        publisher: '@publisher',
        url: 'https://example.org/a?x=1&y=2',
        // Imagery: the confirmed report below meets the evidence rules (lib/evidence.ts).
        sourceType: 'satellite_imagery',
        language: 'ar',
      },
      actor,
    );
    const formula = insertSource(tx, { title: '=1+1', sourceType: 'social_media' }, actor);
    const deletedSource = insertSource(tx, { title: 'A source that was deleted', sourceType: 'news' }, actor);
    const published = insertReport(
      tx,
      {
        monumentId: monument.id,
        eventDate: '2012-06-30',
        eventDatePrecision: 'day',
        reportedDate: '2012-07-01',
        damageLevel: 'destroyed',
        cause: 'explosives',
        reportedActor: '-',
        summary: 'He said "it is gone",\nthen left.',
        summaryAr: 'قال: "دُمّر"، ثم\r\nغادر',
        certainty: 'high',
        verificationStatus: 'confirmed',
        reviewState: 'published',
      },
      [
        { sourceId: quoted.id, stance: 'supports', quote: '=cmd|"/C calc"!A0' },
        { sourceId: formula.id, stance: 'disputes', quote: 'نفي "قاطع"' },
        { sourceId: deletedSource.id, stance: 'supports' },
      ],
      actor,
    );
    const ranged = insertReport(
      tx,
      {
        monumentId: monument.id,
        eventDate: '2013-01-01',
        eventDateEnd: '2013-03-31',
        eventDatePrecision: 'approximate',
        damageLevel: 'severe_damage',
        summary: '@mention at the start',
        summaryAr: '\rسطر يبدأ برجوع',
        reportedActor: '\tan actor after a tab',
        certainty: 'low',
        verificationStatus: 'unverified',
        reviewState: 'published',
      },
      [{ sourceId: quoted.id, stance: 'supports' }],
      actor,
    );
    const draft = insertReport(
      tx,
      {
        monumentId: monument.id,
        damageLevel: 'moderate_damage',
        summary: 'A draft not yet reviewed',
        certainty: 'low',
        reviewState: 'draft',
      },
      [{ sourceId: formula.id, stance: 'supports' }],
      actor,
    );
    const rejected = insertReport(
      tx,
      {
        monumentId: monument.id,
        damageLevel: 'moderate_damage',
        summary: 'A rejected claim',
        certainty: 'low',
        reviewState: 'rejected',
      },
      [],
      actor,
    );
    const deleted = insertReport(
      tx,
      {
        monumentId: monument.id,
        damageLevel: 'moderate_damage',
        summary: 'A deleted report',
        certainty: 'low',
        reviewState: 'published',
      },
      [{ sourceId: quoted.id, stance: 'supports' }],
      actor,
    );
    // There is no delete function yet (curation is another issue): soft-delete as it will, by setting deleted_at.
    tx.$client.prepare("UPDATE reports SET deleted_at = '2026-01-01T00:00:00.000Z' WHERE id = ?").run(deleted.id);
    tx.$client.prepare("UPDATE sources SET deleted_at = '2026-01-01T00:00:00.000Z' WHERE id = ?").run(deletedSource.id);
    refreshMonumentStatus(tx, monument.id);
    const gone = insertMonument(
      tx,
      {
        slug: 'deleted-monument-test',
        siteId: site.id,
        name: 'Deleted monument',
        kind: 'other',
        latitude: 1,
        longitude: 1,
      },
      [],
      actor,
    );
    const goneReport = insertReport(
      tx,
      {
        monumentId: gone.id,
        damageLevel: 'destroyed',
        summary: 'Report on a deleted monument',
        certainty: 'low',
        reviewState: 'published',
      },
      [{ sourceId: quoted.id, stance: 'supports' }],
      actor,
    );
    tx.$client.prepare("UPDATE monuments SET deleted_at = '2026-01-01T00:00:00.000Z' WHERE id = ?").run(gone.id);
    return {
      site,
      monument,
      quoted,
      formula,
      deletedSource,
      published,
      ranged,
      draft,
      rejected,
      deleted,
      gone,
      goneReport,
    };
  });
}

beforeEach(() => {
  db = freshDatabase();
  seedDatabase();
  fixture = addAwkwardRecords();
});

const all = <T>(sql: string, ...params: unknown[]) => db.$client.prepare(sql).all(...params) as T[];
const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
/** A stored stamp as the export writes it: whole seconds (Table Schema's default datetime format). */
const stamp = (v: unknown) => cell(v).replace(/\.\d+Z$/, 'Z');
const textCell = (v: unknown) => neutraliseFormula(cell(v));
const labels = (vocab: Parameters<typeof vocabLabel>[0], code: string | null, name: string) => ({
  [name]: cell(code),
  [`${name}_en`]: vocabLabel(vocab, code, 'en'),
  [`${name}_ar`]: vocabLabel(vocab, code, 'ar'),
});

type Row = Record<string, string | number | null>;

/** reports.csv as a researcher should find it, built from the database without the export's SQL. */
function expectedReports(): Record<string, string>[] {
  const reports =
    all<Row>(`SELECT r.*, m.slug AS m_slug, m.name AS m_name, m.name_ar AS m_name_ar, s.id AS s_id, s.slug AS s_slug, s.name AS s_name,
      s.name_ar AS s_name_ar, s.country_codes FROM reports r JOIN monuments m ON m.id = r.monument_id JOIN sites s ON s.id = m.site_id
    WHERE r.review_state = 'published' AND r.deleted_at IS NULL AND m.deleted_at IS NULL AND s.deleted_at IS NULL ORDER BY r.id`);
  return reports.map((r) => {
    const cites = all<Row>(
      `SELECT rs.stance, so.id, so.title, so.publisher, so.url FROM report_sources rs JOIN sources so ON so.id = rs.source_id
      WHERE rs.report_id = ? AND so.deleted_at IS NULL ORDER BY so.id`,
      r.id,
    );
    const side = (stance: string) => cites.filter((c) => c.stance === stance);
    const asText = (c: Row) => `${c.title}${c.publisher ? ` (${c.publisher})` : ''}${c.url ? ` <${c.url}>` : ''}`;
    return {
      report_id: cell(r.id),
      monument_id: cell(r.monument_id),
      monument_slug: cell(r.m_slug),
      monument_name: textCell(r.m_name),
      monument_name_ar: textCell(r.m_name_ar),
      site_id: cell(r.s_id),
      site_slug: cell(r.s_slug),
      site_name: textCell(r.s_name),
      site_name_ar: textCell(r.s_name_ar),
      country_codes: cell(r.country_codes),
      event_date: cell(r.event_date),
      event_date_end: cell(r.event_date_end),
      ...labels('datePrecision', r.event_date_precision as string, 'event_date_precision'),
      reported_date: cell(r.reported_date),
      ...labels('damageLevel', r.damage_level as string, 'damage_level'),
      ...labels('damageCause', r.cause as string | null, 'cause'),
      reported_actor: textCell(r.reported_actor),
      summary: textCell(r.summary),
      summary_ar: textCell(r.summary_ar),
      ...labels('certainty', r.certainty as string, 'certainty'),
      ...labels('verificationStatus', r.verification_status as string, 'verification_status'),
      ...labels('reviewState', r.review_state as string, 'review_state'),
      supporting_source_ids: side('supports')
        .map((c) => c.id)
        .join(';'),
      supporting_sources: textCell(side('supports').map(asText).join(' | ')),
      disputing_source_ids: side('disputes')
        .map((c) => c.id)
        .join(';'),
      disputing_sources: textCell(side('disputes').map(asText).join(' | ')),
      url: `${BASE}/monuments/${r.m_slug}#report-${r.id}`,
      created_at: stamp(r.created_at),
      updated_at: stamp(r.updated_at),
    };
  });
}

describe('reports.csv', () => {
  it('is RFC 4180 with a header row: fields quoted when needed, quotes doubled, CRLF line ends, UTF-8', async () => {
    const res = await download('reports.csv');
    const bytes = Buffer.from(await res.arrayBuffer());
    const body = bytes.toString('utf8');
    expect(Buffer.from(body, 'utf8').equals(bytes)).toBe(true); // valid UTF-8, nothing lost
    expect(bytes[0]).not.toBe(0xef); // no byte-order mark unless asked
    expect(
      body.startsWith(
        `${exportTables
          .find((t) => t.name === 'reports')!
          .columns.map((c) => c.name)
          .join(',')}\r\n`,
      ),
    ).toBe(true);
    expect(body.endsWith('\r\n')).toBe(true);
    expect(body).toContain('"He said ""it is gone"",\nthen left."');
    expect(body).toContain('"قال: ""دُمّر""، ثم\r\nغادر"');
    expect(body).toContain(',"جامع\nبسطرين",'); // a lone line feed is quoted too, or spreadsheets would start a new row
    // Every record ends in CRLF: strict parsing with CRLF as the only record delimiter keeps every row at the header's width.
    const rows = parseCsv(body);
    expect(new Set(rows.map((r) => r.length)).size).toBe(1);
  });

  it('round-trips every published report exactly as the database holds it, Arabic, quotes and line breaks included', async () => {
    const records = csvRecords(await text('reports.csv'));
    const expected = expectedReports();
    expect(records.length).toBeGreaterThan(10);
    expect(records).toEqual(expected);
    const awkward = records.find((r) => r.report_id === String(fixture.published.id))!;
    expect(awkward.summary).toBe('He said "it is gone",\nthen left.');
    expect(awkward.summary_ar).toBe('قال: "دُمّر"، ثم\r\nغادر');
    expect(awkward.monument_name_ar).toBe('جامع\nبسطرين');
    expect(awkward.damage_level_ar).toBe('مدمَّر');
  });

  it('leaves out drafts, rejected and deleted reports, reports of deleted monuments, and deleted sources', async () => {
    const records = csvRecords(await text('reports.csv'));
    const ids = records.map((r) => Number(r.report_id));
    for (const r of [fixture.draft, fixture.rejected, fixture.deleted, fixture.goneReport])
      expect(ids).not.toContain(r.id);
    expect(ids).toContain(fixture.ranged.id);
    const awkward = records.find((r) => r.report_id === String(fixture.published.id))!;
    expect(awkward.supporting_source_ids).toBe(String(fixture.quoted.id));
    expect(awkward.disputing_source_ids).toBe(String(fixture.formula.id));
    expect(awkward.supporting_sources).not.toContain('deleted');
    const sources = csvRecords(await text('sources.csv')).map((s) => Number(s.source_id));
    expect(sources).toContain(fixture.quoted.id);
    expect(sources).not.toContain(fixture.deletedSource.id);
    const citations = csvRecords(await text('report_sources.csv'));
    expect(citations.filter((c) => c.report_id === String(fixture.published.id)).map((c) => c.source_id)).toEqual([
      String(fixture.quoted.id),
      String(fixture.formula.id),
    ]);
    expect(citations.some((c) => c.report_id === String(fixture.draft.id))).toBe(false);
  });

  it('neutralises formula cells in text columns only; numbers, dates, codes and identifiers stay exact', async () => {
    const reports = csvRecords(await text('reports.csv'));
    const awkward = reports.find((r) => r.report_id === String(fixture.published.id))!;
    expect(awkward.reported_actor).toBe("'-");
    expect(awkward.monument_name).toBe("'-minus first");
    expect(awkward.site_name).toBe('\'=HYPERLINK("http://example.com/x","click")');
    expect(awkward.disputing_sources).toBe("'=1+1");
    expect(awkward.supporting_sources).toBe(
      'Title with "quotes", commas\r\nand a CRLF (@publisher) <https://example.org/a?x=1&y=2>',
    );
    expect(reports.find((r) => r.report_id === String(fixture.ranged.id))).toMatchObject({
      summary: "'@mention at the start",
      summary_ar: "'\rسطر يبدأ برجوع",
      reported_actor: "'\tan actor after a tab",
      event_date: '2013-01-01',
      event_date_end: '2013-03-31',
      event_date_precision: 'approximate',
    });

    const monuments = csvRecords(await text('monuments.csv'));
    const m = monuments.find((r) => r.monument_id === String(fixture.monument.id))!;
    expect(m).toMatchObject({
      longitude: '-0.5',
      latitude: '-0.25',
      name: "'-minus first",
      period: "'@period",
      alternative_names: "'=alternative name (en) | جينغربر (ar)",
    });
    const site = csvRecords(await text('sites.csv')).find((r) => r.site_id === String(fixture.site.id))!;
    expect(site).toMatchObject({
      longitude: '-3.0074',
      description: "'+ a description that starts with a plus",
      name_ar: 'تمبكتو "الاختبار"، بفاصلة',
    });
    const quotes = csvRecords(await text('report_sources.csv'));
    expect(quotes.find((q) => q.source_id === String(fixture.quoted.id))!.quote).toBe('\'=cmd|"/C calc"!A0');
    const sources = csvRecords(await text('sources.csv'));
    expect(sources.find((s) => s.source_id === String(fixture.formula.id))!.title).toBe("'=1+1");
    expect(sources.find((s) => s.source_id === String(fixture.quoted.id))!.publisher).toBe("'@publisher");

    // The rule is decided by the column's type: only free text and labels are ever changed.
    for (const table of exportTables) {
      for (const c of table.columns)
        expect(isNeutralised(c), `${table.name}.${c.name}`).toBe(
          c.type === 'string' && (c.role === 'text' || c.role === 'label'),
        );
    }
    expect(neutraliseFormula('-0.5')).toBe("'-0.5");
    expect(neutraliseFormula('\rx')).toBe("'\rx");
    expect(neutraliseFormula('a=b')).toBe('a=b');
  });
});

describe('monuments.csv, sites.csv, sources.csv, report_sources.csv', () => {
  it('carry each monument with its current status and the inputs of the status rule', async () => {
    const records = csvRecords(await text('monuments.csv'));
    const rows = all<Row>(
      'SELECT m.* FROM monuments m JOIN sites s ON s.id = m.site_id WHERE m.deleted_at IS NULL AND s.deleted_at IS NULL ORDER BY m.id',
    );
    expect(records.map((r) => r.monument_id)).toEqual(rows.map((r) => String(r.id)));
    for (const row of rows) {
      const record = records.find((r) => r.monument_id === String(row.id))!;
      const counts = all<{ v: string; n: number }>(
        "SELECT verification_status AS v, count(*) AS n FROM reports WHERE monument_id = ? AND review_state = 'published' AND deleted_at IS NULL GROUP BY 1",
        row.id,
      );
      const count = (v: string) => String(counts.find((c) => c.v === v)?.n ?? 0);
      expect(record).toMatchObject({
        slug: row.slug,
        ...labels('damageLevel', row.status_level as string, 'status_level'),
        ...labels('statusBasis', row.status_basis as string, 'status_basis'),
        status_report_id: cell(row.status_report_id),
        latest_event_date: cell(row.latest_event_date),
        kind: row.kind,
        published_reports: String(counts.reduce((s, c) => s + c.n, 0)),
        confirmed_reports: count('confirmed'),
        corroborated_reports: count('corroborated'),
        unverified_reports: count('unverified'),
        disputed_reports: count('disputed'),
        retracted_reports: count('retracted'),
        url: `${BASE}/monuments/${row.slug}`,
        updated_at: stamp(row.updated_at),
      });
    }
    const bel = records.find((r) => r.slug === 'temple-of-bel')!;
    expect(bel).toMatchObject({
      status_level: 'destroyed',
      status_level_en: 'Destroyed',
      status_level_ar: 'مدمَّر',
      status_basis: 'established',
      latitude: '34.5474',
      longitude: '38.2734',
    });
    expect(bel.alternative_names).toContain('معبد بعل (ar)');
    expect(records.find((r) => r.monument_id === String(fixture.monument.id))).toMatchObject({
      published_reports: '2',
      confirmed_reports: '1',
      unverified_reports: '1',
    });
  });

  it('carry sites, sources and citations as the database holds them', async () => {
    const sites = csvRecords(await text('sites.csv'));
    const siteRows = all<Row>('SELECT * FROM sites WHERE deleted_at IS NULL ORDER BY id');
    expect(sites).toEqual(
      siteRows.map((s) => ({
        site_id: cell(s.id),
        slug: cell(s.slug),
        unesco_id_no: cell(s.unesco_id_no),
        name: textCell(s.name),
        name_ar: textCell(s.name_ar),
        name_fr: textCell(s.name_fr),
        country_codes: cell(s.country_codes),
        states_name: textCell(s.states_name),
        states_name_ar: textCell(s.states_name_ar),
        latitude: cell(s.latitude),
        longitude: cell(s.longitude),
        year_inscribed: cell(s.year_inscribed),
        criteria: textCell(s.criteria),
        in_danger: s.in_danger ? 'true' : 'false',
        in_danger_since: cell(s.in_danger_since),
        wikidata_qid: cell(s.wikidata_qid),
        description: textCell(s.description),
        description_ar: textCell(s.description_ar),
        url: `${BASE}/sites/${s.slug}`,
        created_at: stamp(s.created_at),
        updated_at: stamp(s.updated_at),
      })),
    );

    const citations = csvRecords(await text('report_sources.csv'));
    const citationRows =
      all<Row>(`SELECT rs.* FROM report_sources rs JOIN reports r ON r.id = rs.report_id JOIN monuments m ON m.id = r.monument_id
      JOIN sources so ON so.id = rs.source_id WHERE r.review_state = 'published' AND r.deleted_at IS NULL AND m.deleted_at IS NULL AND so.deleted_at IS NULL ORDER BY rs.report_id, rs.source_id`);
    expect(citations).toEqual(
      citationRows.map((c) => ({
        report_id: cell(c.report_id),
        source_id: cell(c.source_id),
        ...labels('stance', c.stance as string, 'stance'),
        quote: textCell(c.quote),
      })),
    );

    const sources = csvRecords(await text('sources.csv'));
    const cited = [...new Set(citationRows.map((c) => c.source_id as number))].sort((a, b) => a - b);
    const sourceRows = all<Row>(`SELECT * FROM sources WHERE id IN (${cited.join(',')}) ORDER BY id`);
    expect(sources).toEqual(
      sourceRows.map((s) => ({
        source_id: cell(s.id),
        title: textCell(s.title),
        publisher: textCell(s.publisher),
        url: cell(s.url),
        archived_url: cell(s.archived_url),
        published_date: cell(s.published_date),
        ...labels('sourceType', s.source_type as string, 'source_type'),
        language: textCell(s.language),
        created_at: stamp(s.created_at),
        updated_at: stamp(s.updated_at),
        citation_detail: textCell(s.citation_detail),
      })),
    );
  });
});

describe('filters: the same parameters as search', () => {
  function expectedIds(query: string) {
    const parsed = parseFilters(new URLSearchParams(query));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const f = parsed.value as Filters;
    const m = monumentConditions(f);
    const monuments = all<{ id: number }>(
      `SELECT m.id FROM monuments m JOIN sites s ON s.id = m.site_id WHERE ${m.sql} ORDER BY m.id`,
      ...m.params,
    ).map((r) => String(r.id));
    const mOnly = monumentConditions({ ...f, cause: [], verification: [], from: undefined, to: undefined });
    const r = reportConditions(f);
    const reports = all<{ id: number }>(
      `SELECT r.id FROM reports r JOIN monuments m ON m.id = r.monument_id JOIN sites s ON s.id = m.site_id WHERE ${mOnly.sql} AND ${r.sql} ORDER BY r.id`,
      ...mOnly.params,
      ...r.params,
    ).map((x) => String(x.id));
    return { monuments, reports };
  }

  it.each([
    'country=SY',
    'kind=temple&country=SY',
    'status=destroyed&kind=arch,tomb',
    'cause=misuse',
    'verification=disputed',
    'from=2017&to=2017',
    'q=Baalshamin',
    `q=${encodeURIComponent('معبد')}`,
    'country=ML',
    'country=ML&cause=explosives',
    'site=palmyra&verification=confirmed,corroborated',
  ])('%s selects the monuments search selects, and their matching reports', async (query) => {
    const expected = expectedIds(query);
    const monuments = csvRecords(await text('monuments.csv', query)).map((r) => r.monument_id);
    const reports = csvRecords(await text('reports.csv', query)).map((r) => r.report_id);
    expect(monuments).toEqual(expected.monuments);
    expect(reports).toEqual(expected.reports);
    expect(monuments.length + reports.length).toBeGreaterThan(0);
    // Every report belongs to an exported monument, every monument to an exported site.
    const reportMonuments = new Set(csvRecords(await text('reports.csv', query)).map((r) => r.monument_id));
    for (const id of reportMonuments) expect(monuments).toContain(id);
    const sites = csvRecords(await text('sites.csv', query)).map((r) => r.slug);
    const monumentSites = new Set(csvRecords(await text('monuments.csv', query)).map((r) => r.site_slug));
    expect(new Set(sites)).toEqual(monumentSites);
  });

  it('narrows reports by cause and date while monument filters keep the whole monument', async () => {
    const reports = csvRecords(await text('reports.csv', 'cause=explosives'));
    expect(reports.length).toBeGreaterThan(2);
    expect(new Set(reports.map((r) => r.cause))).toEqual(new Set(['explosives']));
    const dated = csvRecords(await text('reports.csv', 'from=2016-01&to=2016-02'));
    for (const r of dated)
      expect((r.event_date_end || r.event_date)! >= '2016-01-01' && r.event_date! <= '2016-02-29').toBe(true);
    expect(csvRecords(await text('sites.csv')).length).toBe(4);
    expect(csvRecords(await text('sites.csv', 'country=IQ')).map((s) => s.slug)).toEqual(['hatra']);
  });

  it('answers 400 naming each bad parameter, 403 for drafts, 404 for an unknown file, and ignores unknown parameters', async () => {
    const bad = await download('reports.csv', 'status=flattened&from=2015-13&bom=2&include=everything');
    expect(bad.status).toBe(400);
    // The registry's one error shape, as the JSON API answers it.
    const { error } = (await bad.json()) as {
      error: { status: number; message: string; parameter: string; parameters: Record<string, string> };
    };
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^Bad query parameters: /);
    expect(Object.keys(error.parameters).sort()).toEqual(['bom', 'from', 'include', 'status']);
    expect(error.parameters[error.parameter]).toBeDefined();
    expect(error.parameters.status).toMatch(/unknown status "flattened"/);
    expect(error.parameters.bom).toBe('expected 0 or 1');
    expect((await download('monuments.geojson', 'bom=yes')).status).toBe(400);
    expect((await download('dataset.zip', 'from=2016&to=2015')).status).toBe(400);

    const drafts = await download('reports.csv', 'include=drafts');
    expect(drafts.status).toBe(403);
    expect(await drafts.json()).toMatchObject({
      error: { status: 403, parameters: { include: expect.stringMatching(/signed-in editor/) } },
    });
    expect((await download('passwords.csv')).status).toBe(404);
    const ignored = await download('reports.csv', 'page=2&utm_source=x&bom=0');
    expect(ignored.status).toBe(200);
    expect(await ignored.text()).toBe(await text('reports.csv'));
    expect(openExportSnapshotCount()).toBe(0);
  });
});

describe('headers, byte-order mark, drafts', () => {
  it('name the dataset version and date in the file name and the headers, with the licence', async () => {
    const version = getDatasetVersion(db)!;
    expect(version).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const tag = `v${version.replace(/:/g, '')}`;
    const cases = [
      ['reports.csv', 'text/csv; charset=utf-8; header=present', `heritage-registry-reports-${tag}.csv`],
      ['report_sources.csv', 'text/csv; charset=utf-8; header=present', `heritage-registry-report_sources-${tag}.csv`],
      ['monuments.geojson', 'application/geo+json', `heritage-registry-monuments-${tag}.geojson`],
      ['dataset.zip', 'application/zip', `heritage-registry-dataset-${tag}.zip`],
    ] as const;
    for (const [file, type, name] of cases) {
      const res = await download(file);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${name}"`);
      expect(res.headers.get('x-dataset-version')).toBe(version);
      expect(res.headers.get('x-data-licence')).toBe('CC BY 4.0');
      expect(res.headers.get('link')).toContain('<https://creativecommons.org/licenses/by/4.0/>; rel="license"');
      await res.arrayBuffer();
    }
  });

  it('prepends a UTF-8 byte-order mark only with bom=1', async () => {
    const plain = Buffer.from(await (await download('monuments.csv')).arrayBuffer());
    const withBom = Buffer.from(await (await download('monuments.csv', 'bom=1')).arrayBuffer());
    expect([...withBom.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(withBom.subarray(3).equals(plain)).toBe(true);
    const geojson = Buffer.from(await (await download('monuments.geojson', 'bom=1')).arrayBuffer());
    expect(geojson[0]).toBe('{'.charCodeAt(0)); // RFC 7946 forbids a byte-order mark
  });

  it('include drafts (never rejected or deleted reports) only when an editor may have them', async () => {
    const snapshot = openExportSnapshot();
    const params = (includeDrafts: boolean) => ({
      filters: (parseFilters(new URLSearchParams()) as { ok: true; value: Filters }).value,
      bom: false,
      includeDrafts,
    });
    const read = (includeDrafts: boolean) => {
      const chunks = [
        ...exportChunks(findExportFile('reports.csv')!, {
          snapshot,
          params: params(includeDrafts),
          baseUrl: BASE,
          licence: 'CC BY 4.0',
          licenceUrl: 'https://example.org',
          now: new Date(),
        }),
      ];
      return csvRecords(chunks.join(''));
    };
    try {
      const withDrafts = read(true);
      const ids = withDrafts.map((r) => Number(r.report_id));
      expect(ids).toContain(fixture.draft.id);
      expect(withDrafts.find((r) => Number(r.report_id) === fixture.draft.id)).toMatchObject({
        review_state: 'draft',
        review_state_en: 'Draft',
        supporting_source_ids: String(fixture.formula.id),
      });
      for (const r of [fixture.rejected, fixture.deleted, fixture.goneReport]) expect(ids).not.toContain(r.id);
      expect(read(false).map((r) => Number(r.report_id))).not.toContain(fixture.draft.id);
    } finally {
      snapshot.close();
    }
  });
});

describe('streaming', () => {
  function addManyReports(n: number) {
    transaction((tx) => {
      const insert = tx.$client
        .prepare(`INSERT INTO reports (monument_id, event_date, damage_level, summary, certainty, verification_status, review_state)
        VALUES (?, '2016-01-01', 'possible_damage', ?, 'low', 'unverified', 'published')`);
      for (let i = 0; i < n; i++) insert.run(fixture.monument.id, `Bulk report ${i}, "for streaming"`);
      refreshMonumentStatus(tx, fixture.monument.id);
    });
  }

  it('sends the header at once, then batches of rows as they are read, from one snapshot', async () => {
    addManyReports(5000);
    const total = (
      db.$client
        .prepare(
          "SELECT count(*) AS n FROM reports r JOIN monuments m ON m.id = r.monument_id WHERE r.review_state = 'published' AND r.deleted_at IS NULL AND m.deleted_at IS NULL",
        )
        .get() as { n: number }
    ).n;
    const res = await download('reports.csv');
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(Buffer.from(first.value!).toString('utf8')).toBe(
      `${exportTables
        .find((t) => t.name === 'reports')!
        .columns.map((c) => c.name)
        .join(',')}\r\n`,
    );
    // A report published while the download runs is not in it: the export reads one consistent snapshot.
    const late = transaction((tx) =>
      insertReport(
        tx,
        {
          monumentId: fixture.monument.id,
          damageLevel: 'destroyed',
          summary: 'Published during the download',
          certainty: 'low',
          reviewState: 'published',
        },
        [{ sourceId: fixture.quoted.id, stance: 'supports' }],
        actor,
      ),
    );
    const chunks: Buffer[] = [Buffer.from(first.value!)];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(Buffer.from(value));
    }
    const records = csvRecords(Buffer.concat(chunks).toString('utf8'));
    expect(records.length).toBe(total);
    expect(records.map((r) => Number(r.report_id))).not.toContain(late.id);
    expect(chunks.length).toBeGreaterThanOrEqual(1 + Math.ceil(total / 2000));
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(1_000_000); // batches, never the whole file
    expect(openExportSnapshotCount()).toBe(0);
  });

  it('stops the query and closes its connection when the client hangs up', async () => {
    addManyReports(5000);
    const res = await download('reports.csv');
    const reader = res.body!.getReader();
    await reader.read(); // header
    const batch = await reader.read();
    const rows = parseCsv(Buffer.from(batch.value!).toString('utf8')).length;
    expect(rows).toBeGreaterThan(10);
    expect(rows).toBeLessThanOrEqual(2000); // one batch, not the 5,000-odd rows of the whole file
    expect(openExportSnapshotCount()).toBe(1);
    await reader.cancel();
    expect(openExportSnapshotCount()).toBe(0);
    // The database is free for writers and for the next download.
    transaction((tx) =>
      insertReport(
        tx,
        {
          monumentId: fixture.monument.id,
          damageLevel: 'destroyed',
          summary: 'After the hang-up',
          certainty: 'low',
          reviewState: 'published',
        },
        [{ sourceId: fixture.quoted.id, stance: 'supports' }],
        actor,
      ),
    );
    expect(csvRecords(await text('reports.csv')).some((r) => r.summary === 'After the hang-up')).toBe(true);
  });
});

describe('monuments.geojson', () => {
  it('is a WGS 84 FeatureCollection of the monuments with coordinates, as [longitude, latitude]', async () => {
    const res = await download('monuments.geojson', 'country=ML,SY');
    const collection = (await res.json()) as {
      type: string;
      dataset_version: string;
      features: {
        type: string;
        id: number;
        geometry: { type: string; coordinates: number[] };
        properties: Record<string, unknown>;
      }[];
    };
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.dataset_version).toBe(getDatasetVersion(db));
    const rows = all<Row>(`SELECT m.id, m.latitude, m.longitude FROM monuments m JOIN sites s ON s.id = m.site_id
      WHERE m.deleted_at IS NULL AND m.latitude IS NOT NULL AND s.country_codes IN ('ML', 'SY') ORDER BY m.id`);
    expect(collection.features.map((f) => [f.id, ...f.geometry.coordinates])).toEqual(
      rows.map((r) => [r.id, r.longitude, r.latitude]),
    );
    const awkward = collection.features.find((f) => f.id === fixture.monument.id)!;
    expect(awkward.geometry).toEqual({ type: 'Point', coordinates: [-0.5, -0.25] });
    expect(awkward.properties).toMatchObject({
      slug: 'djinguereber-test',
      name: '-minus first',
      name_ar: 'جامع\nبسطرين',
      status_level: 'destroyed',
      status_level_ar: 'مدمَّر',
      site_slug: 'timbuktu-test',
      url: `${BASE}/monuments/djinguereber-test`,
    });
  });
});

describe('the data package', () => {
  it('validates against its own schemas: headers, types, required and allowed values, primary and foreign keys', async () => {
    for (const query of ['', 'country=SY', 'verification=confirmed&kind=temple', 'cause=explosives']) {
      const res = await download('dataset.zip', query);
      const files = unzipText(new Uint8Array(await res.arrayBuffer()));
      expect(Object.keys(files)).toEqual([
        'datapackage.json',
        'sites.csv',
        'monuments.csv',
        'reports.csv',
        'sources.csv',
        'report_sources.csv',
        'evidence.csv',
        'CITATION.cff',
        'datacite.json',
      ]);
      expect(validateDataPackage(files), query).toEqual([]);
      // The files in the package are the files the single downloads serve.
      for (const table of exportTables)
        expect(files[table.path], `${table.path}?${query}`).toBe(await text(table.path, query));
    }
  });

  it('describes itself: profile, version, created date, licence, citation, and a schema for every file', async () => {
    const res = await download('dataset.zip', 'country=SY');
    const pkg = JSON.parse(unzipText(new Uint8Array(await res.arrayBuffer()))['datapackage.json']!);
    expect(pkg).toMatchObject({
      profile: 'tabular-data-package',
      name: 'heritage-damage-registry',
      version: getDatasetVersion(db),
      filters: 'country=SY',
      licenses: [{ name: 'CC-BY-4.0', path: 'https://creativecommons.org/licenses/by/4.0/', title: 'CC BY 4.0' }],
    });
    expect(Date.parse(pkg.created)).not.toBeNaN();
    expect(pkg.citation).toContain(`version ${getDatasetVersion(db)}`);
    expect(pkg.citation).toContain('?country=SY');
    const reports = pkg.resources.find((r: { name: string }) => r.name === 'reports');
    expect(reports.schema.primaryKey).toBe('report_id');
    expect(reports.schema.foreignKeys).toContainEqual({
      fields: 'monument_id',
      reference: { resource: 'monuments', fields: 'monument_id' },
    });
    expect(reports.schema.fields.find((f: { name: string }) => f.name === 'damage_level')).toMatchObject({
      type: 'string',
      constraints: {
        required: true,
        enum: ['unknown', 'no_visible_damage', 'possible_damage', 'moderate_damage', 'severe_damage', 'destroyed'],
      },
    });
    expect(reports.schema.fields.find((f: { name: string }) => f.name === 'event_date')).toMatchObject({
      type: 'date',
    });
    const citations = pkg.resources.find((r: { name: string }) => r.name === 'report_sources');
    expect(citations.schema.primaryKey).toEqual(['report_id', 'source_id']);
  });

  it('has a validator that catches a broken package (so the test above can fail)', async () => {
    const files = unzipText(new Uint8Array(await (await download('dataset.zip')).arrayBuffer()));
    const [header, first, ...rest] = files['reports.csv']!.split('\r\n');
    void rest;
    const broken = { ...files, 'reports.csv': `${header}\r\n${first}\r\n${first}\r\n` };
    expect(validateDataPackage(broken).join('\n')).toMatch(/duplicate primary key/);
    const badEnum = {
      ...files,
      'report_sources.csv': files['report_sources.csv']!.replace(',supports,', ',endorses,'),
    };
    expect(validateDataPackage(badEnum).join('\n')).toMatch(/"endorses" is not an allowed value/);
    const orphan = {
      ...files,
      'monuments.csv': files['monuments.csv']!.split('\r\n').slice(0, 2).join('\r\n') + '\r\n',
    };
    expect(validateDataPackage(orphan).join('\n')).toMatch(/monument_id=\d+ not found in monuments/);
    const badType = { ...files, 'sites.csv': files['sites.csv']!.replace(',true,', ',yes,') };
    expect(validateDataPackage(badType).join('\n')).toMatch(/in_danger "yes" is not true\/false/);
  });

  it('is written to a folder by `npm run export -- --out DIR`, identical to the download', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-export-'));
    const { files } = exportToDirectory(dir, 'country=SY', db.$client.name);
    expect(files).toEqual([
      'datapackage.json',
      'sites.csv',
      'monuments.csv',
      'reports.csv',
      'sources.csv',
      'report_sources.csv',
      'evidence.csv',
    ]);
    const written = Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
    expect(validateDataPackage(written)).toEqual([]);
    for (const table of exportTables) expect(written[table.path]).toBe(await text(table.path, 'country=SY'));
    expect(() => exportToDirectory(dir, 'status=flattened', db.$client.name)).toThrow(/status: unknown status/);
    expect(openExportSnapshotCount()).toBe(0);
  });
});

describe('query plans', () => {
  it("find a monument's reports through the monument index, never by scanning every published report per monument", () => {
    const f = (parseFilters(new URLSearchParams('cause=looting')) as { ok: true; value: Filters }).value;
    for (const table of ['sites', 'monuments', 'reports', 'sources', 'report_sources'] as const) {
      const { sql, params } = exportQuery(table, f, { baseUrl: BASE });
      const plan = all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, ...params)
        .map((r) => r.detail)
        .join('\n');
      expect(plan, table).not.toContain('reports_review_idx');
      // Either index led by monument_id will do: reports_published_idx (published, not deleted) or reports_monument_idx.
      if (table === 'sites' || table === 'monuments')
        expect(plan, table).toMatch(/SEARCH r .*INDEX reports_(monument|published)_idx \(monument_id=\?/);
    }
  });
});

describe('column definitions', () => {
  it('define every column once, in both languages, with SQL behind every stored column', () => {
    for (const table of exportTables) {
      const names = table.columns.map((c) => c.name);
      expect(new Set(names).size, table.name).toBe(names.length);
      for (const c of table.columns) {
        expect(c.description.en.length, `${table.name}.${c.name}`).toBeGreaterThan(5);
        expect(c.description.ar, `${table.name}.${c.name}`).toMatch(/[\u0600-\u06ff]/);
        if (c.labelOf) expect(names).toContain(c.labelOf.column);
        if (c.role === 'code') expect(c.vocabulary, `${table.name}.${c.name}`).toBeDefined();
      }
      for (const key of table.primaryKey) expect(names).toContain(key);
      expect(storedColumns(table).length).toBeGreaterThan(0);
    }
    // The status-basis vocabulary is the one the schema enforces.
    expect([...statusBases.codes]).toEqual(monumentsSchema.statusBasis.enumValues);
  });
});
