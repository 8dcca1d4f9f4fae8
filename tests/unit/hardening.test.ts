import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { notFound } from 'next/navigation';
import {
  API_CONTENT_SECURITY_POLICY,
  configHeaders,
  contentSecurityPolicy,
  DEFAULT_MAP_TILE_URL,
  FORM_BODY_LIMIT_BYTES,
  tileSource,
} from '@/lib/http-policy';
import { RateLimiter } from '@/lib/rate-limit';
import { classify } from '@/lib/routes';
import { checkContentLength, checkOrigin } from '@/lib/http/origin';
import { errorLogLine } from '@/lib/http/errors';
import { withErrorHandling } from '@/lib/http/route';
import { config, resetConfig } from '@/lib/config';
import { builtPagePolicy, startupProblem } from '@/lib/startup';
import { startChunks } from '@/lib/export/stream';

const nextConfig = createRequire(import.meta.url)('../../next.config.js') as {
  headers: () => Promise<unknown>;
  experimental: { serverActions: { bodySizeLimit: number }; proxyClientMaxBodySize: number };
};

const directive = (csp: string, name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));

describe('Content-Security-Policy', () => {
  it('allows the configured map tiles, a Leaflet subdomain template as a wildcard, a path on this site as nothing more', () => {
    expect(tileSource(DEFAULT_MAP_TILE_URL)).toBe('https://tile.openstreetmap.org');
    expect(tileSource('https://{s}.tile.example.org/{z}/{x}/{y}.png')).toBe('https://*.tile.example.org');
    expect(tileSource('http://tiles.local:8080/{z}/{x}/{y}.png?key=abc')).toBe('http://tiles.local:8080');
    expect(tileSource('/tiles/{z}/{x}/{y}.png')).toBeNull();
    for (const bad of [
      'javascript:alert(1)',
      '//evil.example/{z}',
      'https://{z}.example.org/x',
      "https://evil.example'; script-src *",
    ]) {
      expect(() => tileSource(bad), bad).toThrow();
    }
  });

  it('allows no inline script without a nonce, and with one only the scripts carrying it (strict-dynamic)', () => {
    const cached = contentSecurityPolicy({ mapTileUrl: DEFAULT_MAP_TILE_URL });
    expect(directive(cached, 'script-src')).toBe("script-src 'self'");
    expect(
      directive(contentSecurityPolicy({ mapTileUrl: DEFAULT_MAP_TILE_URL, development: true }), 'script-src'),
    ).toBe("script-src 'self' 'unsafe-inline' 'unsafe-eval'");
    expect(directive(cached, 'img-src')).toBe("img-src 'self' data: https://tile.openstreetmap.org");
    for (const d of [
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "connect-src 'self'",
      "style-src 'self'",
    ])
      expect(cached).toContain(d);
    expect(cached).not.toContain('unsafe-eval');
    const dynamic = contentSecurityPolicy({ mapTileUrl: '/tiles/{z}/{x}/{y}.png', nonce: 'abc123' });
    expect(directive(dynamic, 'script-src')).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(directive(dynamic, 'img-src')).toBe("img-src 'self' data:");
    expect(API_CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none'/);
  });

  it('is what next.config.js serves, with HSTS only from a production build, and the form limit Next enforces', async () => {
    const production = configHeaders({ mapTileUrl: DEFAULT_MAP_TILE_URL, production: true });
    const all = production.find((h) => h.source === '/:path*')!.headers;
    expect(all.map((h) => h.key)).toEqual(
      expect.arrayContaining([
        'X-Content-Type-Options',
        'X-Frame-Options',
        'Referrer-Policy',
        'Permissions-Policy',
        'Strict-Transport-Security',
        'Content-Security-Policy',
      ]),
    );
    const development = configHeaders({ mapTileUrl: DEFAULT_MAP_TILE_URL, production: false });
    expect(development[0]!.headers.map((h) => h.key)).not.toContain('Strict-Transport-Security');
    const env = process.env.MAP_TILE_URL;
    delete process.env.MAP_TILE_URL;
    try {
      expect(await nextConfig.headers()).toEqual(
        configHeaders({ mapTileUrl: DEFAULT_MAP_TILE_URL, production: process.env.NODE_ENV === 'production' }),
      );
    } finally {
      if (env !== undefined) process.env.MAP_TILE_URL = env;
    }
    // Forms are held to FORM_BODY_LIMIT_BYTES, and Next buffers no more than that for the proxy: import files stream
    // to their own route, which the proxy never sees.
    expect(nextConfig.experimental.serverActions.bodySizeLimit).toBe(FORM_BODY_LIMIT_BYTES);
    expect(nextConfig.experimental.proxyClientMaxBodySize).toBe(FORM_BODY_LIMIT_BYTES);
  });
});

describe('start-up checks', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetConfig();
  });

  it('name the bad variable, never its value', () => {
    process.env.RATE_LIMIT_SEARCH_PER_MINUTE = 'lots-secret-ish';
    process.env.MAP_TILE_URL = 'javascript:alert(1)';
    resetConfig();
    const noBuild = fs.mkdtempSync(path.join(os.tmpdir(), 'no-build-'));
    const problem = startupProblem(noBuild);
    fs.rmSync(noBuild, { recursive: true, force: true });
    expect(problem).toMatch(/RATE_LIMIT_SEARCH_PER_MINUTE: expected a whole number/);
    expect(problem).toMatch(/MAP_TILE_URL: MAP_TILE_URL must be an http\(s\) URL template/);
    expect(problem).not.toContain('lots-secret-ish');
  });

  it("make absolute links to this server's own port when PUBLIC_BASE_URL is unset", () => {
    delete process.env.PUBLIC_BASE_URL;
    process.env.PORT = '3101';
    resetConfig();
    expect(config().PUBLIC_BASE_URL).toBe('http://localhost:3101');
    delete process.env.PORT;
    resetConfig();
    expect(config().PUBLIC_BASE_URL).toBe('http://localhost:3000');
  });

  it('have generous rate limits by default, and 0 turns one off', () => {
    delete process.env.RATE_LIMIT_SEARCH_PER_MINUTE;
    process.env.RATE_LIMIT_EXPORT_PER_MINUTE = '0';
    resetConfig();
    expect(config()).toMatchObject({
      RATE_LIMIT_SEARCH_PER_MINUTE: 300,
      RATE_LIMIT_API_PER_MINUTE: 600,
      RATE_LIMIT_EXPORT_PER_MINUTE: 0,
    });
    expect(new RateLimiter(0).take('x')).toMatchObject({ ok: true });
  });

  it("refuse a MAP_TILE_URL other than the build's, whose cached pages would block its tiles", () => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-build-'));
    const manifest = (mapTileUrl: string) =>
      fs.writeFileSync(
        path.join(dist, 'routes-manifest.json'),
        JSON.stringify({
          headers: configHeaders({ mapTileUrl, production: true }).map((h) => ({ ...h, regex: '^/.*$' })),
        }),
      );
    delete process.env.MAP_TILE_URL;
    resetConfig();
    manifest(DEFAULT_MAP_TILE_URL);
    expect(builtPagePolicy(dist)).toBe(contentSecurityPolicy({ mapTileUrl: DEFAULT_MAP_TILE_URL }));
    expect(startupProblem(dist)).toBeNull();
    process.env.MAP_TILE_URL = 'https://{s}.tiles.example.org/{z}/{x}/{y}.png';
    resetConfig();
    expect(startupProblem(dist)).toMatch(/^MAP_TILE_URL differs from the one this build was made with/);
    manifest(process.env.MAP_TILE_URL);
    expect(startupProblem(dist)).toBeNull();
    fs.rmSync(dist, { recursive: true, force: true });
  });
});

describe('rate limiter (token bucket per client address)', () => {
  it("allows a minute's worth at once, then one more per 60/limit seconds, with the wait to announce", () => {
    const limiter = new RateLimiter(60);
    const t0 = 1_000_000;
    for (let i = 0; i < 60; i++) expect(limiter.take('a', t0).ok).toBe(true);
    expect(limiter.take('a', t0)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(limiter.take('b', t0).ok).toBe(true); // another address has its own bucket
    expect(limiter.take('a', t0 + 500).ok).toBe(false);
    expect(limiter.take('a', t0 + 1000).ok).toBe(true);
    expect(limiter.take('a', t0 + 1000).ok).toBe(false);
    // After a quiet minute the whole allowance is back, never more.
    for (let i = 0; i < 60; i++) expect(limiter.take('a', t0 + 120_000).ok).toBe(true);
    expect(limiter.take('a', t0 + 120_000).ok).toBe(false);
    const slow = new RateLimiter(5);
    for (let i = 0; i < 5; i++) slow.take('c', t0);
    expect(slow.take('c', t0)).toEqual({ ok: false, retryAfterSeconds: 12 });
  });

  it('forgets idle addresses, so that many addresses cannot grow it without bound', () => {
    const limiter = new RateLimiter(10);
    for (let i = 0; i < 10_000; i++) limiter.take(`198.51.${i >> 8}.${i & 255}`, 0);
    expect(limiter.size).toBe(10_000);
    limiter.take('late', 61_000);
    expect(limiter.size).toBe(1);
    for (let i = 0; i < 25_000; i++) limiter.take(`x${i}`, 70_000);
    expect(limiter.size).toBeLessThanOrEqual(10_000);
  });

  it('applies to the search page, the API and downloads, never to cached pages', () => {
    const limitedEndpoint = (p: string) => classify(p).route.limit ?? null;
    expect(limitedEndpoint('/monuments')).toBe('search');
    expect(limitedEndpoint('/ar/monuments')).toBe('search');
    expect(limitedEndpoint('/api/v1/monuments')).toBe('api');
    expect(limitedEndpoint('/api/v1/sites/palmyra')).toBe('api');
    expect(limitedEndpoint('/export/reports.csv')).toBe('export');
    for (const p of [
      '/',
      '/ar',
      '/monuments/temple-of-bel',
      '/ar/monuments/temple-of-bel',
      '/sites',
      '/export',
      '/changes',
      '/api/health',
      '/login',
    ])
      expect(limitedEndpoint(p), p).toBeNull();
  });
});

describe('origin and size checks for requests that change something', () => {
  const h = (entries: Record<string, string>) => new Headers(entries);
  const base = 'https://registry.example.org';

  it('accept this site (its public address or the host asked) and refuse every other, an opaque one, or a cross-site fetch', () => {
    expect(checkOrigin(h({ origin: base }), base).ok).toBe(true);
    expect(checkOrigin(h({ origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' }), base).ok).toBe(true);
    expect(
      checkOrigin(h({ origin: 'http://internal:3000', host: 'x', 'x-forwarded-host': 'internal:3000' }), base).ok,
    ).toBe(true);
    expect(checkOrigin(h({ origin: 'https://evil.example', host: 'registry.example.org' }), base)).toEqual({
      ok: false,
      reason: 'Origin is another site',
    });
    expect(checkOrigin(h({ origin: 'https://registry.example.org.evil.example' }), base).ok).toBe(false);
    expect(checkOrigin(h({ origin: 'null' }), base).ok).toBe(false);
    expect(checkOrigin(h({ origin: 'not a url' }), base).ok).toBe(false);
    expect(checkOrigin(h({ 'sec-fetch-site': 'cross-site' }), base).ok).toBe(false);
    // Without Origin: a non-browser client (no ambient cookies to abuse), unless the route insists.
    expect(checkOrigin(h({}), base).ok).toBe(true);
    expect(checkOrigin(h({}), base, { requireOrigin: true }).ok).toBe(false);
  });

  it('refuse a declared body over the limit (413), a malformed length (400), and an undeclared one where required (411)', () => {
    expect(checkContentLength(h({ 'content-length': '100' }), 1000)).toEqual({ ok: true });
    expect(checkContentLength(h({ 'content-length': '1001' }), 1000)).toEqual({ ok: false, status: 413 });
    expect(checkContentLength(h({ 'content-length': '-5' }), 1000)).toEqual({ ok: false, status: 400 });
    expect(checkContentLength(h({ 'content-length': '1e9' }), 1000)).toEqual({ ok: false, status: 400 });
    expect(checkContentLength(h({ 'transfer-encoding': 'chunked' }), 1000, { requireLength: true })).toEqual({
      ok: false,
      status: 411,
    });
    expect(checkContentLength(h({ 'transfer-encoding': 'chunked' }), 1000)).toEqual({ ok: true });
    expect(checkContentLength(h({}), 1000, { requireLength: true })).toEqual({ ok: true }); // no body at all
  });
});

describe('unexpected errors', () => {
  it('are logged as one JSON line with the request id, the route and the stack, and nothing from the request', () => {
    const error = Object.assign(new Error('no such table: x'), { code: 'SQLITE_ERROR' });
    const line = errorLogLine(
      error,
      {
        requestId: 'abc123',
        method: 'GET',
        path: '/api/v1/monuments?q=bel',
        route: '/api/v1/monuments',
        routeType: 'route',
      },
      new Date('2026-01-02T03:04:05Z'),
    );
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      time: '2026-01-02T03:04:05.000Z',
      level: 'error',
      request_id: 'abc123',
      method: 'GET',
      path: '/api/v1/monuments?q=bel',
      route: '/api/v1/monuments',
      route_type: 'route',
      error: 'Error',
      message: 'no such table: x',
      code: 'SQLITE_ERROR',
      stack: expect.stringContaining('no such table: x'),
    });
  });

  it("in a route handler answer a JSON 500 with that id, no stack; Next's own not-found passes through", async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const handler = withErrorHandling('/api/test', () => {
        throw new Error('secret detail at /srv/app/db.ts:12');
      });
      const res = await handler(new Request('http://localhost/api/test?x=1'));
      expect(res.status).toBe(500);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = await res.text();
      expect(body).not.toContain('secret detail');
      const id = (JSON.parse(body) as { error: { request_id: string } }).error.request_id;
      expect(res.headers.get('x-request-id')).toBe(id);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(JSON.parse(spy.mock.calls[0]![0] as string)).toMatchObject({
        request_id: id,
        path: '/api/test?x=1',
        route: '/api/test',
        message: 'secret detail at /srv/app/db.ts:12',
      });
      await expect(
        withErrorHandling('/api/test', () => notFound())(new Request('http://localhost/x')),
      ).rejects.toMatchObject({ digest: expect.stringContaining('404') });
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('in a download that cannot start fail the request itself, before any byte is sent', () => {
    function* broken(): Generator<string, void, undefined> {
      yield '\uFEFF';
      throw new Error('no such table');
    }
    expect(() => startChunks(broken())).toThrow('no such table');
    function* fine(): Generator<string, void, undefined> {
      yield '\uFEFF';
      yield 'header\r\n';
      yield 'row\r\n';
    }
    const it = startChunks(fine());
    expect([it.next().value, it.next().value, it.next().value, it.next().done]).toEqual([
      '\uFEFF',
      'header\r\n',
      'row\r\n',
      true,
    ]);
  });
});
