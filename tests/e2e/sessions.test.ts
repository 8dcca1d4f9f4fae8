/**
 * Sign-in redirects and sessions that end on the server, against the real server: where a browser goes after
 * signing in from a crafted link, what a cookie copied before signing out still opens, "sign out everywhere",
 * the idle timeout, and the sign-in service's answers to requests it does not serve.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, readDatabase } from './helpers';
import { curator, httpSignIn, open, type CuratorKey } from './curator-helpers';
import { actionFormFields, postForm } from '../support/curator-http';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Signs in over HTTP; the cookie holds the session (and next-auth's CSRF cookie). */
async function session(key: CuratorKey): Promise<string> {
  const { cookie, error } = await httpSignIn(curator(key).email, curator(key).password);
  expect(error).toBeNull();
  return cookie;
}

const statusOf = async (path: string, cookie: string) =>
  (await fetch(`${baseUrl()}${path}`, { headers: { cookie }, redirect: 'manual' })).status;

/** What the public pages ask to show "Signed in as …": the user's name, or nothing. */
async function sessionName(cookie: string): Promise<string | undefined> {
  const res = await fetch(`${baseUrl()}/api/auth/session`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { user?: { name?: string } }).user?.name;
}

/** Whether a cookie still opens the curator area, its drafts export, and the session endpoint. */
async function alive(cookie: string): Promise<boolean> {
  const admin = await statusOf('/admin/review', cookie);
  const drafts = await statusOf('/export/reports.csv?include=drafts', cookie);
  const name = await sessionName(cookie);
  if (admin === 200 && drafts === 200 && name) return true;
  expect(admin).toBe(307);
  expect(drafts).toBe(403); // as for an anonymous visitor: drafts need a signed-in editor
  expect(name).toBeUndefined();
  return false;
}

function userId(key: CuratorKey): number {
  const db = readDatabase();
  try {
    return (db.prepare('SELECT id FROM users WHERE email = ?').get(curator(key).email) as { id: number }).id;
  } finally {
    db.close();
  }
}

describe('after signing in from a crafted link, the browser stays on the registry', () => {
  // As they would appear in a link: /login?callbackUrl=<this>. Each names another host in a way that a check for a
  // leading "//" misses, and that a browser follows once it drops tabs and newlines and reads "\" as "/".
  const crafted = [
    '/%09/evil.example',
    '/%09%5Cevil.example',
    '/%0A/evil.example',
    '/%0D/evil.example',
    '/%5Cevil.example',
    '/\\evil.example',
    '/%2F/evil.example',
    '%2F%2Fevil.example',
    '%5C%5Cevil.example',
    'https:evil.example',
    'https://evil.example/',
  ];

  it.each([...crafted, 'USERINFO'])('callbackUrl=%s', async (raw) => {
    const origin = new URL(baseUrl()).origin;
    // userinfo: the registry's own address followed by "@evil.example" is evil.example's.
    const value = raw === 'USERINFO' ? encodeURIComponent(`${baseUrl()}@evil.example/`) : raw;
    const context = await browser.newContext({ baseURL: baseUrl() });
    const page = await context.newPage();
    const app = new URL(baseUrl()).host;
    await page.route('**/*', (route) =>
      new URL(route.request().url()).host === app ? route.continue() : route.abort(),
    );
    await open(page, `/login?callbackUrl=${value}`);
    const next = page.waitForRequest((r) => r.isNavigationRequest() && r.frame() === page.mainFrame(), {
      timeout: 15_000,
    });
    await page.getByLabel('Email').fill(curator('editor').email);
    await page.getByLabel('Password', { exact: true }).fill(curator('editor').password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const target = new URL((await next).url());
    expect(target.origin).toBe(origin);
    expect(target.pathname).toBe('/admin');
    await page.waitForURL(`${origin}/admin`);
    await context.close();
  });

  it('and a path on the registry is followed, in the curator’s language', async () => {
    const context = await browser.newContext({ baseURL: baseUrl() });
    const page = await context.newPage();
    await open(page, `/ar/login?callbackUrl=${encodeURIComponent('/ar/admin/review?x=1')}`);
    await page.getByLabel('البريد الإلكتروني').fill(curator('editor').email);
    await page.getByLabel('كلمة المرور', { exact: true }).fill(curator('editor').password);
    await page.getByRole('button', { name: 'تسجيل الدخول' }).click();
    await page.waitForURL('**/ar/admin/review?x=1');
    await context.close();
  });
});

describe('sessions end on the server', () => {
  it('signing out ends the session: a cookie saved before is refused everywhere afterwards', async () => {
    const cookie = await session('editor');
    expect(await alive(cookie)).toBe(true);
    const csrf = (await (await fetch(`${baseUrl()}/api/auth/csrf`, { headers: { cookie } })).json()) as {
      csrfToken: string;
    };
    const out = await fetch(`${baseUrl()}/api/auth/signout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: baseUrl(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken: csrf.csrfToken, json: 'true', callbackUrl: '/login' }),
    });
    expect(out.status).toBe(200);
    expect(((await out.json()) as { url: string }).url).toBe(`${baseUrl()}/login`);
    expect(await alive(cookie)).toBe(false);
    expect(
      (await fetch(`${baseUrl()}/admin/review`, { headers: { cookie }, redirect: 'manual' })).headers.get('location'),
    ).toMatch(/\/login\?callbackUrl=%2Fadmin/);
  });

  it('"sign out everywhere" on one’s own page ends every session of that curator, and only theirs', async () => {
    const first = await session('editor2');
    const second = await session('editor2');
    const bystander = await session('editor');
    const page = await fetch(`${baseUrl()}/admin/mine`, { headers: { cookie: first } });
    const html = await page.text();
    expect(html).toContain('Sign out everywhere');
    const answer = await postForm(baseUrl(), '/admin/mine', first, actionFormFields(html, 'locale'));
    expect(answer.status).toBe(303);
    expect(answer.location).toMatch(/\/login\?ended=1$/);
    expect(await alive(first)).toBe(false);
    expect(await alive(second)).toBe(false);
    expect(await alive(bystander)).toBe(true);
    expect(await fetch(`${baseUrl()}/login?ended=1`).then((r) => r.text())).toContain(
      'You have been signed out everywhere.',
    );
  });

  it('an administrator signs a user out everywhere from the users page', async () => {
    const victims = [await session('contributor'), await session('contributor')];
    expect(await statusOf('/admin', victims[0]!)).toBe(200);
    const admin = await session('admin');
    const html = await (await fetch(`${baseUrl()}/admin/users`, { headers: { cookie: admin } })).text();
    const name = curator('contributor').name;
    const form = (html.match(/<form\b[\s\S]*?<\/form>/g) ?? []).find((f) => f.includes(`End all sessions of ${name}`));
    expect(form).toBeDefined();
    const fields = actionFormFields(form!, 'id');
    expect(fields.id).toBe(String(userId('contributor')));
    const answer = await postForm(baseUrl(), '/admin/users', admin, fields);
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('Signed out everywhere: their open sessions have ended.');
    for (const cookie of victims) expect(await statusOf('/admin', cookie)).toBe(307);
    expect(await statusOf('/admin/users', admin)).toBe(200);
    // The account itself is untouched.
    expect(await statusOf('/admin', await session('contributor'))).toBe(200);
  });

  it(`end after SESSION_IDLE_MINUTES (120) without a request; a request before that keeps them going`, async () => {
    const cookie = await session('editor');
    const db = new Database(inject('databasePath'));
    const sid = () =>
      (
        db
          .prepare('SELECT id FROM sessions WHERE user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1')
          .get(userId('editor')) as { id: string }
      ).id;
    const id = sid();
    const idleFor = (minutes: number) =>
      db
        .prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?')
        .run(new Date(Date.now() - minutes * 60_000).toISOString(), id);
    try {
      idleFor(119);
      expect(await statusOf('/admin', cookie)).toBe(200);
      const seen = db.prepare('SELECT last_seen_at FROM sessions WHERE id = ?').pluck().get(id) as string;
      expect(Date.parse(seen)).toBeGreaterThan(Date.now() - 60_000); // the request counted as activity
      idleFor(121);
      expect(await alive(cookie)).toBe(false);
    } finally {
      db.close();
    }
  });
});

describe('the sign-in service', () => {
  it('answers a GET of the credentials callback with 405 in the JSON error shape and the security headers', async () => {
    const head = await fetch(`${baseUrl()}/api/auth/callback/credentials`, { method: 'HEAD', redirect: 'manual' });
    expect(head.status).toBe(405);
    for (const path of ['/api/auth/callback/credentials', '/api/auth/callback/credentials?callbackUrl=%2Fadmin']) {
      const res = await fetch(`${baseUrl()}${path}`, { redirect: 'manual' });
      expect(res.status, path).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('cache-control')).toMatch(/no-store/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      expect(await res.json()).toEqual({ error: { status: 405, message: expect.stringMatching(/POST/) } });
    }
  });

  it('answers a callbackUrl that is not a path on the site with 400 or the dashboard, never a 500', async () => {
    for (const path of [
      '/api/auth/csrf?callbackUrl=%0A',
      '/api/auth/session?callbackUrl=foo%0Abar',
      '/api/auth/signin?callbackUrl=%2F%0A%2Fevil.example',
      '/api/auth/signin?callbackUrl=javascript%3Aalert(1)',
      '/api/auth/providers?callbackUrl=https%3A%2F%2Fevil.example',
    ]) {
      const res = await fetch(`${baseUrl()}${path}`, { redirect: 'manual' });
      expect(res.status, path).toBe(400);
      expect(await res.json(), path).toMatchObject({ error: { status: 400, parameter: 'callbackUrl' } });
    }
    for (const value of ['%0A', '%2F%0A%2Fevil.example', '%09%5Cevil.example'])
      expect((await fetch(`${baseUrl()}/login?callbackUrl=${value}`)).status, value).toBe(200);

    // In the sign-in form's body, next-auth's redirect callback sends it to the dashboard.
    const jar = await fetch(`${baseUrl()}/api/auth/csrf`);
    const csrfCookie = jar.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const { csrfToken } = (await jar.json()) as { csrfToken: string };
    const res = await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl() },
      body: new URLSearchParams({
        email: curator('editor').email,
        password: curator('editor').password,
        csrfToken,
        json: 'true',
        callbackUrl: '/\n/evil.example',
      }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ url: `${baseUrl()}/admin` });

    // A callback cookie planted by someone else is refused and deleted, not a 500 on every visit.
    const planted = await fetch(`${baseUrl()}/api/auth/session`, {
      headers: { cookie: 'next-auth.callback-url=javascript%3Aalert(1)' },
    });
    expect(planted.status).toBe(400);
    expect(planted.headers.getSetCookie().join('\n')).toMatch(/next-auth\.callback-url=;.*Max-Age=0/);
  });

  it('logs what next-auth reports as one JSON line with the request id', async () => {
    const before = fs.readFileSync(inject('serverLog'), 'utf8').length;
    const csrf = await fetch(`${baseUrl()}/api/auth/csrf`);
    const cookie = csrf.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    // A session cookie that does not decrypt: next-auth reports it while signing out.
    const res = await fetch(`${baseUrl()}/api/auth/signout`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: `${cookie}; next-auth.session-token=not-a-token`,
        origin: baseUrl(),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ csrfToken, json: 'true', callbackUrl: '/login' }),
    });
    expect(res.status).toBe(200);
    await expect
      .poll(() =>
        fs
          .readFileSync(inject('serverLog'), 'utf8')
          .slice(before)
          .split('\n')
          .filter((l) => l.includes('SIGNOUT_ERROR')),
      )
      .toHaveLength(1);
    const line = fs
      .readFileSync(inject('serverLog'), 'utf8')
      .slice(before)
      .split('\n')
      .find((l) => l.includes('SIGNOUT_ERROR'))!;
    expect(JSON.parse(line)).toMatchObject({
      level: 'error',
      request_id: expect.stringMatching(/^[0-9a-f]{12}$/),
      method: 'POST',
      path: '/api/auth/signout',
      route: '/api/auth/[...nextauth]',
      code: 'SIGNOUT_ERROR',
    });
    expect(line).not.toContain('not-a-token');
  });
});
