import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openDatabase } from '@/db';
import { insertSite } from '@/db/queries/sites';
import { insertMonument } from '@/db/queries/monuments';
import { axeViolations, launchBrowser, readRow } from './helpers';
import { RUN, login, open } from './curator-helpers';
import { prepareDatabase, startServer, type TestServer } from '../support/server';
import { signIn } from '../support/curator-http';

/**
 * The monument form's site picker: a search-as-you-type combobox (GET /api/curator/sites) instead of a list of every
 * site, used with the keyboard only, in English and in Arabic; and a form whose size does not grow with the sites.
 */
let browser: Browser;
/** Sites of this file's own, with names that start with letters no other record uses ("Xqv", "ضظث"). */
const fixture = {
  siteId: 0,
  siteName: `Xqvor Ridge ${RUN}`,
  siteNameAr: `ضظثة ${RUN}`,
};

const one = <T>(sql: string, ...params: unknown[]) => readRow<T>(sql, ...params);

beforeAll(async () => {
  const db = openDatabase(inject('databasePath'));
  try {
    fixture.siteId = insertSite(
      db,
      { slug: `xqvor-${RUN}`, name: fixture.siteName, nameAr: fixture.siteNameAr, countryCodes: 'IQ' },
      { agent: 'e2e-site-picker' },
    ).id;
  } finally {
    db.$client.close();
  }
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const hiddenValue = (page: Page, name: string) => page.locator(`input[type="hidden"][name="${name}"]`).inputValue();

/** Types into the picker, moves to the first suggestion with Down and takes it with Enter; returns the option's text. */
async function pickFirst(page: Page, box: ReturnType<Page['getByRole']>, letters: string, expected: string) {
  await box.focus();
  await page.keyboard.type(letters);
  const list = page.locator(`#${await box.getAttribute('aria-controls')}`);
  await expect.poll(() => list.getByRole('option').first().textContent()).toContain(expected);
  expect(await box.getAttribute('aria-expanded')).toBe('true');
  await page.keyboard.press('ArrowDown');
  const active = await box.getAttribute('aria-activedescendant');
  expect(await page.locator(`#${active}`).getAttribute('aria-selected')).toBe('true');
  const text = (await page.locator(`#${active}`).textContent())!;
  await page.keyboard.press('Enter');
  expect(await box.getAttribute('aria-expanded')).toBe('false');
  return text;
}

describe('the monument form picks its site by keyboard', () => {
  it('in English: a save without a site is refused at the site field; three letters, Down, Enter choose it; the edit page shows it', async () => {
    const { context, page, errors } = await login(browser, 'editor');
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await open(page, '/admin/monuments/new');
    const box = page.getByRole('combobox', { name: 'Site' });
    expect(await box.getAttribute('aria-autocomplete')).toBe('list');
    expect(await page.locator('select[name="siteId"]').count()).toBe(0); // no list of every site
    const name = `Xqvor Gate ${RUN}`;
    await page.locator('#f-name').fill(name);
    await page.locator('#f-kind').selectOption('arch');

    // No site: refused, with the error at the site field and in the summary, as before.
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.locator('#f-siteId-error').textContent()).toBe('Fill this in.');
    expect(await page.locator('.form-summary').textContent()).toContain('Site: Fill this in.');
    expect(await page.locator('.form-summary a[href="#f-siteId"]').count()).toBe(1);
    expect(await page.locator('#f-name').inputValue()).toBe(name); // what was typed is kept

    const chosen = await pickFirst(page, box, 'Xqv', fixture.siteName);
    expect(chosen).toContain(`${fixture.siteName} (IQ)`);
    expect(chosen).toContain(fixture.siteNameAr); // the other language's name, beside it
    expect(await hiddenValue(page, 'siteId')).toBe(String(fixture.siteId));
    expect(await box.inputValue()).toBe(`${fixture.siteName} (IQ)`);
    await expect
      .poll(() => page.locator('.combobox [role="status"]').first().textContent())
      .toBe(`Chosen: ${fixture.siteName} (IQ).`);
    expect(requests.some((u) => u.includes('/api/curator/sites?q=Xqv'))).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Save', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/admin\/monuments\/\d+\/edit\?saved=created$/);
    const id = Number(new URL(page.url()).pathname.split('/')[3]);
    expect(one<{ site_id: number }>('SELECT site_id FROM monuments WHERE id = ?', id).site_id).toBe(fixture.siteId);

    // The edit page opens with the monument's site chosen, and posts it again unchanged.
    await page.waitForLoadState('networkidle');
    const editBox = page.getByRole('combobox', { name: 'Site' });
    expect(await editBox.inputValue()).toBe(`${fixture.siteName} (IQ)`);
    expect(await hiddenValue(page, 'siteId')).toBe(String(fixture.siteId));

    // A site that does not exist (a number typed without JavaScript, or a site deleted meanwhile): refused as before.
    await page.locator('input[type="hidden"][name="siteId"]').evaluate((el) => {
      (el as HTMLInputElement).value = '999999999';
    });
    await page.getByRole('button', { name: 'Save changes', exact: true }).click();
    await expect
      .poll(() => page.locator('#f-siteId-error').textContent())
      .toBe('This site does not exist or was deleted.');
    expect(one<{ site_id: number }>('SELECT site_id FROM monuments WHERE id = ?', id).site_id).toBe(fixture.siteId);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('in Arabic: Arabic letters find the site by its Arabic name, shown first, and the monument is saved with it', async () => {
    const { context, page, errors } = await login(browser, 'editor', { locale: 'ar' });
    await open(page, '/ar/admin/monuments/new');
    const box = page.getByRole('combobox', { name: 'الموقع' });
    const name = `Xqvor Arch ${RUN}`;
    await page.locator('#f-name').fill(name);
    await page.locator('#f-kind').selectOption('arch');
    const chosen = await pickFirst(page, box, 'ضظث', fixture.siteNameAr);
    expect(chosen.startsWith(`${fixture.siteNameAr} (IQ)`)).toBe(true);
    expect(chosen).toContain(fixture.siteName);
    expect(await hiddenValue(page, 'siteId')).toBe(String(fixture.siteId));
    await expect
      .poll(() => page.locator('.combobox [role="status"]').first().textContent())
      .toContain(fixture.siteNameAr);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'حفظ', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/ar\/admin\/monuments\/\d+\/edit\?saved=created$/);
    const id = Number(new URL(page.url()).pathname.split('/')[4]);
    expect(one<{ site_id: number; name: string }>('SELECT site_id, name FROM monuments WHERE id = ?', id)).toEqual({
      site_id: fixture.siteId,
      name,
    });
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('combobox', { name: 'الموقع' }).inputValue()).toBe(`${fixture.siteNameAr} (IQ)`);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('with 1,200 sites', () => {
  const admin = { email: 'sites-admin@example.org', password: 'sites-test-password-0123' };
  let dir: string;
  let server: TestServer;
  let monumentId: number;
  let small: { edit: number; create: number };

  const size = async (cookie: string, pathname: string) => {
    const res = await fetch(`${server.baseUrl}${pathname}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    return (await res.arrayBuffer()).byteLength;
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-sites-'));
    const file = path.join(dir, 'sites.db');
    prepareDatabase(file, admin);
    const db = openDatabase(file);
    try {
      const actor = { agent: 'e2e-site-picker' };
      db.$client
        .transaction(() => {
          const site = insertSite(db, { slug: 'bulk-home', name: 'Bulk home site', countryCodes: 'SY' }, actor);
          monumentId = insertMonument(
            db,
            { slug: 'bulk-gate', siteId: site.id, name: 'Bulk gate', kind: 'arch' },
            [],
            actor,
          ).id;
        })
        .immediate();
      server = await startServer({ databasePath: file });
      const cookie = await signIn(server.baseUrl, admin.email, admin.password);
      small = {
        edit: await size(cookie, `/admin/monuments/${monumentId}/edit`),
        create: await size(cookie, '/admin/monuments/new'),
      };
      // Then 1,200 more sites, as a registry of every World Heritage property has.
      db.$client
        .transaction(() => {
          for (let i = 1; i <= 1200; i++)
            insertSite(
              db,
              {
                slug: `bulk-site-${i}`,
                name: `Bulk heritage property number ${i}`,
                nameAr: `موقع تراثي رقم ${i}`,
                countryCodes: 'SY',
              },
              actor,
            );
        })
        .immediate();
    } finally {
      db.$client.close();
    }
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the monument forms small (no list of every site), and the picker still finds any of them', async () => {
    const cookie = await signIn(server.baseUrl, admin.email, admin.password);
    const edit = await size(cookie, `/admin/monuments/${monumentId}/edit`);
    const create = await size(cookie, '/admin/monuments/new');
    expect(edit).toBeLessThan(60_000);
    expect(create).toBeLessThan(60_000);
    // 1,200 more sites add nothing per site to either form.
    expect(edit - small.edit).toBeLessThan(2_000);
    expect(create - small.create).toBeLessThan(2_000);

    const found = await fetch(
      `${server.baseUrl}/api/curator/sites?q=${encodeURIComponent('Bulk heritage property number 1137')}`,
      {
        headers: { cookie },
      },
    );
    expect(found.status).toBe(200);
    expect(found.headers.get('cache-control')).toBe('no-store');
    const body = (await found.json()) as { sites: { name: string; slug: string }[] };
    expect(body.sites[0]).toMatchObject({ name: 'Bulk heritage property number 1137', slug: 'bulk-site-1137' });
    expect(body.sites.length).toBeLessThanOrEqual(10);
    const arabic = (await (
      await fetch(`${server.baseUrl}/api/curator/sites?q=${encodeURIComponent('موقع تراثي رقم 1137')}`, {
        headers: { cookie },
      })
    ).json()) as { sites: { slug: string }[] };
    expect(arabic.sites[0]?.slug).toBe('bulk-site-1137');
    expect((await fetch(`${server.baseUrl}/api/curator/sites?q=bulk`)).status).toBe(401);
  });
});
