import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, baseUrl, launchBrowser, readDatabase } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Rows the database answers, on a connection of its own. */
function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = readDatabase();
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

// What a reader can see: published, not deleted, not retracted, of a live monument of a live site.
const VISIBLE = `FROM reports r JOIN monuments m ON m.id = r.monument_id JOIN sites s ON s.id = m.site_id
  WHERE r.review_state = 'published' AND r.deleted_at IS NULL AND r.verification_status <> 'retracted'
  AND m.deleted_at IS NULL AND s.deleted_at IS NULL`;

/** A chart's table as { row label: { series: number } } (series "total" included), read from the page's DOM. */
async function chartTable(page: Page, id: string): Promise<Record<string, Record<string, number>>> {
  return page.evaluate((chartId) => {
    const out: Record<string, Record<string, number>> = {};
    for (const tr of document.querySelectorAll(`#${chartId} table tbody tr`)) {
      const cells: Record<string, number> = {};
      for (const td of tr.querySelectorAll('td')) cells[td.getAttribute('data-series')!] = Number(td.textContent);
      out[tr.getAttribute('data-key')!] = cells;
    }
    return out;
  }, id);
}

async function open(url: string, options: { javaScript?: boolean } = {}) {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScript !== false });
  const page = await context.newPage();
  const response = await page.goto(`${baseUrl()}${url}`);
  return { page, response, close: () => context.close() };
}

describe('charts', () => {
  it('show on the home page the counts the database holds: events per year and level, status per country, cause, actor', async () => {
    const { page, close } = await open('/');
    const events = await chartTable(page, 'chart-events');
    const rows = query<{ year: string; level: string; n: number }>(
      `SELECT substr(r.event_date, 1, 4) AS year, r.damage_level AS level, count(*) AS n ${VISIBLE}
       AND r.event_date IS NOT NULL GROUP BY year, level`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(events[r.year]?.[r.level], `${r.year} ${r.level}`).toBe(r.n);
    const perYear = new Map<string, number>();
    for (const r of rows) perYear.set(r.year, (perYear.get(r.year) ?? 0) + r.n);
    for (const [year, cells] of Object.entries(events)) expect(cells.total, year).toBe(perYear.get(year) ?? 0);

    const status = await chartTable(page, 'chart-status-country');
    const monuments = query<{ codes: string; level: string; weak: number; n: number }>(
      `SELECT s.country_codes AS codes, m.status_level AS level,
         m.status_basis IN ('unverified', 'disputed') AS weak, count(*) AS n
       FROM monuments m JOIN sites s ON s.id = m.site_id
       WHERE m.deleted_at IS NULL AND s.deleted_at IS NULL GROUP BY 1, 2, 3`,
    );
    const expected: Record<string, Record<string, number>> = {};
    for (const r of monuments)
      for (const c of r.codes.split(',')) {
        expected[c] ??= { total: 0, weak: 0 };
        expected[c]![r.level] = (expected[c]![r.level] ?? 0) + r.n;
        expected[c]!.total! += r.n;
        // Statuses resting on unverified or disputed reports, hatched like the badges, counted in a column of their own.
        if (r.weak) expected[c]!.weak! += r.n;
      }
    expect(Object.keys(status).sort()).toEqual(Object.keys(expected).sort());
    for (const [country, cells] of Object.entries(expected))
      for (const [level, n] of Object.entries(cells)) expect(status[country]?.[level], `${country} ${level}`).toBe(n);

    const causes = await chartTable(page, 'chart-cause');
    for (const r of query<{ cause: string | null; n: number }>(`SELECT r.cause, count(*) AS n ${VISIBLE} GROUP BY 1`))
      expect(causes[r.cause ?? '']?.total, String(r.cause)).toBe(r.n);

    const actors = await chartTable(page, 'chart-actor');
    const named = query<{ actor: string; n: number }>(
      `SELECT r.reported_actor AS actor, count(*) AS n ${VISIBLE} AND r.reported_actor IS NOT NULL GROUP BY 1`,
    );
    expect(named.length).toBeGreaterThan(0);
    for (const r of named) expect(actors[r.actor]?.total, r.actor).toBe(r.n);
    await close();
  });

  it("show a site's monuments by status from the database, in Arabic too", async () => {
    const { page, close } = await open('/ar/sites/palmyra');
    const table = await chartTable(page, 'chart-status-site');
    const rows = query<{ level: string; n: number }>(
      `SELECT m.status_level AS level, count(*) AS n FROM monuments m JOIN sites s ON s.id = m.site_id
       WHERE s.slug = 'palmyra' AND m.deleted_at IS NULL GROUP BY 1`,
    );
    for (const r of rows) expect(table.palmyra?.[r.level], r.level).toBe(r.n);
    expect(table.palmyra?.total).toBe(rows.reduce((s, r) => s + r.n, 0));
    expect(await page.locator('#chart-status-site figcaption').textContent()).toBe(
      'معالم هذا الموقع بحسب حالتها الراهنة',
    );
    await close();
  });

  it('open the matching search from a bar: an actor, a country and status, a year', async () => {
    const { page, close } = await open('/');
    const distinct = (where: string, ...params: unknown[]) =>
      query<{ n: number }>(
        `SELECT count(DISTINCT m.id) AS n FROM monuments m JOIN sites s ON s.id = m.site_id
         WHERE m.deleted_at IS NULL AND s.deleted_at IS NULL AND ${where}`,
        ...params,
      )[0]!.n;
    const published = `EXISTS (SELECT 1 FROM reports r WHERE r.monument_id = m.id AND r.review_state = 'published'
      AND r.deleted_at IS NULL AND`;

    // The bar of the actor named most often (the first).
    const actor = query<{ actor: string }>(
      `SELECT r.reported_actor AS actor ${VISIBLE} AND r.reported_actor IS NOT NULL
       GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
    )[0]!.actor;
    await page.locator('#chart-actor svg a').first().click();
    await page.waitForURL((url) => url.pathname === '/monuments' && url.searchParams.get('actor') === actor);
    const byActor = distinct(`${published} r.reported_actor = ?)`, actor);
    expect(byActor).toBeGreaterThan(0);
    expect(await page.locator('#result-count').textContent()).toMatch(new RegExp(`^${byActor} monuments?\\b`));

    // A segment of the status chart: Syria's destroyed monuments.
    await page.goto(`${baseUrl()}/`);
    await page.locator('#chart-status-country svg a[href*="status=destroyed"][href*="country=SY"]').click();
    await page.waitForURL(
      (url) => url.searchParams.get('country') === 'SY' && url.searchParams.get('status') === 'destroyed',
    );
    const destroyed = distinct(`(',' || s.country_codes || ',') LIKE '%,SY,%' AND m.status_level = 'destroyed'`);
    expect(await page.locator('#result-count').textContent()).toMatch(new RegExp(`^${destroyed} monuments?\\b`));

    // The column of 2015 in the events chart.
    await page.goto(`${baseUrl()}/`);
    await page.locator('#chart-events svg a[href*="from=2015"]').click();
    await page.waitForURL((url) => url.searchParams.get('from') === '2015' && url.searchParams.get('to') === '2015');
    const in2015 = distinct(
      `${published} coalesce(r.event_date_end, r.event_date) >= '2015-01-01' AND r.event_date <= '2015-12-31')`,
    );
    expect(await page.locator('#result-count').textContent()).toMatch(new RegExp(`^${in2015} monuments?\\b`));
    // The search page draws the same chart for what it found, following its filters.
    // An event whose dates span into 2015 from an earlier year counts in the year it began.
    const years = Object.keys(await chartTable(page, 'chart-events'));
    expect(years).toContain('2015');
    expect(years.every((y) => y <= '2015')).toBe(true);
    await close();
  });

  it('refuse a bad actor filter with a clear error', async () => {
    const res = await fetch(`${baseUrl()}/api/v1/monuments?actor=${'x'.repeat(201)}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { parameter?: string } };
    expect(body.error.parameter).toBe('actor');
  });

  it.each(['/', '/ar', '/ar/sites/palmyra'])('pass axe with their tables open: %s', async (url) => {
    const { page, close } = await open(url);
    for (const summary of await page.locator('.chart-table summary').all()) await summary.click();
    await expect.poll(() => page.locator('.chart-table[open]').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await close();
  });

  it('are drawn right to left on Arabic pages: the earliest year on the right', async () => {
    for (const [url, rtl] of [
      ['/', false],
      ['/ar', true],
    ] as const) {
      const { page, close } = await open(url);
      const xs = await page
        .locator('#chart-events svg a')
        .evaluateAll((links) => links.map((a) => a.getBoundingClientRect().x));
      expect(xs.length).toBeGreaterThan(1);
      const ascending = xs.every((x, i) => i === 0 || x > xs[i - 1]!);
      const descending = xs.every((x, i) => i === 0 || x < xs[i - 1]!);
      expect(rtl ? descending : ascending, url).toBe(true);
      await close();
    }
  });
});

describe('right to left details', () => {
  it('keep a coordinate left to right, isolated and beside its label; an English source title in its own direction', async () => {
    const { page, close } = await open('/ar/monuments/temple-of-bel');
    const coordinate = await page.locator('.facts .coordinates').evaluate((el) => {
      const dd = el.closest('dd')!;
      const style = getComputedStyle(el);
      return {
        direction: style.direction,
        unicodeBidi: style.unicodeBidi,
        ddDirection: getComputedStyle(dd).direction,
        // Right to left, the value starts at the right edge of its cell, beside the label, not at the far edge.
        gapToLabelSide: dd.getBoundingClientRect().right - el.getBoundingClientRect().right,
        text: el.textContent,
      };
    });
    expect(coordinate).toMatchObject({ direction: 'ltr', unicodeBidi: 'isolate', ddDirection: 'rtl' });
    expect(coordinate.text).toMatch(/^34\D5474, 38\D2734$/);
    expect(Math.abs(coordinate.gapToLabelSide)).toBeLessThan(2);

    const title = page
      .locator('.source-title')
      .filter({ hasText: /^[A-Za-z]/ })
      .first();
    const source = await title.evaluate((el) => ({
      direction: getComputedStyle(el).direction,
      lineDirection: getComputedStyle(el.closest('li')!).direction,
      lineAlign: getComputedStyle(el.closest('li')!).textAlign,
    }));
    expect(source).toEqual({ direction: 'ltr', lineDirection: 'rtl', lineAlign: 'start' });
    await close();
  });

  it('name languages instead of showing tags, and give period and date built in Arabic', async () => {
    // React separates adjacent text with empty comments: read the page as text.
    const page = async (url: string) => (await (await fetch(`${baseUrl()}${url}`)).text()).replace(/<!-- -->/g, '');
    const en = await page('/monuments/temple-of-bel');
    const ar = await page('/ar/monuments/temple-of-bel');
    expect(en).not.toContain('(ar-Latn)');
    expect(ar).not.toContain('(ar-Latn)');
    expect(en).toContain('(Arabic, Latin script)');
    expect(ar).toContain('(العربية بحروف لاتينية)');
    expect(ar).toContain('روماني (القرن الأول الميلادي)');
    expect(ar).toContain('كُرِّس عام 32 م');
    expect(en).toContain('Roman (1st century AD)');
  });
});

describe('the not-found page without JavaScript', () => {
  it.each([
    ['/no-such-page', 'Page not found'],
    ['/ar/no-such-page', 'الصفحة غير موجودة'],
    ['/monuments/no-such-monument', 'Page not found'],
    ['/ar/sites/nowhere', 'الصفحة غير موجودة'],
  ])('%s answers 404 and says so in words', async (url, heading) => {
    const { page, response, close } = await open(url, { javaScript: false });
    expect(response?.status()).toBe(404);
    const h1 = page.locator('h1');
    expect(await h1.isVisible()).toBe(true);
    expect(await h1.textContent()).toBe(heading);
    expect(await page.getAttribute('html', 'lang')).toBe(url.startsWith('/ar') ? 'ar' : 'en');
    // Still a way on: the search form works without a script.
    expect(await page.locator('main form[role="search"] input[name="q"]').isVisible()).toBe(true);
    await close();
  });

  it("ignores a client's request for the error page: only server.js may ask for it", async () => {
    const res = await fetch(`${baseUrl()}/no-such-page`, { headers: { 'x-registry-fallback-page': 'error' } });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('<h1>Page not found</h1>');
  });

  it('is never kept by a shared cache and is not indexed', async () => {
    const res = await fetch(`${baseUrl()}/ar/monuments/no-such-monument`);
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toContain('<meta name="robots" content="noindex"/>');
  });
});
