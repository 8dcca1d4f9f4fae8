import { beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../setup/test-db';
import { transaction, type Db } from '@/db';
import { seedDatabase } from '@/db/seed';
import { getSiteBySlug, deleteSite, insertSite } from '@/db/queries/sites';
import { getMonumentBySlug, deleteMonument, insertMonument, updateMonument } from '@/db/queries/monuments';
import { insertReport } from '@/db/queries/reports';
import { rebuildSearchIndex } from '@/db/queries/search-index';
import { findSuggestions, nameKeys, queryPrefixes } from '@/db/queries/suggest';
import { parseSuggestParams, suggestionsJson } from '@/lib/suggest';
import { config } from '@/lib/config';
import { GET as suggestRoute } from '@/app/api/v1/suggest/route';

let db: Db;
beforeEach(() => {
  db = freshDatabase();
  seedDatabase();
});

const suggest = (q: string, limit = 8) => findSuggestions(db.$client, { q, limit });
const slugs = (q: string, limit = 8) => suggest(q, limit).map((s) => `${s.type}:${s.slug}`);
const parse = (query: string) => parseSuggestParams(new URLSearchParams(query));

describe('suggestions', () => {
  it('suggest monuments and sites whose names begin with the text, whole names before later words', () => {
    // "Palmyra Museum", "Palmyra National Museum", "Palmyra prison" (Tadmur prison), "Palmyra theater" (Roman
    // theatre), "Palmyre" (the archaeological area) begin with it; "Site of Palmyra" has it as a later word.
    expect(slugs('pal')).toEqual([
      'monument:palmyra-museum',
      'monument:tadmur-prison',
      'monument:roman-theatre',
      'monument:palmyra-archaeological-area',
      'site:palmyra',
    ]);
    expect(slugs('pal', 2)).toEqual(['monument:palmyra-museum', 'monument:tadmur-prison']);
    // Several words: the typed words in order, the last one a prefix.
    expect(slugs('temple of b')).toEqual(['monument:temple-of-bel', 'monument:temple-of-baalshamin']); // "Temple of Baal" first
    expect(slugs('of ba')).toEqual(['monument:temple-of-bel', 'monument:temple-of-baalshamin']);
    expect(slugs('museum pal')).toEqual([]);
  });

  it('folds accents, transliteration marks, case and punctuation as the search index does', () => {
    expect(slugs('BAʿALSH')).toEqual(['monument:temple-of-baalshamin']);
    expect(slugs('baal-sh')).toEqual(['monument:temple-of-baalshamin']);
    expect(slugs('Théâtre')).toEqual(['monument:roman-theatre']);
    expect(slugs('lion of al-lā')).toEqual(['monument:lion-of-al-lat']);
    expect(slugs('  qal’at  sherq ')).toEqual(['site:ashur']);
  });

  it('finds Arabic names with or without diacritics, tatweel, alef forms and the article', () => {
    expect(slugs('مَعْبَد بـــل')).toEqual(['monument:temple-of-bel']);
    expect(slugs('اشور')).toEqual(['site:ashur']); // آشور
    expect(slugs('مسرح')).toEqual(['monument:roman-theatre']); // المسرح الروماني, مسرح تدمر
    expect(slugs('المتحف')).toEqual(['monument:palmyra-museum']); // متحف تدمر has no article
    expect(slugs('تدم')).toEqual(expect.arrayContaining(['monument:palmyra-museum', 'site:palmyra']));
  });

  it('asks for two letters at least', () => {
    expect(slugs('p')).toEqual([]);
    expect(slugs(' - ')).toEqual([]);
    expect(queryPrefixes('pa')).toEqual(['pa']);
    expect(nameKeys(['Temple of Bel'])).toEqual([
      [0, 'temple of bel'],
      [1, 'of bel'],
      [1, 'bel'],
    ]);
  });

  it('never suggests deleted monuments or sites, and shows no status a draft report would give', () => {
    const lion = getMonumentBySlug(db, 'lion-of-al-lat')!;
    transaction((tx) => deleteMonument(tx, lion.id, lion.version, { agent: 'test' }));
    expect(slugs('lion')).toEqual([]);
    expect(slugs('asad')).toEqual([]);
    // Its names left the index with it (the lookup's own check of deleted_at is only a second line).
    const keysOf = (entry: number) =>
      (db.$client.prepare('SELECT count(*) AS n FROM suggest_names WHERE entry = ?').get(entry) as { n: number }).n;
    expect(keysOf(lion.id * 2)).toBe(0);

    // A site is deleted once its monuments are: neither is suggested.
    const temple = getMonumentBySlug(db, 'hatra-great-temple')!;
    transaction((tx) => deleteMonument(tx, temple.id, temple.version, { agent: 'test' }));
    expect(slugs('hatra')).toEqual(['site:hatra']);
    const hatra = getSiteBySlug(db, 'hatra')!;
    transaction((tx) => {
      if (!deleteSite(tx, hatra.id, hatra.version, { agent: 'test' }).ok) throw new Error('delete refused');
    });
    expect(slugs('hatra')).toEqual([]); // the site and its Great Temple
    expect(keysOf(hatra.id * 2 + 1)).toBe(0);
    expect(slugs('الحضر')).toEqual([]);
    expect(slugs('great temple')).toEqual([]);

    // A draft report does not change the status a suggestion shows.
    const tetrapylon = getMonumentBySlug(db, 'tetrapylon')!;
    transaction((tx) =>
      insertReport(
        tx,
        {
          monumentId: tetrapylon.id,
          eventDate: '2024-01-01',
          damageLevel: 'destroyed',
          certainty: 'definite',
          verificationStatus: 'unverified',
          reviewState: 'draft',
          summary: 'Draft: not public',
        },
        [],
        { agent: 'test' },
      ),
    );
    expect(suggest('tetrapylon')[0]).toMatchObject({ slug: 'tetrapylon', status: tetrapylon.statusLevel });
    expect(tetrapylon.statusLevel).not.toBe('destroyed');
  });

  it('follow renames and new records in the same transaction, and survive a rebuild', () => {
    const bel = getMonumentBySlug(db, 'temple-of-bel')!;
    transaction((tx) => {
      const r = updateMonument(
        tx,
        bel.id,
        bel.version,
        { ...bel, name: 'Sanctuary of Bel', nameAr: 'حرم بل' },
        [{ name: 'Zzyzx shrine', lang: 'en' }],
        { agent: 'test' },
      );
      if (!r.ok) throw new Error('update refused');
    });
    expect(slugs('sanctuary')).toEqual(['monument:temple-of-bel']);
    expect(slugs('zzy')).toEqual(['monument:temple-of-bel']);
    expect(slugs('temple of be')).toEqual([]); // its old name and alternative names are gone
    transaction((tx) => {
      const site = insertSite(tx, { slug: 'new-site', name: 'Quuxville', countryCodes: 'IQ' }, { agent: 'test' });
      insertMonument(tx, { slug: 'quux-gate', siteId: site.id, kind: 'arch', name: 'Quux Gate' }, [], {
        agent: 'test',
      });
    });
    expect(slugs('quu')).toEqual(['monument:quux-gate', 'site:new-site']);
    const before = (db.$client.prepare('SELECT count(*) AS n FROM suggest_names').get() as { n: number }).n;
    transaction((tx) => rebuildSearchIndex(tx));
    expect((db.$client.prepare('SELECT count(*) AS n FROM suggest_names').get() as { n: number }).n).toBe(before);
    expect(slugs('quu')).toEqual(['monument:quux-gate', 'site:new-site']);
  });
});

describe('the suggest API parameters and answer', () => {
  it('accept q, locale and limit, and name each bad parameter', () => {
    expect(parse('q=pal')).toEqual({ ok: true, value: { q: 'pal', locale: 'en', limit: 8 } });
    expect(parse('q=%20pal%20&locale=ar&limit=20')).toEqual({ ok: true, value: { q: 'pal', locale: 'ar', limit: 20 } });
    const bad = parse('locale=fr&limit=0&page=2');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.errors).sort()).toEqual(['limit', 'locale', 'page', 'q']);
    expect(parse('q=a&q=b')).toMatchObject({ ok: false, errors: { q: 'give it once' } });
    expect(parse('q=pal&limit=21')).toMatchObject({ ok: false, errors: { limit: expect.stringContaining('1 to 20') } });
    expect(parse(`q=${'x'.repeat(201)}`)).toMatchObject({ ok: false, errors: { q: 'at most 200 characters' } });
  });

  it('name each record in the asked language, with the other language’s name and the page in that language', () => {
    const ar = suggestionsJson(suggest('معبد بل'), { q: 'معبد بل', locale: 'ar', limit: 8 }, 'https://r.example/');
    expect(ar.data[0]).toEqual({
      type: 'monument',
      slug: 'temple-of-bel',
      name: 'معبد بل',
      other_name: 'Temple of Bel',
      kind: 'temple',
      status: getMonumentBySlug(db, 'temple-of-bel')!.statusLevel,
      site: { slug: 'palmyra', name: 'موقع تدمر', other_name: 'Site of Palmyra' },
      path: '/ar/monuments/temple-of-bel',
      url: 'https://r.example/ar/monuments/temple-of-bel',
      api_url: 'https://r.example/api/v1/monuments/temple-of-bel',
    });
    const en = suggestionsJson(
      suggest('site of pal'),
      { q: 'site of pal', locale: 'en', limit: 8 },
      'https://r.example',
    );
    expect(en.data).toEqual([
      expect.objectContaining({
        type: 'site',
        name: 'Site of Palmyra',
        other_name: 'موقع تدمر',
        path: '/sites/palmyra',
      }),
    ]);
    expect(en.meta).toEqual({ q: 'site of pal', locale: 'en', limit: 8, count: 1 });
  });
});

describe('the suggest route (what answers when Next runs alone, and every bad request behind server.js)', () => {
  it('answers as server.js does, and a bad parameter in the one error shape', async () => {
    const ok = await suggestRoute(new Request('http://localhost/api/v1/suggest?q=temple%20of%20b&locale=ar'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=5, stale-while-revalidate=30');
    const params = { q: 'temple of b', locale: 'ar' as const, limit: 8 };
    expect(await ok.json()).toEqual(suggestionsJson(suggest('temple of b'), params, config().PUBLIC_BASE_URL));
    const bad = await suggestRoute(new Request('http://localhost/api/v1/suggest?q=pal&limit=50'));
    expect(bad.status).toBe(400);
    expect(bad.headers.get('cache-control')).toBe('no-store');
    expect(await bad.json()).toEqual({
      error: {
        status: 400,
        message: 'Bad query parameter: "limit" (expected a whole number from 1 to 20)',
        parameter: 'limit',
        parameters: { limit: 'expected a whole number from 1 to 20' },
      },
    });
  });
});
