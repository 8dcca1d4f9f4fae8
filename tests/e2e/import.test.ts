/**
 * /admin/import in Chromium: an editor checks a file (the plan shows what would change, nothing is written), then
 * imports it (written with the editor's revision, the public page shows it at once); problems are listed by row and
 * column; contributors get 403 and anonymous visitors the sign-in page. The page passes axe and fits 375 px.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ARTIFACTS_DIR, axeViolations, launchBrowser, readRow } from './helpers';
import { RUN, curator, httpSignIn, login, open, pageText } from './curator-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const one = <T>(sql: string, ...params: unknown[]) => readRow<T | undefined>(sql, ...params);

const slug = `imported-site-${RUN}`;
/** What European Excel writes: semicolons, a byte-order mark, CRLF, a comma as decimal separator. */
const file = Buffer.from(
  `\uFEFFslug;name;name_ar;country_codes;latitude;longitude;description\r\n${slug};Imported Site ${RUN} – café;موقع مستورد;LB;33,9;35,5;"Two lines:\r\nsecond, with ""quotes"""\r\n`,
  'utf8',
);

describe('bulk import in the browser', () => {
  it('an editor checks a file, sees the plan, imports it, and readers see the new site', async () => {
    const { context, page, errors } = await login(browser, 'editor');
    await page.getByRole('link', { name: 'Import' }).click();
    await page.waitForURL('**/admin/import');
    await page.waitForLoadState('networkidle');
    expect(await axeViolations(page)).toEqual([]);

    await page.locator('#import-file').setInputFiles({ name: 'sites.csv', mimeType: 'text/csv', buffer: file });
    await page.getByRole('button', { name: 'Check the file (dry run)' }).click();
    await page.getByRole('heading', { name: 'Dry run: nothing has been written' }).waitFor();
    const plan = page.locator('.import-result');
    expect(await plan.textContent()).toContain('1 to create, 0 to update, 0 unchanged, 0 skipped.');
    expect(await plan.textContent()).toContain('Values are separated by semicolons.');
    const row = page.locator('tr.import-create');
    expect(await row.textContent()).toContain(slug);
    expect(await row.textContent()).toContain(`Imported Site ${RUN} – café`);
    expect(await row.textContent()).toContain('33.9');
    expect(one('SELECT id FROM sites WHERE slug = ?', slug)).toBeUndefined();
    expect(await axeViolations(page)).toEqual([]);
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'import-dry-run.png'), fullPage: true });

    await page.getByRole('button', { name: 'Import 1 change' }).click();
    await page.getByRole('status').filter({ hasText: 'Imported sites.csv' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'Imported sites.csv' }).textContent()).toBe(
      'Imported sites.csv: 1 created, 0 updated, 0 unchanged.',
    );
    const site = one<{ id: number; name: string; description: string; latitude: number }>(
      'SELECT id, name, description, latitude FROM sites WHERE slug = ?',
      slug,
    )!;
    expect(site).toMatchObject({
      name: `Imported Site ${RUN} – café`,
      description: 'Two lines:\r\nsecond, with "quotes"',
      latitude: 33.9,
    });
    const editorId = one<{ id: number }>('SELECT id FROM users WHERE email = ?', curator('editor').email)!.id;
    expect(
      one('SELECT action, user_id AS userId FROM revisions WHERE entity_type = ? AND entity_id = ?', 'site', site.id),
    ).toEqual({ action: 'create', userId: editorId });

    const reader = await pageText(`/sites/${slug}`);
    expect(reader.status).toBe(200);
    expect(reader.text).toContain(`Imported Site ${RUN} – café`);
    expect((await pageText(`/ar/sites/${slug}`)).text).toContain('موقع مستورد');

    // The same file again: nothing to import.
    await page.locator('#import-file').setInputFiles({ name: 'sites.csv', mimeType: 'text/csv', buffer: file });
    await page.getByRole('button', { name: 'Check the file (dry run)' }).click();
    await page.getByText('Nothing to import: every row already matches the registry.').waitFor();
    expect(await page.getByRole('button', { name: /^Import \d/ }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lists problems by row and column and offers nothing to import', async () => {
    const { context, page, errors } = await login(browser, 'editor');
    await open(page, '/admin/import');
    const bad = Buffer.from(`slug,name,country_codes,latitude,longitude\nbad-${RUN},Bad,SY,95,38\n`);
    await page.locator('#import-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: bad });
    await page.getByRole('button', { name: 'Check the file (dry run)' }).click();
    await page.getByRole('heading', { name: /1 problem/ }).waitFor();
    const problems = await page.locator('.import-problems tbody tr').allTextContents();
    expect(problems).toEqual(['22latitude“95” is out of range.']);
    expect(await page.getByRole('button', { name: /^Import \d/ }).count()).toBe(0);
    expect(one('SELECT id FROM sites WHERE slug = ?', `bad-${RUN}`)).toBeUndefined();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('works in Arabic, passes axe and fits a 375 px screen', async () => {
    const { context, page, errors } = await login(browser, 'admin', { locale: 'ar', width: 375 });
    await open(page, '/ar/admin/import');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('استيراد البيانات');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('#import-file').setInputFiles({ name: 'sites.csv', mimeType: 'text/csv', buffer: file });
    await page.getByRole('button', { name: 'افحص الملف (تجربة دون كتابة)' }).click();
    await page.getByRole('heading', { name: 'تجربة دون كتابة: لم يُكتب شيء بعد' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'import-dry-run-ar-375.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('contributors get 403 and anonymous visitors the sign-in page; the menu offers Import to editors only', async () => {
    const contributor = await httpSignIn(curator('contributor').email, curator('contributor').password);
    const refused = await pageText('/admin/import', contributor.cookie);
    expect(refused.status).toBe(403);
    expect((await pageText('/admin', contributor.cookie)).text).not.toContain('/admin/import');
    const anonymous = await pageText('/admin/import');
    expect([303, 307]).toContain(anonymous.status);
    expect(anonymous.headers.get('location')).toContain('/login');
    const editor = await httpSignIn(curator('editor').email, curator('editor').password);
    expect((await pageText('/admin', editor.cookie)).text).toContain('href="/admin/import"');
  });
});
