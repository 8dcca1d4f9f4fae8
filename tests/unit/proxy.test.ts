import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { resetConfig } from '@/lib/config';

/** The proxy as a function: what it answers itself, and what it lets through with which headers. */
const saved = { ...process.env };
let proxy: (request: NextRequest) => Response;
let mod: typeof import('../../proxy');

beforeAll(async () => {
  Object.assign(process.env, { PUBLIC_BASE_URL: 'https://registry.example.org' });
  resetConfig();
  mod = await import('../../proxy');
  proxy = mod.proxy;
});
afterAll(() => {
  process.env = { ...saved };
  resetConfig();
});

const request = (path: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
  new NextRequest(new URL(path, 'https://registry.example.org'), {
    method: init.method ?? 'GET',
    headers: init.headers,
  });

describe('the proxy', () => {
  it('gives a dynamic page a fresh nonce, in the response and in the request Next renders from', () => {
    const a = proxy(request('/ar/admin/reports/new'));
    const b = proxy(request('/login'));
    const nonce = (r: Response) => /'nonce-([^']+)'/.exec(r.headers.get('content-security-policy') ?? '')?.[1];
    expect(nonce(a)).toBeTruthy();
    expect(nonce(a)).not.toBe(nonce(b));
    expect(a.headers.get('x-middleware-request-content-security-policy')).toBe(
      a.headers.get('content-security-policy'),
    );
    expect(a.headers.get('x-middleware-next')).toBe('1');
    expect(a.headers.get('x-middleware-rewrite')).toBeNull(); // never rewrites (decision 001)
    expect(
      proxy(request('/api/v1/sites/palmyra', { headers: { 'x-forwarded-for': '192.0.2.1' } })).headers.get(
        'content-security-policy',
      ),
    ).toBeNull();
  });

  it('refuses an address that is not UTF-8, in its language', async () => {
    const res = proxy(request('/ar/monuments/%C3%28'));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('عنوان غير صالح');
  });

  it("refuses a change sent from another site, or too large, or of unknown length; lets this site's own through", () => {
    const post = (headers: Record<string, string>) =>
      proxy(
        request('/admin/sources/new', {
          method: 'POST',
          headers: { 'content-type': 'multipart/form-data; boundary=x', ...headers },
        }),
      );
    expect(post({ origin: 'https://evil.example', 'content-length': '10' }).status).toBe(403);
    expect(post({ origin: 'https://registry.example.org', 'content-length': String(2 * 1024 * 1024) }).status).toBe(
      413,
    );
    expect(post({ origin: 'https://registry.example.org', 'transfer-encoding': 'chunked' }).status).toBe(411);
    expect(
      post({ origin: 'https://registry.example.org', 'content-length': '1000' }).headers.get('x-middleware-next'),
    ).toBe('1');
    expect(
      proxy(
        request('/api/auth/callback/credentials', { method: 'POST', headers: { 'content-length': String(20_000) } }),
      ).status,
    ).toBe(413);
  });

  it('refuses a post to a page without an Origin (a server action Next would answer with 500), not to the sign-in service', async () => {
    const headers = {
      'content-type': 'text/plain;charset=UTF-8',
      'content-length': '2',
      'next-action': 'f'.repeat(42),
    };
    for (const path of ['/admin/sources/new', '/monuments/temple-of-bel', '/ar', '/en/sites']) {
      const res = proxy(request(path, { method: 'POST', headers }));
      expect(res.status, path).toBe(403);
      expect(await res.text(), path).toMatch(/did not say which website sent it|لم يذكر هذا النموذج/);
    }
    const own = proxy(
      request('/admin/sources/new', {
        method: 'POST',
        headers: { ...headers, origin: 'https://registry.example.org' },
      }),
    );
    expect(own.headers.get('x-middleware-next')).toBe('1');
    const signIn = proxy(
      request('/api/auth/callback/credentials', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '10' },
      }),
    );
    expect(signIn.headers.get('x-middleware-next')).toBe('1');
  });

  it('is not run for the import upload, whose body Next would otherwise buffer', () => {
    const withBody = mod.config.matcher.filter((m): m is Exclude<typeof m, string> => typeof m !== 'string');
    const source = withBody.find((m) => m.has?.[0]?.key === 'content-type')!.source;
    const inner = new RegExp(`^/(?:${/^\/:path\((.*)\)$/.exec(source)![1]})$`);
    expect(inner.test('/api/curator/imports')).toBe(false);
    for (const p of ['/admin/import', '/api/curator/sources', '/monuments/temple-of-bel', '/api/curator/imports-x'])
      expect(inner.test(p), p).toBe(true);
  });
});
