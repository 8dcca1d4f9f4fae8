/**
 * The overview map (/map, /ar/map), the map of search results with "Search this area", the offline atlas under every
 * map when tiles cannot be had, and the marker download behind them. A server of its own, on a database where one
 * monument was deleted, so that the download can be checked against what readers may see.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchBrowser } from './helpers';
import { prepareDatabase, startServer, type TestServer } from '../support/server';

let dir: string;
let file: string;
let server: TestServer;
let browser: Browser;
const DELETED = 'temple-of-baalshamin';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-map-'));
  file = path.join(dir, 'registry.db');
  prepareDatabase(file, { email: 'map-admin@example.org', password: 'map-admin-password-0123' });
  const db = new Database(file);
  // A curator's deletion, as the workbench records it: the monument stays in the file, hidden from readers.
  const changed = db
    .prepare("UPDATE monuments SET deleted_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE slug = ?")
    .run(DELETED).changes;
  db.close();
  expect(changed).toBe(1);
  server = await startServer({ databasePath: file });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A page with every request off this server refused: the tile host is unreachable, as offline. */
async function openOffline(pathname: string, width = 1280): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const app = new URL(server.baseUrl).host;
  await page.route('**/*', (route) => (new URL(route.request().url()).host === app ? route.continue() : route.abort()));
  await page.goto(`${server.baseUrl}${pathname}`);
  return page;
}

const readyMap = (page: Page) => page.locator('.map-overview[data-ready="true"]').waitFor();

/** Share of the map's pixels close to the atlas's land colour (#f4f1e8), from a screenshot of the map area. */
async function landShare(page: Page, selector: string): Promise<number> {
  const png = await page.locator(selector).first().screenshot();
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let land = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
    if (Math.abs(r - 0xf4) + Math.abs(g - 0xf1) + Math.abs(b - 0xe8) < 12) land++;
  }
  return land / (info.width * info.height);
}

describe('the overview map', () => {
  for (const [pathname, heading, destroyed] of [
    ['/map', 'Map of damaged monuments', 'Destroyed'],
    ['/ar/map', 'خريطة المعالم المتضررة', 'مدمَّر'],
  ] as const) {
    it(`${pathname} shows markers coloured by status, a legend and the same monuments in words`, async () => {
      const page = await openOffline(pathname);
      expect(await page.locator('h1').textContent()).toBe(heading);
      await readyMap(page);
      const markers = page.locator('.map-overview .leaflet-marker-icon.map-marker');
      expect(await markers.count()).toBeGreaterThan(0);
      // Each marker or cluster is a keyboard stop with a spoken name.
      const names = await markers.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      expect(names.every((n) => n.length > 0)).toBe(true);
      expect(await page.locator('.map-section .legend .legend-marker').count()).toBeGreaterThan(5);
      expect(await page.locator('.map-section .legend').textContent()).toContain(destroyed);
      // The list alternative: a table by status whose rows open the matching search.
      const rows = page.locator('table.map-counts tbody tr');
      expect(await rows.count()).toBeGreaterThan(0);
      const href = await rows.first().locator('a').getAttribute('href');
      expect(href).toMatch(pathname.startsWith('/ar') ? /^\/ar\/monuments\?status=/ : /^\/monuments\?status=/);
      await page.close();
    });
  }

  it('is linked from every page header and has a compact version on the home page', async () => {
    const page = await openOffline('/');
    expect(await page.locator('header nav a[href="/map"]').count()).toBe(1);
    await page.locator('.map-overview.map-compact[data-ready="true"]').waitFor();
    expect(await page.locator('.map-compact .leaflet-marker-icon').count()).toBeGreaterThan(0);
    await page.close();
  });

  it('follows the search filters in the URL: markers, list and download all narrow the same way', async () => {
    const all = (await (await fetch(`${server.baseUrl}/api/v1/map/monuments`)).json()) as { meta: { total: number } };
    const narrowed = (await (await fetch(`${server.baseUrl}/api/v1/map/monuments?status=destroyed`)).json()) as {
      data: unknown[][];
      statuses: string[];
      meta: { total: number };
    };
    expect(narrowed.meta.total).toBeGreaterThan(0);
    expect(narrowed.meta.total).toBeLessThan(all.meta.total);
    expect(narrowed.data.every((row) => narrowed.statuses[row[5] as number] === 'destroyed')).toBe(true);
    const page = await openOffline('/map?status=destroyed');
    await readyMap(page);
    expect(await page.locator('table.map-counts tbody tr').count()).toBe(
      await page.locator('table.map-counts tbody tr[data-status="destroyed"]').count(),
    );
    // The filter form shows what the map is filtered by, and submits to the map again.
    expect(await page.locator('input[name="status"][value="destroyed"]').isChecked()).toBe(true);
    expect(await page.locator('form.search-form').getAttribute('action')).toBe('/map');
    await page.close();
  });

  it('says which filter is wrong, in the reader’s language, instead of drawing a map', async () => {
    for (const [pathname, message] of [
      ['/map?status=ruined', 'That status is not one of the listed statuses.'],
      ['/ar/map?country=Syria', 'ISO'],
    ]) {
      const res = await fetch(`${server.baseUrl}${pathname}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('role="alert"');
      expect(html).toContain(message);
      expect(html).not.toContain('/api/v1/map/monuments');
    }
  });

  it('has no accessibility violations in English and Arabic (axe-core, WCAG 2.2 AA)', async () => {
    for (const pathname of ['/map', '/ar/map']) {
      const page = await openOffline(pathname);
      await readyMap(page);
      expect(await axeViolations(page), pathname).toEqual([]);
      await page.close();
    }
  });
});

describe('without map tiles', () => {
  for (const [pathname, selector, note] of [
    ['/map', '.map-overview', 'The detailed background is unavailable'],
    ['/ar/map', '.map-overview', 'الخلفية التفصيلية غير متاحة'],
    ['/sites/palmyra', '.map', 'The detailed background is unavailable'],
    ['/ar/monuments/temple-of-bel', '.map', 'الخلفية التفصيلية غير متاحة'],
  ] as const) {
    it(`${pathname}: the map shows land, borders and country names from the offline atlas, and says so`, async () => {
      const page = await openOffline(pathname);
      await page.locator('.map-note', { hasText: note }).waitFor();
      await page.locator(`${selector} .leaflet-marker-icon.map-marker`).first().waitFor();
      // Not a blank box: a good part of the map area becomes land drawn by the atlas (loaded once tiles failed).
      await expect.poll(() => landShare(page, selector), { timeout: 15_000 }).toBeGreaterThan(0.1);
      expect(await page.locator(`${selector} .map-atlas-label`).count()).toBeGreaterThan(0);
      await page.close();
    });
  }

  it('names countries in the reader’s language', async () => {
    const page = await openOffline('/ar/map');
    await page.locator('.map-overview .map-atlas-label').first().waitFor({ state: 'attached' });
    const names = await page.locator('.map-overview .map-atlas-label').allTextContents();
    expect(names).toContain('سوريا');
    await page.close();
  });
});

describe('"Search this area" on the search page', () => {
  it('puts the view’s box in the URL as bbox=minLon,minLat,maxLon,maxLat, keeping the other filters', async () => {
    const page = await openOffline('/monuments?country=SY&kind=temple&page=1');
    await page.locator('#results-map-title').waitFor();
    await readyMap(page);
    const button = page.getByRole('button', { name: 'Search this area' });
    await button.waitFor();
    await page.locator('.map-overview .leaflet-control-zoom-in').click();
    await page.waitForFunction(() => !document.querySelector('.map-overview .leaflet-zoom-anim'));
    await button.click();
    await page.waitForURL((url) => url.searchParams.has('bbox'));
    const url = new URL(page.url());
    expect(url.pathname).toBe('/monuments');
    expect(url.searchParams.get('country')).toBe('SY');
    expect(url.searchParams.get('kind')).toBe('temple');
    expect(url.searchParams.has('page')).toBe(false); // a new area starts at its first page
    const box = url.searchParams.get('bbox')!.split(',').map(Number);
    expect(box).toHaveLength(4);
    const [w, s, e, n] = box as [number, number, number, number];
    expect(box.every(Number.isFinite)).toBe(true);
    expect(-180 <= w && w < e && e <= 180).toBe(true);
    expect(-90 <= s && s < n && n <= 90).toBe(true);
    // Syria's monuments were in view: the box is around them, not the whole world.
    expect(e - w).toBeLessThan(60);
    expect(w).toBeLessThan(40);
    expect(e).toBeGreaterThan(35);
    // The new page's map opens on that area and offers the button again.
    await readyMap(page);
    await page.getByRole('button', { name: 'Search this area' }).waitFor();
    await page.close();
  });

  it('works the same in Arabic', async () => {
    const page = await openOffline('/ar/monuments?country=IQ');
    await readyMap(page);
    await page.getByRole('button', { name: 'ابحث في هذه المنطقة' }).click();
    await page.waitForURL((url) => url.searchParams.has('bbox'));
    const url = new URL(page.url());
    expect(url.pathname).toBe('/ar/monuments');
    expect(url.searchParams.get('country')).toBe('IQ');
    expect(url.searchParams.get('bbox')).toMatch(/^-?[\d.]+,-?[\d.]+,-?[\d.]+,-?[\d.]+$/);
    await page.close();
  });
});

describe('the marker download (/api/v1/map/monuments)', () => {
  const url = () => `${server.baseUrl}/api/v1/map/monuments`;

  it('holds exactly the monuments readers may see that have coordinates, with their current status', async () => {
    const res = await fetch(url());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { fields: string[]; statuses: string[]; data: unknown[][] };
    expect(body.fields).toEqual(['slug', 'name', 'name_ar', 'longitude', 'latitude', 'status', 'weak']);
    const db = new Database(file, { readonly: true });
    const visible = db
      .prepare(
        `SELECT m.slug, m.status_level AS status FROM monuments m JOIN sites s ON s.id = m.site_id
         WHERE m.deleted_at IS NULL AND s.deleted_at IS NULL AND m.latitude IS NOT NULL AND m.longitude IS NOT NULL`,
      )
      .all() as { slug: string; status: string }[];
    db.close();
    const got = body.data.map((row) => ({ slug: row[0] as string, status: body.statuses[row[5] as number]! }));
    expect(got.map((g) => g.slug).sort()).toEqual(visible.map((v) => v.slug).sort());
    expect(Object.fromEntries(got.map((g) => [g.slug, g.status]))).toEqual(
      Object.fromEntries(visible.map((v) => [v.slug, v.status])),
    );
    expect(got.map((g) => g.slug)).not.toContain(DELETED);
  });

  it('is compressed, carries an ETag of the data version, and answers 304 while the data is unchanged', async () => {
    const first = await fetch(url(), { headers: { 'accept-encoding': 'gzip' } });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-encoding')).toBe('gzip');
    expect(first.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(first.headers.get('cache-control')).toMatch(/^public/);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    await first.arrayBuffer();
    const again = await fetch(url(), { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    // A change readers can see gives a new version: the old ETag no longer matches.
    const db = new Database(file);
    db.prepare("UPDATE monuments SET name = name || ' (renamed)' WHERE slug = 'temple-of-bel'").run();
    db.close();
    const changed = await fetch(url(), { headers: { 'if-none-match': etag! } });
    expect(changed.status).toBe(200);
    const body = (await changed.json()) as { data: unknown[][] };
    expect(body.data.find((row) => row[0] === 'temple-of-bel')?.[1]).toMatch(/\(renamed\)$/);
  });

  it('refuses a bad filter or an unknown parameter with 400 naming it, like the search API', async () => {
    for (const [query, parameter] of [
      ['status=ruined', 'status'],
      ['colour=red', 'colour'],
    ]) {
      const res = await fetch(`${url()}?${query}`);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { parameter?: string; parameters?: Record<string, string> } };
      expect(Object.keys(body.error.parameters ?? {})).toContain(parameter);
    }
  });
});
