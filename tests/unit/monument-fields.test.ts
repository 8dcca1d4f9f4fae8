import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { NextIntlClientProvider } from 'next-intl';
import { getTableColumns } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../setup/test-db';
import enCurator from '@/messages/en/curator.json';
import arCurator from '@/messages/ar/curator.json';
import { type Db } from '@/db';
import { monuments as monumentsSchema } from '@/db/schema';
import { insertSite } from '@/db/queries/sites';
import { insertMonument } from '@/db/queries/monuments';
import { exportQuery, iterateExportRows, openExportSnapshot } from '@/db/queries/export';
import { monumentsTable, storedColumns } from '@/lib/export/columns';
import { WRITABLE_COLUMNS } from '@/lib/import/plan';
import {
  MonumentInput,
  monumentFields,
  monumentFormFields,
  monumentFormValues,
  monumentPlainFields,
} from '@/lib/records/monument';
import { MonumentForm } from '@/components/curator/monument-form';
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

/** The cells of one CSV record as written (quotes and all), so that a column can be left out without re-encoding. */
function rawCells(line: string): string[] {
  const cells: string[] = [];
  const cell = /("(?:[^"]|"")*"|[^,"]*)(,|$)/y;
  for (let at = 0; ;) {
    cell.lastIndex = at;
    const m = cell.exec(line);
    if (!m) throw new Error(`not CSV at ${at}: ${line.slice(at, at + 20)}`);
    cells.push(m[1]!);
    if (m[2] === '') return cells;
    at = cell.lastIndex;
  }
}

/** monuments.csv's columns before its plain fields were declared in lib/records/monument.ts. */
const TODAY =
  'monument_id,slug,name,name_ar,alternative_names,site_id,site_slug,site_name,site_name_ar,country_codes,kind,kind_en,kind_ar,' +
  'period,date_built,latitude,longitude,wikidata_qid,pleiades_id,description,description_ar,status_level,status_level_en,' +
  'status_level_ar,status_basis,status_basis_en,status_basis_ar,status_report_id,latest_event_date,published_reports,' +
  'confirmed_reports,corroborated_reports,unverified_reports,disputed_reports,retracted_reports,url,created_at,updated_at';

describe('monuments.csv stays byte for byte what it was', () => {
  it('has the same columns in the same order, and a monument with every field filled gives the same cells', () => {
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
    const [headerLine, ...rows] = monumentsCsv()
      .replace(/\r\n$/, '')
      .split(/\r\n(?=\d+,)/);
    const header = rawCells(headerLine!);
    const todays = TODAY.split(',');
    // A field added since may add its own columns (docs/data-model.md); no other column may come or go.
    const added = header.filter((c) => !todays.includes(c));
    const fieldOf = (name: string): string | undefined => {
      const column = monumentsTable.columns.find((c) => c.name === name);
      return column?.field ?? (column?.labelOf ? fieldOf(column.labelOf.column) : undefined);
    };
    for (const name of added) expect(fieldOf(name), name).toBeTruthy();
    const today = (cells: string[]) => cells.filter((_, i) => todays.includes(header[i]!)).join(',');
    expect(today(header)).toBe(TODAY);
    if (added.length === 0) expect(headerLine).toBe(TODAY);
    const row = rows.find((l) => l.startsWith(`${m.id},pin-monument,`))!;
    expect(today(rawCells(row))).toBe(
      `${m.id},pin-monument,"Pin, ""Monument""",معلم التثبيت,Bel (en),${site.id},pin-site,Pin Site,موقع التثبيت,"SY,LB",temple,Temple,معبد,` +
        `'=Roman,AD 32,34.5474,-38.25,Q1129328,668331,"Line one\nline two",وصف,unknown,Unknown,غير معروف,none,No published report,لا يوجد تقرير منشور,,,0,0,0,0,0,0,` +
        'https://registry.example/monuments/pin-monument,2020-01-02T03:04:05Z,2020-01-02T03:04:05Z',
    );
  });
});

/**
 * The recipe of docs/data-model.md ("Adding a field to monuments: the five files") holds only while every place a
 * monument field reaches reads the module's declaration: this fails when a plain field is left out of the form, the
 * export, the importer or a catalog.
 */
describe('every plain field of the monument module', () => {
  const catalogs = { en: enCurator, ar: arCurator } as Record<
    'en' | 'ar',
    { fields: Record<string, string>; hints: Record<string, string> }
  >;
  /** The monument form as the server renders it, with these plain fields. */
  const form = (locale: 'en' | 'ar', fields = monumentFormFields) =>
    renderToString(
      createElement(NextIntlClientProvider, {
        locale,
        messages: { curator: catalogs[locale] },
        timeZone: 'UTC',
        children: createElement(MonumentForm, {
          action: async (s) => s,
          initial: {},
          locale,
          fields,
          site: null,
          submitLabel: 'Save',
        }),
      }),
    );

  it.each(monumentPlainFields.map((f) => [f.key, f] as const))(
    '%s is in the form, the export and the importer',
    (key, f) => {
      // Its form value and schema.
      expect(Object.keys(MonumentInput.in.shape)).toContain(key);
      expect(Object.keys(monumentFormValues({}))).toContain(key);
      // Its column in the database is the one the export and the import name.
      expect((getTableColumns(monumentsSchema) as Record<string, { name: string }>)[key]?.name).toBe(f.column);
      // The form renders it, labelled from both catalogs.
      for (const locale of ['en', 'ar'] as const) {
        const label = catalogs[locale].fields[key];
        expect(label, `curator.fields.${key} (${locale})`).toBeTruthy();
        if (f.widget.hint) expect(catalogs[locale].hints[f.widget.hint], `hint of ${key}`).toBeTruthy();
        const html = form(locale);
        const escaped = label!.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
        expect(html).toContain(`<label for="f-${key}">${escaped}`);
        expect(html).toMatch(new RegExp(`<(input|select|textarea) id="f-${key}"[^>]* name="${key}"`));
      }
      // The export writes it (a vocabulary code with its two labels), from its own column.
      const columns = monumentsTable.columns.filter((c) => c.field === key);
      expect(columns.map((c) => c.name)).toEqual([f.column]);
      expect(storedColumns(monumentsTable)).toContain(f.column);
      expect(() => exportQuery('monuments', noFilters(), { baseUrl: 'https://x.example' }, [f.column])).not.toThrow();
      // The importer reads it.
      expect(monumentFields.filter((s) => s.key === key).map((s) => s.column)).toEqual([f.column]);
      expect(WRITABLE_COLUMNS.monuments).toContain(f.column);
    },
  );

  it('are found by this test when one is missing (the form is rendered, not assumed)', () => {
    const html = form(
      'en',
      monumentFormFields.filter((f) => f.key !== 'period'),
    );
    expect(html).not.toMatch(/id="f-period"/);
    expect(html).toMatch(/id="f-dateBuilt"/);
  });
});

function noFilters() {
  const f = parseFilters(new URLSearchParams());
  if (!f.ok) throw new Error('filters');
  return f.value;
}
