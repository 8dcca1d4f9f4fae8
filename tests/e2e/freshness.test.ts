/**
 * The public read path with several server processes on one database: a change committed by any of them, or by a
 * command (`npm run import`, `npm run db:restore`), shows on the other's pages (both languages), API answers and
 * downloads within a second, without a restart; rate limits hold across workers; path tricks never reach the
 * renderer with a client's Content-Security-Policy; `npm start` ends every process on SIGTERM.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser } from './helpers';
import { ROOT, freePort, prepareDatabase, startServer, waitForHealth, type TestServer } from '../support/server';
import { currentFormFields, postForm, signIn } from '../support/curator-http';

const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const admin = { email: 'fresh-admin@example.org', password: 'fresh-test-password-0123' };

/** Polls `check` until it holds; returns how long that took (ms), or fails after `withinMs`. */
async function within(withinMs: number, what: string, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await check()) return Date.now() - start;
    if (Date.now() - start > withinMs) throw new Error(`${what}: not seen within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const text = async (url: string) => (await fetch(url)).text();

describe('two server processes on one database file', () => {
  let dir: string;
  let file: string;
  let a: TestServer; // two workers
  let b: TestServer; // one
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-fresh-'));
    file = path.join(dir, 'fresh.db');
    prepareDatabase(file, admin);
    a = await startServer({
      databasePath: file,
      env: { WEB_CONCURRENCY: '2', RATE_LIMIT_API_PER_MINUTE: '30', TRUST_PROXY: '1' },
    });
    b = await startServer({ databasePath: file });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Every place a reader sees the Temple of Bel's description: pages in both languages, the API, a CSV. */
  const everywhere = (base: string) => [
    `${base}/monuments/temple-of-bel`,
    `${base}/ar/monuments/temple-of-bel`,
    `${base}/api/v1/monuments/temple-of-bel`,
    `${base}/export/monuments.csv?q=bel`,
  ];
  /** Reads every place once so each is cached (pages) or validated (API, CSV) before the change. */
  const warm = async (base: string) => {
    for (const url of everywhere(base)) for (let i = 0; i < 3; i++) await text(url);
  };

  it("a curator's form saved through one server shows through the other within a second, in pages, API and CSV", async () => {
    await warm(a.baseUrl);
    await warm(b.baseUrl);
    const marker = `Seen from the other process ${Date.now()}`;
    const cookie = await signIn(a.baseUrl, admin.email, admin.password);
    const db = new Database(file, { readonly: true });
    const { id } = db.prepare("SELECT id FROM monuments WHERE slug = 'temple-of-bel'").get() as { id: number };
    db.close();
    const form = await fetch(`${a.baseUrl}/admin/monuments/${id}/edit`, { headers: { cookie } });
    const fields = currentFormFields(await form.text(), 'name');
    const saved = await postForm(a.baseUrl, `/admin/monuments/${id}/edit`, cookie, {
      ...fields,
      description: marker,
      descriptionAr: marker,
    });
    expect(saved.status).toBe(303);
    for (const url of [...everywhere(b.baseUrl), ...everywhere(a.baseUrl)]) {
      const ms = await within(1000, url, async () => (await text(url)).includes(marker));
      expect(ms, url).toBeLessThanOrEqual(1000);
    }
    // Only what changed was rendered again: another monument's page is still a hit in the other process.
    await text(`${b.baseUrl}/monuments/arch-of-triumph`);
    expect((await fetch(`${b.baseUrl}/monuments/arch-of-triumph`)).headers.get('x-page-cache')).toBe('hit');
  });

  it('a command-line import shows through both servers within a second, and a restore takes it back', async () => {
    const backup = path.join(dir, 'before-import.db');
    const saved = spawnSync(process.execPath, [tsx, 'scripts/db-backup.ts', backup], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: file },
      encoding: 'utf8',
    });
    expect(saved.status, saved.stderr).toBe(0);
    await warm(a.baseUrl);
    await warm(b.baseUrl);
    const marker = `Imported while serving ${Date.now()}`;
    const csv = path.join(dir, 'bel.csv');
    fs.writeFileSync(csv, `slug,description,description_ar\ntemple-of-bel,${marker},${marker}\n`);
    const run = spawnSync(process.execPath, [tsx, 'scripts/import.ts', csv, '--type', 'monuments', '--quiet'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: file },
      encoding: 'utf8',
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    for (const url of [...everywhere(a.baseUrl), ...everywhere(b.baseUrl)]) {
      expect(await within(1000, url, async () => (await text(url)).includes(marker)), url).toBeLessThanOrEqual(1000);
    }

    const restore = spawnSync(process.execPath, [tsx, 'scripts/db-restore.ts', backup], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: file },
      encoding: 'utf8',
    });
    expect(restore.status, restore.stdout + restore.stderr).toBe(0);
    for (const url of [...everywhere(a.baseUrl), ...everywhere(b.baseUrl)]) {
      expect(await within(1000, url, async () => !(await text(url)).includes(marker)), url).toBeLessThanOrEqual(1000);
    }
  });

  it('answers a conditional request with 304 until the data changes, for pages, the API and downloads', async () => {
    for (const url of everywhere(b.baseUrl)) {
      const first = await fetch(url);
      await first.arrayBuffer();
      const etag = first.headers.get('etag')!;
      expect(etag, url).toMatch(/^W\/"/);
      expect(first.headers.get('cache-control'), url).toMatch(
        /^public, max-age=0, s-maxage=\d+, stale-while-revalidate=\d+$/,
      );
      const again = await fetch(url, { headers: { 'if-none-match': etag } });
      expect(again.status, url).toBe(304);
      expect(await again.text(), url).toBe('');
    }
    const api = await fetch(`${b.baseUrl}/api/v1/monuments/temple-of-bel`);
    expect(api.headers.get('vary')).toBe('Accept-Encoding');
    const etag = api.headers.get('etag')!;
    const db = new Database(file);
    db.prepare("UPDATE monuments SET period = 'Changed to end the 304' WHERE slug = 'temple-of-bel'").run();
    db.close();
    await within(
      1000,
      'a new ETag',
      async () =>
        (await fetch(`${b.baseUrl}/api/v1/monuments/temple-of-bel`, { headers: { 'if-none-match': etag } })).status ===
        200,
    );
  });

  it('renders a page once for all workers: the others keep the one it rendered', async () => {
    // A query string no one asked before: a page no worker keeps yet. A new connection per request spreads the
    // requests over both workers of server A.
    const url = `${a.baseUrl}/ar/sites?shared=${Date.now()}`;
    const states: string[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await new Promise<http.IncomingMessage>((resolve, reject) =>
        http.get(url, { agent: false }, resolve).on('error', reject),
      );
      res.resume();
      await new Promise((resolve) => res.on('end', resolve));
      expect(res.statusCode).toBe(200);
      states.push(String(res.headers['x-page-cache']));
    }
    expect(states).toEqual(['miss', 'hit', 'hit', 'hit', 'hit', 'hit', 'hit', 'hit']);
  });

  it('answers kept pages while every renderer is busy: a reader never waits behind a render', async () => {
    const get = (url: string) =>
      new Promise<{ status: number; state: string }>((resolve, reject) =>
        http
          .get(url, { agent: false }, (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode!, state: String(res.headers['x-page-cache']) }));
          })
          .on('error', reject),
      );
    const kept = `${a.baseUrl}/sites?stalled=${Date.now()}`;
    await within(5000, 'the page kept by both workers', async () => {
      const states = [];
      for (let i = 0; i < 4; i++) states.push((await get(kept)).state);
      return states.every((s) => s === 'hit');
    });
    // Server A's renderers (the processes running Next): stopped outright, as if each were deep in a long render.
    const renderers = fs
      .readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          const env = fs.readFileSync(`/proc/${p}/environ`, 'utf8').split('\0');
          return env.includes('REGISTRY_ROLE=renderer') && env.includes(`PORT=${new URL(a.baseUrl).port}`);
        } catch {
          return false;
        }
      })
      .map(Number);
    expect(renderers).toHaveLength(2);
    for (const pid of renderers) process.kill(pid, 'SIGSTOP');
    let rendered: Promise<{ status: number; state: string }> | undefined;
    try {
      for (let i = 0; i < 8; i++) expect(await get(kept)).toEqual({ status: 200, state: 'hit' });
      // A page no one kept needs a renderer: it is answered once they run again.
      rendered = get(`${a.baseUrl}/sites?stalled-new=${Date.now()}`);
      const early = await Promise.race([rendered.then(() => 'answered'), get(kept).then(() => 'still stalled')]);
      expect(early).toBe('still stalled');
    } finally {
      for (const pid of renderers) process.kill(pid, 'SIGCONT');
    }
    expect(await rendered).toEqual({ status: 200, state: 'miss' });
  });

  it("shares each client's allowance across workers", async () => {
    // A new connection per request, so that requests are spread over both workers of server A.
    const get = () =>
      new Promise<number>((resolve, reject) => {
        http
          .get(
            `${a.baseUrl}/api/v1/sites`,
            { agent: false, headers: { 'x-forwarded-for': '198.51.100.200' } },
            (res) => {
              res.resume();
              res.on('end', () => resolve(res.statusCode!));
            },
          )
          .on('error', reject);
      });
    const statuses: number[] = [];
    for (let i = 0; i < 70; i++) statuses.push(await get());
    const served = statuses.filter((s) => s === 200).length;
    expect(served).toBeGreaterThanOrEqual(30);
    expect(served).toBeLessThanOrEqual(32); // one allowance of 30 a minute, not one per worker
    expect(statuses.filter((s) => s === 429).length).toBe(70 - served);
  });
});

/** Sends `target` exactly as written (fetch would resolve dot-segments first). */
function rawGet(
  base: string,
  target: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path: target, method: 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('path tricks with a client-chosen Content-Security-Policy', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const evil = {
    'content-security-policy': "script-src 'nonce-chosen-by-client'",
    'content-security-policy-report-only': "script-src 'nonce-chosen-by-client'",
  };
  const variants = (p: string) => {
    const [, first, ...rest] = p.split('/');
    const tail = rest.length ? `/${rest.join('/')}` : '';
    return [
      p,
      `${p}/`,
      `/_next/..${p}`,
      `/api/..${p}`,
      `/export/..${p}`,
      `/${first}/.${tail}`.replace(/\/\.$/, '/.'),
      `/x/%2e%2e${p}`,
      `/x/%2E%2E${p}`,
      `/${first}%2f${rest.join('/')}`,
      `/${first}%2F${rest.join('/')}`,
      `/${p}`,
      `${p.replace(/\/([^/]*)$/, '//$1')}`,
      `${p}#fragment`,
      `${p}/.`,
      `${p}/..`,
    ];
  };

  it('get what the plain path gets, a redirect to it, or 400/404, and never carry a value the client chose', async () => {
    for (const plain of ['/monuments/temple-of-bel', '/ar/monuments/temple-of-bel', '/sites/palmyra', '/changes']) {
      const expected = await rawGet(baseUrl(), plain, {});
      expect(expected.status).toBe(200);
      for (const target of variants(plain)) {
        const res = await rawGet(baseUrl(), target, evil);
        const where = `${target} → ${res.status}`;
        expect([200, 308, 400, 404], where).toContain(res.status);
        if (res.status === 200) expect(res.body, where).toBe(expected.body);
        if (res.status === 308) expect(res.headers.location, where).toBe(plain);
        expect(JSON.stringify(res.headers), where).not.toContain('chosen-by-client');
        expect(res.body, where).not.toContain('chosen-by-client');
      }
    }
  });

  it('leave pages whose scripts run: a normal visit afterwards hydrates without a CSP refusal', async () => {
    for (const target of variants('/monuments/temple-of-bel')) await rawGet(baseUrl(), target, evil);
    for (const p of ['/monuments/temple-of-bel', '/ar/monuments/temple-of-bel']) {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
      });
      const app = new URL(baseUrl()).host;
      await page.route('**/*', (route) =>
        new URL(route.request().url()).host === app ? route.continue() : route.abort(),
      );
      await page.goto(`${baseUrl()}${p}`);
      await page.locator('.leaflet-marker-icon').first().waitFor(); // drawn by the page's scripts
      expect(violations, p).toEqual([]);
      await page.close();
    }
  });
});

const withoutBaseUrl = (env: NodeJS.ProcessEnv) =>
  Object.fromEntries(Object.entries(env).filter(([k]) => k !== 'PUBLIC_BASE_URL' && k !== 'NEXTAUTH_URL'));

describe('npm start', () => {
  it('ends every process and frees the port within 10 s of a SIGTERM', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-start-'));
    const file = path.join(dir, 'start.db');
    const port = await freePort();
    const child = spawn('npm', ['start'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...withoutBaseUrl(process.env),
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        DATABASE_URL: file,
        PORT: String(port),
        HOSTNAME: '127.0.0.1',
        WEB_CONCURRENCY: '2',
        AUTH_SECRET: 'npm-start-test-secret-0123456789abcdef',
      },
    });
    let output = '';
    child.stdout!.on('data', (c) => {
      output += c;
    });
    child.stderr!.on('data', (c) => {
      output += c;
    });
    try {
      await waitForHealth(`http://127.0.0.1:${port}`, child, 120_000);
      // Started without PUBLIC_BASE_URL: said once (not once per worker), naming the address links will use.
      await within(5000, 'the start-up notice', async () => output.includes('serving on'));
      expect(output.match(/PUBLIC_BASE_URL is not set/g)).toHaveLength(1);
      expect(output).toContain(`http://localhost:${port}`);
      /** Processes started for this test: they carry its database path in their environment. */
      const ours = () =>
        fs
          .readdirSync('/proc')
          .filter((p) => /^\d+$/.test(p))
          .filter((p) => {
            try {
              return fs.readFileSync(`/proc/${p}/environ`, 'utf8').includes(file);
            } catch {
              return false;
            }
          });
      expect(ours().length).toBeGreaterThanOrEqual(4); // npm, the start script, the primary, two workers
      const stopped = Date.now();
      child.kill('SIGTERM');
      await within(10_000, 'every process gone', async () => ours().length === 0);
      expect(Date.now() - stopped).toBeLessThan(10_000);
      const refused = await new Promise<boolean>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => {
          s.destroy();
          resolve(false);
        });
        s.on('error', () => resolve(true));
      });
      expect(refused).toBe(true);
    } finally {
      child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
