import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, baseUrl, launchBrowser } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const ar = (s: string) => encodeURIComponent(s);

/** The public pages in both languages, including the states a search can end in. */
const PAGES = [
  '/',
  '/ar',
  '/monuments',
  '/monuments?q=temple',
  `/ar/monuments?q=${ar('معبد')}`,
  '/monuments?q=palmyra&kind=temple,arch&country=SY', // sites group, active filters
  '/monuments?q=zenobia&status=destroyed',
  `/ar/monuments?q=${ar('زنوبيا')}&status=destroyed`, // nothing found
  '/monuments?page=-1&from=abc',
  '/ar/monuments?sort=up', // error summaries
  '/sites',
  '/ar/sites',
  '/sites/palmyra',
  '/ar/sites/palmyra',
  '/ar/sites/ashur', // a site whose map shows only the site itself
  '/monuments/temple-of-bel',
  '/ar/monuments/temple-of-bel',
  '/monuments/palmyra-archaeological-area',
  '/ar/monuments/palmyra-archaeological-area',
  '/monuments/no-such-monument',
  '/ar/sites/nowhere',
];

async function open(path: string, width: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  const app = new URL(baseUrl()).host;
  // No map tiles (as offline): the page must be complete and accessible without them.
  await page.route('**/*', (route) => (new URL(route.request().url()).host === app ? route.continue() : route.abort()));
  await page.goto(`${baseUrl()}${path}`);
  // Wait for the document itself, not for a guessed delay, on a busy machine.
  await page.locator('html[lang]').waitFor({ state: 'attached' });
  // Pages with a map: wait until Leaflet has drawn it, so its controls and markers are checked too.
  if (await page.locator('.map-frame').count()) await page.locator('.leaflet-marker-icon').first().waitFor();
  return page;
}

describe('accessibility of the public pages (axe-core, WCAG 2.2 AA)', () => {
  for (const path of PAGES) {
    it(`has no violations on ${decodeURIComponent(path)}, on a desktop and a 375 px phone, without horizontal scrolling`, async () => {
      for (const width of [1280, 375]) {
        const page = await open(path, width);
        expect(await axeViolations(page), `${path} at ${width}px`).toEqual([]);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(overflow, `${path} at ${width}px`).toBeLessThanOrEqual(width);
        await page.close();
      }
    });
  }

  it('checks what it claims to: a page with a real violation is reported', async () => {
    const page = await open('/monuments?q=temple', 1280);
    await page.evaluate(() => document.querySelector('#search-q')?.removeAttribute('id')); // the label loses its field
    expect((await axeViolations(page)).map((v) => v.id)).toContain('label');
    await page.setViewportSize({ width: 375, height: 800 });
    // Styled through the CSSOM: the Content-Security-Policy refuses style attributes in markup.
    await page.evaluate(() => {
      const div = document.createElement('div');
      div.textContent = 'wide';
      div.style.inlineSize = '600px';
      document.querySelector('main')!.append(div);
    });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeGreaterThan(375);
    await page.close();
  });

  it('lets a keyboard user skip to the content and reach the search field', async () => {
    const page = await open('/ar', 1280);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('انتقل إلى المحتوى');
    await page.keyboard.press('Enter');
    for (let i = 0; i < 30 && !(await page.evaluate(() => document.activeElement?.id === 'home-search')); i++)
      await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('home-search');
    await page.close();
  });
});
