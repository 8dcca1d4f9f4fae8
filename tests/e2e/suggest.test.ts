import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openDatabase } from '@/db';
import { deleteMonument, insertMonument } from '@/db/queries/monuments';
import { insertSite } from '@/db/queries/sites';
import { axeViolations, baseUrl, demoOnly, launchBrowser } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the answers' shapes are what these tests check
type Json = Record<string, any>;

async function api(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl()}${path}`, { headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: (text ? JSON.parse(text) : null) as Json };
}
const suggest = (q: string, extra = '') => api(`/api/v1/suggest?q=${encodeURIComponent(q)}${extra}`);
const slugs = (r: { json: Json }) => r.json.data.map((s: Json) => `${s.type}:${s.slug}`);

describe('GET /api/v1/suggest', () => {
  it('suggests monuments and sites whose names begin with the text, with a shareable ETag and a 304', async () => {
    const r = await suggest('temple of b');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=5, stale-while-revalidate=30');
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(slugs(r)).toEqual(['monument:temple-of-bel', 'monument:temple-of-baalshamin']);
    expect(r.json.data[0]).toEqual({
      type: 'monument',
      slug: 'temple-of-bel',
      name: 'Temple of Bel',
      other_name: 'معبد بل',
      kind: 'temple',
      status: 'destroyed',
      site: { slug: 'palmyra', name: 'Site of Palmyra', other_name: 'موقع تدمر' },
      path: '/monuments/temple-of-bel',
      url: `${baseUrl()}/monuments/temple-of-bel`,
      api_url: `${baseUrl()}/api/v1/monuments/temple-of-bel`,
    });
    expect(r.json.meta).toEqual({ q: 'temple of b', locale: 'en', limit: 8, count: 2 });

    const etag = r.headers.get('etag');
    expect(etag).toMatch(/^W\/"/);
    const again = await api('/api/v1/suggest?q=temple%20of%20b', { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(again.json).toBeNull();
  });

  it('answers in Arabic, folding diacritics and the article, with the Arabic pages', async () => {
    const r = await suggest('المَسْرَح', '&locale=ar');
    expect(r.status).toBe(200);
    expect(slugs(r)).toEqual(['monument:roman-theatre']);
    expect(r.json.data[0]).toMatchObject({
      name: 'المسرح الروماني',
      other_name: 'Roman theatre',
      site: { name: 'موقع تدمر' },
      path: '/ar/monuments/roman-theatre',
    });
    expect(slugs(await suggest('pal', '&limit=1'))).toEqual(['monument:palmyra-museum']);
    expect((await suggest('p')).json.data).toEqual([]); // two letters at least
    // Compressed for clients that accept it, as every other answer.
    const many = await suggest('pa');
    expect(many.json.data.length).toBeGreaterThan(4);
    expect(many.headers.get('content-encoding')).toBe('gzip');
    const plain = await api('/api/v1/suggest?q=pa', { 'accept-encoding': 'identity' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.json).toEqual(many.json);
  });

  it('names each bad parameter in the one error shape, never cached', async () => {
    for (const [query, parameter] of [
      ['', 'q'],
      ['q=pal&locale=fr', 'locale'],
      ['q=pal&limit=0', 'limit'],
      ['q=pal&limit=abc', 'limit'],
      ['q=pal&page=2', 'page'],
      [`q=${'x'.repeat(201)}`, 'q'],
    ] as const) {
      const r = await api(`/api/v1/suggest?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.headers.get('cache-control'), query).toBe('no-store');
      expect(r.json.error).toMatchObject({ status: 400, parameter });
      expect(r.json.error.message, query).toContain(`"${parameter}"`);
    }
  });

  it('suggests a new record at once, and a deleted one never', async () => {
    const tag = `sg${Date.now().toString(36)}`;
    const db = openDatabase(inject('databasePath'));
    const actor = { agent: 'e2e-suggest' };
    const before = (await suggest(`Quokka ${tag}`)).headers.get('etag');
    const { gone } = db.$client
      .transaction(() => {
        const site = insertSite(db, { slug: `${tag}-site`, name: `Quokka ${tag} site`, countryCodes: 'YE' }, actor);
        insertMonument(
          db,
          { slug: `${tag}-gate`, siteId: site.id, name: `Quokka ${tag} gate`, kind: 'arch' },
          [],
          actor,
        );
        const gone = insertMonument(
          db,
          { slug: `${tag}-wall`, siteId: site.id, name: `Quokka ${tag} wall`, kind: 'other' },
          [],
          actor,
        );
        return { gone };
      })
      .immediate();
    const found = await suggest(`quokka ${tag}`);
    expect(slugs(found)).toEqual([`monument:${tag}-gate`, `site:${tag}-site`, `monument:${tag}-wall`]);
    expect(found.headers.get('etag')).not.toBe(before);
    db.$client.transaction(() => deleteMonument(db, gone.id, gone.version, actor)).immediate();
    db.$client.close();
    expect(slugs(await suggest(`quokka ${tag}`))).toEqual([`monument:${tag}-gate`, `site:${tag}-site`]);
  });
});

describe('the search boxes suggest as the reader types (Chromium)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(path: string, javaScript = true): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled: javaScript });
    const page = await context.newPage();
    const app = new URL(baseUrl()).host;
    await page.route('**/*', (route) =>
      new URL(route.request().url()).host === app ? route.continue() : route.abort(),
    );
    await page.goto(`${baseUrl()}${path}`);
    return page;
  }

  /** Presses Tab until the field `id` has the focus, as a keyboard user reaches it. */
  async function tabTo(page: Page, id: string) {
    for (let i = 0; i < 40 && !(await page.evaluate((x) => document.activeElement?.id === x, id)); i++)
      await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(id);
  }

  const box = (page: Page, id: string) => page.locator(`#${id}`);
  const active = (page: Page, id: string) =>
    page.evaluate((x) => {
      const input = document.getElementById(x)!;
      const option = document.getElementById(input.getAttribute('aria-activedescendant') ?? '');
      return option?.getAttribute('aria-selected') === 'true' ? option.querySelector('bdi')!.textContent : null;
    }, id);

  it('takes a keyboard-only reader from the home box to a monument page, in English', async () => {
    const page = await open('/');
    // The page's policy allows no script but the app's own: anything it refused would be reported here.
    const refused: string[] = [];
    page.on('console', (m) => {
      // Tiles of the home page's map are cut off here (the test is offline): those failed loads are expected.
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) refused.push(m.text());
    });
    await box(page, 'home-search').and(page.locator('[role="combobox"]')).waitFor(); // hydrated
    await tabTo(page, 'home-search');
    await page.keyboard.type('temple of b');
    const input = box(page, 'home-search');
    await expect.poll(() => input.getAttribute('aria-expanded')).toBe('true');
    const list = page.locator(`#${await input.getAttribute('aria-controls')}`);
    expect(await list.getAttribute('role')).toBe('listbox');
    expect(await list.getByRole('option').allTextContents()).toEqual([
      expect.stringContaining('Temple of Bel'),
      expect.stringContaining('Temple of Baalshamin'),
    ]);
    await expect.poll(() => page.locator('main .search-box [role="status"]').textContent()).toBe('2 suggestions');
    expect(await input.getAttribute('aria-activedescendant')).toBeNull();
    await page.keyboard.press('ArrowDown');
    expect(await active(page, 'home-search')).toBe('Temple of Bel');
    await page.keyboard.press('ArrowDown');
    expect(await active(page, 'home-search')).toBe('Temple of Baalshamin');
    await page.keyboard.press('ArrowDown'); // wraps
    expect(await active(page, 'home-search')).toBe('Temple of Bel');
    await page.keyboard.press('End');
    expect(await active(page, 'home-search')).toBe('Temple of Baalshamin');
    await page.keyboard.press('Home');
    expect(await active(page, 'home-search')).toBe('Temple of Bel');
    await page.keyboard.press('ArrowUp'); // wraps
    expect(await active(page, 'home-search')).toBe('Temple of Baalshamin');

    // The page's map has its own checks (map.test.ts): here, the open combobox.
    expect(await axeViolations(page, ['.leaflet-container'])).toEqual([]); // the open combobox and its list
    expect(refused).toEqual([]);

    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl()}/monuments/temple-of-baalshamin`);
    expect(await page.locator('h1').textContent()).toContain('Temple of Baalshamin');
    await page.context().close();
  });

  it('closes with Escape, and Enter then searches as before', async () => {
    const page = await open('/');
    const input = box(page, 'home-search');
    await input.and(page.locator('[role="combobox"]')).waitFor();
    await tabTo(page, 'home-search');
    await page.keyboard.type('bel');
    await expect.poll(() => input.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    expect(await input.getAttribute('aria-activedescendant')).toBeNull();
    expect(await page.locator(`#${await input.getAttribute('aria-controls')}`).isHidden()).toBe(true);
    expect(await input.inputValue()).toBe('bel');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl()}/monuments?q=bel`);
    expect(await page.locator('.result-list').textContent()).toContain('Temple of Bel');
    await page.context().close();
  });

  it('works in Arabic, right to left, from the header box, with the count in Arabic', async () => {
    const page = await open('/ar');
    const input = box(page, 'header-search');
    await input.and(page.locator('[role="combobox"]')).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await tabTo(page, 'header-search');
    await page.keyboard.type('مسرح');
    await expect.poll(() => input.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => page.locator('header [role="status"]').textContent()).toBe('اقتراح واحد');
    expect(await page.locator('header [role="listbox"]').getAttribute('aria-label')).toBe('معالم ومواقع مقترحة');
    expect(await axeViolations(page, ['.leaflet-container'])).toEqual([]); // the map has its own checks
    await page.keyboard.press('ArrowDown');
    expect(await active(page, 'header-search')).toBe('المسرح الروماني');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl()}/ar/monuments/roman-theatre`);
    expect(await page.locator('h1').textContent()).toContain('المسرح الروماني');
    await page.context().close();
  });

  it('goes to the page of a suggestion clicked with the mouse', async () => {
    const page = await open('/sites');
    const input = box(page, 'header-search');
    await input.and(page.locator('[role="combobox"]')).waitFor();
    await input.click();
    await page.keyboard.type('site of pal');
    await page.locator('header [role="option"]').first().click();
    await page.waitForURL(`${baseUrl()}/sites/palmyra`);
    await page.context().close();
  });

  it('leaves the plain search form working without JavaScript', async () => {
    const page = await open('/', false);
    const input = box(page, 'home-search');
    expect(await input.getAttribute('role')).toBeNull(); // no combobox it could not be
    expect(await page.locator('[role="listbox"]').count()).toBe(0);
    await input.fill('temple of bel');
    await input.press('Enter');
    await page.waitForURL(`${baseUrl()}/monuments?q=temple+of+bel`);
    expect(demoOnly(await page.locator('.result-list .result-title bdi:first-child').allTextContents())).toEqual([
      'Temple of Bel',
      'Arch of Triumph',
    ]);
    await page.context().close();
  });
});
