import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { actionFormFields, fillForm, postForm } from '../support/curator-http';
import { axeViolations, baseUrl, launchBrowser, readDatabase } from './helpers';
import { curator, httpSignIn, pageText, RUN } from './curator-helpers';

/** Each test sends from addresses of its own (the shared server trusts one X-Forwarded-For hop). */
let nextAddress = 1;
const newClient = () => `203.0.113.${nextAddress++}`;

/** The signed time of a form opened `secondsAgo` (as the server signs it), so a test need not wait to look human. */
function openedAgo(secondsAgo: number): string {
  const ms = Date.now() - secondsAgo * 1000;
  const sig = crypto.createHmac('sha256', inject('authSecret')).update(`submission-form:${ms}`).digest('base64url');
  return `${ms}.${sig}`;
}

/** The form's hidden fields (the server action's, locale, started, monument) as the page renders them. */
async function openForm(path: string): Promise<Record<string, string>> {
  const res = await fetch(`${baseUrl()}${path}`);
  expect(res.status, path).toBe(200);
  return actionFormFields(await res.text(), 'body');
}

/** A page's text as a reader sees it (tags and React's markers dropped, spaces collapsed). */
const textOf = (html: string) =>
  html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ ([:.,])/g, '$1');

/** Posts the form as a browser without JavaScript does, from `client`; returns the page's text. */
async function send(path: string, fields: Record<string, string>, client: string): Promise<string> {
  const answer = await postForm(baseUrl(), path, '', fields, { 'x-forwarded-for': client });
  expect(answer.status, answer.body.slice(0, 300)).toBe(200);
  return textOf(answer.body);
}

const count = (sql: string, ...params: unknown[]) => {
  const db = readDatabase();
  try {
    return (db.prepare(sql).get(...params) as { n: number }).n;
  } finally {
    db.close();
  }
};
const submissionCount = () => count('SELECT count(*) AS n FROM submissions');
const row = <T>(sql: string, ...params: unknown[]): T => {
  const db = readDatabase();
  try {
    return db.prepare(sql).get(...params) as T;
  } finally {
    db.close();
  }
};

const valid = (marker: string) => ({
  body: `The east wall collapsed after shelling (${marker}).`,
  eventDate: '2016-03',
  links: `https://news.example.org/${marker}/wall`,
  contact: `${marker}@sender.example`,
});

describe('public submissions: the form and its spam defences', () => {
  it('is linked from every monument page and rendered per request, never shared', async () => {
    const page = await pageText('/monuments/temple-of-bel');
    expect(page.text).toContain('href="/monuments/temple-of-bel/submit"');
    expect((await pageText('/ar/monuments/temple-of-bel')).text).toContain('href="/ar/monuments/temple-of-bel/submit"');
    for (const path of [
      '/monuments/temple-of-bel/submit',
      '/ar/monuments/temple-of-bel/submit',
      '/submit',
      '/ar/submit',
    ]) {
      const res = await pageText(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toMatch(/no-store/);
      // The proxy ran: the page's scripts carry a nonce of this request.
      expect(res.headers.get('content-security-policy'), path).toMatch(/'nonce-/);
    }
    expect((await pageText('/monuments/temple-of-bel/submit')).text).toContain('Send evidence or a correction about');
    expect((await pageText('/ar/submit')).text).toContain('أرسل دليلًا أو تصحيحًا');
    expect((await pageText('/monuments/no-such-monument/submit')).status).toBe(404);
  });

  it('refuses a filled honeypot, a form sent too fast, a forged time and field errors, storing nothing', async () => {
    const path = '/monuments/temple-of-bel/submit';
    const client = newClient();
    const before = submissionCount();
    const marker = `robot${RUN}`;

    const honeypot = await send(
      path,
      { ...(await openForm(path)), ...valid(marker), started: openedAgo(60), website: 'x' },
      client,
    );
    expect(honeypot).toContain('a field that must stay empty was filled in. Nothing was saved.');

    // The time the page just signed: sent at once, as a robot does.
    const fast = await send(path, { ...(await openForm(path)), ...valid(marker) }, client);
    expect(fast).toContain('This form was sent too quickly after it was opened');

    const forged = await send(
      path,
      { ...(await openForm(path)), ...valid(marker), started: `${Date.now() - 60_000}.${'A'.repeat(43)}` },
      client,
    );
    expect(forged).toContain('This form had expired. Nothing was saved');

    const invalid = await send(
      path,
      { ...(await openForm(path)), started: openedAgo(60), body: 'short', eventDate: '2016-13', links: 'not a link' },
      client,
    );
    expect(invalid).toContain('Please correct 3 problems:');
    // Listed in the form's order, each with its reason.
    const summary = invalid.slice(invalid.indexOf('Please correct 3 problems:'));
    const order = [
      'What happened: Please write at least 10 characters.',
      'When (optional): Write a year',
      'Links to the evidence: Each link must be',
    ];
    const positions = order.map((s) => summary.indexOf(s));
    expect(
      positions.every((p) => p >= 0),
      JSON.stringify(positions),
    ).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);

    const noEvidence = await send(
      path,
      { ...(await openForm(path)), started: openedAgo(60), body: 'The dome fell in last week.' },
      client,
    );
    expect(noEvidence).toContain('Give at least one link, or tick “I will send files later”.');

    const tooMany = await send(
      path,
      {
        ...(await openForm(path)),
        started: openedAgo(60),
        body: 'The dome fell in last week.',
        links: Array.from({ length: 11 }, (_, i) => `https://a.example/${i}`).join('\n'),
      },
      client,
    );
    expect(tooMany).toContain('Please give at most 10 links.');

    const unlisted = await send(
      '/submit',
      { ...(await openForm('/submit')), started: openedAgo(60), body: 'The dome fell in last week.', filesLater: 'on' },
      client,
    );
    expect(unlisted).toContain('Where: Please say which monument or place this is about.');

    expect(submissionCount()).toBe(before);
  });

  it('takes at most RATE_LIMIT_SUBMIT_PER_HOUR (5) submissions an hour from one client, then refuses and stores nothing', async () => {
    const path = '/submit';
    const client = newClient();
    const before = submissionCount();
    for (let i = 0; i < 5; i++) {
      const text = await send(
        path,
        { ...(await openForm(path)), ...valid(`limit${RUN}${i}`), place: 'Old souk, Aleppo', started: openedAgo(30) },
        client,
      );
      expect(text, `submission ${i + 1}`).toContain('Thank you. Your submission was received');
    }
    const refused = await send(
      path,
      { ...(await openForm(path)), ...valid(`limit${RUN}x`), place: 'Old souk, Aleppo', started: openedAgo(30) },
      client,
    );
    expect(refused).toContain(
      'Too many submissions were sent from your connection in the last hour. Nothing was saved',
    );
    expect(submissionCount()).toBe(before + 5);
    // Another client is not held back by that one.
    const other = await send(
      path,
      { ...(await openForm(path)), ...valid(`limit${RUN}y`), place: 'Old souk, Aleppo', started: openedAgo(30) },
      newClient(),
    );
    expect(other).toContain('Thank you. Your submission was received');
    // The address itself is never stored, only a keyed hash of it.
    expect(count('SELECT count(*) AS n FROM submissions WHERE client_key LIKE ?', `%${client}%`)).toBe(0);
  });
});

describe('public submissions: editors only, until converted', () => {
  it('a valid submission appears in the editors’ queue and nowhere public; contributors see none', async () => {
    const marker = `zqmark${RUN}`;
    const stampBefore = row<{ version: number }>('SELECT version FROM registry_state WHERE id = 1').version;
    const path = '/monuments/temple-of-bel/submit';
    const text = await send(path, { ...(await openForm(path)), ...valid(marker), started: openedAgo(20) }, newClient());
    const reference = /reference (\d+)/.exec(text)?.[1];
    expect(reference, text.slice(0, 400)).toBeTruthy();
    const stored = row<{
      state: string;
      contact: string;
      links: string;
      event_date: string;
      event_date_precision: string;
    }>('SELECT * FROM submissions WHERE id = ?', Number(reference));
    expect(stored).toMatchObject({
      state: 'new',
      contact: `${marker}@sender.example`,
      event_date: '2016-03-01',
      event_date_precision: 'month',
    });
    expect(JSON.parse(stored.links)).toEqual([`https://news.example.org/${marker}/wall`]);

    // No change stamp, no public revision: nothing a reader sees changed.
    expect(row<{ version: number }>('SELECT version FROM registry_state WHERE id = 1').version).toBe(stampBefore);
    expect(count('SELECT count(*) AS n FROM revisions WHERE after LIKE ?', `%${marker}%`)).toBe(0);
    for (const p of [
      '/monuments/temple-of-bel',
      '/ar/monuments/temple-of-bel',
      '/sites/palmyra',
      '/changes',
      '/api/v1/monuments/temple-of-bel',
      '/export/reports.csv',
      '/export/sources.csv',
      '/export/report_sources.csv',
      '/export/monuments.csv',
    ]) {
      const res = await pageText(p);
      expect(res.status, p).toBe(200);
      expect(res.text, p).not.toContain(marker);
    }

    // The search index does not know it (the search page only echoes the question).
    expect((await pageText(`/monuments?q=${marker}`)).text).toContain('Nothing found');

    const editor = await httpSignIn(curator('editor').email, curator('editor').password);
    const queue = await pageText('/admin/review', editor.cookie);
    expect(queue.text).toContain(`Public submission #${reference} about`);
    expect(queue.text).toContain(`${marker}@sender.example`);

    const contributor = await httpSignIn(curator('contributor').email, curator('contributor').password);
    expect((await pageText('/admin/review', contributor.cookie)).status).toBe(403);
    for (const p of ['/admin', '/admin/mine'])
      expect((await pageText(p, contributor.cookie)).text, p).not.toContain(marker);
  });

  it('an editor converts one into a draft report citing its links as supporting, or dismisses one with a note', async () => {
    const marker = `conv${RUN}`;
    const known = row<{ id: number; url: string }>(
      'SELECT id, url FROM sources WHERE url IS NOT NULL AND deleted_at IS NULL ORDER BY id LIMIT 1',
    );
    const path = '/monuments/temple-of-bel/submit';
    const client = newClient();
    const sent = await send(
      path,
      {
        ...(await openForm(path)),
        ...valid(marker),
        links: `${known.url}\nhttps://x.com/${marker}/status/1`,
        started: openedAgo(20),
      },
      client,
    );
    const id = Number(/reference (\d+)/.exec(sent)![1]);
    const unlistedText = await send(
      '/submit',
      {
        ...(await openForm('/submit')),
        ...valid(`${marker}u`),
        place: 'A chapel near Palmyra',
        started: openedAgo(20),
      },
      client,
    );
    const unlistedId = Number(/reference (\d+)/.exec(unlistedText)![1]);
    const dismissText = await send(
      path,
      { ...(await openForm(path)), ...valid(`${marker}d`), started: openedAgo(20) },
      client,
    );
    const dismissId = Number(/reference (\d+)/.exec(dismissText)![1]);

    const { cookie } = await httpSignIn(curator('editor').email, curator('editor').password);
    const decide = async (values: Record<string, string>) => {
      const answer = await postForm(
        baseUrl(),
        '/admin/review',
        cookie,
        await fillForm(baseUrl(), '/admin/review', cookie, 'items', values),
      );
      expect(answer.status).toBe(200);
      return textOf(answer.body);
    };

    await decide({ single: `approve|submission:${id}` });
    const converted = row<{ state: string; report_id: number; reviewed_by: number }>(
      'SELECT * FROM submissions WHERE id = ?',
      id,
    );
    expect(converted.state).toBe('converted');
    const report = row<{
      review_state: string;
      summary: string;
      monument_id: number;
      event_date: string;
      damage_level: string;
    }>('SELECT * FROM reports WHERE id = ?', converted.report_id);
    const monumentId = row<{ id: number }>("SELECT id FROM monuments WHERE slug = 'temple-of-bel'").id;
    expect(report).toMatchObject({
      review_state: 'draft',
      summary: valid(marker).body,
      monument_id: monumentId,
      event_date: '2016-03-01',
      damage_level: 'unknown',
    });
    const db = readDatabase();
    const citations = db
      .prepare(
        'SELECT rs.source_id, rs.stance, s.url, s.source_type FROM report_sources rs JOIN sources s ON s.id = rs.source_id WHERE rs.report_id = ? ORDER BY s.url',
      )
      .all(converted.report_id) as { source_id: number; stance: string; url: string; source_type: string }[];
    const log = db
      .prepare('SELECT action, user_id, report_id FROM submission_log WHERE submission_id = ? ORDER BY id')
      .all(id);
    db.close();
    // The known address is cited as the existing source; the new one became a source of its own.
    expect(citations).toHaveLength(2);
    expect(citations.every((c) => c.stance === 'supports')).toBe(true);
    expect(citations.find((c) => c.url === known.url)?.source_id).toBe(known.id);
    expect(citations.find((c) => c.url === `https://x.com/${marker}/status/1`)?.source_type).toBe('social_media');
    expect(log).toEqual([
      { action: 'received', user_id: null, report_id: null },
      { action: 'converted', user_id: expect.any(Number), report_id: converted.report_id },
    ]);
    expect(
      count(
        "SELECT count(*) AS n FROM revisions WHERE entity_type = 'report' AND entity_id = ? AND action = 'create'",
        converted.report_id,
      ),
    ).toBe(1);
    // A draft: still nothing public.
    expect((await pageText('/monuments/temple-of-bel')).text).not.toContain(marker);
    // Converting twice is refused.
    expect(await decide({ single: `approve|submission:${id}` })).toContain(
      `submission:${id}: Someone already reviewed it.`,
    );

    // A place not listed: converted only onto a monument the editor names.
    expect(await decide({ single: `approve|submission:${unlistedId}` })).toContain('name its monument to convert it');
    expect(row<{ state: string }>('SELECT state FROM submissions WHERE id = ?', unlistedId).state).toBe('new');
    expect(
      await decide({
        single: `approve|submission:${unlistedId}`,
        [`monument.submission:${unlistedId}`]: 'no-such-monument',
      }),
    ).toContain('No listed monument has this address.');
    await decide({
      single: `approve|submission:${unlistedId}`,
      [`monument.submission:${unlistedId}`]: 'temple-of-bel',
    });
    const placed = row<{ state: string; report_id: number }>(
      'SELECT state, report_id FROM submissions WHERE id = ?',
      unlistedId,
    );
    expect(placed.state).toBe('converted');
    expect(
      row<{ monument_id: number }>('SELECT monument_id FROM reports WHERE id = ?', placed.report_id).monument_id,
    ).toBe(monumentId);

    // Dismissing needs a note, which is kept in its audit trail.
    expect(await decide({ single: `reject|submission:${dismissId}` })).toContain('submission');
    expect(row<{ state: string }>('SELECT state FROM submissions WHERE id = ?', dismissId).state).toBe('new');
    await decide({
      single: `reject|submission:${dismissId}`,
      [`comment.submission:${dismissId}`]: 'Duplicate of report 3.',
    });
    expect(
      row<{ state: string; review_note: string }>('SELECT state, review_note FROM submissions WHERE id = ?', dismissId),
    ).toEqual({
      state: 'dismissed',
      review_note: 'Duplicate of report 3.',
    });
    expect(
      row<{ action: string; note: string }>(
        "SELECT action, note FROM submission_log WHERE submission_id = ? AND action <> 'received'",
        dismissId,
      ),
    ).toEqual({ action: 'dismissed', note: 'Duplicate of report 3.' });
    expect(count('SELECT count(*) AS n FROM reports WHERE summary = ?', valid(`${marker}d`).body)).toBe(0);
  }, 60_000);
});

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function open(path: string, width: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  const app = new URL(baseUrl()).host;
  await page.route('**/*', (route) => (new URL(route.request().url()).host === app ? route.continue() : route.abort()));
  await page.goto(`${baseUrl()}${path}`);
  await page.waitForLoadState('networkidle');
  return page;
}

describe('accessibility of the submission form (axe-core, WCAG 2.2 AA)', () => {
  for (const path of [
    '/monuments/temple-of-bel/submit',
    '/ar/monuments/temple-of-bel/submit',
    '/submit',
    '/ar/submit',
  ]) {
    it(`has no violations on ${path}, empty and with its error summary, on a desktop and a phone`, async () => {
      for (const width of [1280, 375]) {
        const page = await open(path, width);
        expect(await axeViolations(page), `${path} at ${width}px`).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await page.getByRole('button', { name: path.startsWith('/ar') ? 'إرسال' : 'Send' }).click();
        // The form's own summary (Next's route announcer is an alert too).
        await page.locator('.form-summary[role="alert"]').waitFor();
        expect(await axeViolations(page), `${path} at ${width}px, refused`).toEqual([]);
        await page.close();
      }
    });
  }
});
