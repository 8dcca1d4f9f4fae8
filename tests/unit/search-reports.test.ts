import { beforeEach, describe, expect, it } from 'vitest';
import { transaction, type Db } from '@/db';
import { seedDatabase } from '@/db/seed';
import { getMonumentBySlug, insertMonument, updateMonument } from '@/db/queries/monuments';
import { deleteReport, getReportById, insertReport, reviewReport, updateReport } from '@/db/queries/reports';
import { deleteSource, insertSource, updateSource } from '@/db/queries/sources';
import { ensureSearchIndexVersion } from '@/db/queries/search-index';
import { correctedQuery, didYouMean, searchMatches, searchMonuments, searchSites } from '@/db/queries/search';
import { parseFilters, type Filters } from '@/lib/filters';
import { editDistance, excerpt, excerptHtml } from '@/lib/search-text';
import { stringify } from 'csv-stringify/sync';
import { commitImport } from '@/lib/import/run';
import { revertRecord } from '@/db/queries/records';
import { listRevisions } from '@/db/queries/revisions';
import { freshDatabase } from '../setup/test-db';

let db: Db;
beforeEach(() => {
  db = freshDatabase();
  seedDatabase();
});

const actor = { agent: 'test' };
const filters = (query: string): Filters => {
  const parsed = parseFilters(new URLSearchParams(query));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
};
const slugs = (query: string) =>
  searchMonuments(db, filters(query), { sort: 'relevance', page: 1, perPage: 50 }).rows.map((r) => r.slug);
const q = (text: string) => `q=${encodeURIComponent(text)}`;
const monumentId = (slug: string) => getMonumentBySlug(db, slug)!.id;
const matchOf = (text: string, slug: string, locale = 'en') =>
  searchMatches(db, text, [monumentId(slug)], locale).get(monumentId(slug));

/** A published report on the Tetrapylon citing a new source (publisher and quote given), returning both ids. */
function publishCited(
  summary: string,
  source: { title: string; publisher: string; quote: string },
  summaryAr?: string,
) {
  return transaction((tx) => {
    const s = insertSource(tx, { title: source.title, publisher: source.publisher, sourceType: 'news' }, actor);
    const r = insertReport(
      tx,
      {
        monumentId: monumentId('tetrapylon'),
        eventDate: '2017-01-20',
        damageLevel: 'possible_damage',
        certainty: 'low',
        verificationStatus: 'unverified',
        reviewState: 'published',
        summary,
        summaryAr: summaryAr ?? null,
      },
      [{ sourceId: s.id, stance: 'supports', quote: source.quote }],
      actor,
    );
    return { sourceId: s.id, reportId: r.id };
  });
}

describe('report and source text in search', () => {
  it('finds a monument by a word of a published report summary, with the report named and the word marked', () => {
    expect(slugs(q('bulldoz'))).toEqual(['hatra-great-temple']);
    const match = matchOf('bulldoz', 'hatra-great-temple')!;
    expect(match.field).toBe('report');
    expect(getReportById(db, match.reportId!)!.summary).toContain('bulldozers');
    expect(excerptHtml(match.excerpt!)).toContain('<mark>bulldozers</mark>');
  });

  it('finds by a publisher, a source title and a quote, in English and Arabic', () => {
    expect(slugs(q('UNOSAT'))).toEqual(expect.arrayContaining(['temple-of-bel', 'temple-of-baalshamin']));
    const { reportId } = publishCited(
      'Test: a report on the tetrapylon columns.',
      {
        title: 'Quarterly field notebook',
        publisher: 'Zephyrine Heritage Watch',
        quote: 'the xylophonic granite rang',
      },
      'تقرير عن أعمدة التترابيلون والقنطرة الزجاجية',
    );
    expect(slugs(q('zephyrine'))).toEqual(['tetrapylon']);
    expect(slugs(q('notebook quarterly'))).toEqual(['tetrapylon']);
    expect(slugs(q('xylophonic'))).toEqual(['tetrapylon']);
    expect(slugs(q('القنطرة'))).toEqual(['tetrapylon']); // with the article, as typed
    expect(slugs(q('قنطره'))).toEqual(['tetrapylon']); // without it, and ة typed as ه
    expect(matchOf('xylophonic', 'tetrapylon')).toMatchObject({ field: 'report', reportId, reportField: 'quote' });
    expect(matchOf('zephyrine', 'tetrapylon')).toMatchObject({ reportField: 'sourcePublisher' });
    const ar = matchOf('القنطرة', 'tetrapylon', 'ar')!;
    expect(ar.reportField).toBe('summaryAr');
    expect(excerptHtml(ar.excerpt!)).toContain('<mark>والقنطرة</mark>');
  });

  it('keeps a name match above a report match', () => {
    // "Palmyra" is in site names and report summaries; a monument named for it ranks first.
    publishCited('Test: Palmyra shelling', { title: 'T', publisher: 'P', quote: 'q' });
    const found = slugs(q('hatra'));
    expect(found[0]).toBe('hatra-great-temple');
    expect(matchOf('temple', 'temple-of-bel')!.field).toBe('name');
  });

  it('escapes HTML in excerpts: a stored <script> is text', () => {
    publishCited('<script>alert("quokka")</script> seen near the quokka columns', {
      title: 'T',
      publisher: 'P',
      quote: 'q',
    });
    const html = excerptHtml(matchOf('quokka', 'tetrapylon')!.excerpt!);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;<mark>quokka</mark>&quot;)&lt;/script&gt;');
  });

  it('never finds or quotes drafts, rejected or deleted reports, nor deleted sources, and follows every change', () => {
    const draft = transaction((tx) =>
      insertReport(
        tx,
        {
          monumentId: monumentId('tetrapylon'),
          damageLevel: 'unknown',
          certainty: 'low',
          reviewState: 'draft',
          summary: 'Draft: the wombat gate collapsed',
        },
        [],
        actor,
      ),
    );
    expect(slugs(q('wombat'))).toEqual([]);
    transaction((tx) => reviewReport(tx, draft.id, 'reject', 'no source', actor));
    expect(slugs(q('wombat'))).toEqual([]);

    const { reportId, sourceId } = publishCited('Test: the numbat tower cracked', {
      title: 'Platypus bulletin',
      publisher: 'Echidna press',
      quote: 'q',
    });
    expect(slugs(q('numbat'))).toEqual(['tetrapylon']);
    expect(slugs(q('platypus'))).toEqual(['tetrapylon']);
    // A curator's edit of the summary: the old words go, the new ones come, in the same transaction.
    transaction((tx) =>
      updateReport(
        tx,
        reportId,
        getReportById(tx, reportId)!.version,
        { summary: 'Test: the dingo wall' },
        undefined,
        actor,
      ),
    );
    expect(slugs(q('numbat'))).toEqual([]);
    expect(slugs(q('dingo'))).toEqual(['tetrapylon']);
    // A source renamed, then deleted.
    transaction((tx) => updateSource(tx, sourceId, 1, { title: 'Kookaburra digest' }, actor));
    expect(slugs(q('platypus'))).toEqual([]);
    expect(slugs(q('kookaburra'))).toEqual(['tetrapylon']);
    transaction((tx) => deleteSource(tx, sourceId, 2, actor));
    expect(slugs(q('kookaburra'))).toEqual([]);
    expect(slugs(q('echidna'))).toEqual([]);
    // The report deleted.
    transaction((tx) => deleteReport(tx, reportId, getReportById(tx, reportId)!.version, actor));
    expect(slugs(q('dingo'))).toEqual([]);
    expect(matchOf('dingo', 'tetrapylon')?.excerpt ?? null).toBeNull();
  });

  it('follows an import and a revert in the same transaction', () => {
    const file = Buffer.from(
      stringify(
        [
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
            'tetrapylon',
            '2017-03',
            'possible_damage',
            'low',
            'unverified',
            'published',
            'Imported: a gecko nest on the plinth.',
            '1',
          ],
        ],
        { record_delimiter: '\r\n' },
      ),
    );
    const limits = { maxBytes: 1_000_000, maxRows: 100, maxProblems: 100 };
    const result = commitImport(file, { kind: 'csv', type: 'auto', encoding: 'auto', fileName: 'r.csv' }, actor, {
      limits,
    });
    expect(result.plan.problems).toEqual([]);
    expect(slugs(q('gecko'))).toEqual(['tetrapylon']);

    // An edit, then a revert to the imported text.
    const id = (db.$client.prepare("SELECT id FROM reports WHERE summary LIKE '%gecko%'").get() as { id: number }).id;
    transaction((tx) =>
      updateReport(tx, id, getReportById(tx, id)!.version, { summary: 'Test: a skink nest' }, undefined, actor),
    );
    expect(slugs(q('gecko'))).toEqual([]);
    const created = listRevisions(db, 'report', id).find((r) => r.action === 'create')!;
    const current = getReportById(db, id)!;
    transaction((tx) =>
      revertRecord(tx, 'report', id, current.version, created.after as Record<string, unknown>, created.id, actor),
    );
    expect(slugs(q('gecko'))).toEqual(['tetrapylon']);
    expect(slugs(q('skink'))).toEqual([]);
  });

  it('is rebuilt for an existing database whose index predates the reports column', () => {
    db.$client.prepare("UPDATE meta SET value = '3' WHERE key = 'search_index_version'").run();
    db.$client.prepare('DELETE FROM search_index').run();
    db.$client.prepare('DELETE FROM search_words').run();
    expect(slugs(q('bulldoz'))).toEqual([]);
    expect(ensureSearchIndexVersion(db)).toBeGreaterThan(0);
    expect(slugs(q('bulldoz'))).toEqual(['hatra-great-temple']);
    expect(correctedQuery(db, 'palmyar')).toBe('palmyra');
  });
});

describe('did you mean', () => {
  it('corrects names one or two letters off, in Latin and Arabic', () => {
    expect(correctedQuery(db, 'palmyar')).toBe('palmyra');
    expect(correctedQuery(db, 'baalshamn')).toBe('baalshamin');
    expect(correctedQuery(db, 'tempel of bel')).toBe('temple of bel');
    expect(correctedQuery(db, 'temple of bell')).toBe('temple of bel');
    expect(correctedQuery(db, 'تدمز')).toBe('تدمر');
    expect(correctedQuery(db, 'palmyra')).toBeNull(); // nothing to correct
    expect(correctedQuery(db, 'palm')).toBeNull(); // the start of a name, as typed
  });

  it('offers the correction only when it finds more, with the same filters', () => {
    const f = filters(q('palmyar'));
    const total = searchMonuments(db, f, { sort: 'relevance', page: 1, perPage: 20 }).total;
    expect(total).toBe(0);
    expect(didYouMean(db, f, total)).toMatchObject({ q: 'palmyra' });
    expect(didYouMean(db, filters(`${q('palmyar')}&country=IQ`), 0)).toBeNull(); // no Palmyra in Iraq
    expect(didYouMean(db, filters(q('palmyra')), 10)).toBeNull();
    // Never from a name no live record holds any more.
    const id = transaction((tx) =>
      insertMonument(
        tx,
        {
          slug: 'zorvathian-gate',
          siteId: getMonumentBySlug(tx, 'tetrapylon')!.siteId,
          kind: 'other',
          name: 'Zorvathian Gate',
        },
        [],
        actor,
      ),
    ).id;
    expect(correctedQuery(db, 'zorvathain')).toBe('zorvathian');
    const gate = getMonumentBySlug(db, 'zorvathian-gate')!;
    transaction((tx) => updateMonument(tx, id, gate.version, { name: 'Plain gate' }, undefined, actor));
    expect(correctedQuery(db, 'zorvathain')).toBeNull();
    expect(db.$client.prepare("SELECT count(*) AS n FROM search_words WHERE word = 'zorvathian'").get()).toEqual({
      n: 0,
    });
  });

  it('measures edits on letters, a swap counting one', () => {
    expect(editDistance('palmyar', 'palmyra')).toBe(1);
    expect(editDistance('تدمز', 'تدمر')).toBe(1);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
  });
});

describe('excerpts', () => {
  it('cut long text around the first match and mark every matching word', () => {
    const text = `${'word '.repeat(60)}the Temple of Bel ${'more '.repeat(60)}`;
    const parts = excerpt(text, ['bel'])!;
    expect(parts[0]!.text).toBe('…');
    expect(parts.at(-1)!.text).toBe('…');
    expect(parts.filter((p) => p.mark).map((p) => p.text)).toEqual(['Bel']);
    expect(excerpt('nothing here', ['bel'])).toBeNull();
    expect(excerpt('Baʿalshamin', ['baalsh'])).toEqual([{ text: 'Baʿalshamin', mark: true }]);
  });
});

describe('bbox', () => {
  const boxErrors = (value: string) => {
    const parsed = parseFilters(new URLSearchParams({ bbox: value }));
    return parsed.ok ? null : parsed.errors;
  };

  it('names what is wrong with a bad box', () => {
    expect(boxErrors('1,2,3')).toEqual({ bbox: 'expected four numbers: minLon,minLat,maxLon,maxLat' });
    expect(boxErrors('a,b,c,d')!.bbox).toMatch(/four numbers/);
    expect(boxErrors('1e3,0,1,1')!.bbox).toMatch(/four numbers/);
    expect(boxErrors('-181,0,10,10')).toEqual({ bbox: 'minLon must be a longitude from -180 to 180' });
    expect(boxErrors('0,-91,10,91')!.bbox).toBe(
      'minLat must be a latitude from -90 to 90; maxLat must be a latitude from -90 to 90',
    );
    expect(boxErrors('0,40,10,30')).toEqual({ bbox: 'minLat must not be greater than maxLat' });
    expect(boxErrors('170,-10,-170,10')).toBeNull(); // crosses the antimeridian
  });

  it('limits monuments to the box, with the text query and the other filters, and keeps it in links', () => {
    // Palmyra is near 38.27 E, 34.55 N; Hatra near 42.72 E, 35.59 N.
    const palmyra = '38,34,39,35';
    expect(slugs(`bbox=${palmyra}`)).toContain('temple-of-bel');
    expect(slugs(`bbox=${palmyra}`)).not.toContain('hatra-great-temple');
    const inPalmyra = slugs(`${q('temple')}&bbox=${palmyra}`);
    expect(inPalmyra).toEqual(expect.arrayContaining(['temple-of-baalshamin', 'temple-of-bel']));
    expect(inPalmyra).not.toContain('hatra-great-temple');
    expect(slugs(`${q('temple')}&bbox=42,35,43,36`)).toEqual(['hatra-great-temple']);
    expect(slugs(`${q('temple')}&bbox=42,35,43,36&kind=tomb`)).toEqual([]);
    expect(slugs(`bbox=0,0,1,1`)).toEqual([]);
    // Across the antimeridian: everything east of 38 E and west of 170 W.
    expect(slugs(`bbox=38,-90,-170,90`)).toEqual(expect.arrayContaining(['temple-of-bel', 'hatra-great-temple']));
    expect(slugs(`bbox=39,-90,-170,90`)).not.toContain('temple-of-bel');
    expect(
      searchSites(db, { ...filters(`bbox=${palmyra}`), q: 'site' }, { sort: 'name', page: 1, perPage: 10 }).rows.map(
        (s) => s.slug,
      ),
    ).toEqual(['palmyra']);
  });

  it('follows a monument moved, added or without coordinates', () => {
    const bel = getMonumentBySlug(db, 'temple-of-bel')!;
    transaction((tx) => updateMonument(tx, bel.id, bel.version, { latitude: 0.5, longitude: 0.5 }, undefined, actor));
    expect(slugs('bbox=0,0,1,1')).toEqual(['temple-of-bel']);
    const moved = getMonumentBySlug(db, 'temple-of-bel')!;
    transaction((tx) =>
      updateMonument(tx, moved.id, moved.version, { latitude: null, longitude: null }, undefined, actor),
    );
    expect(slugs('bbox=-180,-90,180,90')).not.toContain('temple-of-bel');
  });
});
