import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, baseUrl, launchBrowser, readRow } from './helpers';
import { RUN, createSiteAndMonument, curator, login, open, pageText } from './curator-helpers';

/**
 * The curator workbench in Chromium: the monument and source pickers (keyboard only, in English and in Arabic),
 * the report form opened from the public monument page, "start from the previous report", the event date's
 * precision, the error summary's order, labelled conflict and history tables, the two-step revert, and the forms
 * without JavaScript.
 */
let browser: Browser;
/** This file's own site and monument. Their names start with letter pairs no other record uses ("Qz", "ظغ"). */
const fixture = {
  siteId: 0,
  siteName: `Workbench Site ${RUN}`,
  monumentId: 0,
  monumentSlug: '',
  name: `Qzibo Tower ${RUN}`,
  nameAr: `ظغرة ${RUN}`,
};

const one = <T>(sql: string, ...params: unknown[]) => readRow<T>(sql, ...params);

beforeAll(async () => {
  browser = await launchBrowser();
  const { context, page } = await login(browser, 'editor');
  Object.assign(
    fixture,
    await createSiteAndMonument(
      page,
      { name: fixture.siteName, nameAr: `موقع الورشة ${RUN}`, countryCode: 'iq' },
      { name: fixture.name, nameAr: fixture.nameAr, kind: 'citadel' },
    ),
  );
  fixture.monumentSlug = one<{ slug: string }>('SELECT slug FROM monuments WHERE id = ?', fixture.monumentId).slug;
  await context.close();
});
afterAll(async () => {
  await browser?.close();
});

const hiddenValue = (page: Page, name: string) => page.locator(`input[type="hidden"][name="${name}"]`).inputValue();

/** Types into a picker, moves to the first suggestion with Down and takes it with Enter; returns the option's text. */
async function pickFirst(
  page: Page,
  box: ReturnType<Page['getByRole']>,
  letters: string,
  expected?: string,
): Promise<string> {
  await box.focus();
  await page.keyboard.type(letters);
  const list = page.locator(`#${await box.getAttribute('aria-controls')}`);
  await expect.poll(() => list.getByRole('option').count()).toBeGreaterThan(0);
  if (expected) await expect.poll(() => list.getByRole('option').first().textContent()).toContain(expected);
  expect(await box.getAttribute('aria-expanded')).toBe('true');
  await page.keyboard.press('ArrowDown');
  const active = await box.getAttribute('aria-activedescendant');
  expect(active).toBeTruthy();
  const option = page.locator(`#${active}`);
  expect(await option.getAttribute('aria-selected')).toBe('true');
  const text = (await option.textContent())!;
  await page.keyboard.press('Enter');
  expect(await box.getAttribute('aria-expanded')).toBe('false');
  return text;
}

/** Words of the matched elements' text that the layout split over two lines (a label broken inside a word). */
function brokenWords(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const broken: string[] = [];
    for (const el of document.querySelectorAll(sel)) {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        // Words as a line may not break them: a hyphen or a dash is a break the language allows.
        for (const m of text.matchAll(/[^\s\-\u2010-\u2015]+/g)) {
          const range = document.createRange();
          range.setStart(node, m.index!);
          range.setEnd(node, m.index! + m[0].length);
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (lines.size > 1) broken.push(m[0]);
        }
      }
    }
    return broken;
  }, selector);
}

describe('the report form, picked by keyboard', () => {
  it('in English: two letters, Down, Enter choose the monument; a new source is added from the source box; the report shows on the monument page', async () => {
    const { context, page, errors } = await login(browser, 'editor');
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await open(page, '/admin/reports/new');
    const box = page.getByRole('combobox', { name: 'Monument' });
    expect(await box.getAttribute('aria-autocomplete')).toBe('list');
    expect(await hiddenValue(page, 'monumentId')).toBe('');
    const chosen = await pickFirst(page, box, 'Qz', fixture.name);
    expect(chosen).toContain(`${fixture.name} — ${fixture.siteName}`);
    expect(await hiddenValue(page, 'monumentId')).toBe(String(fixture.monumentId));
    expect(await box.inputValue()).toBe(`${fixture.name} — ${fixture.siteName}`);
    await expect
      .poll(() => page.locator('.combobox [role="status"]').first().textContent())
      .toBe(`Chosen: ${fixture.name} — ${fixture.siteName}.`);
    // The look-up searched the index by name, as a curator-only JSON request.
    expect(requests.some((u) => u.includes('/api/curator/monuments?q=Qz'))).toBe(true);

    // Editing the text after a choice clears it: the hidden value never disagrees with the box.
    await page.keyboard.press('Backspace');
    expect(await hiddenValue(page, 'monumentId')).toBe('');
    await expect.poll(() => box.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Escape'); // closes the suggestions, keeps the text
    expect(await box.getAttribute('aria-expanded')).toBe('false');
    await box.fill('');
    await pickFirst(page, box, 'Qz', fixture.name);
    expect(await hiddenValue(page, 'monumentId')).toBe(String(fixture.monumentId));

    // The date's precision follows what is typed; a coarser choice shortens the date.
    await page.locator('#f-eventDate').focus();
    await page.keyboard.type('2016-03-27');
    expect(await page.locator('#f-approximate').inputValue()).toBe('day');
    await page.locator('#f-approximate').selectOption('month');
    expect(await page.locator('#f-eventDate').inputValue()).toBe('2016-03');
    await expect.poll(() => page.locator('#f-eventDate-preview').textContent()).toBe('Readers will see: Mar 2016');
    expect(await page.locator('#f-eventDateEnd').count()).toBe(0); // the range's end only for a range
    await page.locator('#f-damageLevel').selectOption('moderate_damage');
    await page.locator('#f-cause').selectOption('shelling_airstrike');
    await page.locator('#f-reportedActor').fill('Unidentified forces');
    await page.locator('#f-summary').fill(`Shelling hit the tower's upper floor (${RUN}).`);
    await page.locator('#f-certainty').selectOption('medium');

    // A source nobody entered yet: typed in the source box, then taken as a new source with that title.
    const sourceBox = page.getByRole('combobox', { name: 'Source', exact: true });
    await sourceBox.focus();
    await page.keyboard.type(`Qz wire ${RUN}`);
    const sourceList = page.locator(`#${await sourceBox.getAttribute('aria-controls')}`);
    await expect
      .poll(() => sourceList.getByRole('option').last().textContent())
      .toBe(`Add “Qz wire ${RUN}” as a new source`);
    await page.keyboard.press('ArrowUp'); // Up from the box goes to the last option: the new source
    expect(await page.locator(`#${await sourceBox.getAttribute('aria-activedescendant')}`).textContent()).toBe(
      `Add “Qz wire ${RUN}” as a new source`,
    );
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('f-citations-0-title');
    expect(await page.locator('#f-citations-0-title').inputValue()).toBe(`Qz wire ${RUN}`);
    expect(await page.getByRole('group', { name: 'Source 1' }).getByLabel('A new source').isChecked()).toBe(true);
    await page.locator('#f-citations-0-sourceType').selectOption('news');
    await page.locator('#f-citations-0-url').fill('https://example.org/qz-wire');
    // "Add a new source" opens the row in that mode, with the focus in its title.
    await page.getByRole('button', { name: 'Add a new source' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('f-citations-1-title');
    await page.keyboard.type(`Qz statement ${RUN}`);
    await page.locator('#f-citations-1-sourceType').selectOption('official_statement');
    await page.locator('#f-citations-1-stance').selectOption('disputes');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Save', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/admin\/reports\/\d+\/edit\?saved=published$/);
    const reportId = Number(new URL(page.url()).pathname.split('/')[3]);
    const saved = one<{ monument_id: number; event_date: string; event_date_precision: string }>(
      'SELECT monument_id, event_date, event_date_precision FROM reports WHERE id = ?',
      reportId,
    );
    expect(saved).toEqual({ monument_id: fixture.monumentId, event_date: '2016-03-01', event_date_precision: 'month' });
    // The edit page names the chosen monument and the cited sources in its pickers.
    expect(await page.getByRole('combobox', { name: 'Monument' }).inputValue()).toBe(
      `${fixture.name} — ${fixture.siteName}`,
    );
    expect(await page.locator('#f-citations-0-sourceId').inputValue()).toContain(`Qz wire ${RUN}`);
    expect(await axeViolations(page)).toEqual([]);

    const en = await pageText(`/monuments/${fixture.monumentSlug}`);
    expect(en.text).toContain(`Shelling hit the tower's upper floor (${RUN}).`);
    expect(en.text).toContain(`Qz wire ${RUN}`);
    expect(en.text).toContain(`Qz statement ${RUN}`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('in Arabic, right to left: two Arabic letters pick the monument, an existing source is picked, the report shows on the Arabic page', async () => {
    const { context, page, errors } = await login(browser, 'editor', { locale: 'ar' });
    await open(page, '/ar/admin/reports/new');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    const box = page.getByRole('combobox', { name: 'المعلم' });
    const chosen = await pickFirst(page, box, 'ظغ', fixture.nameAr);
    expect(chosen).toContain(`${fixture.nameAr} — موقع الورشة ${RUN}`);
    expect(chosen).toContain(fixture.name); // the other language's name beside it
    expect(await hiddenValue(page, 'monumentId')).toBe(String(fixture.monumentId));
    await expect.poll(() => page.locator('.combobox [role="status"]').first().textContent()).toContain('تم الاختيار');

    await page.locator('#f-eventDate').fill('2017');
    expect(await page.locator('#f-approximate').inputValue()).toBe('year');
    await page.locator('#f-damageLevel').selectOption('severe_damage');
    await page.locator('#f-summary').fill(`Summary in English (${RUN}).`);
    await page.locator('#f-summaryAr').fill(`تضرر البرج بشدة (${RUN}).`);
    await page.locator('#f-certainty').selectOption('high');

    const sourceBox = page.getByRole('combobox', { name: 'المصدر', exact: true });
    await sourceBox.focus();
    await page.keyboard.type('UNOSAT');
    const list = page.locator(`#${await sourceBox.getAttribute('aria-controls')}`);
    await expect.poll(() => list.getByRole('option').first().textContent()).toContain('UNITAR-UNOSAT');
    // The suggestions open under the box, inside the page (no horizontal overflow in RTL).
    const [boxRect, listRect] = await Promise.all([sourceBox.boundingBox(), list.boundingBox()]);
    expect(Math.abs(listRect!.x - boxRect!.x)).toBeLessThan(2);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('ArrowDown');
    const sourceTitle = (await page
      .locator(`#${await sourceBox.getAttribute('aria-activedescendant')}`)
      .textContent())!.split(' — ')[0];
    await page.keyboard.press('Enter');
    const sourceId = await hiddenValue(page, 'citations.0.sourceId');
    expect(one<{ publisher: string }>('SELECT publisher FROM sources WHERE id = ?', Number(sourceId)).publisher).toBe(
      'UNITAR-UNOSAT',
    );

    await page.getByRole('button', { name: 'حفظ', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/ar\/admin\/reports\/\d+\/edit\?saved=published$/);
    const ar = await pageText(`/ar/monuments/${fixture.monumentSlug}`);
    expect(ar.text).toContain(`تضرر البرج بشدة (${RUN}).`);
    expect(ar.text).toContain(`<bdi dir="auto" class="source-title">${sourceTitle}</bdi>`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lists problems in the order of the form, and keeps the choices after a refused save', async () => {
    const { context, page } = await login(browser, 'editor');
    await open(page, `/admin/reports/new?monument=${fixture.monumentId}`);
    await page.locator('#f-eventDate').fill('2015-13'); // no such month: the server's cross-field check, listed last by it
    await page.locator('#f-citations-0-sourceId').focus();
    await page.keyboard.type('UNOSAT');
    await expect
      .poll(() => page.locator('#f-citations-0-sourceId-list').getByRole('option').first().textContent())
      .toContain('UNITAR-UNOSAT');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const summary = page.locator('.form-summary');
    await expect.poll(() => summary.count()).toBe(1);
    const linked = await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(linked).toEqual(['#f-eventDate', '#f-damageLevel', '#f-summary', '#f-certainty']);
    // The same order as the fields in the page.
    const inPage = await page.evaluate(
      (ids) =>
        ids.map((id) =>
          [...document.querySelectorAll('input, select, textarea')].findIndex((el) => `#${el.id}` === id),
        ),
      linked as string[],
    );
    expect([...inPage].sort((a, b) => a - b)).toEqual(inPage);
    // The chosen monument and source are still named after the refused save.
    expect(await page.getByRole('combobox', { name: 'Monument' }).inputValue()).toBe(
      `${fixture.name} — ${fixture.siteName}`,
    );
    expect(await page.locator('#f-citations-0-sourceId').inputValue()).toContain('UNITAR-UNOSAT');
    expect(await hiddenValue(page, 'citations.0.sourceId')).not.toBe('');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});

describe('from the public monument page', () => {
  it('shows "Add a report" to a signed-in curator only, from the browser; the form opens on that monument and can start from its latest report', async () => {
    // A reader: no curator link, no session request, the footer offers the sign-in.
    const anon = await browser.newContext({ baseURL: baseUrl() });
    const reader = await anon.newPage();
    const asked: string[] = [];
    reader.on('request', (r) => {
      if (r.url().includes('/api/auth/session')) asked.push(r.url());
    });
    await open(reader, `/monuments/${fixture.monumentSlug}`);
    expect(await reader.getByRole('link', { name: 'Add a report on this monument' }).count()).toBe(0);
    expect(await reader.locator('footer').getByRole('link', { name: 'Curator sign-in' }).isVisible()).toBe(true);
    expect(asked).toEqual([]);
    await anon.close();

    const { context, page } = await login(browser, 'editor');
    // The page's bytes are the same for everyone: nothing about the curator in them.
    const shared = await pageText(
      `/monuments/${fixture.monumentSlug}`,
      (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; '),
    );
    expect(shared.text).not.toContain(curator('editor').name);
    await open(page, `/monuments/${fixture.monumentSlug}`);
    const add = page.getByRole('link', { name: 'Add a report on this monument' });
    await expect.poll(() => add.count()).toBe(1);
    await expect
      .poll(() => page.locator('header').textContent())
      .toContain(`Signed in as \u2068${curator('editor').name}\u2069`);
    expect(await page.locator('footer').textContent()).toContain(curator('editor').name);
    expect(await page.locator('footer').getByRole('link', { name: 'Curator sign-in' }).count()).toBe(0);
    expect(await page.locator('header').getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    await add.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/admin/reports/new\\?monument=${fixture.monumentId}$`));
    await page.waitForLoadState('networkidle');
    expect(await hiddenValue(page, 'monumentId')).toBe(String(fixture.monumentId));
    // On curator pages the menu names the curator; the footer does not offer the sign-in.
    expect(await page.locator('footer').getByRole('link', { name: 'Curator sign-in' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);

    const latest = one<{ id: number }>(
      'SELECT id FROM reports WHERE monument_id = ? AND deleted_at IS NULL ORDER BY event_date DESC, id DESC LIMIT 1',
      fixture.monumentId,
    );
    const start = page.getByRole('link', { name: /^Start from the previous report/ });
    expect(await start.textContent()).toBe('Start from the previous report (2017, Severe damage)');
    await start.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`from=${latest.id}$`));
    await expect.poll(() => page.locator('#f-damageLevel').inputValue()).toBe('severe_damage');
    expect(await page.locator('#f-eventDate').inputValue()).toBe('2017');
    expect(await page.locator('#f-certainty').inputValue()).toBe('high');
    expect(await page.locator('#f-summary').inputValue()).toBe(''); // the summary and sources are the curator's to write
    expect(await hiddenValue(page, 'monumentId')).toBe(String(fixture.monumentId));
    expect(await page.getByRole('status').first().textContent()).toContain(`Filled from report #${latest.id}`);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});

describe('tables with labels, never codes', () => {
  it('a stale report edit shows a conflict table of labels, without the fields nobody changed, and no label breaks inside a word', async () => {
    const reportId = one<{ id: number }>(
      'SELECT max(id) AS id FROM reports WHERE monument_id = ?',
      fixture.monumentId,
    ).id;
    const a = await login(browser, 'editor', { width: 375 });
    const b = await login(browser, 'editor2');
    await open(a.page, `/admin/reports/${reportId}/edit`);
    await open(b.page, `/admin/reports/${reportId}/edit`);
    await b.page.locator('#f-damageLevel').selectOption('destroyed');
    await b.page.getByRole('button', { name: 'Save changes' }).click();
    await b.page.waitForURL(/saved=1$/);
    await a.page.locator('#f-verificationStatus').selectOption('corroborated');
    await a.page.getByRole('button', { name: 'Save changes' }).click();
    const conflict = a.page.getByRole('region', { name: 'This record changed while you were editing' });
    await expect.poll(() => conflict.count()).toBe(1);
    const rows = await conflict
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(rows).toEqual([
      ['Damage level', 'Severe damage', 'Destroyed', 'Severe damage', 'keep the saved value'],
      ['Verification', 'Unverified', 'Unverified', 'Corroborated', 'use yours'],
    ]);
    expect(await brokenWords(a.page, '.conflict th, .conflict td:not(.value)')).toEqual([]);
    expect(await axeViolations(a.page)).toEqual([]);
    await a.context.close();
    await b.context.close();
  });

  it('the dashboard at 375 px keeps every heading and state whole, and names countries', async () => {
    const { context, page } = await login(browser, 'editor', { width: 375 });
    await open(page, `/admin?q=${encodeURIComponent(fixture.siteName)}`);
    expect(await brokenWords(page, 'main h1, main h2, main th, main td:not(.row-actions)')).toEqual([]);
    expect(await page.locator('main table').first().textContent()).toContain('Iraq');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await open(page, '/ar/admin');
    // In Arabic the latest activity lists other tests' records, whose made-up names may be one long token: labels only.
    expect(await brokenWords(page, 'main h1, main h2, main th')).toEqual([]);
    await context.close();
  });
});

describe('revert, in two steps', () => {
  async function vandalise(page: Page): Promise<{ revision: number; name: string }> {
    const original = one<{ name: string }>('SELECT name FROM monuments WHERE id = ?', fixture.monumentId).name;
    const revision = one<{ id: number }>(
      "SELECT max(id) AS id FROM revisions WHERE entity_type = 'monument' AND entity_id = ?",
      fixture.monumentId,
    ).id;
    await open(page, `/admin/monuments/${fixture.monumentId}/edit`);
    await page.locator('#f-name').fill(`Vandalised ${RUN}`);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(/saved=1$/);
    return { revision, name: original };
  }
  const revisionCount = () =>
    one<{ n: number }>(
      "SELECT count(*) AS n FROM revisions WHERE entity_type = 'monument' AND entity_id = ?",
      fixture.monumentId,
    ).n;

  it('the first button only shows what the revert will change; confirming reverts, with the reason in the history', async () => {
    const { context, page, errors } = await login(browser, 'editor');
    const { revision, name } = await vandalise(page);
    await open(page, `/admin/history/monument/${fixture.monumentId}`);
    const count = revisionCount();
    await page.getByRole('button', { name: `Revert to revision ${revision}…` }).click();
    await page.waitForURL(new RegExp(`\\?revert=${revision}#confirm-revert$`));
    const confirm = page.getByRole('region', { name: `Revert to revision ${revision}?` });
    await expect.poll(() => confirm.count()).toBe(1);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('confirm-revert');
    const changes = await confirm
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(changes).toContainEqual(['Name', `Vandalised ${RUN}`, name]);
    // Nothing reverted yet.
    expect(revisionCount()).toBe(count);
    expect(one<{ name: string }>('SELECT name FROM monuments WHERE id = ?', fixture.monumentId).name).toBe(
      `Vandalised ${RUN}`,
    );
    expect(await axeViolations(page)).toEqual([]);

    await confirm.getByLabel('Why revert? (optional)').fill(`Vandalism reported by a reader (${RUN})`);
    await confirm.getByRole('button', { name: 'Confirm revert' }).click();
    await page.waitForURL(/done=reverted$/);
    expect(revisionCount()).toBe(count + 1);
    expect(one<{ name: string }>('SELECT name FROM monuments WHERE id = ?', fixture.monumentId).name).toBe(name);
    const newest = page.locator('li.revision').first();
    expect(await newest.textContent()).toContain('Reverted');
    expect(await newest.textContent()).toContain(`Vandalism reported by a reader (${RUN})`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('works without JavaScript, and "Cancel" leaves the record as it is', async () => {
    const signedIn = await login(browser, 'editor');
    const { revision, name } = await vandalise(signedIn.page);
    const noScript: BrowserContext = await browser.newContext({
      baseURL: baseUrl(),
      javaScriptEnabled: false,
      storageState: await signedIn.context.storageState(),
    });
    const page = await noScript.newPage();
    await page.goto(`/admin/history/monument/${fixture.monumentId}`);
    const count = revisionCount();
    await page.getByRole('button', { name: `Revert to revision ${revision}…` }).click();
    await page.waitForURL(new RegExp(`\\?revert=${revision}#confirm-revert$`));
    await page.getByRole('link', { name: 'Cancel' }).click();
    await page.waitForURL(new RegExp(`/admin/history/monument/${fixture.monumentId}#revision-${revision}$`));
    expect(revisionCount()).toBe(count);
    await page.getByRole('button', { name: `Revert to revision ${revision}…` }).click();
    await page.getByLabel('Why revert? (optional)').fill(`No-script revert (${RUN})`);
    await page.getByRole('button', { name: 'Confirm revert' }).click();
    // The browser keeps the page's fragment across the redirect: the notice is at the top all the same.
    await page.waitForURL(/done=reverted(#confirm-revert)?$/);
    expect(revisionCount()).toBe(count + 1);
    expect(one<{ name: string }>('SELECT name FROM monuments WHERE id = ?', fixture.monumentId).name).toBe(name);
    await noScript.close();
    await signedIn.context.close();
  });
});

describe('the report form without JavaScript', () => {
  it('takes the monument and an existing source by number, and saves', async () => {
    const signedIn = await login(browser, 'editor');
    const noScript = await browser.newContext({
      baseURL: baseUrl(),
      javaScriptEnabled: false,
      storageState: await signedIn.context.storageState(),
    });
    const page = await noScript.newPage();
    await page.goto(`/admin/reports/new?monument=${fixture.monumentId}`);
    expect(await page.getByRole('combobox', { name: 'Monument' }).isDisabled()).toBe(true);
    const number = page.getByLabel('Monument number');
    expect(await number.inputValue()).toBe(String(fixture.monumentId));
    const source = one<{ id: number }>("SELECT id FROM sources WHERE publisher = 'UNITAR-UNOSAT' LIMIT 1").id;
    await page.locator('#f-eventDate').fill('2014');
    await page.locator('#f-approximate').selectOption('on'); // an approximate range: 2014 to 2015
    await page.locator('#f-eventDateEnd').fill('2015');
    await page.locator('#f-damageLevel').selectOption('possible_damage');
    await page.locator('#f-summary').fill(`Reported without scripts (${RUN}).`);
    await page.locator('#f-certainty').selectOption('low');
    await page.getByLabel('Source number').fill(String(source));
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/\/admin\/reports\/\d+\/edit\?saved=published$/);
    const id = Number(new URL(page.url()).pathname.split('/')[3]);
    expect(
      one(
        'SELECT monument_id AS m, event_date AS d, event_date_end AS e, event_date_precision AS p FROM reports WHERE id = ?',
        id,
      ),
    ).toEqual({ m: fixture.monumentId, d: '2014-01-01', e: '2015-12-31', p: 'approximate' });
    expect(
      one<{ n: number }>('SELECT count(*) AS n FROM report_sources WHERE report_id = ? AND source_id = ?', id, source)
        .n,
    ).toBe(1);
    await noScript.close();
    await signedIn.context.close();
  });
});
