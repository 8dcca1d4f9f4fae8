import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, baseUrl, launchBrowser, readRow } from './helpers';
import { RUN, createSiteAndMonument, curator, login, open, pageText } from './curator-helpers';

let browser: Browser;
/** This file's own site and monument: the e2e database is shared, so tests edit only what they created. */
const fixture = {
  siteId: 0,
  siteName: `Test Site ${RUN}`,
  siteSlug: `test-site-${RUN}`,
  monumentId: 0,
  monumentSlug: `test-gate-${RUN}`,
};

beforeAll(async () => {
  browser = await launchBrowser();
  const { context, page } = await login(browser, 'editor');
  Object.assign(
    fixture,
    await createSiteAndMonument(
      page,
      { name: fixture.siteName, nameAr: `موقع تجريبي ${RUN}`, countryCode: 'lb' },
      { name: `Test Gate ${RUN}`, kind: 'arch' },
    ),
  );
  await context.close();
});
afterAll(async () => {
  await browser?.close();
});

/** "2 monuments" as the home page's card for a site says it. */
/** The monument count the browse page (/sites) shows beside a site. */
function siteListCount(html: string, siteName: string): number | null {
  const at = html.indexOf(siteName, html.indexOf('World Heritage sites by country'));
  const m = at === -1 ? null : /(\d+) monuments?/.exec(html.slice(at));
  return m ? Number(m[1]) : null;
}

const one = <T>(sql: string, ...params: unknown[]) => readRow<T>(sql, ...params);

/** Fills the new-report form with a published-or-draft report on a monument, with an existing supporting source. */
async function fillReport(page: Page, monumentId: number, summary: string, eventDate: string) {
  await open(page, `/admin/reports/new?monument=${monumentId}`);
  await page.locator('#f-eventDate').fill(eventDate);
  await page.locator('#f-damageLevel').selectOption('severe_damage');
  await page.locator('#f-cause').selectOption('explosives');
  await page.locator('#f-certainty').selectOption('high');
  await page.locator('#f-verificationStatus').selectOption('confirmed');
  await page.locator('#f-summary').fill(summary);
  await page.locator('#f-citations-0-sourceId').fill('Temple of Bel, Palmyra');
  await page
    .getByRole('option', { name: 'Satellite imagery analysis of the Temple of Bel, Palmyra — UNITAR-UNOSAT' })
    .click();
  await page.locator('#f-citations-0-stance').selectOption('supports');
}

describe('curator screens in Chromium, signed in through the real form', () => {
  it('an editor adds a monument and a report with two sources, one disputing; readers see it at once in both languages', async () => {
    const { context, page, errors } = await login(browser, 'editor');
    const name = `Funerary Temple ${RUN}`;
    const slug = `funerary-temple-${RUN}`;
    expect((await pageText('/sites')).text).toContain(fixture.siteName); // the new site is on the browse page already
    expect(siteListCount((await pageText('/sites')).text, fixture.siteName)).toBe(1);

    await open(page, `/admin/monuments/new?site=${fixture.siteId}`);
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('#f-name').fill(name);
    await page.locator('#f-nameAr').fill('المعبد الجنائزي');
    await page.locator('#f-kind').selectOption('temple');
    await page.locator('#f-altNames-0-name').fill('Temple funéraire');
    await page.locator('#f-altNames-0-lang').fill('fr');
    await page.getByRole('button', { name: 'Add another name' }).click();
    await page.locator('#f-altNames-1-name').fill('al-Maʿbad al-Janāʾizī');
    await page.locator('#f-altNames-1-lang').fill('ar-Latn');
    await page.locator('#f-description').fill(`A temple tomb at the end of the colonnade (${RUN}).`);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/\/admin\/monuments\/\d+\/edit\?saved=created$/);
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Saved.');
    const monumentId = Number(new URL(page.url()).pathname.split('/')[3]);

    // Dated before every seeded event, so that the home page's "latest events" keep showing the seeded ones.
    await fillReport(page, monumentId, `Explosives destroyed the portico (${RUN}).`, '2013-08');
    await page.getByRole('button', { name: 'Add a source' }).click();
    await page.getByRole('group', { name: 'Source 2' }).getByLabel('A new source').check();
    await page.locator('#f-citations-1-title').fill(`Official denial ${RUN}`);
    await page.locator('#f-citations-1-sourceType').selectOption('official_statement');
    await page.locator('#f-citations-1-url').fill('https://example.org/denial');
    await page.locator('#f-citations-1-stance').selectOption('disputes');
    await page.locator('#f-citations-1-quote').fill('The temple is intact.');
    expect(await page.locator('#f-publish').isChecked()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/\/admin\/reports\/\d+\/edit\?saved=published$/);

    const en = await pageText(`/monuments/${slug}`);
    expect(en.status).toBe(200);
    expect(en.text).toContain(`Explosives destroyed the portico (${RUN}).`);
    expect(en.text).toContain('Sources disputing this claim');
    expect(en.text).toContain(`Official denial ${RUN}`);
    expect(en.text).toContain('Contested: sources disagree about this claim.');
    expect(en.text).toMatch(/data-status="severe_damage"/);
    expect(en.text).toContain('Temple funéraire');
    const ar = await pageText(`/ar/monuments/${slug}`);
    expect(ar.text).toContain('المعبد الجنائزي');
    expect(ar.text).toContain(`Official denial ${RUN}`);
    expect((await pageText(`/sites/${fixture.siteSlug}`)).text).toContain(name);
    expect((await pageText(`/ar/sites/${fixture.siteSlug}`)).text).toContain('المعبد الجنائزي');
    expect(siteListCount((await pageText('/sites')).text, fixture.siteName)).toBe(2);
    expect((await pageText('/changes')).text).toContain(name);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an edit shows on the public pages at once (in both languages)', async () => {
    const { context, page } = await login(browser, 'editor');
    const pages = [
      `/monuments/${fixture.monumentSlug}`,
      `/ar/monuments/${fixture.monumentSlug}`,
      `/sites/${fixture.siteSlug}`,
      `/ar/sites/${fixture.siteSlug}`,
    ];
    // Every page is in the cache before the edit.
    for (const path of pages) await pageText(path);
    for (const path of pages) expect((await pageText(path)).headers.get('x-page-cache'), path).toBe('hit');
    await open(page, `/admin/monuments/${fixture.monumentId}/edit`);
    await page.locator('#f-name').fill(`Test Gate ${RUN} (renamed)`);
    await page.locator('#f-period').fill(`Roman period, checked ${RUN}`);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(/saved=1$/);
    for (const path of pages) expect((await pageText(path)).text, path).toContain(`Test Gate ${RUN} (renamed)`);
    for (const path of pages.slice(0, 2))
      expect((await pageText(path)).text, path).toContain(`Roman period, checked ${RUN}`);
    await context.close();
  });

  it("a contributor's report waits in the queue until an editor approves it", async () => {
    const contributor = await login(browser, 'contributor');
    const summary = `Looters dug pits near the gate (${RUN}).`;
    await fillReport(contributor.page, fixture.monumentId, summary, '2014');
    expect(await contributor.page.locator('#f-publish').count()).toBe(0); // contributors cannot publish
    await contributor.page.getByRole('button', { name: 'Save', exact: true }).click();
    await contributor.page.waitForURL(/saved=draft$/);
    await expect.poll(() => contributor.page.getByRole('status').first().textContent()).toContain('Saved as a draft');
    const slug = fixture.monumentSlug;
    expect((await pageText(`/monuments/${slug}`)).text).not.toContain(summary);

    const editor = await login(browser, 'editor');
    await open(editor.page, '/admin/review');
    const item = editor.page.getByRole('listitem').filter({ hasText: summary });
    await expect.poll(() => item.count()).toBe(1);
    expect(await axeViolations(editor.page)).toEqual([]);
    await item.getByLabel('Comment on this item').fill('Checked against the imagery, thank you.');
    await item.getByRole('button', { name: /^Approve/ }).click();
    await expect.poll(() => editor.page.getByRole('status').first().textContent()).toContain('1 item approved.');
    expect((await pageText(`/monuments/${slug}`)).text).toContain(summary);

    await open(contributor.page, '/admin/mine');
    const mine = contributor.page.getByRole('listitem').filter({ hasText: summary });
    expect(await mine.textContent()).toContain('Published');
    expect(await mine.textContent()).toContain('Checked against the imagery, thank you.');

    // Signing out ends the session: the curator area sends the browser back to the sign-in page.
    await contributor.page.getByRole('button', { name: 'Sign out' }).click();
    await contributor.page.waitForURL(/\/login$/);
    await open(contributor.page, '/admin/mine');
    await contributor.page.waitForURL(/\/login\?callbackUrl=/);
    await contributor.context.close();
    await editor.context.close();
  });

  it('invalid input shows each error next to its field and keeps what was typed', async () => {
    const { context, page } = await login(browser, 'editor');
    await open(page, '/admin/sites/new');
    await page.locator('#f-countryCodes').fill('Syria');
    await page.locator('#f-latitude').fill('200');
    await page.locator('#f-longitude').fill('38.2');
    await page.locator('#f-wikidataQid').fill('5788');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.locator('#f-name-error').textContent()).toBe('Fill this in.');
    expect(await page.locator('#f-countryCodes-error').textContent()).toBe(
      'Enter two-letter country codes separated by commas, e.g. SY or AT,HU.',
    );
    expect(await page.locator('#f-latitude-error').textContent()).toBe('This number is out of range.');
    expect(await page.locator('#f-wikidataQid-error').textContent()).toBe('Enter Q followed by digits, e.g. Q5788.');
    expect(await page.locator('#f-countryCodes').inputValue()).toBe('Syria');
    expect(await page.locator('#f-longitude').inputValue()).toBe('38.2');
    expect(await page.locator('#f-name').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#f-name').getAttribute('aria-describedby')).toContain('f-name-error');
    expect(await page.locator('.form-summary').textContent()).toContain('There are 4 problems with this form:');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('form-summary');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('a stale edit is refused, the conflict is shown, and saving again applies both changes', async () => {
    const a = await login(browser, 'editor');
    const b = await login(browser, 'editor2');
    const theatre = { id: fixture.monumentId };
    await open(a.page, `/admin/monuments/${theatre.id}/edit`);
    await open(b.page, `/admin/monuments/${theatre.id}/edit`);
    await b.page.locator('#f-period').fill(`2nd century AD (${RUN})`);
    await b.page.getByRole('button', { name: 'Save changes' }).click();
    await b.page.waitForURL(/saved=1$/);

    await a.page.locator('#f-dateBuilt').fill(`c. 150 AD (${RUN})`);
    await a.page.getByRole('button', { name: 'Save changes' }).click();
    const conflict = a.page.getByRole('region', { name: 'This record changed while you were editing' });
    await expect.poll(() => conflict.count()).toBe(1);
    const table = await conflict.textContent();
    expect(table).toContain(`2nd century AD (${RUN})`);
    expect(table).toContain(`c. 150 AD (${RUN})`);
    expect(
      one<{ date_built: string | null }>('SELECT date_built FROM monuments WHERE id = ?', theatre.id).date_built,
    ).not.toBe(`c. 150 AD (${RUN})`);
    expect(await a.page.locator('#f-period').inputValue()).toBe(`2nd century AD (${RUN})`); // their change, now in my form
    expect(await a.page.locator('#f-dateBuilt').inputValue()).toBe(`c. 150 AD (${RUN})`); // mine kept
    expect(await axeViolations(a.page)).toEqual([]);
    await a.page.getByRole('button', { name: 'Save changes' }).click();
    await a.page.waitForURL(/saved=1$/);
    const saved = one<{ period: string; date_built: string }>(
      'SELECT period, date_built FROM monuments WHERE id = ?',
      theatre.id,
    );
    expect(saved).toEqual({ period: `2nd century AD (${RUN})`, date_built: `c. 150 AD (${RUN})` });
    await a.context.close();
    await b.context.close();
  });

  it('revert restores the earlier values, as a new revision', async () => {
    const { context, page } = await login(browser, 'editor');
    const arch = one<{ id: number; name: string }>('SELECT id, name FROM monuments WHERE id = ?', fixture.monumentId);
    const before = one<{ id: number }>(
      "SELECT max(id) AS id FROM revisions WHERE entity_type = 'monument' AND entity_id = ?",
      arch.id,
    );
    await open(page, `/admin/monuments/${arch.id}/edit`);
    await page.locator('#f-name').fill(`Vandalised name ${RUN}`);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(/saved=1$/);
    const slug = one<{ slug: string }>('SELECT slug FROM monuments WHERE id = ?', arch.id).slug;
    expect((await pageText(`/monuments/${slug}`)).text).toContain(`Vandalised name ${RUN}`);

    await open(page, `/admin/history/monument/${arch.id}`);
    expect(await axeViolations(page)).toEqual([]);
    const revisions = await page.locator('li.revision').count();
    await page.getByRole('button', { name: `Revert to revision ${before.id}` }).click();
    await page.getByRole('button', { name: 'Confirm revert' }).click();
    await page.waitForURL(/done=reverted$/);
    expect(await page.locator('li.revision').count()).toBe(revisions + 1);
    expect(await page.locator('li.revision').first().textContent()).toContain('Reverted');
    expect(one<{ name: string }>('SELECT name FROM monuments WHERE id = ?', arch.id).name).toBe(arch.name);
    expect((await pageText(`/monuments/${slug}`)).text).not.toContain(`Vandalised name ${RUN}`);
    await context.close();
  });

  it('a disabled user is signed out at once and cannot sign in again', async () => {
    const victim = await login(browser, 'disposable');
    const admin = await login(browser, 'admin');
    await open(admin.page, '/admin/users');
    expect(await axeViolations(admin.page)).toEqual([]);
    await admin.page.getByRole('button', { name: `Disable ${curator('disposable').name}` }).click();
    await expect.poll(() => admin.page.getByText('User disabled and signed out.').count()).toBe(1);

    await open(victim.page, '/admin/mine');
    await victim.page.waitForURL(/\/login\?callbackUrl=%2Fadmin/);
    await victim.page.getByLabel('Email').fill(curator('disposable').email);
    await victim.page.getByLabel('Password', { exact: true }).fill(curator('disposable').password);
    await victim.page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => victim.page.locator('form').getByRole('alert').textContent())
      .toBe('The email or password is not correct.');
    await victim.context.close();
    await admin.context.close();
  });

  it('curator pages are accessible, work in Arabic, and fit a 375 px screen', async () => {
    const { context, page, errors } = await login(browser, 'admin', { locale: 'ar', width: 375 });
    for (const path of [
      '/ar/admin',
      '/ar/admin/reports/new',
      '/ar/admin/review',
      '/ar/admin/users',
      '/ar/admin/sources',
      '/ar/changes',
      '/ar/admin/history/site/1',
    ]) {
      await open(page, path);
      expect(await page.locator('html').getAttribute('dir'), path).toBe('rtl');
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), path).toBe(true);
      expect(await axeViolations(page), path).toEqual([]);
    }
    await open(page, '/ar/admin');
    expect(await page.getByRole('navigation', { name: 'قائمة المشرفين' }).textContent()).toContain('قائمة المراجعة');
    expect(errors).toEqual([]);
    await context.close();
    const anon = await browser.newContext({ baseURL: baseUrl() });
    const p = await anon.newPage();
    await open(p, '/login');
    expect(await axeViolations(p)).toEqual([]);
    await anon.close();
  });

  it('the changes left no error in the log, and no password reached it', async () => {
    const log = fs.readFileSync(inject('serverLog'), 'utf8');
    expect(log).not.toContain('after()');
    expect(log).not.toMatch(/Invariant|static generation store missing/);
    for (const c of Object.values(inject('curators'))) expect(log).not.toContain(c.password);
  });
});
