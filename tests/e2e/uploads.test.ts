/**
 * Import uploads on a server of their own (one worker, so that its memory is the process's): who may upload is
 * decided before the body is read — anonymous visitors and contributors are answered while their body is still on
 * its way, and many large anonymous posts leave the server's memory as it was; a file streams to disk without being
 * held in memory; and a 20 MB file, twice the size Next buffers for its proxy, is checked and imported on
 * /admin/import in Chromium.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase, ROOT, startServer, type TestServer } from '../support/server';
import { launchBrowser } from './helpers';
import { httpSignIn } from './curator-helpers';

const password = () => `${crypto.randomBytes(12).toString('base64url')}-e2e`;
const admin = { email: 'admin@uploads.test', password: password() };
const contributor = { email: 'contributor@uploads.test', password: password() };
let dir: string;
let databasePath: string;
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-uploads-'));
  databasePath = path.join(dir, 'uploads.db');
  prepareDatabase(databasePath, admin);
  const add = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      'scripts/user-add.ts',
      ...['--email', contributor.email, '--name', 'Cora Contributor', '--role', 'contributor'],
    ],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databasePath, PASSWORD: contributor.password },
      encoding: 'utf8',
    },
  );
  if (add.status !== 0) throw new Error(add.stderr);
  server = await startServer({ databasePath, env: { WEB_CONCURRENCY: '1' } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The server process's resident memory in bytes (with one worker, the process that serves). */
function rss(): number {
  const status = fs.readFileSync(`/proc/${server.process().pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) * 1024;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Milliseconds from the request's start to its answer's headers. */
  ms: number;
  /** Bytes of the body sent when the answer arrived. */
  sentWhenAnswered: number;
}

/**
 * A POST whose body is `size` bytes, of which only `send` are sent (the rest never is, unless `send` is the whole
 * body): resolves when the answer arrives, however much of the body was sent by then.
 */
function post(
  pathname: string,
  options: { size: number; send?: number; headers?: Record<string, string> },
): Promise<Answer> {
  const send = options.send ?? options.size;
  const start = Date.now();
  let sent = 0;
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.baseUrl}${pathname}`, {
      method: 'POST',
      headers: { 'content-length': String(options.size), ...options.headers },
    });
    req.on('response', (res) => {
      const answered = {
        status: res.statusCode!,
        headers: res.headers,
        ms: Date.now() - start,
        sentWhenAnswered: sent,
      };
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        resolve({ ...answered, body });
        req.destroy(); // the rest of the body is not needed
      });
      res.on('error', () => resolve({ ...answered, body }));
    });
    // The server may close the connection on a body it will not read: that is not a failure of the request.
    req.on('error', (error) => setTimeout(() => reject(error), 2000).unref());
    const piece = Buffer.alloc(64 * 1024, 'x');
    const pump = () => {
      while (sent < send) {
        const n = Math.min(piece.length, send - sent);
        sent += n;
        if (!req.write(n === piece.length ? piece : piece.subarray(0, n))) return void req.once('drain', pump);
      }
      if (send === options.size) req.end();
    };
    pump();
  });
}

const NINE_MB = 9 * 1024 * 1024;
const multipart = { 'content-type': 'multipart/form-data; boundary=----x' };

describe('uploads are refused before their body is read', () => {
  it('anonymous: 401 in JSON while the body is still on its way, the connection closed rather than read', async () => {
    const res = await post('/api/curator/imports?name=a.csv', { size: NINE_MB, send: 256 * 1024, headers: multipart });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toEqual({ error: { status: 401, message: expect.any(String) } });
    expect(res.sentWhenAnswered).toBeLessThan(NINE_MB);
    expect(res.headers.connection).toBe('close');
  });

  it('contributors: 403 while the body is still on its way', async () => {
    const { cookie } = await httpSignIn(contributor.email, contributor.password, undefined, server.baseUrl);
    const res = await post('/api/curator/imports?name=a.csv', {
      size: NINE_MB,
      send: 256 * 1024,
      headers: { cookie, origin: server.baseUrl, 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).error.status).toBe(403);
    expect(res.sentWhenAnswered).toBeLessThan(NINE_MB);
  });

  it('a whole anonymous 9 MB post is answered within 200 ms, and eight at once leave the memory as it was', async () => {
    // Both ways in: the upload route, and the import page (whose server action once took the file).
    for (const pathname of ['/api/curator/imports', '/admin/import']) {
      const first = await post(pathname, { size: NINE_MB, headers: { ...multipart, origin: server.baseUrl } });
      expect(first.status, pathname).toBeGreaterThanOrEqual(400);
      expect(first.status, pathname).toBeLessThan(500);
      expect(first.ms, pathname).toBeLessThan(200);
    }
    const before = rss();
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        post(i % 2 ? '/admin/import' : '/api/curator/imports', {
          size: NINE_MB,
          headers: { ...multipart, origin: server.baseUrl },
        }),
      ),
    );
    for (const a of answers) expect([401, 413]).toContain(a.status);
    // Eight bodies read into memory would be 72 MB; a copy kept for the proxy as well, twice that. Even read and
    // discarded, they would leave tens of MB of garbage behind.
    expect(rss() - before).toBeLessThan(16 * 1024 * 1024);
  });

  it('from another site, over the limit, or as a form: refused, and nothing is kept', async () => {
    const { cookie } = await httpSignIn(admin.email, admin.password, undefined, server.baseUrl);
    const headers = { cookie, 'content-type': 'text/csv' };
    const crossSite = await post('/api/curator/imports', {
      size: 1000,
      headers: { ...headers, origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    const tooLarge = await post('/api/curator/imports', {
      size: 101 * 1024 * 1024,
      send: 64 * 1024,
      headers: { ...headers, origin: server.baseUrl },
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.sentWhenAnswered).toBeLessThan(101 * 1024 * 1024);
    const form = await post('/api/curator/imports', {
      size: 1000,
      headers: { ...headers, ...multipart, origin: server.baseUrl },
    });
    expect(form.status).toBe(415);
    const uploads = path.join(dir, 'import-uploads');
    expect(fs.existsSync(uploads) ? fs.readdirSync(uploads) : []).toEqual([]);
  });
});

describe('a large file', () => {
  it('streams to disk with its SHA-256, without the server holding it in memory', async () => {
    const { cookie } = await httpSignIn(admin.email, admin.password, undefined, server.baseUrl);
    const size = 64 * 1024 * 1024;
    // A smaller one first: what any first upload costs (the route's code, the heap's working room) is not counted.
    const warmUp = { size: 16 * 1024 * 1024, headers: { cookie, origin: server.baseUrl, 'content-type': 'text/csv' } };
    expect((await post('/api/curator/imports?name=warm-up.csv', warmUp)).status).toBe(201);
    const before = rss();
    const res = await post('/api/curator/imports?name=big.csv', {
      size,
      headers: { cookie, origin: server.baseUrl, 'content-type': 'text/csv' },
    });
    const grown = rss() - before;
    expect(res.status).toBe(201);
    const { upload } = JSON.parse(res.body) as { upload: { token: string; sha256: string; bytes: number } };
    expect(upload.bytes).toBe(size);
    const stored = fs.readFileSync(path.join(dir, 'import-uploads', `${upload.token}.csv`));
    expect(stored.length).toBe(size);
    expect(crypto.createHash('sha256').update(stored).digest('hex')).toBe(upload.sha256);
    expect(grown).toBeLessThan(16 * 1024 * 1024); // held in memory, 64 MB
  });

  it('of 20 MB is checked and imported on /admin/import in the browser', { timeout: 240_000 }, async () => {
    const rows = ['slug,name,country_codes,description'];
    let bytes = 0;
    for (let i = 0; bytes < 20 * 1024 * 1024; i++) {
      const description = `Row ${i}: ${'stone and mortar, photographed and measured; '.repeat(230)}`.slice(0, 9900);
      const row = `big-upload-${i},Big upload ${i},SY,"${description}"`;
      rows.push(row);
      bytes += row.length + 1;
    }
    const count = rows.length - 1;
    const file = path.join(dir, 'sites-20mb.csv');
    fs.writeFileSync(file, `${rows.join('\n')}\n`);
    expect(fs.statSync(file).size).toBeGreaterThan(20 * 1024 * 1024);

    const context = await browser.newContext({ baseURL: server.baseUrl });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/login');
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password', { exact: true }).fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/admin');
    await page.goto('/admin/import');
    await page.waitForLoadState('networkidle');
    await page.locator('#import-file').setInputFiles(file);
    await page.getByRole('button', { name: 'Check the file (dry run)' }).click();
    await page.getByRole('heading', { name: 'Dry run: nothing has been written' }).waitFor({ timeout: 120_000 });
    // However the numbers are grouped ("2109" or "2,109").
    const number = `${Math.floor(count / 1000)},?${String(count % 1000).padStart(3, '0')}`;
    expect(await page.locator('.import-result').textContent()).toMatch(new RegExp(`${number} to create, 0 to update`));
    const db = new Database(databasePath, { readonly: true });
    const imported = () =>
      (db.prepare("SELECT count(*) AS n FROM sites WHERE slug LIKE 'big-upload-%'").get() as { n: number }).n;
    expect(imported()).toBe(0);
    await page.getByRole('button', { name: new RegExp(`^Import ${number} changes$`) }).click();
    await page.getByRole('status').filter({ hasText: 'Imported sites-20mb.csv' }).waitFor({ timeout: 120_000 });
    expect(imported()).toBe(count);
    db.close();
    expect(errors).toEqual([]);
    await context.close();
  });
});
