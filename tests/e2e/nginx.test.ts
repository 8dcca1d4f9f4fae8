/**
 * The registry behind a real nginx with the shared cache recipe an operator installs (docs/nginx/registry.conf, as
 * it is, with only its cache folder, registry address and port replaced): what readers and curators get through it.
 * A server and database of its own, so that the timing of the cache is not disturbed by other files' writes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, prepareDatabase, ROOT, startServer, type TestServer } from '../support/server';
import { fillForm, postForm, signIn } from '../support/curator-http';
import { signIn as signInFrom } from '../support/from-address';

const NGINX = process.env.NGINX_PATH || '/usr/sbin/nginx';
const RECIPE = path.join(ROOT, 'docs', 'nginx', 'registry.conf');
const PAGE = '/monuments/temple-of-bel';

describe('the registry behind nginx with the recipe of docs/nginx/registry.conf', () => {
  const admin = { email: 'nginx-admin@example.org', password: 'nginx-test-password-0123' };
  let dir: string;
  let databasePath: string;
  let server: TestServer;
  let nginx: ChildProcess | undefined;
  let nginxLog = '';
  let proxy: string;
  let cookie: string;

  /** The recipe with the test's cache folder, registry port and listening port, checking that each was there. */
  function recipe(originPort: number, port: number): string {
    let text = fs.readFileSync(RECIPE, 'utf8');
    for (const [from, to] of [
      ['/var/cache/nginx/registry', path.join(dir, 'cache')],
      ['127.0.0.1:3000', `127.0.0.1:${originPort}`],
      ['listen 80;', `listen 127.0.0.1:${port};`],
    ] as const) {
      if (!text.includes(from)) throw new Error(`the recipe no longer contains "${from}"`);
      text = text.replaceAll(from, to);
    }
    return text;
  }

  beforeAll(async () => {
    if (!fs.existsSync(NGINX))
      throw new Error(`nginx not found at ${NGINX}: install it with \`apt-get install -y nginx-light\` (see README).`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-nginx-'));
    databasePath = path.join(dir, 'nginx.db');
    prepareDatabase(databasePath, admin);
    const port = await freePort();
    proxy = `http://127.0.0.1:${port}`;
    // The registry's public address is nginx's, and nginx is the one proxy in front (TRUST_PROXY=1), as an operator
    // sets them.
    server = await startServer({
      databasePath,
      env: { PUBLIC_BASE_URL: proxy, NEXTAUTH_URL: proxy, TRUST_PROXY: '1' },
    });

    fs.writeFileSync(path.join(dir, 'registry.conf'), recipe(server.port, port));
    const temp = (name: string) => path.join(dir, 'temp', name);
    fs.writeFileSync(
      path.join(dir, 'nginx.conf'),
      [
        // As root, nginx would run its workers as "nobody", who may not write this test's (private) folders.
        process.getuid?.() === 0 ? 'user root;' : '',
        'worker_processes 1;',
        `pid ${path.join(dir, 'nginx.pid')};`,
        'events {}',
        'http {',
        `  client_body_temp_path ${temp('client_body')};`,
        `  proxy_temp_path ${temp('proxy')};`,
        `  fastcgi_temp_path ${temp('fastcgi')};`,
        `  uwsgi_temp_path ${temp('uwsgi')};`,
        `  scgi_temp_path ${temp('scgi')};`,
        `  access_log ${path.join(dir, 'access.log')};`,
        `  include ${path.join(dir, 'registry.conf')};`,
        '}',
        '',
      ].join('\n'),
    );
    fs.mkdirSync(path.join(dir, 'temp'), { recursive: true });
    nginx = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off; error_log stderr;'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    nginx.stdout!.on('data', (d) => {
      nginxLog += d;
    });
    nginx.stderr!.on('data', (d) => {
      nginxLog += d;
    });
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (nginx.exitCode !== null || nginx.signalCode !== null)
        throw new Error(`nginx exited (${nginx.exitCode ?? nginx.signalCode}):\n${nginxLog}`);
      try {
        if ((await fetch(`${proxy}/api/health`)).ok) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`nginx did not answer within 10 s:\n${nginxLog}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    cookie = await signIn(proxy, admin.email, admin.password);
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null && nginx.signalCode === null) {
      const child = nginx;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function get(url: string, headers: Record<string, string> = {}) {
    const res = await fetch(url, { headers, redirect: 'manual' });
    return {
      status: res.status,
      headers: res.headers,
      text: await res.text(),
      cache: res.headers.get('x-cache-status'),
    };
  }
  const viaNginx = (p: string, headers?: Record<string, string>) => get(`${proxy}${p}`, headers);

  it('keeps a public page: the second reader gets it from nginx, byte for byte what the registry sends', async () => {
    const first = await viaNginx(PAGE);
    expect(first.status).toBe(200);
    expect(first.text).toContain('Temple of Bel');
    const second = await viaNginx(PAGE);
    expect(second.cache).toBe('HIT');
    expect(second.status).toBe(200);
    const origin = await get(`${server.baseUrl}${PAGE}`);
    expect(second.text).toBe(origin.text);
    // The page's policy (hashes of its inline scripts) and validator come with it.
    expect(second.headers.get('content-security-policy')).toBe(origin.headers.get('content-security-policy'));
    expect(second.headers.get('content-security-policy')).toMatch(/script-src [^;]*'sha256-/);
    expect(second.headers.get('etag')).toBe(origin.headers.get('etag'));
    expect(second.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=5, stale-while-revalidate=30');
  });

  it('answers a reader who has the page with 304', async () => {
    const page = await viaNginx(PAGE);
    const etag = page.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    const again = await viaNginx(PAGE, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    const other = await viaNginx(PAGE, { 'if-none-match': 'W/"something-else"' });
    expect(other.status).toBe(200);
    expect(other.text).toBe(page.text);
  });

  it("shows a curator's saved change to readers within the shared cache's 5 s (plus a poll), never older again", async () => {
    // The page is in nginx's cache with the old description.
    await viaNginx(PAGE);
    expect((await viaNginx(PAGE)).cache).toBe('HIT');

    const db = new Database(databasePath, { readonly: true, fileMustExist: true });
    const row = db.prepare("SELECT * FROM monuments WHERE slug = 'temple-of-bel'").get() as Record<
      string,
      string | number | null
    >;
    db.close();
    const description = `Surveyed again through the cache ${Date.now().toString(36)}.`;
    expect((await viaNginx(PAGE)).text).not.toContain(description);

    // Saved through the monument form, through nginx (a signed-in curator bypasses its cache).
    const editPath = `/admin/monuments/${row.id}/edit`;
    const text = (k: string) => (row[k] === null ? '' : String(row[k]));
    const form = await fillForm(proxy, editPath, cookie, 'description', {
      siteId: text('site_id'),
      name: text('name'),
      nameAr: text('name_ar'),
      slug: text('slug'),
      kind: text('kind'),
      period: text('period'),
      dateBuilt: text('date_built'),
      latitude: text('latitude'),
      longitude: text('longitude'),
      wikidataQid: text('wikidata_qid'),
      pleiadesId: text('pleiades_id'),
      description,
      descriptionAr: text('description_ar'),
    });
    const saved = await postForm(proxy, editPath, cookie, form);
    const savedAt = Date.now();
    expect(saved.status, saved.body.slice(0, 300)).toBe(303);
    expect(saved.location).toMatch(/saved=1/);
    const after = new Database(databasePath, { readonly: true, fileMustExist: true });
    expect(
      (after.prepare('SELECT description FROM monuments WHERE id = ?').get(row.id) as { description: string })
        .description,
    ).toBe(description);
    after.close();

    // Readers keep asking, every 250 ms: the documented bound is 5 s (s-maxage) + 30 s (stale-while-revalidate); with
    // requests coming, the first one after the 5 s has nginx fetch the page again in the background.
    const seen: { ms: number; cache: string | null; fresh: boolean }[] = [];
    let shownAt: number | null = null;
    while (Date.now() - savedAt < 36_000) {
      const res = await viaNginx(PAGE);
      expect(res.status).toBe(200);
      const fresh = res.text.includes(description);
      seen.push({ ms: Date.now() - savedAt, cache: res.cache, fresh });
      if (fresh && shownAt === null) shownAt = Date.now() - savedAt;
      if (shownAt !== null && seen.filter((s) => s.fresh).length >= 4) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(shownAt, JSON.stringify(seen)).not.toBeNull();
    expect(shownAt!, JSON.stringify(seen)).toBeLessThanOrEqual(7_000);
    // Once shown, never the old page again.
    const firstFresh = seen.findIndex((s) => s.fresh);
    expect(
      seen.slice(firstFresh).every((s) => s.fresh),
      JSON.stringify(seen),
    ).toBe(true);
  });

  it("never keeps a signed-in curator's page, nor gives it to anyone else", async () => {
    const states: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await viaNginx('/admin', { cookie });
      expect(res.status).toBe(200);
      // The curator's own line (the catalog's template, "Signed in as {name}", travels in every page's messages).
      expect(res.text).toMatch(/Signed in as [^{]/);
      states.push(res.cache);
    }
    for (const s of states) expect(['BYPASS', 'MISS']).toContain(s);
    for (let i = 0; i < 2; i++) {
      const anonymous = await viaNginx('/admin');
      expect(anonymous.status).toBe(307);
      expect(anonymous.headers.get('location')).toMatch(/\/login\?callbackUrl=%2Fadmin$/);
      expect(anonymous.cache).not.toBe('HIT');
      expect(anonymous.text).not.toMatch(/Signed in as [^{]/);
    }
  });

  it('never keeps an answer that sets a cookie', async () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const res = await viaNginx('/api/auth/csrf');
      expect(res.status).toBe(200);
      expect(res.cache).not.toBe('HIT');
      expect(res.headers.getSetCookie().some((c) => c.startsWith('next-auth.csrf-token='))).toBe(true);
      tokens.add((JSON.parse(res.text) as { csrfToken: string }).csrfToken);
    }
    // Each visitor gets a token of their own.
    expect(tokens.size).toBe(3);
  });

  it("never keeps an editor's draft export, nor gives it to an anonymous reader", async () => {
    const summary = `Unreviewed claim behind nginx ${Date.now().toString(36)}`;
    const db = new Database(databasePath);
    const { id } = db.prepare("SELECT id FROM monuments WHERE slug = 'temple-of-bel'").get() as { id: number };
    db.prepare(
      "INSERT INTO reports (monument_id, damage_level, certainty, summary, review_state) VALUES (?, 'moderate_damage', 'low', ?, 'draft')",
    ).run(id, summary);
    db.close();

    const url = '/export/reports.csv?include=drafts';
    for (let i = 0; i < 2; i++) {
      const res = await viaNginx(url, { cookie });
      expect(res.status).toBe(200);
      expect(res.text).toContain(summary);
      expect(res.cache).not.toBe('HIT');
      expect(res.headers.get('cache-control')).toMatch(/private|no-store/);
    }
    for (let i = 0; i < 2; i++) {
      const anonymous = await viaNginx(url);
      expect(anonymous.status).toBe(403);
      expect(anonymous.cache).not.toBe('HIT');
      expect(anonymous.text).not.toContain(summary);
    }
    // The published export, which anyone may have, is kept as usual and has no drafts.
    await viaNginx('/export/reports.csv');
    const published = await viaNginx('/export/reports.csv');
    expect(published.status).toBe(200);
    expect(published.cache).toBe('HIT');
    expect(published.text).not.toContain(summary);
  });

  it('keeps API answers and answers a matching If-None-Match with 304', async () => {
    const p = '/api/v1/sites/palmyra';
    const first = await viaNginx(p);
    expect(first.status).toBe(200);
    const second = await viaNginx(p);
    expect(second.cache).toBe('HIT');
    expect(JSON.parse(second.text)).toEqual(JSON.parse(first.text));
    expect(JSON.stringify(JSON.parse(second.text))).toContain('Palmyra');
    const etag = second.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    const conditional = await viaNginx(p, { 'if-none-match': etag });
    expect(conditional.status).toBe(304);
    expect(conditional.text).toBe('');
  });

  it('with TRUST_PROXY=1, throttles sign-in by the address nginx saw, whatever X-Forwarded-For the client wrote', async () => {
    const email = 'nobody-behind-nginx@example.org';
    const answers: (string | null)[] = [];
    for (let i = 0; i < 6; i++)
      answers.push(
        (await signInFrom(proxy, '127.0.0.2', email, `guess-${i}`, () => ({ 'x-forwarded-for': `198.51.100.${i}` })))
          .error,
      );
    expect(answers.slice(0, 4)).toEqual(Array(4).fill('CredentialsSignin'));
    for (const a of answers.slice(4)) expect(a).toMatch(/^locked:\d+s$/);
    const db = new Database(databasePath, { readonly: true });
    try {
      expect(
        db.prepare("SELECT key FROM login_throttle WHERE key LIKE 'account:nobody-behind-nginx%'").pluck().all(),
      ).toEqual([`account:${email}|client:127.0.0.2`]);
    } finally {
      db.close();
    }
  });
});
