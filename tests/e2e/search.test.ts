import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openDatabase } from '@/db';
import { insertMonument } from '@/db/queries/monuments';
import { insertSite } from '@/db/queries/sites';
import { baseUrl, demoOnly, launchBrowser } from './helpers';

let browser: Browser;
let context: BrowserContext;

/** A page that may reach only the app: map tiles and anything else outside fail, as on a blocked network. */
async function offlinePage(options: { javaScript?: boolean; width?: number } = {}): Promise<Page> {
  const ctx = options.javaScript === false ? await browser.newContext({ javaScriptEnabled: false }) : context;
  const page = await ctx.newPage();
  if (options.width) await page.setViewportSize({ width: options.width, height: 800 });
  const app = new URL(baseUrl()).host;
  await page.route('**/*', (route) => (new URL(route.request().url()).host === app ? route.continue() : route.abort()));
  return page;
}

const resultNames = async (page: Page) =>
  demoOnly(await page.locator('.result-list .result-title bdi:first-child').allTextContents());

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext();
});
afterAll(async () => {
  await browser?.close();
});

describe('searching in the browser', () => {
  it('finds the Temple of Bel in English, typed and submitted with the keyboard', async () => {
    const page = await offlinePage();
    await page.goto(`${baseUrl()}/monuments`);
    await page.getByLabel('Name or words').fill('temple of bel');
    await page.keyboard.press('Enter');
    await page.waitForURL(/[?&]q=temple\+of\+bel/);
    // The name match first; the Arch of Triumph after it, through a quote its report cites ("… Temple of Bel and …").
    expect(await resultNames(page)).toEqual(['Temple of Bel', 'Arch of Triumph']);
    await expect(page.locator('#result-count').textContent()).resolves.toMatch(/\d+ monuments match “temple of bel”/);
    await page.close();
  });

  it('finds it in Arabic with short vowels and hamza variants, and without transliteration marks', async () => {
    const page = await offlinePage();
    await page.goto(`${baseUrl()}/ar/monuments`);
    await page.getByLabel('الاسم أو كلمات البحث').fill('مَعْبَد بِل');
    await page.getByRole('button', { name: 'بحث', exact: true }).click();
    await page.waitForURL(/\/ar\/monuments\?q=/);
    expect(await resultNames(page)).toEqual(['معبد بل']);

    await page.goto(`${baseUrl()}/monuments?q=${encodeURIComponent('Mabad Bel')}`); // the record says "Maʿbad Bel"
    expect(await resultNames(page)).toEqual(['Temple of Bel']);
    await page.goto(`${baseUrl()}/monuments?q=Baalshamin`); // the record says "Baʿalshamin" too
    expect(await resultNames(page)).toEqual(['Temple of Baalshamin']);
    await page.close();
  });

  it('narrows by a filter that lives in the URL, survives a reload, and can be removed again', async () => {
    const page = await offlinePage();
    await page.goto(`${baseUrl()}/monuments?q=temple`);
    const all = await resultNames(page);
    expect(all).toEqual(expect.arrayContaining(['Temple of Bel', 'Great Temple of Hatra']));

    await page.locator('summary', { hasText: 'Filters' }).click();
    await page.getByRole('group', { name: 'Country' }).getByLabel('Iraq').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/country=IQ/);
    expect(await resultNames(page)).toEqual(['Great Temple of Hatra']);

    await page.reload();
    expect(page.url()).toMatch(/country=IQ/);
    expect(await resultNames(page)).toEqual(['Great Temple of Hatra']);
    await page.locator('summary', { hasText: 'Filters' }).click();
    expect(await page.getByRole('group', { name: 'Country' }).getByLabel('Iraq').isChecked()).toBe(true);

    await page.getByRole('link', { name: 'Remove the filter Country: Iraq' }).click();
    await page.waitForURL((url) => !url.search.includes('country'));
    expect((await resultNames(page)).sort()).toEqual([...all].sort());
    await page.close();
  });

  it('shows matching sites above the monuments', async () => {
    const page = await offlinePage();
    await page.goto(`${baseUrl()}/monuments?q=palmyre`);
    const sites = page.getByRole('region', { name: 'Sites' });
    await expect(sites.getByRole('link').first().textContent()).resolves.toContain('Site of Palmyra');
    expect(await page.locator('h2').allTextContents()).toEqual(expect.arrayContaining(['Sites', 'Monuments']));
    await page.close();
  });

  it('says what was searched when nothing matches, and offers to remove each filter', async () => {
    const page = await offlinePage();
    await page.goto(`${baseUrl()}/monuments?q=zenobia&kind=temple&status=destroyed`);
    const box = page.locator('.no-results');
    await expect(box.textContent()).resolves.toContain('No monument matches “zenobia” with the filters you chose.');
    const removers = await box
      .getByRole('link', { name: /^Remove the filter/ })
      .evaluateAll((links) => links.map((a) => a.getAttribute('aria-label')));
    expect(removers).toEqual([
      'Remove the filter Kind of monument: Temple',
      'Remove the filter Current status: Destroyed',
    ]);
    await box.getByRole('link', { name: 'Remove the filter Current status: Destroyed' }).click();
    await page.waitForURL((url) => url.search === '?q=zenobia&kind=temple');
    await page.close();
  });

  it('works without JavaScript: the form is a plain GET form', async () => {
    const page = await offlinePage({ javaScript: false });
    await page.goto(`${baseUrl()}/monuments`);
    await page.getByLabel('Name or words').fill('triumph');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/q=triumph/);
    // The name match first; the Temple of Bel through the same quote.
    expect(await resultNames(page)).toEqual(['Arch of Triumph', 'Temple of Bel']);
    await page.context().close();
  });

  it('opens the filters and checks a box by keyboard alone', async () => {
    const page = await offlinePage();
    await page.goto(`${baseUrl()}/monuments?q=temple`);
    await page.locator('#search-q').focus();
    await page.keyboard.press('Tab'); // Search button
    await page.keyboard.press('Tab'); // Filters summary
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab'); // first country (Iraq)
    await page.keyboard.press('Space');
    expect(await page.getByLabel('Iraq').isChecked()).toBe(true);
    await page.keyboard.press('Shift+Tab'); // back to the summary
    await page.keyboard.press('Shift+Tab'); // and the Search button
    await page.keyboard.press('Enter');
    await page.waitForURL(/country=IQ/);
    expect(await resultNames(page)).toEqual(['Great Temple of Hatra']);
    await page.close();
  });
});

describe('record pages in the browser', () => {
  it('shows a disputed claim with the source that supports it and the one that disputes it', async () => {
    const page = await offlinePage();
    await page.goto(`${baseUrl()}/monuments/palmyra-archaeological-area`);
    await expect(page.getByRole('note').textContent()).resolves.toBe('Contested: sources disagree about this claim.');
    const supports = page.locator('.stance-supports');
    const disputes = page.locator('.stance-disputes');
    await expect(supports.locator('h4').textContent()).resolves.toBe('Sources supporting this claim');
    await expect(supports.textContent()).resolves.toContain('Syrian state TV');
    await expect(disputes.locator('h4').textContent()).resolves.toBe('Sources disputing this claim');
    await expect(disputes.textContent()).resolves.toContain('Osama al-Khatib');
    expect(await disputes.isVisible()).toBe(true);
    await page.close();
  });

  it('draws the map without tiles: a marker per place, opened by keyboard, with the name as text', async () => {
    const page = await offlinePage();
    await page.goto(`${baseUrl()}/monuments/temple-of-bel`);
    const marker = page.getByRole('button', { name: 'Temple of Bel — Destroyed' });
    await marker.waitFor();
    expect(await page.locator('.leaflet-control-attribution').textContent()).toContain('© OpenStreetMap contributors');
    await marker.focus();
    await page.keyboard.press('Enter');
    const popupLink = page.locator('.leaflet-popup a', { hasText: 'Temple of Bel' });
    await popupLink.waitFor();
    expect(await popupLink.evaluate((a) => a === document.activeElement)).toBe(true);
    expect(await popupLink.getAttribute('href')).toBe('/monuments/temple-of-bel');
    await page.keyboard.press('Escape');
    await page.locator('.leaflet-popup').waitFor({ state: 'detached' });
    expect(await marker.evaluate((m) => m === document.activeElement)).toBe(true);
    await page.close();
  });

  it('shows curators’ names on the map as text, never as markup', async () => {
    const slug = `xss-${Date.now().toString(36)}`;
    const evil = '<img src=x onerror="window.__injected=1"><b>Bold</b> gate';
    const db = openDatabase(inject('databasePath'));
    db.$client
      .transaction(() => {
        const site = insertSite(
          db,
          { slug, name: `Injection test ${slug}`, countryCodes: 'SY', latitude: 34.5, longitude: 38.2 },
          { agent: 'e2e' },
        );
        insertMonument(
          db,
          { slug: `${slug}-gate`, siteId: site.id, name: evil, kind: 'arch', latitude: 34.5, longitude: 38.2 },
          [],
          { agent: 'e2e' },
        );
        insertMonument(
          db,
          { slug: `${slug}-wall`, siteId: site.id, name: 'Plain wall', kind: 'other', latitude: 34.6, longitude: 38.3 },
          [],
          { agent: 'e2e' },
        );
      })
      .immediate();
    db.$client.close();

    const page = await offlinePage();
    await page.goto(`${baseUrl()}/sites/${slug}`);
    const marker = page.getByRole('button', { name: `${evil} — Unknown` });
    await marker.click();
    const popup = page.locator('.leaflet-popup-content');
    await popup.waitFor();
    expect(
      await popup
        .locator('a')
        .first()
        .evaluate((a) => a.firstChild?.textContent),
    ).toBe(evil);
    expect(await popup.locator('img, b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
    await page.close();
  });

  it('keeps every position in the HTML for readers without JavaScript', async () => {
    const page = await offlinePage({ javaScript: false });
    await page.goto(`${baseUrl()}/sites/palmyra`);
    const text = await page.locator('main').textContent();
    expect(text).toContain('34.5474, 38.2734'); // Temple of Bel
    expect(text).toContain('The interactive map appears here in a browser with JavaScript');
    await page.context().close();
  });

  it('the 404 page offers a search box that works', async () => {
    const page = await offlinePage();
    const response = await page.goto(`${baseUrl()}/monuments/no-such-monument`);
    expect(response?.status()).toBe(404);
    const search = page.getByRole('main').getByRole('search');
    await search.getByLabel('Search monuments and sites').fill('bel');
    await search.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/monuments\?q=bel/);
    expect((await resultNames(page))[0]).toBe('Temple of Bel');
    await page.close();
  });
});

describe('the search page never fails on a strange query string', () => {
  it('answers without a server error, and names what it could not use', async () => {
    const queries = [
      'page=99999999999999999999',
      'page=-1',
      'page=0',
      'page=abc',
      'page=100000',
      'q=%22',
      'q=(',
      'q=AND',
      'q=*',
      `q=${'x'.repeat(5000)}`,
      'country=%3Cscript%3E',
      'from=abc',
      'from=2016&to=2015',
      'sort=up',
      'kind=temple&kind=temple',
      'per_page=100000',
      'q=%F0%9F%8F%9B%EF%B8%8F',
      'status=',
      'q=%00',
      'site=../../etc/passwd',
    ];
    for (const query of queries) {
      const res = await fetch(`${baseUrl()}/monuments?${query}`);
      expect(res.status, query).toBeLessThan(500);
    }
    const bad = await (await fetch(`${baseUrl()}/monuments?page=-1&from=abc`)).text();
    expect(bad).toContain('Some of the search settings could not be used');
    expect(bad).toContain('The page number must be a whole number from 1 to 100,000.');
    expect(bad).toContain('Enter the “from” date as a year (2015), a month (2015-08) or a day (2015-08-30).');
    const far = await (await fetch(`${baseUrl()}/monuments?page=100000`)).text();
    expect(far).toContain('There is no page 100000');
  });
});
