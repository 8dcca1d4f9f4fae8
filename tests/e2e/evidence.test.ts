import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import exifr from 'exifr';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, baseUrl, launchBrowser, readRow } from './helpers';
import { RUN, createSiteAndMonument, curator, httpSignIn, login, open, pageText } from './curator-helpers';
import * as files from '../support/evidence-files';

let browser: Browser;
let editorCookie = '';
/** This file's own monument with a published report and a draft (the e2e database is shared). */
const fixture = { monumentId: 0, slug: '', published: 0, draft: 0 };
const ROOT = path.resolve(__dirname, '..', '..');

async function addReport(page: Page, monumentId: number, summary: string, publish: boolean): Promise<number> {
  await open(page, `/admin/reports/new?monument=${monumentId}`);
  await page.locator('#f-eventDate').fill('2015-08-30');
  await page.locator('#f-damageLevel').selectOption('destroyed');
  await page.locator('#f-cause').selectOption('explosives');
  await page.locator('#f-certainty').selectOption('high');
  await page.locator('#f-verificationStatus').selectOption('confirmed');
  await page.locator('#f-summary').fill(summary);
  await page.locator('#f-citations-0-sourceId').fill('Temple of Bel, Palmyra');
  await page
    .getByRole('option', { name: 'Satellite imagery analysis of the Temple of Bel, Palmyra — UNITAR-UNOSAT' })
    .click();
  await page.locator('#f-citations-0-stance').selectOption('supports');
  if (!publish) await page.locator('#f-publish').uncheck();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL(/\/admin\/reports\/\d+\/edit\?saved=/);
  return Number(new URL(page.url()).pathname.split('/')[3]);
}

beforeAll(async () => {
  browser = await launchBrowser();
  const { context, page } = await login(browser, 'editor');
  const { monumentId } = await createSiteAndMonument(
    page,
    { name: `Evidence Site ${RUN}`, nameAr: `موقع الأدلة ${RUN}`, countryCode: 'sy' },
    { name: `Evidence Temple ${RUN}`, kind: 'temple' },
  );
  fixture.monumentId = monumentId;
  fixture.slug = readRow<{ slug: string }>('SELECT slug FROM monuments WHERE id = ?', monumentId).slug;
  fixture.published = await addReport(page, monumentId, `The cella was blown up (${RUN}).`, true);
  fixture.draft = await addReport(page, monumentId, `A draft about the portico (${RUN}).`, false);
  await context.close();
  const e = curator('editor');
  editorCookie = (await httpSignIn(e.email, e.password)).cookie;
});
afterAll(async () => {
  await browser?.close();
});

const fields = {
  kind: 'photo',
  altText: 'The cella of the temple in rubble, seen from the east',
  captionEn: `Rubble of the cella ${RUN}`,
  captionAr: `أنقاض الهيكل ${RUN}`,
  credit: `Jane Witness ${RUN}`,
  licence: 'all-rights-reserved',
  takenDate: '2015-09-01',
};

/** Posts an image as the report form does (multipart), as a script would (JSON answers). */
async function upload(
  report: number,
  bytes: Uint8Array,
  values: Record<string, string> = fields,
  headers: Record<string, string> = {},
) {
  const form = new FormData();
  form.set('report', String(report));
  for (const [k, v] of Object.entries(values)) form.set(k, v);
  form.set('file', new Blob([new Uint8Array(bytes)]), 'upload.jpg');
  const res = await fetch(`${baseUrl()}/api/curator/evidence`, {
    method: 'POST',
    headers: { cookie: editorCookie, origin: baseUrl(), accept: 'application/json', ...headers },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}
const rows = (report: number) =>
  readRow<{ n: number }>('SELECT count(*) AS n FROM evidence_images WHERE report_id = ?', report).n;

describe('evidence images over HTTP', () => {
  it('attaches a GPS-tagged photograph; every served variant has fixed types, a sandbox and no metadata', async () => {
    const { status, body } = await upload(fixture.published, await files.gpsJpeg(11));
    expect(status).toBe(201);
    const sha = body.evidence.sha256 as string;
    for (const variant of ['thumb', 'page', 'full'])
      for (const [ext, type] of [
        ['jpg', 'image/jpeg'],
        ['webp', 'image/webp'],
        ['avif', 'image/avif'],
      ]) {
        const res = await fetch(`${baseUrl()}/evidence/${sha}/${variant}.${ext}`);
        expect(res.status, `${variant}.${ext}`).toBe(200);
        expect(res.headers.get('content-type')).toBe(type);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
        expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
        const bytes = Buffer.from(await res.arrayBuffer());
        if (ext === 'jpg') {
          const tags = (await exifr.parse(bytes, { tiff: true, exif: true, gps: true, xmp: true, iptc: true })) ?? {};
          expect(tags).not.toHaveProperty('latitude');
          expect(tags).not.toHaveProperty('Make');
          expect(tags).not.toHaveProperty('Model');
        }
        for (const marker of ['Exif', 'WitnessCam', 'WC-100', 'Jane Witness'])
          expect(bytes.includes(marker), `${variant}.${ext} ${marker}`).toBe(false);
      }
  });

  it('refuses SVG, bombs, truncated files, missing alt text, strangers and other sites, storing nothing', async () => {
    const before = rows(fixture.published);
    const svg = await upload(fixture.published, files.svg());
    expect(svg).toMatchObject({ status: 422, body: { error: { status: 422 } } });
    expect(svg.body.error.message).toMatch(/not a JPEG, PNG, WebP or TIFF image/);
    const bomb = await upload(fixture.published, files.bombPng());
    expect(bomb.body.error.message).toMatch(/50000 × 50000 pixels/);
    const cut = await upload(fixture.published, await files.truncatedJpeg());
    expect(cut.body.error.message).toMatch(/truncated or damaged/);
    const noAlt = await upload(fixture.published, await files.gpsJpeg(12), { ...fields, altText: ' ' });
    expect(noAlt.body.error.message).toMatch(/altText \(required\)/);
    const foreign = await upload(fixture.published, await files.gpsJpeg(12), fields, {
      origin: 'https://evil.example',
    });
    expect(foreign.status).toBe(403);
    const anonymous = await upload(fixture.published, await files.gpsJpeg(12), fields, { cookie: '' });
    expect(anonymous.status).toBe(401);
    expect(rows(fixture.published)).toBe(before);
  });

  it("a draft report's images are 404 for the public, never cached, and served privately to its editors", async () => {
    const { status, body } = await upload(fixture.draft, await files.textPng());
    expect(status).toBe(201);
    const url = `${baseUrl()}/evidence/${body.evidence.sha256}/page.webp`;
    const anonymous = await fetch(url);
    expect(anonymous.status).toBe(404);
    expect(anonymous.headers.get('cache-control')).toBe('no-store');
    const signedIn = await fetch(url, { headers: { cookie: editorCookie } });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get('cache-control')).toBe('private, no-store');
    expect((await fetch(`${baseUrl()}/evidence/${'0'.repeat(64)}/page.webp`)).status).toBe(404);
    expect((await fetch(`${baseUrl()}/evidence/${body.evidence.sha256}/original.private`)).status).toBe(404);
  });
});

describe('evidence images from the report form', () => {
  it('an editor attaches a photograph with the form (alt text required), corrects its credit and detaches it', async () => {
    const { context, page, errors } = await login(browser, 'editor');
    await open(page, `/admin/reports/${fixture.draft}/edit`);
    const form = page.locator('form.evidence-form');
    expect(await form.getByLabel(/Alt text/).getAttribute('required')).not.toBeNull();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-evidence-form-'));
    fs.writeFileSync(path.join(dir, 'witness.jpg'), await files.gpsJpeg(31));
    await form.getByLabel('Image file').setInputFiles(path.join(dir, 'witness.jpg'));
    await form.getByLabel(/Alt text/).fill('The portico columns lying on the ground');
    await form.getByLabel('Credit').fill(`Form Witness ${RUN}`);
    await form.getByLabel('Licence').selectOption('CC-BY-SA-4.0');
    await form.getByLabel('Caption (English)').fill(`Portico ${RUN}`);
    expect(await axeViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Attach' }).click();
    await page.waitForURL(/\?evidence=attached#evidence$/);
    await expect.poll(() => page.locator('#evidence [role=status]').textContent()).toBe('The image was attached.');
    const row = readRow<{ id: number; credit: string }>(
      'SELECT id, credit FROM evidence_images WHERE report_id = ? ORDER BY id DESC LIMIT 1',
      fixture.draft,
    );
    expect(row.credit).toBe(`Form Witness ${RUN}`);
    const item = page.locator('li', { hasText: `#${row.id}` });
    await item.getByText('Edit the details').click();
    await item.getByLabel('Credit').fill(`Corrected Credit ${RUN}`);
    await item.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\?evidence=saved#evidence$/);
    expect(readRow<{ credit: string }>('SELECT credit FROM evidence_images WHERE id = ?', row.id).credit).toBe(
      `Corrected Credit ${RUN}`,
    );
    await page
      .locator('li', { hasText: `#${row.id}` })
      .getByRole('button', { name: 'Detach' })
      .click();
    await page.waitForURL(/\?evidence=detached#evidence$/);
    expect(
      readRow<{ deleted: number }>('SELECT deleted_at IS NOT NULL AS deleted FROM evidence_images WHERE id = ?', row.id)
        .deleted,
    ).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('evidence images from the command line and on the monument page', () => {
  const cli = (args: string[]) =>
    spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/evidence-add.ts', ...args],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: inject('databasePath') },
      },
    );

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-evidence-e2e-'));
    const pair = [
      { name: 'before.jpg', seed: 21, kind: 'satellite_before', date: '2014-08-27', en: 'Before', ar: 'قبل' },
      { name: 'after.jpg', seed: 22, kind: 'satellite_after', date: '2015-08-31', en: 'After', ar: 'بعد' },
    ];
    for (const p of pair) {
      const file = path.join(dir, p.name);
      fs.writeFileSync(file, await files.plainJpeg(800, 600, p.seed));
      const run = cli([
        '--report', String(fixture.published), '--file', file, '--kind', p.kind,
        '--credit', 'UNITAR-UNOSAT', '--licence', 'CC-BY-4.0', '--taken', p.date,
        '--alt', `Satellite view of the temple ${p.en.toLowerCase()} the explosion`,
        '--caption', `${p.en} ${RUN}`, '--caption-ar', `${p.ar} ${RUN}`,
      ]); // prettier-ignore
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    }
  }, 120_000);

  it('shows each figure with caption, credit, licence and date in English and Arabic', async () => {
    const en = await pageText(`/monuments/${fixture.slug}`);
    expect(en.text).toContain(`Rubble of the cella ${RUN}`);
    expect(en.text).toContain(`Jane Witness ${RUN}`);
    expect(en.text).toContain('Used as evidence');
    expect(en.text).toContain('CC BY 4.0');
    expect(en.text).toMatch(/<img[^>]*alt="The cella of the temple in rubble, seen from the east"/);
    expect(en.text).toMatch(/<img[^>]*width="\d+"[^>]*height="\d+"/);
    expect(en.text).toMatch(/loading="lazy"/);
    expect(en.text).toMatch(/<source type="image\/avif" srcSet="[^"]*thumb\.avif 320w/);
    expect(en.text).toContain('Images of this monument');
    const ar = await pageText(`/ar/monuments/${fixture.slug}`);
    expect(ar.text).toContain(`أنقاض الهيكل ${RUN}`);
    expect(ar.text).toContain('مستخدمة دليلاً');
    expect(ar.text).toContain('صور هذا المعلم');
    // The draft's image is not on the public page.
    expect(en.text).not.toContain('A draft about the portico');
  });

  it('the before/after slider works by keyboard, passes axe, and falls back to side by side without scripts', async () => {
    const context = await browser.newContext({ baseURL: baseUrl(), viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await open(page, `/monuments/${fixture.slug}`);
    const slider = page.getByRole('slider', { name: 'Show more of the before or the after image' });
    await slider.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => slider.inputValue()).toBe('55');
    await page.keyboard.press('End');
    await expect.poll(() => slider.inputValue()).toBe('100');
    await expect
      .poll(() =>
        page.locator('.before-after-stage').evaluate((el) => (el as HTMLElement).style.getPropertyValue('--split')),
      )
      .toBe('100%');
    await page.locator('.before-after').scrollIntoViewIfNeeded();
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();

    const noScript = await browser.newContext({ baseURL: baseUrl(), javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await plain.goto(`/monuments/${fixture.slug}`);
    expect(await plain.getByRole('slider').count()).toBe(0);
    await expect.poll(() => plain.locator('.before-after-image img').count()).toBe(2);
    expect(await plain.locator('.before-after figcaption').allTextContents()).toEqual([
      expect.stringContaining(`Before Before ${RUN}`),
      expect.stringContaining(`After After ${RUN}`),
    ]);
    await noScript.close();
  });

  it('the API and evidence.csv list the published report’s images, and not the draft’s', async () => {
    const { data: api } = (await (await fetch(`${baseUrl()}/api/v1/monuments/${fixture.slug}`)).json()) as {
      data: {
        reports: {
          id: number;
          evidence: { kind: string; sha256: string; width: number; urls: { page: { webp: string } } }[];
        }[];
      };
    };
    const report = api.reports.find((r) => r.id === fixture.published)!;
    expect(report.evidence.map((e) => e.kind)).toEqual(['photo', 'satellite_before', 'satellite_after']);
    expect(report.evidence[0]).toMatchObject({ licence: 'all-rights-reserved', width: expect.any(Number) });
    expect((await fetch(report.evidence[1]!.urls.page.webp)).status).toBe(200);
    expect(api.reports.some((r) => r.id === fixture.draft)).toBe(false);
    const csv = await (await fetch(`${baseUrl()}/export/evidence.csv`)).text();
    expect(csv.split('\n')[0]).toMatch(
      /^evidence_id,report_id,kind,kind_en,kind_ar,caption,caption_ar,alt_text,credit,licence/,
    );
    for (const e of report.evidence) expect(csv).toContain(e.sha256);
    expect(csv.split('\n').filter((l) => l.includes(`,${fixture.draft},`))).toEqual([]);
  });
});
