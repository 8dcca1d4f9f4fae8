import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openDatabase } from '@/db';
import { insertMonument } from '@/db/queries/monuments';
import { insertReport } from '@/db/queries/reports';
import { insertSite } from '@/db/queries/sites';
import { insertSource } from '@/db/queries/sources';
import { reindexMonument } from '@/db/queries/search-index';
import { baseUrl, demoOnly } from './helpers';

async function api(path: string) {
  const res = await fetch(`${baseUrl()}${path}`);
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text, // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the answers' shapes are what these tests check
    json: JSON.parse(text) as Record<string, any>,
  };
}

async function expectBadRequest(path: string, parameter: string) {
  const r = await api(path);
  expect(r.status, path).toBe(400);
  expect(r.headers.get('content-type'), path).toMatch(/application\/json/);
  expect(r.headers.get('cache-control'), path).toBe('no-store');
  expect(r.json.error.parameter, path).toBe(parameter);
  expect(Object.keys(r.json.error.parameters), path).toContain(parameter);
  expect(r.json.error.message, path).toContain(`"${parameter}"`);
}

const MONUMENT_SUMMARY_FIELDS = [
  'api_url',
  'kind',
  'latest_event_date',
  'latitude',
  'longitude',
  'name',
  'name_ar',
  'site',
  'slug',
  'status',
  'url',
  'wikidata_qid',
];
const SITE_SUMMARY_FIELDS = [
  'api_url',
  'country_codes',
  'damaged_count',
  'in_danger',
  'in_danger_since',
  'latitude',
  'longitude',
  'monument_count',
  'name',
  'name_ar',
  'name_fr',
  'slug',
  'states_name',
  'states_name_ar',
  'unesco_id_no',
  'url',
  'wikidata_qid',
];

// Records of this file's own, written straight into the server's database (other files may add theirs).
const tag = `api${Date.now().toString(36)}`;
beforeAll(() => {
  const db = openDatabase(inject('databasePath'));
  const actor = { agent: 'e2e-api' };
  db.$client
    .transaction(() => {
      const site = insertSite(db, { slug: `${tag}-site`, name: `Quarantine ${tag} site`, countryCodes: 'YE' }, actor);
      const shown = insertMonument(
        db,
        { slug: `${tag}-shown`, siteId: site.id, name: `Quarantine ${tag} gate`, kind: 'arch' },
        [],
        actor,
      );
      const gone = insertMonument(
        db,
        { slug: `${tag}-deleted`, siteId: site.id, name: `Quarantine ${tag} wall`, kind: 'other' },
        [],
        actor,
      );
      // "Corroborated" needs supporting sources from two publishers (the evidence rules).
      const source = insertSource(
        db,
        { title: `Draft source ${tag}`, publisher: 'Agency A', sourceType: 'news' },
        actor,
      );
      const second = insertSource(
        db,
        { title: `Second source ${tag}`, publisher: 'Agency B', sourceType: 'news' },
        actor,
      );
      insertReport(
        db,
        {
          monumentId: shown.id,
          eventDate: '2020-01-01',
          eventDatePrecision: 'year',
          damageLevel: 'moderate_damage',
          certainty: 'medium',
          verificationStatus: 'corroborated',
          reviewState: 'published',
          summary: `Published report ${tag}`,
        },
        [
          { sourceId: source.id, stance: 'supports' },
          { sourceId: second.id, stance: 'supports' },
        ],
        actor,
      );
      insertReport(
        db,
        {
          monumentId: shown.id,
          eventDate: '2021-01-01',
          eventDatePrecision: 'year',
          damageLevel: 'destroyed',
          certainty: 'low',
          verificationStatus: 'unverified',
          reviewState: 'draft',
          summary: `Draft report ${tag}`,
        },
        [],
        actor,
      );
      db.$client
        .prepare("UPDATE monuments SET deleted_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?")
        .run(gone.id);
      reindexMonument(db, gone.id);
    })
    .immediate();
  db.$client.close();
});

describe('GET /api/v1/monuments', () => {
  it('searches like the search page and answers a stable, documented shape', async () => {
    const r = await api('/api/v1/monuments?q=bel');
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=5, stale-while-revalidate=30');
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    // The name match first; the Arch through a quote its report cites ("… the Temple of Bel and the iconic Arch …").
    expect(demoOnly(r.json.data.map((m: { slug: string }) => m.slug))).toEqual(['temple-of-bel', 'arch-of-triumph']);
    const bel = r.json.data.find((m: { slug: string }) => m.slug === 'temple-of-bel');
    const arch = r.json.data.find((m: { slug: string }) => m.slug === 'arch-of-triumph');
    // The list's fields, and with a text query where it matched.
    expect(Object.keys(bel).sort()).toEqual([...MONUMENT_SUMMARY_FIELDS, 'match'].sort());
    expect(bel.match).toEqual({ in: 'name', report_id: null, report_field: null, excerpt: null, excerpt_html: null });
    expect(arch.match).toMatchObject({ in: 'report', report_field: 'quote' });
    expect(arch.match.excerpt_html).toContain('<mark>Bel</mark>');
    expect(bel).toMatchObject({
      name: 'Temple of Bel',
      name_ar: 'معبد بل',
      kind: 'temple',
      status: { level: 'destroyed', basis: 'established' },
      latest_event_date: '2015-08-30',
      site: { slug: 'palmyra', country_codes: ['SY'] },
      url: `${baseUrl()}/monuments/temple-of-bel`,
      api_url: `${baseUrl()}/api/v1/monuments/temple-of-bel`,
    });
    expect(r.json.meta.total).toBeGreaterThanOrEqual(2); // other test files add monuments a word of "bel" finds
    expect(r.json.meta).toMatchObject({
      page: 1,
      per_page: 20,
      sort: 'relevance',
      licence: 'CC BY 4.0',
    });
    expect(r.json.meta.filters).toMatchObject({ q: 'bel', country: [], status: [] });
    expect(r.json.meta.dataset_version).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('finds the same record in Arabic, without accents and with FTS syntax typed as text', async () => {
    for (const q of ['مَعْبَد بِل', 'Mabad Bel', '"temple" (bel*']) {
      const r = await api(`/api/v1/monuments?q=${encodeURIComponent(q)}`);
      expect(r.status, q).toBe(200);
      expect(r.json.data[0].slug, q).toBe('temple-of-bel');
    }
    const syntax = await api(`/api/v1/monuments?q=${encodeURIComponent('"( AND * - NEAR)')}`);
    expect(syntax.status).toBe(200);
    // Searched as the words "and" and "near" (a report's quote has both), never as FTS syntax.
    expect(syntax.json.meta.total).toBe((await api('/api/v1/monuments?q=and%20near')).json.meta.total);
  });

  it('applies filters, sorts and pages, with links to the neighbouring pages', async () => {
    const narrowed = await api('/api/v1/monuments?country=SY&kind=temple&status=destroyed&sort=name');
    expect(demoOnly(narrowed.json.data.map((m: { slug: string }) => m.slug))).toEqual([
      'temple-of-baalshamin',
      'temple-of-bel',
    ]);
    // Other test files may add monuments to Palmyra: counts are at least the seeded ones.
    const first = await api('/api/v1/monuments?site=palmyra&sort=name&per_page=4');
    expect(first.json.meta).toMatchObject({ page: 1, per_page: 4 });
    expect(first.json.meta.total).toBeGreaterThanOrEqual(10);
    expect(first.json.meta.total_pages).toBe(Math.ceil(first.json.meta.total / 4));
    expect(first.json.links.prev).toBeNull();
    expect(first.json.links.next).toBe(`${baseUrl()}/api/v1/monuments?site=palmyra&sort=name&page=2&per_page=4`);
    const second = await api(new URL(first.json.links.next).pathname + new URL(first.json.links.next).search);
    expect(second.json.meta.page).toBe(2);
    const slugs = [...first.json.data, ...second.json.data].map((m: { slug: string }) => m.slug);
    expect(new Set(slugs).size).toBe(8);
    const beyond = await api('/api/v1/monuments?site=palmyra&page=100000&per_page=100');
    expect(beyond.status).toBe(200);
    expect(beyond.json).toMatchObject({ data: [], meta: { total: first.json.meta.total, page: 100000 } });
    const latest = await api('/api/v1/monuments?site=palmyra&sort=latest&per_page=100');
    const dates = latest.json.data
      .map((m: { latest_event_date: string | null }) => m.latest_event_date)
      .filter(Boolean);
    expect(dates.length).toBeGreaterThanOrEqual(9);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('leaves out deleted monuments and draft reports', async () => {
    const r = await api(`/api/v1/monuments?q=${tag}`);
    expect(r.json.data.map((m: { slug: string }) => m.slug)).toEqual([`${tag}-shown`]);
    // The draft report says "destroyed": the published status stays at the published report's level.
    expect(r.json.data[0].status).toEqual({ level: 'moderate_damage', basis: 'established' });
  });

  it('answers 400 naming the bad parameter, never 500', async () => {
    await expectBadRequest('/api/v1/monuments?page=0', 'page');
    await expectBadRequest('/api/v1/monuments?page=-3', 'page');
    await expectBadRequest('/api/v1/monuments?page=abc', 'page');
    await expectBadRequest('/api/v1/monuments?page=99999999999999999999999', 'page');
    await expectBadRequest('/api/v1/monuments?per_page=0', 'per_page');
    await expectBadRequest('/api/v1/monuments?per_page=101', 'per_page');
    await expectBadRequest('/api/v1/monuments?status=flattened', 'status');
    await expectBadRequest('/api/v1/monuments?kind=temple,palace', 'kind');
    await expectBadRequest('/api/v1/monuments?cause=aliens', 'cause');
    await expectBadRequest('/api/v1/monuments?verification=maybe', 'verification');
    await expectBadRequest('/api/v1/monuments?country=Syria', 'country');
    await expectBadRequest('/api/v1/monuments?site=Not%20A%20Slug', 'site');
    await expectBadRequest('/api/v1/monuments?from=2015-13', 'from');
    await expectBadRequest('/api/v1/monuments?from=2016&to=2015', 'to');
    await expectBadRequest('/api/v1/monuments?sort=random', 'sort');
    await expectBadRequest(`/api/v1/monuments?q=${'a'.repeat(201)}`, 'q');
    await expectBadRequest('/api/v1/monuments?stauts=destroyed', 'stauts');
    const several = await api('/api/v1/monuments?page=0&status=x');
    expect(Object.keys(several.json.error.parameters).sort()).toEqual(['page', 'status']);
  });
});

describe('GET /api/v1/monuments/{slug}', () => {
  it('gives the monument with its published reports and every source with its stance', async () => {
    const r = await api('/api/v1/monuments/palmyra-archaeological-area');
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=5, stale-while-revalidate=30');
    const m = r.json.data;
    expect(m).toMatchObject({
      slug: 'palmyra-archaeological-area',
      kind: 'city_quarter',
      status: { level: 'possible_damage', basis: 'disputed' },
      site: { slug: 'palmyra', unesco_id_no: 23, in_danger: true, in_danger_since: 2013 },
    });
    expect(m.alt_names).toContainEqual({ name: 'عروس الصحراء', lang: 'ar' });
    expect(m.reports).toHaveLength(1);
    const [report] = m.reports;
    expect(report).toMatchObject({
      event_date: '2016-03-01',
      event_date_precision: 'month',
      verification_status: 'disputed',
      contested: true,
    });
    expect(
      report.sources.map((s: { stance: string; publisher: string }) => `${s.stance}: ${s.publisher}`).sort(),
    ).toEqual(['disputes: Osama al-Khatib (Turkey-based activist from Palmyra)', 'supports: Syrian state TV']);
    expect(Object.keys(report.sources[0]).sort()).toEqual([
      'archived_url',
      'citation_detail',
      'id',
      'language',
      'published_date',
      'publisher',
      'quote',
      'source_type',
      'stance',
      'title',
      'url',
    ]);
  });

  it('shows only published reports, and 404s for unknown or deleted monuments', async () => {
    const shown = await api(`/api/v1/monuments/${tag}-shown`);
    expect(shown.json.data.reports.map((x: { summary: string }) => x.summary)).toEqual([`Published report ${tag}`]);
    expect(shown.text).not.toContain('Draft report');
    for (const slug of [`${tag}-deleted`, 'no-such-monument', 'UPPER', '%E2%80%AE']) {
      const r = await api(`/api/v1/monuments/${slug}`);
      expect(r.status, slug).toBe(404);
      expect(r.json.error.status, slug).toBe(404);
      expect(r.headers.get('cache-control'), slug).toBe('no-store');
    }
  });
});

describe('GET /api/v1/sites and /api/v1/sites/{slug}', () => {
  it('lists sites with their counts, filtered by text and country, paged', async () => {
    const all = await api('/api/v1/sites');
    expect(all.status).toBe(200);
    const palmyra = all.json.data.find((s: { slug: string }) => s.slug === 'palmyra');
    expect(Object.keys(palmyra).sort()).toEqual(SITE_SUMMARY_FIELDS);
    expect(palmyra).toMatchObject({ unesco_id_no: 23, country_codes: ['SY'], in_danger: true });
    expect(palmyra.monument_count).toBeGreaterThanOrEqual(10);
    const iraq = await api('/api/v1/sites?country=IQ');
    expect(iraq.json.data.map((s: { slug: string }) => s.slug)).toEqual(expect.arrayContaining(['ashur', 'hatra']));
    expect(iraq.json.data.every((s: { country_codes: string[] }) => s.country_codes.includes('IQ'))).toBe(true);
    const text = await api(`/api/v1/sites?q=${encodeURIComponent('الحضر')}`);
    expect(text.json.data.map((s: { slug: string }) => s.slug)).toEqual(['hatra']);
    const paged = await api('/api/v1/sites?country=IQ&per_page=1&page=2');
    expect(paged.json.data.map((s: { slug: string }) => s.slug)).toEqual([iraq.json.data[1].slug]);
    expect(paged.json.meta).toMatchObject({
      total: iraq.json.meta.total,
      page: 2,
      per_page: 1,
      total_pages: iraq.json.meta.total,
    });
    expect(paged.json.links.prev).toBe(`${baseUrl()}/api/v1/sites?country=IQ&per_page=1`);
  });

  it('answers 400 for bad parameters on the site list', async () => {
    await expectBadRequest('/api/v1/sites?country=Iraq', 'country');
    await expectBadRequest('/api/v1/sites?page=0', 'page');
    await expectBadRequest('/api/v1/sites?per_page=1000', 'per_page');
    await expectBadRequest('/api/v1/sites?status=destroyed', 'status'); // a monument filter: not a site parameter
  });

  it('gives one site with its monuments, and 404 for an unknown slug', async () => {
    const r = await api('/api/v1/sites/palmyra');
    expect(r.status).toBe(200);
    expect(r.json.data).toMatchObject({
      slug: 'palmyra',
      unesco_url: 'https://whc.unesco.org/en/list/23',
      year_inscribed: 1980,
      in_danger: true,
      in_danger_since: 2013,
    });
    expect(r.json.data.monument_count).toBe(r.json.data.monuments.length);
    expect(r.json.data.monuments.map((m: { slug: string }) => m.slug)).toContain('temple-of-bel');
    expect(Object.keys(r.json.data.monuments[0]).sort()).toEqual(MONUMENT_SUMMARY_FIELDS);
    const own = await api(`/api/v1/sites/${tag}-site`);
    expect(own.json.data.monuments.map((m: { slug: string }) => m.slug)).toEqual([`${tag}-shown`]);
    const missing = await api('/api/v1/sites/atlantis');
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toContain('atlantis');
  });
});
