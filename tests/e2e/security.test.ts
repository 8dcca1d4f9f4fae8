import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, readDatabase } from './helpers';
import { RUN, curator, httpSignIn, login, open } from './curator-helpers';
import { actionFormFields } from '../support/curator-http';
import { ROOT, prepareDatabase, startServer, type TestServer } from '../support/server';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const TILES = 'https://tile.openstreetmap.org';

function directives(csp: string | null): Map<string, string[]> {
  return new Map(
    (csp ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

/** A page opened without network access beyond the registry (no map tiles, as offline), recording CSP violations. */
async function openPage(
  path: string,
  context?: import('playwright-core').BrowserContext,
): Promise<{ page: Page; violations: string[] }> {
  const page = context ? await context.newPage() : await browser.newPage();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const app = new URL(baseUrl()).host;
  await page.route('**/*', (route) => (new URL(route.request().url()).host === app ? route.continue() : route.abort()));
  await page.goto(`${baseUrl()}${path}`);
  await page.waitForLoadState('networkidle');
  return { page, violations };
}

describe('security headers', () => {
  it('are on every kind of response: cached and dynamic pages, the API, downloads, static files, refusals and 404s', async () => {
    const html = await (await fetch(`${baseUrl()}/monuments/temple-of-bel`)).text();
    const chunk = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)![1]!;
    const paths = [
      '/',
      '/monuments/temple-of-bel',
      '/ar/sites/palmyra',
      '/login',
      '/monuments?q=bel',
      '/api/v1/monuments?q=bel',
      '/api/v1/sites/palmyra',
      '/export/sites.csv',
      '/robots.txt',
      chunk,
      '/no-such-page',
      '/monuments/%FF',
      '/api/health',
    ];
    for (const path of paths) {
      const res = await fetch(`${baseUrl()}${path}`, { redirect: 'manual' });
      await res.arrayBuffer();
      const h = res.headers;
      expect(h.get('x-content-type-options'), path).toBe('nosniff');
      expect(h.get('x-frame-options'), path).toBe('DENY');
      expect(h.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
      expect(h.get('permissions-policy'), path).toMatch(/camera=\(\).*geolocation=\(\).*microphone=\(\)/);
      expect(h.get('strict-transport-security'), path).toMatch(/^max-age=\d{8}/);
      const csp = directives(h.get('content-security-policy'));
      expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
      expect(csp.get('base-uri'), path).toEqual(["'none'"]);
      if (path.startsWith('/api/') || path.startsWith('/export/')) {
        expect(csp.get('default-src'), path).toEqual(["'none'"]);
      } else {
        expect(csp.get('object-src'), path).toEqual(["'none'"]);
        expect(csp.get('form-action'), path).toEqual(["'self'"]);
        expect(csp.get('script-src'), path).not.toContain("'unsafe-eval'");
        expect(csp.get('img-src'), path).toEqual(["'self'", 'data:', TILES]);
        expect(csp.get('connect-src'), path).toEqual(["'self'"]);
      }
    }
  });

  it('give pages rendered per request a fresh nonce on every script, and public pages the hashes of exactly their inline scripts', async () => {
    const nonces: string[] = [];
    for (const path of ['/login', '/login', '/ar/monuments?q=bel', '/admin']) {
      const res = await fetch(`${baseUrl()}${path}`, { redirect: 'manual' });
      const body = await res.text();
      const script = directives(res.headers.get('content-security-policy')).get('script-src')!;
      const nonce = script.find((s) => s.startsWith("'nonce-"))?.slice(7, -1);
      expect(nonce, path).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
      expect(script, path).toContain("'strict-dynamic'");
      expect(script, path).not.toContain("'unsafe-inline'");
      expect(res.headers.get('cache-control'), path).toMatch(/private|no-store/);
      nonces.push(nonce!);
      const scripts = body.match(/<script\b[^>]*>/g) ?? [];
      if (res.status === 200) expect(scripts.length, path).toBeGreaterThan(2);
      for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
    }
    expect(new Set(nonces).size).toBe(nonces.length);

    // Public pages: the same bytes and the same policy for every reader, so that any cache may replay both. The
    // policy names the SHA-256 of each inline script of the page, and nothing else inline may run.
    for (const path of [
      '/monuments/temple-of-bel',
      '/ar/sites/palmyra',
      '/',
      '/monuments/temple-of-bel?utm_source=x',
      '/no-such-page',
    ]) {
      const first = await fetch(`${baseUrl()}${path}`);
      const body = await first.text();
      const second = await fetch(`${baseUrl()}${path}`);
      expect(await second.text(), path).toBe(body);
      const csp = first.headers.get('content-security-policy');
      expect(second.headers.get('content-security-policy'), path).toBe(csp);
      const script = directives(csp).get('script-src')!;
      expect(
        script.find((s) => s.startsWith("'nonce-")),
        path,
      ).toBeUndefined();
      expect(script, path).not.toContain("'unsafe-inline'");
      expect(body, path).not.toMatch(/\bnonce=/);
      const inline = [...body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter(
        (m) => !/\bsrc=/.test(m[1]!) && m[2],
      );
      expect(inline.length, path).toBeGreaterThan(0);
      const hashes = new Set(
        inline.map((m) => `'sha256-${crypto.createHash('sha256').update(m[2]!).digest('base64')}'`),
      );
      expect(new Set(script.filter((s) => s.startsWith("'sha256-"))), path).toEqual(hashes);
      expect(script[0], path).toBe("'self'");
    }

    // A served public page is shareable, with a validator; a conditional request for it gets a 304.
    const cached = await fetch(`${baseUrl()}/monuments/temple-of-bel`);
    expect(await cached.text()).toContain('Temple of Bel');
    expect(cached.headers.get('cache-control')).toMatch(/^public, max-age=0, s-maxage=\d+/);
    const etag = cached.headers.get('etag')!;
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await fetch(`${baseUrl()}/monuments/temple-of-bel`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);

    // Other methods on a public page go through Next every time and are never shareable.
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const res = await fetch(`${baseUrl()}/monuments/temple-of-bel`, {
        method,
        headers: { 'x-forwarded-for': `203.0.113.${method.length}` },
      });
      await res.arrayBuffer();
      expect(res.headers.get('cache-control'), method).not.toMatch(/public/);
      expect(res.headers.get('etag'), method).toBeNull();
    }
  });

  it('let the pages work in a browser without a single violation: maps, search, sign-in and curator forms', async () => {
    for (const path of [
      '/monuments/temple-of-bel',
      '/ar/sites/palmyra',
      '/monuments?q=temple',
      '/ar/monuments?q=%D9%85%D8%B9%D8%A8%D8%AF',
      '/login',
    ]) {
      const { page, violations } = await openPage(path);
      if (path.includes('/monuments/') || path.includes('/sites/'))
        await page.locator('.leaflet-marker-icon').first().waitFor();
      else await page.locator('main h1').first().waitFor();
      expect(violations, path).toEqual([]);
      await page.close();
    }
    const { context, page, errors } = await login(browser, 'editor');
    for (const path of ['/admin/reports/new', '/admin/monuments/new', '/admin/review']) {
      await open(page, path);
      await page.locator('main h1').first().waitFor();
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('refuse injected event handlers and eval on cached and dynamic pages alike, and framing', async () => {
    /** Adds markup or a script from inside the page and reports the CSP violations it caused. */
    const inject = (page: Page, what: { html?: string; script?: string }) =>
      page.evaluate(
        (w) =>
          new Promise<string[]>((resolve) => {
            const seen: string[] = [];
            document.addEventListener('securitypolicyviolation', (e) =>
              seen.push(`${e.violatedDirective} ${e.blockedURI}`),
            );
            if (w.html) {
              const div = document.createElement('div');
              div.innerHTML = w.html;
              document.body.append(div);
            } else {
              const s = document.createElement('script');
              s.textContent = w.script!;
              s.onerror = () => seen.push('error');
              document.body.append(s);
            }
            setTimeout(() => resolve(seen), 300);
          }),
        what,
      );
    const flag = (page: Page, name: string) =>
      page.evaluate((n) => (window as unknown as Record<string, unknown>)[n], name);

    // The classic HTML injection: an element with an inline handler. Every page's policy names its scripts (by nonce
    // or hash), so it never runs, on a page served from the cache (twice: the second from the page layer) as on a
    // dynamic one; neither does an injected inline script.
    for (const path of ['/login', '/monuments/temple-of-bel', '/monuments/temple-of-bel', '/ar/sites/palmyra']) {
      const { page } = await openPage(path);
      expect(
        await inject(page, { html: '<img src="/no-such-image.png" onerror="window.__injected = 1">' }),
        path,
      ).toContain('script-src-attr inline');
      expect(await flag(page, '__injected'), path).toBeUndefined();
      if (path !== '/login') {
        // On public pages no inline script runs unless its hash is in the policy. (Pages with a nonce and
        // 'strict-dynamic' trust scripts their own scripts add, as this one is added: only parser-inserted markup
        // is at stake there, checked above.)
        expect(await inject(page, { script: 'window.__inlineRan = 1' }), path).toContain('script-src-elem inline');
        expect(await flag(page, '__inlineRan'), path).toBeUndefined();
      }
      await page.close();
    }

    // eval is refused on both kinds of page. (Deferred: while DevTools evaluates, Chromium lets code call eval.) On a
    // public page the injected script itself is refused first (its hash is not in the policy), so it is run there
    // from a file of this site, which 'self' allows: the page's fetch of it is answered here.
    for (const path of ['/monuments/temple-of-bel', '/login']) {
      const { page } = await openPage(path);
      await page.route('**/eval-probe.js', (route) =>
        route.fulfill({
          contentType: 'text/javascript',
          body: "try { eval('window.__evaled = 1') } catch { window.__evalRefused = 1 }",
        }),
      );
      await page.evaluate(
        () =>
          new Promise((resolve) => {
            const s = document.createElement('script');
            s.src = '/eval-probe.js';
            s.onload = s.onerror = resolve;
            document.body.append(s);
          }),
      );
      expect([await flag(page, '__evaled'), await flag(page, '__evalRefused')], path).toEqual([undefined, 1]);
      await page.close();
    }

    const framer = await browser.newPage();
    // setContent waits for the load event, which waits for both frames (or their error pages).
    await framer.setContent(
      `<iframe src="${baseUrl()}/monuments/temple-of-bel"></iframe><iframe src="${baseUrl()}/login"></iframe>`,
    );
    const frames = framer.frames().slice(1);
    expect(frames).toHaveLength(2);
    // Chromium shows its own "blocked" page in each frame instead of the registry's.
    for (const frame of frames) expect(await frame.content().catch(() => '')).not.toContain('Heritage Damage Registry');
    await framer.close();
  });
});

describe('session cookies', () => {
  it('are HttpOnly and SameSite=Lax, and not readable by scripts', async () => {
    const csrf = await fetch(`${baseUrl()}/api/auth/csrf`);
    const jar = csrf.headers.getSetCookie();
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const { email, password } = curator('contributor');
    const res = await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: jar.map((c) => c.split(';')[0]).join('; '),
      },
      body: new URLSearchParams({ email, password, csrfToken, json: 'true' }),
    });
    const cookies = [...jar, ...res.headers.getSetCookie()];
    const session = cookies.find((c) => c.startsWith('next-auth.session-token='))!;
    expect(session).toBeDefined();
    for (const c of cookies) {
      expect(c, c.split('=')[0]).toMatch(/; HttpOnly/i);
      expect(c, c.split('=')[0]).toMatch(/; SameSite=Lax/i);
      expect(c, c.split('=')[0]).not.toMatch(/; Secure/i); // plain http here; see the https server below
    }
    const { context, page } = await login(browser, 'contributor');
    expect(await page.evaluate(() => document.cookie)).not.toContain('session-token');
    await context.close();
  });
});

/** The signed-in editor's source form, and a way to post it as a browser would (or as another site would). */
async function sourceForm(cookie: string, title: string): Promise<Record<string, string>> {
  const html = await (await fetch(`${baseUrl()}/admin/sources/new`, { headers: { cookie } })).text();
  return {
    ...actionFormFields(html, 'title'),
    title,
    publisher: 'Security test',
    url: '',
    archivedUrl: '',
    publishedDate: '',
    sourceType: 'news',
    language: '',
  };
}
function multipart(fields: Record<string, string>): FormData {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  return body;
}
const sourcesTitled = (title: string) => {
  const db = readDatabase();
  try {
    return (db.prepare('SELECT count(*) AS n FROM sources WHERE title = ?').get(title) as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('requests that change something', () => {
  let cookie: string;
  beforeAll(async () => {
    cookie = (await httpSignIn(curator('editor').email, curator('editor').password)).cookie;
  });

  it('are refused with 403 when another site sends them, and change nothing; the same form from the site itself is saved', async () => {
    const title = `Cross-site ${RUN}`;
    const fields = await sourceForm(cookie, title);
    const post = (headers: Record<string, string>, body: BodyInit = multipart(fields)) =>
      fetch(`${baseUrl()}/admin/sources/new`, {
        method: 'POST',
        redirect: 'manual',
        body,
        headers: { cookie, ...headers },
      });

    const forged = await post({ origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('sent from another website');
    expect((await post({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post({ origin: 'null' })).status).toBe(403);
    // As the browser's JavaScript would call the action (Next-Action header), from another site.
    const actionId = JSON.parse(fields['$ACTION_1:0']!).id as string;
    expect(
      (
        await post(
          { origin: 'https://evil.example', 'next-action': actionId, 'content-type': 'text/plain;charset=UTF-8' },
          '[]',
        )
      ).status,
    ).toBe(403);
    expect(sourcesTitled(title)).toBe(0);

    const own = await post({ origin: baseUrl() });
    expect(own.status).toBe(303);
    expect(own.headers.get('location')).toMatch(/\/admin\/sources\/\d+\/edit\?saved=created$/);
    expect(sourcesTitled(title)).toBe(1);
  });

  it('to the sign-in service from another site are refused before next-auth reads them', async () => {
    const res = await fetch(`${baseUrl()}/api/auth/signout`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'csrfToken=x',
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: { status: 403, message: expect.stringMatching(/sent from another website/) },
    });
    expect((await fetch(`${baseUrl()}/admin`, { headers: { cookie }, redirect: 'manual' })).status).toBe(200); // still signed in
  });

  it('are refused with 413 when larger than the limit, 411 without a declared length, and never crash', async () => {
    const title = `Oversized ${RUN}`;
    const fields = await sourceForm(cookie, title);
    const big = await fetch(`${baseUrl()}/admin/sources/new`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: baseUrl() },
      body: multipart({ ...fields, description: 'x'.repeat(1_100_000) }),
    });
    expect(big.status).toBe(413);
    expect(await big.text()).toContain('larger than the registry accepts');

    const encoded = new Response(multipart({ ...fields, title: `${title} chunked` }));
    const chunked = await fetch(`${baseUrl()}/admin/sources/new`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: baseUrl(), 'content-type': encoded.headers.get('content-type')! },
      body: encoded.body,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(411);

    // Posted to a cached page, without an Origin (not a browser): refused the same way, not left to Next (a 500).
    const anywhere = await fetch(`${baseUrl()}/monuments/temple-of-bel`, {
      method: 'POST',
      redirect: 'manual',
      body: multipart({ x: 'y'.repeat(1_100_000) }),
    });
    expect(anywhere.status).toBe(413);

    const signIn = await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `email=a%40b.c&password=${'p'.repeat(20_000)}`,
    });
    expect(signIn.status).toBe(413);
    expect(sourcesTitled(title)).toBe(0);
    expect(sourcesTitled(`${title} chunked`)).toBe(0);
  });

  it('with a field over its length, or too many rows, are answered with the form and the reason, and save nothing', async () => {
    const title = `Long title ${RUN} ${'x'.repeat(600)}`;
    const res = await fetch(`${baseUrl()}/admin/sources/new`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: baseUrl() },
      body: multipart(await sourceForm(cookie, title)),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('This is too long.');
    expect(sourcesTitled(title)).toBe(0);

    const html = await (await fetch(`${baseUrl()}/admin/reports/new`, { headers: { cookie } })).text();
    const summary = `Too many sources ${RUN}`;
    const report: Record<string, string> = {
      ...actionFormFields(html, 'summary'),
      monumentId: '1',
      eventDate: '2015',
      damageLevel: 'destroyed',
      summary,
      certainty: 'high',
      verificationStatus: 'unverified',
    };
    for (let i = 0; i < 31; i++)
      Object.assign(report, {
        [`citations.${i}.mode`]: 'existing',
        [`citations.${i}.sourceId`]: String(i + 1),
        [`citations.${i}.stance`]: 'supports',
      });
    const many = await fetch(`${baseUrl()}/admin/reports/new`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: baseUrl() },
      body: multipart(report),
    });
    expect(many.status).toBe(200);
    expect(await many.text()).toContain('This list has too many entries');
    const db = readDatabase();
    expect((db.prepare('SELECT count(*) AS n FROM reports WHERE summary = ?').get(summary) as { n: number }).n).toBe(0);
    db.close();
  });
});

describe('rate limits, on a server of their own with low limits (and an https address)', () => {
  let server: TestServer;
  let dir: string;
  const admin = { email: 'limits-admin@example.org', password: 'limits-test-password-0123' };
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-limits-'));
    prepareDatabase(path.join(dir, 'limits.db'), admin);
    server = await startServer({
      databasePath: path.join(dir, 'limits.db'),
      env: {
        RATE_LIMIT_SEARCH_PER_MINUTE: '20',
        RATE_LIMIT_API_PER_MINUTE: '60',
        RATE_LIMIT_EXPORT_PER_MINUTE: '5',
        TRUST_PROXY: '1',
        PUBLIC_BASE_URL: 'https://registry.example.test',
        NEXTAUTH_URL: 'https://registry.example.test',
      },
    });
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Requests `path` until refused (at most `max` times); returns how many were served and the refusal. */
  async function exhaust(path: string, max: number, headers: Record<string, string> = {}) {
    for (let served = 0; served < max; served++) {
      const res = await fetch(`${server.baseUrl}${path}`, { headers });
      const body = await res.text();
      if (res.status === 429) return { served, res, body };
      expect(res.status, path).toBe(200);
    }
    throw new Error(`${path} was never limited`);
  }

  it('answer 429 with Retry-After once an address has used its allowance, per kind of request', async () => {
    const api = await exhaust('/api/v1/sites?q=palmyra', 200);
    expect(api.served).toBeGreaterThanOrEqual(60);
    expect(api.served).toBeLessThan(70);
    expect(Number(api.res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(api.body)).toEqual({ error: { status: 429, message: expect.stringContaining('Please wait') } });

    const search = await exhaust('/ar/monuments?q=bel', 60);
    expect(search.served).toBeGreaterThanOrEqual(20);
    expect(search.res.headers.get('content-type')).toMatch(/text\/html/);
    expect(search.body).toContain('طلبات كثيرة جدًا');
    expect(search.body).toMatch(/<html lang="ar" dir="rtl">/);

    const exports = await exhaust('/export/sites.csv', 20);
    expect(exports.served).toBe(5);
    expect(Number(exports.res.headers.get('retry-after'))).toBeGreaterThan(1);

    // Another client address has its own allowance (with TRUST_PROXY=1, the last X-Forwarded-For hop).
    expect(
      (await fetch(`${server.baseUrl}/api/v1/sites`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status,
    ).toBe(200);
    // The allowance comes back with time: one request a second at 60 a minute.
    await new Promise((r) => setTimeout(r, Number(api.res.headers.get('retry-after')) * 1000 + 100));
    expect((await fetch(`${server.baseUrl}/api/v1/sites`)).status).toBe(200);
  });

  it('never apply to cached pages', async () => {
    for (let i = 0; i < 40; i++) {
      const res = await fetch(`${server.baseUrl}/${i % 2 ? 'ar/' : ''}monuments/temple-of-bel`);
      await res.arrayBuffer();
      expect(res.status).toBe(200);
    }
  });

  it('give Secure cookies with the __Secure- prefix when the registry is reached over https', async () => {
    const csrf = await fetch(`${server.baseUrl}/api/auth/csrf`);
    const jar = csrf.headers.getSetCookie();
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const res = await fetch(`${server.baseUrl}/api/auth/callback/credentials`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: jar.map((c) => c.split(';')[0]).join('; '),
      },
      body: new URLSearchParams({ ...admin, csrfToken, json: 'true' }),
    });
    const cookies = [...jar, ...res.headers.getSetCookie()];
    const session = cookies.find((c) => c.startsWith('__Secure-next-auth.session-token='));
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; Secure/i);
    expect(session).toMatch(/; SameSite=Lax/i);
    for (const c of cookies) expect(c).toMatch(/; Secure/i);
    // The guard reads the same cookie: the session works.
    const page = await fetch(`${server.baseUrl}/admin`, {
      headers: { cookie: session!.split(';')[0]! },
      redirect: 'manual',
    });
    expect(page.status).toBe(200);
  });
});

describe('unexpected errors, on a server whose database lost its search index', () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-broken-'));
    const file = path.join(dir, 'broken.db');
    prepareDatabase(file, { email: 'broken-admin@example.org', password: 'broken-test-password-0123' });
    const db = new Database(file);
    db.exec('DROP TABLE search_index');
    db.close();
    server = await startServer({ databasePath: file });
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const LEAKS = /SqliteError|no such table|search_index|\.next\/server|node_modules|\bat [\w.<>]+ \(/;

  /** The server log's JSON lines (every other line is Next's own start-up output). */
  const jsonLines = () =>
    server
      .log()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, string>);

  it('in a route handler answer a JSON 500 with a reference, logged as one JSON line with that reference', async () => {
    for (const path of ['/api/v1/monuments?q=bel', '/export/monuments.csv?q=bel']) {
      const res = await fetch(`${server.baseUrl}${path}`);
      const text = await res.text();
      expect(res.status, path).toBe(500);
      expect(text, path).not.toMatch(LEAKS);
      const body = JSON.parse(text) as { error: { status: number; request_id: string } };
      expect(body.error.status).toBe(500);
      expect(res.headers.get('x-request-id')).toBe(body.error.request_id);
      const line = jsonLines().find((l) => l.request_id === body.error.request_id);
      expect(line, path).toMatchObject({
        level: 'error',
        method: 'GET',
        path,
        route_type: 'route',
        error: 'SqliteError',
        message: 'no such table: search_index',
      });
      expect(line!.stack).toContain('SqliteError');
    }
  });

  it('on a page show a friendly page with the reference the log line carries, without any detail of the error', async () => {
    const res = await fetch(`${server.baseUrl}/monuments?q=bel`);
    expect(res.status).toBe(500);
    expect(await res.text()).not.toMatch(LEAKS);
    for (const [path, title, reference] of [
      ['/monuments?q=bel', 'Something went wrong', 'Reference: '],
      ['/ar/monuments?q=bel', 'حدث خطأ', ''],
    ] as const) {
      const page = await browser.newPage();
      await page.goto(`${server.baseUrl}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      const text = await page.locator('main').innerText();
      expect(text, path).toContain(title);
      expect(text, path).not.toMatch(LEAKS);
      const shown = /(\d{5,})/.exec(await page.locator('main .muted').innerText())![1]!;
      if (reference) expect(await page.locator('main .muted').innerText()).toBe(`${reference}${shown}`);
      const lines = jsonLines().filter((l) => l.request_id === shown);
      expect(lines.length, path).toBeGreaterThanOrEqual(1);
      expect(lines.at(-1)).toMatchObject({
        route: '/[locale]/monuments',
        route_type: 'render',
        message: 'no such table: search_index',
      });
      await page.close();
    }
    // Next's own multi-line report of the same error is left out: every error line of the log is JSON. The app holds
    // such a report back for 1 s before deciding (instrumentation.ts), so the check waits out that period.
    await new Promise((r) => setTimeout(r, 1200));
    expect(server.log()).not.toMatch(/⨯|^\s+at /m);
  });

  it('for an unknown page answer 404 with the not-found page', async () => {
    const res = await fetch(`${server.baseUrl}/no-such-page`);
    expect(res.status).toBe(404);
    const page = await browser.newPage();
    await page.goto(`${server.baseUrl}/no-such-page`);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Page not found');
    await page.close();
  });
});

describe('start-up', () => {
  /** Runs `next start` with one bad variable and returns what it printed before it stopped. */
  async function startWith(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'server.js')], {
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_ENV: 'production',
          NEXT_TELEMETRY_DISABLED: '1',
          DATABASE_URL: path.join(os.tmpdir(), 'never-opened.db'),
          ...env,
        },
      });
      let output = '';
      child.stdout.on('data', (d) => {
        output += d;
      });
      child.stderr.on('data', (d) => {
        output += d;
      });
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`still running after 20 s:\n${output}`));
      }, 20_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    });
  }

  it('stops at once with a message naming a bad variable', async () => {
    const bad = await startWith({ RATE_LIMIT_API_PER_MINUTE: 'lots' });
    expect(bad.code).toBe(1);
    expect(bad.output).toMatch(/Cannot start: Invalid environment: RATE_LIMIT_API_PER_MINUTE: expected a whole number/);
    const tiles = await startWith({ MAP_TILE_URL: 'https://{s}.tiles.example.org/{z}/{x}/{y}.png' });
    expect(tiles.code).toBe(1);
    expect(tiles.output).toContain('MAP_TILE_URL differs from the one this build was made with');
    const workers = await startWith({ WEB_CONCURRENCY: 'many' });
    expect(workers.code).toBe(1);
    expect(workers.output).toContain('Cannot start: WEB_CONCURRENCY must be a whole number from 1 to 64, not "many"');
    const proxies = await startWith({ TRUST_PROXY: 'yes' });
    expect(proxies.code).toBe(1);
    expect(proxies.output).toMatch(
      /Cannot start: .*TRUST_PROXY must be a whole number of trusted proxies from 0 to 10/,
    );
  });
});
