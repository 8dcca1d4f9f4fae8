import { beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../setup/test-db';
import { type Db } from '@/db';
import { insertSite } from '@/db/queries/sites';
import { insertMonument } from '@/db/queries/monuments';
import { iterateExportRows, openExportSnapshot } from '@/db/queries/export';
import { monumentsTable } from '@/lib/export/columns';
import { csvChunks } from '@/lib/export/csv';
import { parseFilters } from '@/lib/filters';

let db: Db;

beforeEach(() => {
  db = freshDatabase();
});

/** monuments.csv of the registry as it stands, header and rows, as the download writes it. */
function monumentsCsv(): string {
  const filters = parseFilters(new URLSearchParams());
  if (!filters.ok) throw new Error('filters');
  const snapshot = openExportSnapshot();
  try {
    return [
      ...csvChunks(monumentsTable, () =>
        iterateExportRows(snapshot, 'monuments', filters.value, { baseUrl: 'https://registry.example' }),
      ),
    ].join('');
  } finally {
    snapshot.close();
  }
}

describe('monuments.csv stays byte for byte what it was', () => {
  it('has the same header, and a monument with every field filled gives the same row', () => {
    const actor = { agent: 'test' };
    const site = insertSite(
      db,
      { slug: 'pin-site', name: 'Pin Site', nameAr: 'موقع التثبيت', countryCodes: 'SY,LB' },
      actor,
    );
    const m = insertMonument(
      db,
      {
        slug: 'pin-monument',
        siteId: site.id,
        name: 'Pin, "Monument"',
        nameAr: 'معلم التثبيت',
        kind: 'temple',
        period: '=Roman',
        dateBuilt: 'AD 32',
        latitude: 34.5474,
        longitude: -38.25,
        wikidataQid: 'Q1129328',
        pleiadesId: '668331',
        description: 'Line one\nline two',
        descriptionAr: 'وصف',
      },
      [{ name: 'Bel', lang: 'en' }],
      actor,
    );
    db.$client
      .prepare(
        "UPDATE monuments SET created_at = '2020-01-02T03:04:05.000Z', updated_at = '2020-01-02T03:04:05.000Z' WHERE id = ?",
      )
      .run(m.id);
    const lines = monumentsCsv().split('\r\n');
    expect(lines[0]).toBe(
      'monument_id,slug,name,name_ar,alternative_names,site_id,site_slug,site_name,site_name_ar,country_codes,kind,kind_en,kind_ar,' +
        'period,date_built,latitude,longitude,wikidata_qid,pleiades_id,description,description_ar,status_level,status_level_en,' +
        'status_level_ar,status_basis,status_basis_en,status_basis_ar,status_report_id,latest_event_date,published_reports,' +
        'confirmed_reports,corroborated_reports,unverified_reports,disputed_reports,retracted_reports,url,created_at,updated_at',
    );
    const row = monumentsCsv()
      .replace(/\r\n$/, '')
      .split(/\r\n(?=\d+,)/)
      .find((l) => l.startsWith(`${m.id},pin-monument,`));
    expect(row).toBe(
      `${m.id},pin-monument,"Pin, ""Monument""",معلم التثبيت,Bel (en),${site.id},pin-site,Pin Site,موقع التثبيت,"SY,LB",temple,Temple,معبد,` +
        `'=Roman,AD 32,34.5474,-38.25,Q1129328,668331,"Line one\nline two",وصف,unknown,Unknown,غير معروف,none,No published report,لا يوجد تقرير منشور,,,0,0,0,0,0,0,` +
        'https://registry.example/monuments/pin-monument,2020-01-02T03:04:05.000Z,2020-01-02T03:04:05.000Z',
    );
  });
});
