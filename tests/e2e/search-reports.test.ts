import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openDatabase } from '@/db';
import { getMonumentBySlug } from '@/db/queries/monuments';
import { insertReport } from '@/db/queries/reports';
import { insertSource } from '@/db/queries/sources';
import { axeViolations, baseUrl, launchBrowser } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A page without JavaScript: everything here must work from the server's HTML alone. */
async function plainPage(): Promise<Page> {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  return ctx.newPage();
}

const resultNames = (page: Page) => page.locator('.result-list .result-title bdi:first-child').allTextContents();
const unique = (word: string) => `${word}${Date.now().toString(36)}`.replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!);

/** Writes reports on a seeded monument straight into the server's database, as a curator's save would. */
function addReport(
  slug: string,
  report: { summary: string; summaryAr?: string; reviewState: 'published' | 'draft'; publisher?: string },
) {
  const db = openDatabase(inject('databasePath'));
  try {
    return db.$client
      .transaction(() => {
        const source = insertSource(
          db,
          { title: 'Field note', publisher: report.publisher ?? 'Test desk', sourceType: 'news' },
          { agent: 'e2e' },
        );
        return insertReport(
          db,
          {
            monumentId: getMonumentBySlug(db, slug)!.id,
            damageLevel: 'possible_damage',
            certainty: 'low',
            verificationStatus: 'unverified',
            reviewState: report.reviewState,
            summary: report.summary,
            summaryAr: report.summaryAr ?? null,
          },
          [{ sourceId: source.id, stance: 'supports' }],
          { agent: 'e2e' },
        ).id;
      })
      .immediate();
  } finally {
    db.$client.close();
  }
}

async function api(path: string) {
  const res = await fetch(`${baseUrl()}${path}`);
  return { status: res.status, json: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('search over reports and sources, without JavaScript', () => {
  it('finds a monument by report text, says which report matched and marks the words (en and ar)', async () => {
    const page = await plainPage();
    await page.goto(`${baseUrl()}/monuments?q=bulldoz`);
    expect(await resultNames(page)).toEqual(['Great Temple of Hatra']);
    const excerpt = page.locator('.result-list .match-excerpt');
    await expect(excerpt.textContent()).resolves.toContain('Found in a report:');
    expect(await excerpt.locator('mark').allTextContents()).toEqual(['bulldozers']);
    const href = await excerpt.getByRole('link', { name: 'Read the report' }).getAttribute('href');
    expect(href).toMatch(/^\/monuments\/hatra-great-temple#report-\d+$/);

    await page.goto(`${baseUrl()}/ar/monuments?q=${encodeURIComponent('الجرافات')}`);
    expect(await resultNames(page)).toEqual(['المعبد الكبير في الحضر']);
    const ar = page.locator('.result-list .match-excerpt');
    await expect(ar.textContent()).resolves.toContain('وُجد في تقرير:');
    expect(await ar.locator('mark').allTextContents()).toEqual(['بالجرافات']);
    await page.context().close();
  });

  it('finds by publisher (UNOSAT) and gives the match in the JSON API as new fields', async () => {
    const page = await plainPage();
    await page.goto(`${baseUrl()}/monuments?q=UNOSAT`);
    expect(await resultNames(page)).toEqual(expect.arrayContaining(['Temple of Bel', 'Temple of Baalshamin']));
    await page.context().close();

    const r = await api('/api/v1/monuments?q=UNOSAT');
    expect(r.status).toBe(200);
    const bel = r.json.data.find((m: { slug: string }) => m.slug === 'temple-of-bel');
    expect(bel.name).toBe('Temple of Bel'); // existing fields stay
    expect(bel.match).toMatchObject({ in: 'report', report_field: 'source_publisher' });
    expect(bel.match.excerpt_html).toBe('UNITAR-<mark>UNOSAT</mark>');
    const named = await api('/api/v1/monuments?q=temple');
    expect(named.json.data[0].match).toMatchObject({ in: 'name', excerpt: null });
    expect((await api('/api/v1/monuments?country=SY')).json.data[0].match).toBeUndefined(); // no text query
  });

  it('shows a stored <script> in a summary as text', async () => {
    const word = unique('quokka');
    addReport('tetrapylon', {
      summary: `<script>window.__pwned = 1</script> ${word} seen at the gate`,
      reviewState: 'published',
    });
    const ctx = await browser.newContext(); // with JavaScript: a script that ran would set the flag
    const page = await ctx.newPage();
    await page.goto(`${baseUrl()}/monuments?q=${word}`);
    const excerpt = page.locator('.result-list .match-excerpt');
    await expect(excerpt.textContent()).resolves.toContain('<script>window.__pwned = 1</script>');
    expect(await excerpt.locator('script').count()).toBe(0);
    expect(await excerpt.locator('mark').allTextContents()).toEqual([word]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    const r = await api(`/api/v1/monuments?q=${word}`);
    expect(r.json.data[0].match.excerpt_html).toContain(`&lt;script&gt;window.__pwned = 1&lt;/script&gt; <mark>`);
    await ctx.close();
  });

  it('never finds a draft report, in the page or the API', async () => {
    const word = unique('wombat');
    addReport('tetrapylon', { summary: `Draft: the ${word} gate`, reviewState: 'draft', publisher: word });
    const page = await plainPage();
    await page.goto(`${baseUrl()}/monuments?q=${word}`);
    await expect(page.locator('#no-results-title').textContent()).resolves.toBe('Nothing found');
    expect(await page.locator('body').textContent()).not.toContain(`the ${word} gate`);
    await page.context().close();
    expect((await api(`/api/v1/monuments?q=${word}`)).json.meta.total).toBe(0);
  });
});

describe('did you mean', () => {
  it('offers “palmyra” for “palmyar”, in English and Arabic, and the link finds it', async () => {
    const page = await plainPage();
    await page.goto(`${baseUrl()}/monuments?q=palmyar`);
    const offer = page.locator('.did-you-mean');
    await expect(offer.textContent()).resolves.toMatch(/^Did you mean palmyra\? \(\d+ monuments\)$/);
    await offer.getByRole('link', { name: 'palmyra' }).click();
    await page.waitForURL(/[?&]q=palmyra(&|$)/);
    expect(await resultNames(page)).toEqual(expect.arrayContaining(['Temple of Bel', 'Palmyra Museum']));

    for (const typed of ['baalshamn', 'tempel of bel', 'temple of bell']) {
      await page.goto(`${baseUrl()}/monuments?q=${encodeURIComponent(typed)}`);
      await page.locator('.did-you-mean a').click();
      await page.waitForURL((url) => url.searchParams.get('q') !== typed);
      expect(await resultNames(page), typed).toEqual(
        expect.arrayContaining([typed.startsWith('baal') ? 'Temple of Baalshamin' : 'Temple of Bel']),
      );
    }

    await page.goto(`${baseUrl()}/ar/monuments?q=${encodeURIComponent('تدمز')}`);
    await expect(page.locator('.did-you-mean').textContent()).resolves.toContain('هل تقصد تدمر؟');
    await page.context().close();

    const r = await api('/api/v1/monuments?q=palmyar');
    expect(r.json.meta.did_you_mean).toMatchObject({ q: 'palmyra' });
    expect(r.json.meta.did_you_mean.url).toMatch(/\/api\/v1\/monuments\?q=palmyra$/);
  });
});

describe('accessibility', () => {
  it('has no axe violations with excerpts, the suggestion and an area chip, in English and Arabic', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    for (const path of [
      '/monuments?q=bulldoz',
      `/ar/monuments?q=${encodeURIComponent('الجرافات')}`,
      '/monuments?q=palmyar',
      `/ar/monuments?q=${encodeURIComponent('تدمز')}`,
      '/monuments?q=temple&bbox=38,34,39,35',
    ]) {
      await page.goto(`${baseUrl()}${path}`);
      expect(await axeViolations(page), path).toEqual([]);
    }
    await ctx.close();
  });
});

describe('bbox', () => {
  it('answers a bad box with 400 naming bbox, on the API and the exports', async () => {
    for (const [path, message] of [
      ['/api/v1/monuments?bbox=1,2,3', 'expected four numbers'],
      ['/api/v1/monuments?bbox=0,95,1,96', 'minLat must be a latitude from -90 to 90'],
      ['/api/v1/monuments?bbox=0,40,10,30', 'minLat must not be greater than maxLat'],
      ['/api/v1/sites?bbox=west,0,1,1', 'expected four numbers'],
      ['/export/monuments.csv?bbox=200,0,210,1', 'minLon must be a longitude from -180 to 180'],
    ] as const) {
      const r = await api(path);
      expect(r.status, path).toBe(400);
      expect(r.json.error.parameter, path).toBe('bbox');
      expect(r.json.error.parameters.bbox, path).toContain(message);
    }
  });

  it('limits the API, the CSV export and the search page to the box, with the other filters', async () => {
    const palmyra = '38,34,39,35';
    const inBox = await api(`/api/v1/monuments?bbox=${palmyra}&per_page=100`);
    const slugs = inBox.json.data.map((m: { slug: string }) => m.slug);
    expect(slugs).toContain('temple-of-bel');
    expect(slugs).not.toContain('hatra-great-temple');
    expect(inBox.json.meta.filters.bbox).toBe(palmyra);
    expect(inBox.json.links.self).toContain(`bbox=${encodeURIComponent(palmyra)}`);
    const withText = await api(`/api/v1/monuments?q=temple&bbox=42,35,43,36`);
    expect(withText.json.data.map((m: { slug: string }) => m.slug)).toEqual(['hatra-great-temple']);

    const csv = await (await fetch(`${baseUrl()}/export/monuments.csv?bbox=42,35,43,36&kind=temple`)).text();
    expect(csv).toContain('hatra-great-temple');
    expect(csv).not.toContain('temple-of-bel');

    const page = await plainPage();
    await page.goto(`${baseUrl()}/monuments?q=temple&bbox=42,35,43,36`);
    expect(await resultNames(page)).toEqual(['Great Temple of Hatra']);
    const chip = page.getByRole('link', { name: /Remove the filter Area: longitude 42 to 43, latitude 35 to 36/ });
    await chip.waitFor();
    // A new search from the form keeps the area.
    await page.getByLabel('Name or words').fill('hatra');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/q=hatra/);
    expect(new URL(page.url()).searchParams.get('bbox')).toBe('42,35,43,36');
    await chip.click();
    await page.waitForURL((url) => !url.searchParams.has('bbox'));
    await page.goto(`${baseUrl()}/monuments?bbox=0,40,10,30`);
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('The area (bbox) must be');
    await page.context().close();
  });
});
