import { beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../setup/test-db';
import { transaction, type Db } from '@/db';
import { seedDatabase } from '@/db/seed';
import { deleteMonument, getMonumentBySlug } from '@/db/queries/monuments';
import { listPublishedReportsForMonument } from '@/db/queries/reports';

let db: Db;
beforeEach(() => {
  db = freshDatabase();
});

const counts = () =>
  Object.fromEntries(
    ['sites', 'monuments', 'monument_names', 'reports', 'sources', 'report_sources', 'revisions', 'search_index'].map(
      (t) => [t, (db.$client.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n],
    ),
  );

describe('seed', () => {
  it('is idempotent: a second run creates and changes nothing', () => {
    const first = seedDatabase();
    expect(first.created).toBeGreaterThan(20);
    const before = counts();
    const snapshot = db.$client.prepare('SELECT * FROM monuments ORDER BY id').all();
    expect(seedDatabase().created).toBe(0);
    expect(counts()).toEqual(before);
    expect(db.$client.prepare('SELECT * FROM monuments ORDER BY id').all()).toEqual(snapshot);
  });

  it('leaves what a curator deleted deleted, and still starts (a later start runs the seed again)', () => {
    seedDatabase();
    const bel = getMonumentBySlug(db, 'temple-of-bel')!;
    expect(transaction((tx) => deleteMonument(tx, bel.id, bel.version, { agent: 'test' })).ok).toBe(true);
    const before = counts();
    expect(seedDatabase().created).toBe(0);
    expect(counts()).toEqual(before);
    expect(getMonumentBySlug(db, 'temple-of-bel')).toBeUndefined();
  });

  it('loads Palmyra with its named monuments at stable slugs, and an Iraqi site', () => {
    seedDatabase();
    const palmyra = db.$client.prepare("SELECT * FROM sites WHERE slug = 'palmyra'").get() as Record<string, unknown>;
    expect(palmyra).toMatchObject({
      unesco_id_no: 23,
      year_inscribed: 1980,
      criteria: '(i)(ii)(iv)',
      in_danger: 1,
      in_danger_since: 2013,
      country_codes: 'SY',
      latitude: 34.554,
      longitude: 38.267,
      name_ar: 'موقع تدمر',
    });
    for (const slug of [
      'temple-of-bel',
      'arch-of-triumph',
      'roman-theatre',
      'temple-of-baalshamin',
      'tower-of-elahbel',
      'tetrapylon',
      'lion-of-al-lat',
      'palmyra-museum',
    ]) {
      expect(getMonumentBySlug(db, slug), slug).toBeDefined();
    }
    expect(db.$client.prepare("SELECT count(*) AS n FROM sites WHERE country_codes = 'IQ'").get()).toEqual({ n: 2 });
  });

  it('records the Temple of Bel as destroyed in 2015, from cited sources, with a revision for every record', () => {
    seedDatabase();
    const bel = getMonumentBySlug(db, 'temple-of-bel')!;
    expect(bel).toMatchObject({ statusLevel: 'destroyed', statusBasis: 'established', nameAr: 'معبد بل' });
    const [report] = listPublishedReportsForMonument(db, bel.id);
    expect(report!.eventDate).toBe('2015-08-30');
    expect(report!.sources.map((s) => s.publisher)).toContain('UNITAR-UNOSAT');
    const unrevised = db.$client
      .prepare(
        `
      SELECT 'report' AS t, id FROM reports WHERE id NOT IN (SELECT entity_id FROM revisions WHERE entity_type = 'report')
      UNION ALL SELECT 'monument', id FROM monuments WHERE id NOT IN (SELECT entity_id FROM revisions WHERE entity_type = 'monument')
      UNION ALL SELECT 'site', id FROM sites WHERE id NOT IN (SELECT entity_id FROM revisions WHERE entity_type = 'site')
      UNION ALL SELECT 'source', id FROM sources WHERE id NOT IN (SELECT entity_id FROM revisions WHERE entity_type = 'source')`,
      )
      .all();
    expect(unrevised).toEqual([]);
  });

  it('includes a disputed claim carrying both a supporting and a disputing source', () => {
    seedDatabase();
    const contested = db.$client
      .prepare(
        `
      SELECT r.id FROM reports r WHERE r.verification_status = 'disputed'
        AND EXISTS (SELECT 1 FROM report_sources s WHERE s.report_id = r.id AND s.stance = 'supports')
        AND EXISTS (SELECT 1 FROM report_sources s WHERE s.report_id = r.id AND s.stance = 'disputes')`,
      )
      .all();
    expect(contested.length).toBeGreaterThan(0);
  });

  it('never invents: every URL in the seed is one of the few confirmed ones', () => {
    seedDatabase();
    const urls = (db.$client.prepare('SELECT url FROM sources WHERE url IS NOT NULL').all() as { url: string }[])
      .map((r) => r.url)
      .sort();
    expect(urls).toEqual(['https://whc.unesco.org/en/list/23', 'https://whc.unesco.org/en/list/277']);
  });
});
