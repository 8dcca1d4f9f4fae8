/**
 * Following and sharing, as a feed reader, a search engine and a chat app see them: Atom feeds of published changes
 * (never a draft), /changes paged and filtered, the sitemap index covering every public page in both languages,
 * JSON-LD naming the UNESCO id, link-preview tags and images, and the favicon. On a server of this file's own, with
 * a generated data set and small sitemap parts (SITEMAP_URLS_PER_FILE=10), so that the split is exercised.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { openDatabase } from '@/db';
import { insertMonument } from '@/db/queries/monuments';
import { insertReport } from '@/db/queries/reports';
import { insertSite } from '@/db/queries/sites';
import { insertSource } from '@/db/queries/sources';
import { prepareDatabase, startServer, type TestServer } from '../support/server';
import { axeViolations, launchBrowser } from './helpers';

const GENERATED = 60; // monuments of the generated site: more than one page of /changes (50)
let server: TestServer;
let databasePath: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  databasePath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'registry-feeds-')), 'feeds.db');
  prepareDatabase(databasePath, { email: 'admin@feeds.test', password: 'feeds-admin-password-1' });
  const db = openDatabase(databasePath);
  const actor = { agent: 'e2e-feeds' };
  db.$client
    .transaction(() => {
      const site = insertSite(
        db,
        { slug: 'gen-site', name: 'Generated Site', nameAr: 'موقع مولّد', countryCodes: 'YE', unescoIdNo: 9901 },
        actor,
      );
      const monuments = Array.from({ length: GENERATED }, (_, i) =>
        insertMonument(
          db,
          { slug: `gen-m${i}`, siteId: site.id, name: `Generated monument ${i}`, kind: 'other' },
          [],
          actor,
        ),
      );
      const a = insertSource(db, { title: 'Gen source A', publisher: 'Agency A', sourceType: 'news' }, actor);
      insertReport(
        db,
        {
          monumentId: monuments[0]!.id,
          eventDate: '2019-05-04',
          eventDatePrecision: 'day',
          damageLevel: 'moderate_damage',
          certainty: 'medium',
          verificationStatus: 'unverified',
          reviewState: 'published',
          summary: 'Published generated summary',
        },
        [{ sourceId: a.id, stance: 'supports' }],
        actor,
      );
      insertReport(
        db,
        {
          monumentId: monuments[0]!.id,
          damageLevel: 'destroyed',
          certainty: 'low',
          reviewState: 'draft',
          summary: 'Draft generated summary XYZZY',
        },
        [],
        actor,
      );
      // Deleted: never listed, linked or fed.
      db.$client
        .prepare("UPDATE monuments SET deleted_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE slug = 'gen-m59'")
        .run();
    })
    .immediate();
  db.$client.close();
  server = await startServer({ databasePath, env: { SITEMAP_URLS_PER_FILE: '10' } });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(`${server.baseUrl}/robots.txt`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const get = async (p: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${server.baseUrl}${p}`, { headers, redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
};

/** Parses XML in Chromium (a strict, namespace-aware parser): null when it is not well-formed. */
async function parseXml<T>(xml: string, read: string): Promise<T | null> {
  return page.evaluate(
    ([text, body]) => {
      const doc = new DOMParser().parseFromString(text!, 'application/xml');
      if (doc.getElementsByTagName('parsererror').length) return null;
      return new Function('doc', body!)(doc);
    },
    [xml, read],
  ) as Promise<T | null>;
}

interface ParsedFeed {
  ns: string;
  lang: string | null;
  id: string;
  title: string;
  updated: string;
  author: string;
  self: string | null;
  alternate: string | null;
  entries: { id: string; title: string; updated: string; link: string | null; summary: string }[];
}
const READ_FEED = `
  const A = 'http://www.w3.org/2005/Atom';
  const feed = doc.documentElement;
  const child = (el, name) => [...el.children].find((c) => c.namespaceURI === A && c.localName === name);
  const text = (el, name) => child(el, name)?.textContent ?? '';
  const link = (el, rel) => [...el.children].find((c) => c.localName === 'link' && c.getAttribute('rel') === rel)?.getAttribute('href') ?? null;
  return {
    ns: feed.namespaceURI + ' ' + feed.localName,
    lang: feed.getAttribute('xml:lang'),
    id: text(feed, 'id'), title: text(feed, 'title'), updated: text(feed, 'updated'),
    author: child(feed, 'author') ? text(child(feed, 'author'), 'name') : '',
    self: link(feed, 'self'), alternate: link(feed, 'alternate'),
    entries: [...feed.children].filter((c) => c.localName === 'entry').map((e) => ({
      id: text(e, 'id'), title: text(e, 'title'), updated: text(e, 'updated'), link: link(e, 'alternate'),
      summary: text(e, 'summary'),
    })),
  };`;

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

async function feed(p: string): Promise<ParsedFeed> {
  const res = await get(p);
  expect(res.status, p).toBe(200);
  expect(res.headers.get('content-type'), p).toBe('application/atom+xml; charset=utf-8');
  const parsed = await parseXml<ParsedFeed>(res.text, READ_FEED);
  expect(parsed, `${p} is well-formed XML`).not.toBeNull();
  const f = parsed!;
  // RFC 4287's required elements of a feed and of each entry.
  expect(f.ns).toBe('http://www.w3.org/2005/Atom feed');
  expect(f.id).toMatch(/^http/);
  expect(f.title).not.toBe('');
  expect(f.updated).toMatch(RFC3339);
  expect(f.author).not.toBe('');
  expect(f.self).toBe(`${server.baseUrl}${p}`);
  expect(f.alternate).toMatch(/^http/);
  for (const e of f.entries) {
    expect(e.id).toMatch(/^tag:127\.0\.0\.1,\d{4}-\d\d-\d\d:change-\d+$/);
    expect(e.title).not.toBe('');
    expect(e.updated).toMatch(RFC3339);
    expect(e.summary).not.toBe('');
  }
  expect(res.text).not.toContain('XYZZY'); // the draft
  return f;
}

describe('Atom feeds of published changes', () => {
  it('for the registry, a country, a site and a monument, in both languages, never with a draft', async () => {
    const all = await feed('/changes.atom');
    expect(all.lang).toBe('en');
    expect(all.entries.length).toBe(50);
    const ar = await feed('/ar/changes.atom');
    expect(ar.lang).toBe('ar');
    expect(ar.title).toBe('أحدث التعديلات');

    const site = await feed('/sites/gen-site/changes.atom');
    expect(site.title).toBe('Changes to Generated Site');
    expect(site.alternate).toBe(`${server.baseUrl}/sites/gen-site`);
    // The newest 50: the report and the last monuments created (the site itself is older).
    expect(site.entries.some((e) => e.title === 'Created · Monument Generated monument 58')).toBe(true);
    expect(site.entries.every((e) => /Generated monument/.test(e.title))).toBe(true);

    const monument = await feed('/monuments/gen-m0/changes.atom');
    const report = monument.entries.find((e) => e.title.startsWith('Created · Report on Generated monument 0'))!;
    expect(report.title).toBe('Created · Report on Generated monument 0 — Moderate damage');
    expect(report.summary).toContain('Event date: 4 May 2019');
    expect(report.summary).toContain('Summary: Published generated summary');
    expect(report.link).toMatch(new RegExp(`^${server.baseUrl}/monuments/gen-m0#report-\\d+$`));
    expect(monument.entries.every((e) => /Generated monument 0\b/.test(e.title))).toBe(true);

    const arMonument = await feed('/ar/monuments/gen-m0/changes.atom');
    expect(arMonument.entries.some((e) => e.summary.includes('مستوى الضرر'))).toBe(true);
    expect(arMonument.entries.find((e) => e.link?.includes('#report-'))?.link).toMatch(/\/ar\/monuments\/gen-m0#/);

    const yemen = await feed('/changes.atom?country=YE');
    expect(yemen.title).toBe('Changes in Yemen');
    expect(yemen.entries.length).toBeGreaterThan(0);
    expect(yemen.entries.every((e) => /Generated|Gen source/.test(e.title))).toBe(true);
    const syria = await feed('/changes.atom?country=SY');
    expect(syria.entries.some((e) => /Generated/.test(e.title))).toBe(false);
  });

  it('answers a repeated poll with 304 until something changes, and a bad address with a clear error', async () => {
    const first = await get('/sites/gen-site/changes.atom');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    expect(first.headers.get('cache-control')).toMatch(/^public/);
    expect((await get('/sites/gen-site/changes.atom', { 'if-none-match': etag })).status).toBe(304);

    const bad = await get('/changes.atom?country=Syria&colour=red');
    expect(bad.status).toBe(400);
    const problem = JSON.parse(bad.text) as { error: { status: number; parameters: Record<string, string> } };
    expect(Object.keys(problem.error.parameters).sort()).toEqual(['colour', 'country']);
    expect((await get('/sites/nowhere/changes.atom')).status).toBe(404);
    expect((await get('/monuments/gen-m59/changes.atom')).status).toBe(404);
    expect((await get('/sites/gen-site/changes.atom?country=SY')).status).toBe(400);
  });

  it('are linked from the pages they follow', async () => {
    const link = (html: string) =>
      /<link rel="alternate" type="application\/atom\+xml"[^>]*href="([^"]+)"/.exec(html)?.[1];
    expect(link((await get('/monuments/gen-m0')).text)).toBe(`${server.baseUrl}/monuments/gen-m0/changes.atom`);
    expect(link((await get('/ar/sites/gen-site')).text)).toBe(`${server.baseUrl}/ar/sites/gen-site/changes.atom`);
    expect(link((await get('/')).text)).toBe(`${server.baseUrl}/changes.atom`);
    expect(link((await get('/changes?country=YE')).text)).toBe(`${server.baseUrl}/changes.atom?country=YE`);
  });
});

describe('/changes', () => {
  it('pages through all history of a site and says what each change was, in words, linking the record', async () => {
    const first = await get('/changes?site=gen-site');
    expect(first.status).toBe(200);
    const ids = (html: string) => [...html.matchAll(/<li id="change-(\d+)"/g)].map((m) => Number(m[1]));
    const page1 = ids(first.text);
    expect(page1.length).toBe(50);
    const older = /<a [^>]*href="([^"]+)"[^>]*>Older changes</.exec(first.text)?.[1]?.replace(/&amp;/g, '&');
    expect(older).toMatch(/^\/changes\?site=gen-site&before=\d+$/);
    const page2 = ids((await get(older!)).text);
    // The site, its 60 monuments (one deleted afterwards: its creation stays history), the published report.
    expect(page1.length + page2.length).toBe(1 + GENERATED + 1);
    expect(Math.min(...page1)).toBeGreaterThan(Math.max(...page2));
    expect(first.text).not.toContain('XYZZY');
    expect(first.text).toContain('Damage level: Moderate damage · Event date: 4 May 2019');
    expect(first.text).toMatch(/href="\/monuments\/gen-m0#report-\d+"/);
  });

  it('is accessible and fits a phone in both languages, filters and pager included', async () => {
    const tab = await browser.newPage({ viewport: { width: 375, height: 800 } });
    for (const p of ['/changes?site=gen-site', '/ar/changes?site=gen-site', '/ar/changes?country=Syria']) {
      await tab.goto(`${server.baseUrl}${p}`, { waitUntil: 'load' });
      expect(await axeViolations(tab), p).toEqual([]);
      expect(await tab.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), p).toBe(true);
    }
    await tab.close();
  });

  it('filters by record type and kind of change, in Arabic too, and says so when a filter is malformed', async () => {
    const reports = await get('/changes?type=report&action=create');
    const items = [...reports.text.matchAll(/<li id="change-\d+">([\s\S]*?)<\/li>/g)].map((m) =>
      m[1]!.replace(/<[^>]+>/g, ''),
    );
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(item).toMatch(/ — Created · Report on /);
    const ar = await get('/ar/changes?site=gen-site&type=report');
    expect(ar.text).toContain('مستوى الضرر');
    expect(ar.text).toContain('lang="ar"');
    const bad = await get('/changes?country=Syria');
    expect(bad.text).toContain('These filters could not be read');
    expect(bad.text).toContain('country: an ISO 3166-1 alpha-2 country code such as SY');
  });
});

describe('sitemap and robots.txt', () => {
  it('the index names parts of at most SITEMAP_URLS_PER_FILE addresses that cover every public page in both languages', async () => {
    const robots = await get('/robots.txt');
    expect(robots.status).toBe(200);
    expect(robots.text).toContain(`Sitemap: ${server.baseUrl}/sitemap.xml`);

    const index = await get('/sitemap.xml');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const parts = await parseXml<string[]>(
      index.text,
      `return [...doc.getElementsByTagNameNS('http://www.sitemaps.org/schemas/sitemap/0.9', 'loc')].map((l) => l.textContent);`,
    );
    expect(parts!.length).toBeGreaterThan(10);
    const found: string[] = [];
    for (const part of parts!) {
      expect(part).toMatch(new RegExp(`^${server.baseUrl}/sitemap-\\d+\\.xml$`));
      const res = await get(part.slice(server.baseUrl.length));
      expect(res.status, part).toBe(200);
      const urls = await parseXml<{ loc: string; lastmod: string }[]>(
        res.text,
        `return [...doc.getElementsByTagNameNS('http://www.sitemaps.org/schemas/sitemap/0.9', 'url')].map((u) => ({
           loc: u.getElementsByTagNameNS('http://www.sitemaps.org/schemas/sitemap/0.9', 'loc')[0].textContent,
           lastmod: u.getElementsByTagNameNS('http://www.sitemaps.org/schemas/sitemap/0.9', 'lastmod')[0]?.textContent }));`,
      );
      expect(urls!.length).toBeLessThanOrEqual(10);
      for (const u of urls!) expect(u.lastmod, u.loc).toMatch(/^\d{4}-\d\d-\d\d$/);
      found.push(...urls!.map((u) => u.loc));
    }
    expect(new Set(found).size).toBe(found.length);
    // Every live site and monument of live sites, in English and Arabic, from the database itself.
    const db = openDatabase(databasePath);
    const expected = [
      ...(db.$client.prepare('SELECT slug FROM sites WHERE deleted_at IS NULL').pluck().all() as string[]).map(
        (s) => `/sites/${s}`,
      ),
      ...(
        db.$client
          .prepare(
            'SELECT m.slug FROM monuments m JOIN sites s ON s.id = m.site_id WHERE m.deleted_at IS NULL AND s.deleted_at IS NULL',
          )
          .pluck()
          .all() as string[]
      ).map((s) => `/monuments/${s}`),
    ];
    db.$client.close();
    expect(expected.length).toBeGreaterThan(GENERATED);
    const fixed = ['/', '/sites', '/changes', '/methodology', '/export', '/map', '/export/releases'];
    for (const p of [...fixed, ...expected]) {
      expect(found, p).toContain(p === '/' ? `${server.baseUrl}/` : `${server.baseUrl}${p}`);
      expect(found, `/ar${p}`).toContain(`${server.baseUrl}/ar${p === '/' ? '' : p}`);
    }
    expect(found.filter((u) => u.includes('gen-m59'))).toEqual([]);
    expect(found.length).toBe(2 * (expected.length + fixed.length));
    expect((await get('/sitemap-999.xml')).status).toBe(404);
  });
});

describe('structured data and link previews', () => {
  const jsonLd = (html: string) =>
    JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!) as {
      '@context': string;
      '@type': string | string[];
      name: string;
      identifier: unknown[];
      sameAs: string[];
      geo: unknown;
      containedInPlace: { identifier: unknown[] };
    };

  it('site and monument pages carry schema.org JSON-LD naming the UNESCO id, Wikidata and coordinates', async () => {
    const site = jsonLd((await get('/sites/palmyra')).text);
    expect(site['@context']).toBe('https://schema.org');
    expect(site['@type']).toContain('LandmarksOrHistoricalBuildings');
    expect(site.identifier).toContainEqual({
      '@type': 'PropertyValue',
      propertyID: 'UNESCO World Heritage List',
      value: '23',
    });
    expect(site.sameAs).toContain('https://whc.unesco.org/en/list/23');
    const monument = jsonLd((await get('/ar/monuments/temple-of-bel')).text);
    expect(monument['@type']).toBe('LandmarksOrHistoricalBuildings');
    expect(monument.name).toBe('معبد بل');
    expect(monument.geo).toMatchObject({ '@type': 'GeoCoordinates', latitude: 34.5474, longitude: 38.2734 });
    expect(monument.containedInPlace.identifier).toContainEqual(
      expect.objectContaining({ propertyID: 'UNESCO World Heritage List', value: '23' }),
    );
  });

  it('pages name a preview image, and the image is a 1200×630 PNG kept like the page', async () => {
    const html = (await get('/monuments/temple-of-bel')).text;
    const meta = (name: string) =>
      new RegExp(`<meta (?:property|name)="${name.replace(/[:+]/g, '\\$&')}" content="([^"]*)"`).exec(html)?.[1];
    expect(meta('og:image')).toBe(`${server.baseUrl}/monuments/temple-of-bel/preview.png`);
    expect(meta('og:image:width')).toBe('1200');
    expect(meta('og:image:height')).toBe('630');
    expect(meta('og:title')).toBe('Temple of Bel');
    expect(meta('og:description')).toMatch(/^Destroyed: temple at Site of Palmyra/);
    expect(meta('twitter:card')).toBe('summary_large_image');
    expect(meta('twitter:image')).toBe(`${server.baseUrl}/monuments/temple-of-bel/preview.png`);

    for (const p of [
      '/monuments/temple-of-bel/preview.png',
      '/sites/palmyra/preview.png',
      '/ar/sites/gen-site/preview.png',
    ]) {
      const res = await fetch(`${server.baseUrl}${p}`);
      expect(res.status, p).toBe(200);
      expect(res.headers.get('content-type'), p).toBe('image/png');
      const image = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
      expect([image.format, image.width, image.height], p).toEqual(['png', 1200, 630]);
      const etag = res.headers.get('etag')!;
      expect((await fetch(`${server.baseUrl}${p}`, { headers: { 'if-none-match': etag } })).status, p).toBe(304);
    }
    expect((await get('/monuments/no-such-thing/preview.png')).status).toBe(404);
  });

  it('the favicon and app icons answer, and a page loads in the browser without a console error', async () => {
    const favicon = await fetch(`${server.baseUrl}/favicon.ico`);
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get('content-type')).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)$/);
    const html = (await get('/sites/palmyra')).text;
    const icon = /<link rel="icon" href="([^"]+)"[^>]*type="image\/png"/.exec(html)?.[1];
    expect(icon).toMatch(/^\/icon\.png/);
    expect((await fetch(`${server.baseUrl}${icon}`)).status).toBe(200);
    const errors: string[] = [];
    const tab = await browser.newPage();
    tab.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    tab.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
    });
    await tab.goto(`${server.baseUrl}/monuments/temple-of-bel`, { waitUntil: 'load' });
    // The JSON-LD script is listed in the page's policy: no refused inline script.
    await tab.waitForFunction(() => document.readyState === 'complete');
    await tab.close();
    // Map tiles come from another host, unreachable offline: their network failures are not the page's errors (a 404
    // of ours, such as a missing icon, is caught by its status above).
    expect(errors.filter((e) => !/tile/i.test(e) && !e.startsWith('Failed to load resource: net::'))).toEqual([]);
  });
});
