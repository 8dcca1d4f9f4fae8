/**
 * Each record type's rules hold the same way in the curator forms and in the importer: the same bad record is
 * refused by both, on the same field, with the same message code — and, for the rules that tie fields together,
 * the same words in both languages.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'csv-stringify/sync';
import { freshDatabase } from '../setup/test-db';
import { getDb } from '@/db';
import { seedDatabase } from '@/db/seed';
import { getSiteBySlug } from '@/db/queries/sites';
import { dryRun } from '@/lib/import/run';
import type { ImportType } from '@/lib/import/types';
import { siteRecord } from '@/lib/records/site';
import { monumentRecord } from '@/lib/records/monument-record';
import { reportRecord } from '@/lib/records/report';
import { sourceRecord } from '@/lib/records/source';
import type { RecordModule } from '@/lib/records/module';
import enCurator from '@/messages/en/curator.json';
import arCurator from '@/messages/ar/curator.json';
import enImport from '@/messages/en/import.json';
import arImport from '@/messages/ar/import.json';

beforeEach(() => {
  freshDatabase();
  seedDatabase();
});

const limits = { maxBytes: 1_000_000, maxRows: 100, maxProblems: 100 };
const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The importer's problems for one row of `columns` (a CSV of the record type). */
function importProblems(type: ImportType, row: Record<string, string>) {
  const csv = stringify([Object.keys(row), Object.values(row)]);
  const plan = dryRun(
    Buffer.from(csv),
    { kind: 'csv', type, encoding: 'utf-8', fileName: `${type}.csv` },
    null,
    limits,
  );
  return plan.problems.map((p) => ({ field: p.column, code: p.code }));
}

/** The form's field errors for the same record, as { field (snake_case, as the CSV column), code }. */
function formErrors(record: RecordModule<unknown>, values: Record<string, string>) {
  const parsed = record.parseForm(values);
  if (parsed.ok) return [];
  return Object.entries(parsed.fieldErrors).flatMap(([field, codes]) =>
    codes.map((code) => ({ field: snake(field), code })),
  );
}

describe('the same bad record, through a form and through the importer', () => {
  it('site: a latitude without its longitude', () => {
    const form = formErrors(siteRecord as RecordModule<unknown>, {
      name: 'Bosra',
      countryCodes: 'SY',
      latitude: '32.5',
    });
    expect(form).toEqual([{ field: 'longitude', code: 'coordinatesPair' }]);
    expect(importProblems('sites', { name: 'Bosra', country_codes: 'SY', latitude: '32.5' })).toEqual(form);
  });

  it('monument: a name with no Latin letters and no slug to make an address from', () => {
    const palmyra = getSiteBySlug(getDb(), 'palmyra')!;
    const form = formErrors(monumentRecord as RecordModule<unknown>, {
      name: 'معبد',
      siteId: String(palmyra.id),
      kind: 'temple',
    });
    expect(form).toEqual([{ field: 'slug', code: 'slugRequired' }]);
    expect(importProblems('monuments', { name: 'معبد', site_slug: 'palmyra', kind: 'temple' })).toEqual(form);
  });

  it('report: an approximate range that ends before it starts', () => {
    const values = {
      monumentId: '1',
      eventDate: '2016',
      eventDateEnd: '2015',
      approximate: 'on',
      damageLevel: 'destroyed',
      summary: 'Blown up',
      certainty: 'high',
      verificationStatus: 'unverified',
    };
    const form = formErrors(reportRecord as RecordModule<unknown>, values);
    expect(form).toEqual([{ field: 'event_date_end', code: 'endBeforeStart' }]);
    expect(
      importProblems('reports', {
        monument_slug: 'temple-of-bel',
        event_date: '2016',
        event_date_end: '2015',
        event_date_precision: 'approximate',
        damage_level: 'destroyed',
        summary: 'Blown up',
        certainty: 'high',
      }),
    ).toEqual(form);
  });

  it('source: an address that is not a web address', () => {
    const form = formErrors(sourceRecord as RecordModule<unknown>, {
      title: 'Statement',
      sourceType: 'news',
      url: 'ftp://example.org/x',
    });
    expect(form).toEqual([{ field: 'url', code: 'invalidUrl' }]);
    expect(importProblems('sources', { title: 'Statement', source_type: 'news', url: 'ftp://example.org/x' })).toEqual(
      form,
    );
  });

  it('the rules that tie fields together read the same in the form and in the import plan, in both languages', () => {
    for (const code of ['coordinatesPair', 'slugRequired', 'endBeforeStart'] as const) {
      expect(enImport.problems[code], code).toBe(enCurator.errors[code]);
      expect(arImport.problems[code], code).toBe(arCurator.errors[code]);
    }
  });
});
