import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS_DIR, axeViolations, baseUrl, launchBrowser } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function open(url: string, width = 1280): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const res = await page.goto(`${baseUrl()}${url}`);
  expect(res?.status(), url).toBeLessThan(500);
  // Wait for the document itself, not for a guessed delay, on a busy machine.
  await page.locator('html[lang]').waitFor({ state: 'attached' });
  return page;
}

describe('Arabic interface', () => {
  it('renders the Temple of Bel right to left with its Arabic name and Arabic status label', async () => {
    const page = await open('/ar/monuments/temple-of-bel');
    expect(await page.getAttribute('html', 'lang')).toBe('ar');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    const h1 = page.locator('h1');
    await expect.poll(() => h1.locator('bdi').first().textContent()).toBe('معبد بل');
    // The English name stays alongside, isolated so it cannot scramble the Arabic line.
    expect(await h1.locator('bdi[lang="en"]').textContent()).toBe('Temple of Bel');
    expect(await page.locator('.status-panel [data-status="destroyed"]').textContent()).toBe('مدمَّر');
    expect(await page.locator('.status-rule').textContent()).toContain('صور أقمار صناعية');
    expect(await page.locator('.timeline time').first().textContent()).toBe('30 آب 2015');
    // The inline start of the timeline is on the right in RTL.
    const direction = await page.evaluate(() => getComputedStyle(document.querySelector('.timeline')!).direction);
    expect(direction).toBe('rtl');
    await page.close();
  });

  it('switches to the same record in English and back, remembering the choice', async () => {
    const page = await open('/ar/monuments/arch-of-triumph');
    await page.getByRole('link', { name: 'Read this page in English' }).click();
    await page.waitForURL(`${baseUrl()}/monuments/arch-of-triumph`);
    expect(await page.getAttribute('html', 'dir')).toBe('ltr');
    expect(await page.locator('h1 bdi').first().textContent()).toBe('Arch of Triumph');
    expect((await page.context().cookies()).find((c) => c.name === 'NEXT_LOCALE')?.value).toBe('en');
    await page.getByRole('link', { name: 'اقرأ هذه الصفحة بالعربية' }).click();
    await page.waitForURL(`${baseUrl()}/ar/monuments/arch-of-triumph`);
    expect(await page.getAttribute('html', 'lang')).toBe('ar');
    expect(await page.locator('h1 bdi').first().textContent()).toBe('قوس النصر');
    expect((await page.context().cookies()).find((c) => c.name === 'NEXT_LOCALE')?.value).toBe('ar');
    await page.close();
  });

  it('links each page to its other-language version with hreflang', async () => {
    const html = await (await fetch(`${baseUrl()}/ar/sites/palmyra`)).text();
    expect(html).toContain(`<link rel="alternate" hrefLang="en" href="${baseUrl()}/sites/palmyra"/>`);
    expect(html).toContain(`<link rel="alternate" hrefLang="ar" href="${baseUrl()}/ar/sites/palmyra"/>`);
  });

  it('fits a 375 px phone without horizontal overflow, and a screenshot is kept as an artifact', async () => {
    for (const url of ['/ar/monuments/temple-of-bel', '/ar', '/ar/sites/palmyra', '/monuments/temple-of-bel']) {
      const page = await open(url, 375);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, url).toBeLessThanOrEqual(0);
      if (url === '/ar/monuments/temple-of-bel') {
        fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
        const file = path.join(ARTIFACTS_DIR, 'ar-monument-temple-of-bel-375.png');
        await page.screenshot({ path: file, fullPage: true });
        expect(fs.statSync(file).size).toBeGreaterThan(10_000);
      }
      await page.close();
    }
  });

  it('has no axe-core violations on Arabic pages', async () => {
    for (const url of [
      '/ar',
      '/ar/monuments/temple-of-bel',
      '/ar/monuments/palmyra-archaeological-area',
      '/ar/sites/palmyra',
      '/ar/monuments/no-such-monument',
    ]) {
      const page = await open(url);
      expect(await axeViolations(page), url).toEqual([]);
      await page.close();
    }
  });

  it('shows the Arabic 404 page with a search box in the browser', async () => {
    const page = await open('/ar/monuments/no-such-monument');
    await expect.poll(() => page.locator('h1').textContent()).toBe('الصفحة غير موجودة');
    expect(await page.locator('main input[type="search"]').count()).toBe(1);
    expect(await page.getAttribute('main form[role="search"]', 'action')).toBe('/ar/monuments');
    await page.close();
  });
});
