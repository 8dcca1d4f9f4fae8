import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser } from './helpers';
import { RUN, curator, httpSignIn } from './curator-helpers';
import { fillForm, postForm } from '../support/curator-http';
import { csvRecords } from '../support/export';

/**
 * Text typed by curators is shown as text everywhere: markup stored through the real curator forms (and so the
 * real write functions) comes back escaped on every page in both languages, in map popups, the JSON API, CSV and
 * GeoJSON, and never runs in a browser.
 */
const P = {
  script: '<script>window.__xss=1</script>',
  img: '<img src=x onerror="window.__xss=2">',
  svg: '"><svg onload="window.__xss=3">',
  closing: '</script><script>window.__xss=5</script>',
  formula: '=HYPERLINK("https://evil.example","click")',
};
const RAW = [P.script, P.img, P.svg, P.closing];

const names = {
  site: `Injection site ${RUN} ${P.script}`,
  monument: `Injection monument ${RUN} ${P.svg}`,
  monumentAr: `معلم ${P.img}`,
  source: `Injection source ${RUN} ${P.img}`,
  summary: `Injection report ${RUN} ${P.script}${P.closing}`,
  quote: `${P.formula} ${P.img}`,
};
const ids = {
  site: 0,
  siteSlug: `injection-site-${RUN}`,
  monument: 0,
  monumentSlug: `injection-monument-${RUN}`,
  source: 0,
  report: 0,
};

let browser: Browser;
let cookie: string;

beforeAll(async () => {
  browser = await launchBrowser();
  cookie = (await httpSignIn(curator('editor').email, curator('editor').password)).cookie;
  const save = async (path: string, field: string, values: Record<string, string>, pattern: RegExp) => {
    const res = await postForm(baseUrl(), path, cookie, await fillForm(baseUrl(), path, cookie, field, values));
    const id = pattern.exec(res.location ?? '')?.[1];
    if (res.status !== 303 || !id) throw new Error(`saving ${path} failed: ${res.status} ${res.body.slice(0, 500)}`);
    return Number(id);
  };
  ids.site = await save(
    '/admin/sites/new',
    'countryCodes',
    {
      name: names.site,
      nameAr: `موقع ${P.svg}`,
      slug: ids.siteSlug,
      countryCodes: 'SY',
      latitude: '34.55',
      longitude: '38.27',
      description: P.closing,
    },
    /\/admin\/sites\/(\d+)\/edit/,
  );
  ids.monument = await save(
    `/admin/monuments/new?site=${ids.site}`,
    'kind',
    {
      siteId: String(ids.site),
      name: names.monument,
      nameAr: names.monumentAr,
      slug: ids.monumentSlug,
      kind: 'temple',
      period: P.script,
      dateBuilt: P.formula,
      latitude: '34.5513',
      longitude: '38.2690',
      description: P.closing,
      'altNames.0.name': P.img,
      'altNames.0.lang': 'en',
    },
    /\/admin\/monuments\/(\d+)\/edit/,
  );
  ids.source = await save(
    '/admin/sources/new',
    'sourceType',
    {
      title: names.source,
      publisher: P.script,
      url: `https://example.org/?q=${encodeURIComponent(P.script)}&x="><b>`,
      sourceType: 'news',
    },
    /\/admin\/sources\/(\d+)\/edit/,
  );
  ids.report = await save(
    `/admin/reports/new?monument=${ids.monument}`,
    'summary',
    {
      monumentId: String(ids.monument),
      eventDate: '2016-03',
      damageLevel: 'severe_damage',
      summary: names.summary,
      summaryAr: `تقرير ${P.img}`,
      reportedActor: P.svg,
      certainty: 'high',
      verificationStatus: 'unverified',
      publish: 'on',
      'citations.0.mode': 'existing',
      'citations.0.sourceId': String(ids.source),
      'citations.0.stance': 'supports',
      'citations.0.quote': names.quote,
    },
    /\/admin\/reports\/(\d+)\/edit/,
  );
});
afterAll(async () => {
  await browser?.close();
});

async function get(path: string, withCookie = false): Promise<{ status: number; text: string; type: string }> {
  const res = await fetch(`${baseUrl()}${path}`, { headers: withCookie ? { cookie } : {} });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '' };
}

function expectEscaped(path: string, html: string) {
  for (const raw of RAW) expect(html.includes(raw), `${path} contains ${raw} as markup`).toBe(false);
  // JSON-LD, if a page ever carries it, must not be able to close its own script element.
  for (const m of html.matchAll(/<script type="application\/ld\+json"[^>]*>([\s\S]*?)<\/script>/g))
    expect(m[1], path).not.toMatch(/</);
}

describe('text typed by curators', () => {
  it('is escaped on every public page that shows it, in both languages, and shown as typed', async () => {
    const q = encodeURIComponent(`Injection ${RUN}`);
    for (const path of [
      `/monuments/${ids.monumentSlug}`,
      `/ar/monuments/${ids.monumentSlug}`,
      `/sites/${ids.siteSlug}`,
      `/ar/sites/${ids.siteSlug}`,
      `/monuments?q=${q}`,
      `/ar/monuments?q=${q}`,
      '/changes',
      '/ar/changes',
      '/',
      '/ar',
      '/sites',
      '/export',
      '/ar/export',
    ]) {
      const page = await get(path);
      expect(page.status, path).toBe(200);
      expectEscaped(path, page.text);
    }
    const monument = (await get(`/monuments/${ids.monumentSlug}`)).text;
    expect(monument).toContain('Injection monument');
    expect(monument).toContain('&quot;&gt;&lt;svg onload=&quot;window.__xss=3&quot;&gt;');
    expect(monument).toContain(
      '&lt;script&gt;window.__xss=1&lt;/script&gt;&lt;/script&gt;&lt;script&gt;window.__xss=5&lt;/script&gt;',
    );
    expect((await get(`/monuments?q=${q}`)).text).toContain('Injection monument');
  });

  it("is escaped on the curators' own pages: forms, history, their list", async () => {
    for (const path of [
      `/admin/monuments/${ids.monument}/edit`,
      `/admin/reports/${ids.report}/edit`,
      `/admin/sites/${ids.site}/edit`,
      `/admin/sources/${ids.source}/edit`,
      `/admin/history/monument/${ids.monument}`,
      `/admin/history/report/${ids.report}`,
      '/admin',
      '/admin/sources',
      '/admin/mine',
    ]) {
      const page = await get(path, true);
      expect(page.status, path).toBe(200);
      expectEscaped(path, page.text);
    }
  });

  it('never runs in a browser, the map popup included, and reads as typed', async () => {
    for (const path of [
      `/monuments/${ids.monumentSlug}`,
      `/ar/sites/${ids.siteSlug}`,
      `/monuments?q=${encodeURIComponent(`Injection ${RUN}`)}`,
    ]) {
      const page = await browser.newPage();
      const app = new URL(baseUrl()).host;
      await page.route('**/*', (route) =>
        new URL(route.request().url()).host === app ? route.continue() : route.abort(),
      );
      await page.goto(`${baseUrl()}${path}`);
      await page.waitForLoadState('networkidle');
      if (path.includes('/sites/')) {
        const marker = page.locator('.leaflet-marker-icon').first();
        await marker.click();
        const popup = page.locator('.leaflet-popup-content');
        await popup.waitFor();
        expect(await popup.innerText(), path).toContain(path.startsWith('/ar/') ? names.monumentAr : names.monument);
        expect(await popup.locator('svg, img, script').count(), path).toBe(0);
        expect(await marker.getAttribute('title'), path).toContain(
          path.startsWith('/ar/') ? names.monumentAr : names.monument,
        );
      }
      expect(await page.evaluate(() => (window as { __xss?: number }).__xss), path).toBeUndefined();
      expect(
        await page
          .locator('main img[src="x"], main svg[onload], main script:not([type="application/ld+json"])')
          .count(),
        path,
      ).toBe(0);
      expect(await page.locator('main').innerText(), path).toContain(
        path.startsWith('/ar/') ? `موقع ${P.svg}` : names.monument,
      );
      await page.close();
    }
  });

  it('comes back exactly as typed in the JSON API, CSV and GeoJSON (CSV formulas neutralised)', async () => {
    const api = JSON.parse((await get(`/api/v1/monuments/${ids.monumentSlug}`)).text) as {
      data: {
        name: string;
        name_ar: string;
        description: string;
        reports: { summary: string; reported_actor: string; sources: { title: string; quote: string }[] }[];
      };
    };
    expect(api.data.name).toBe(names.monument);
    expect(api.data.name_ar).toBe(names.monumentAr);
    expect(api.data.description).toBe(P.closing);
    expect(api.data.reports[0]).toMatchObject({ summary: names.summary, reported_actor: P.svg });
    expect(api.data.reports[0]!.sources[0]).toMatchObject({ title: names.source, quote: names.quote });

    const reports = csvRecords((await get(`/export/reports.csv?site=${ids.siteSlug}`)).text);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ monument_name: names.monument, summary: names.summary, reported_actor: P.svg });
    const citations = csvRecords((await get(`/export/report_sources.csv?site=${ids.siteSlug}`)).text);
    expect(citations.find((c) => c.report_id === String(ids.report))?.quote).toBe(`'${names.quote}`);
    const monuments = csvRecords((await get(`/export/monuments.csv?site=${ids.siteSlug}`)).text);
    expect(monuments[0]).toMatchObject({ name: names.monument, date_built: `'${P.formula}` });

    const geo = JSON.parse((await get(`/export/monuments.geojson?site=${ids.siteSlug}`)).text) as {
      features: { properties: Record<string, unknown> }[];
    };
    expect(geo.features[0]!.properties).toMatchObject({ name: names.monument, name_ar: names.monumentAr });
  });
});
