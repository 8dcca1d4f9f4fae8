import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, baseUrl, launchBrowser, readDatabase } from './helpers';

async function get(path: string) {
  const res = await fetch(`${baseUrl()}${path}`, { redirect: 'manual' });
  return { status: res.status, text: await res.text() };
}

/** Opening tags of the elements a reader sees as a label: damage badges (data-status) and linked terms (data-term). */
function labels(html: string): { tag: string; href: string | null; text: string }[] {
  const out: { tag: string; href: string | null; text: string }[] = [];
  const re = /<([a-z]+)\b([^>]*\bdata-(?:status|term)="[^"]*"[^>]*)>([^<]*)/g;
  for (const m of html.matchAll(re)) {
    const href = /\bhref="([^"]*)"/.exec(m[2]!)?.[1] ?? null;
    out.push({ tag: m[1]!, href: href && href.replace(/&amp;/g, '&'), text: m[3]! });
  }
  return out;
}

const ids = (html: string) => new Set([...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]!));

/** The part of a page between an element with this id and the end of its section. */
function section(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  expect(start, `#${id}`).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</section>', start));
}

describe('the methodology page and the labels that link to it', () => {
  for (const prefix of ['', '/ar']) {
    it(`every badge and label on the home, site, monument and search pages links to a definition that exists (${prefix || 'en'})`, async () => {
      const methodology = await get(`${prefix}/methodology`);
      expect(methodology.status).toBe(200);
      const anchors = ids(methodology.text);
      for (const a of [
        'damage-destroyed',
        'damage-possible-damage',
        'verification-corroborated',
        'verification-confirmed',
        'certainty-high',
        'status-established',
        'status-unverified',
        'evidence-rules',
        'not-a-damage-finding',
        'contested',
      ])
        expect(anchors, a).toContain(a);

      const pages = [
        '/',
        '/sites/palmyra',
        '/monuments/temple-of-bel',
        '/monuments/roman-theatre',
        '/monuments?q=temple',
      ];
      for (const path of pages) {
        const url = `${prefix}${path === '/' && prefix ? '' : path}`;
        const { status, text } = await get(url);
        expect(status, url).toBe(200);
        const found = labels(text);
        expect(found.filter((l) => l.tag === 'a').length, url).toBeGreaterThan(0);
        for (const l of found) {
          expect(l.tag, `${url}: ${l.text}`).toBe('a');
          const m = /^(\/ar)?\/methodology#(.+)$/.exec(l.href ?? '');
          expect(m, `${url}: ${l.text} → ${l.href}`).not.toBeNull();
          expect(m![1] ?? '', `${url}: ${l.href} is in the reader's language`).toBe(prefix);
          expect(anchors, `${url}: ${l.href}`).toContain(m![2]);
        }
      }
      // The monument page links its verification level and certainty, not only its badges.
      const bel = labels((await get(`${prefix}/monuments/temple-of-bel`)).text).map((l) => l.href);
      expect(bel).toContain(`${prefix}/methodology#verification-confirmed`);
      expect(bel).toContain(`${prefix}/methodology#certainty-definite`);
      expect(bel).toContain(`${prefix}/methodology#damage-destroyed`);
    });
  }

  it('the methodology page defines the terms in both languages and is linked from the footer and /export', async () => {
    const en = await get('/methodology');
    expect(en.text).toContain('UNOSAT class: Destroyed');
    expect(en.text).toContain('supporting sources from at least two independent publishers');
    expect(en.text).toContain('Temple of Bel');
    expect(en.text).toContain('CC BY 4.0');
    const ar = await get('/ar/methodology');
    expect(ar.text).toContain('<html lang="ar" dir="rtl"');
    expect(ar.text).toContain('جهتَي نشر مستقلتين');
    expect(ar.text).toContain('معبد بل');
    for (const [path, link] of [
      ['/sites', 'href="/methodology"'],
      ['/ar/sites', 'href="/ar/methodology"'],
      ['/export', 'href="/methodology"'],
    ] as const)
      expect((await get(path)).text, path).toContain(link);
    // The data dictionary gives the definitions, linked to their anchors.
    const dictionary = (await get('/export')).text;
    expect(dictionary).toContain('href="/methodology#verification-corroborated"');
    expect(dictionary).toContain('UNOSAT class: Severe Damage');
  });

  it('the home page ranks only damage findings among the latest damage events, and labels the others', async () => {
    const db = readDatabase();
    const misuse = db
      .prepare(
        `SELECT r.id FROM reports r JOIN monuments m ON m.id = r.monument_id
         WHERE r.cause = 'misuse' AND r.review_state = 'published' AND r.deleted_at IS NULL AND m.slug = 'roman-theatre'`,
      )
      .get() as { id: number } | undefined;
    db.close();
    expect(misuse).toBeDefined();
    const home = (await get('/')).text;
    const recent = section(home, 'recent-title');
    expect(recent).toContain('#report-'); // the list is there
    expect(recent).not.toContain(`#report-${misuse!.id}"`);
    const other = section(home, 'other-events-title');
    expect(other).toContain(`/monuments/roman-theatre#report-${misuse!.id}"`);
    expect(other).toContain('Not a damage finding');
    expect(section(await get('/ar').then((r) => r.text), 'other-events-title')).toContain('ليس استنتاجاً عن الضرر');

    // On the monument's timeline the event is labelled, not given a damage level.
    const theatre = (await get('/monuments/roman-theatre')).text;
    const entry = theatre.slice(theatre.indexOf(`id="report-${misuse!.id}"`));
    expect(entry.slice(0, entry.indexOf('</h3>'))).toContain('Not a damage finding');
  });

  it('a status resting on an unverified or disputed report is drawn weak on its page, in lists and on the map', async () => {
    const db = readDatabase();
    const weak = db
      .prepare(
        `SELECT m.slug, s.slug AS site FROM monuments m JOIN sites s ON s.id = m.site_id
         WHERE m.deleted_at IS NULL AND m.status_basis IN ('unverified', 'disputed') ORDER BY m.id LIMIT 1`,
      )
      .get() as { slug: string; site: string } | undefined;
    db.close();
    expect(weak).toBeDefined();
    const panel = section((await get(`/monuments/${weak!.slug}`)).text, 'status-title');
    expect(panel).toMatch(/class="badge badge-[a-z_]+ badge-weak"[^>]*data-strength="weak"/);
    const site = (await get(`/sites/${weak!.site}`)).text;
    const card = site.slice(site.indexOf(`href="/monuments/${weak!.slug}"`));
    expect(card.slice(0, card.indexOf('</li>'))).toContain('data-strength="weak"');
    const bel = section((await get('/monuments/temple-of-bel')).text, 'status-title');
    expect(bel).toContain('data-strength="established"');
    expect(bel).not.toContain('badge-weak');
  });
});

describe('what readers see in a browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(path: string, width = 1280): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    const app = new URL(baseUrl()).host;
    await page.route('**/*', (route) =>
      new URL(route.request().url()).host === app ? route.continue() : route.abort(),
    );
    await page.goto(`${baseUrl()}${path}`);
    await page.locator('html[lang]').waitFor({ state: 'attached' });
    return page;
  }

  for (const path of ['/methodology', '/ar/methodology']) {
    it(`${path} has no accessibility violations (axe-core, WCAG 2.2 AA), on a desktop and a phone`, async () => {
      for (const width of [1280, 375]) {
        const page = await open(path, width);
        expect(await axeViolations(page), `${path} at ${width}px`).toEqual([]);
        expect(
          await page.evaluate(() => document.documentElement.scrollWidth),
          `${path} at ${width}px`,
        ).toBeLessThanOrEqual(width);
        await page.close();
      }
    });
  }

  it('weak and established badges differ in outline, not only in colour, in lists and on the map', async () => {
    const page = await open('/methodology');
    const style = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((el) => getComputedStyle(el).borderTopStyle);
    expect(await style('.legend .badge:not(.badge-weak)')).toBe('solid');
    expect(await style('.legend .badge-weak')).toBe('dashed');
    expect(await style('.legend-marker:not(.map-marker-weak)')).toBe('solid');
    expect(await style('.legend-marker.map-marker-weak')).toBe('dashed');
    // "Possible damage" reads as a warning (amber), not as green.
    const bg = await page
      .locator('#damage-possible-damage .badge')
      .evaluate((el) => getComputedStyle(el).backgroundColor.match(/\d+/g)!.map(Number));
    expect(bg[0]).toBeGreaterThan(bg[1]!); // more red than green
    expect(bg[1]).toBeGreaterThan(bg[2]!); // yellow-orange, not blue or grey
    await page.close();
  });
});
