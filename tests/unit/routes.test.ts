import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, normalizeTarget, ROUTES } from '@/lib/routes';
import { config as proxyConfig } from '../../proxy';

const ROOT = path.resolve(__dirname, '..', '..');

/** Every page and route handler under app/, as paths relative to the project. */
function appFiles(dir = path.join(ROOT, 'app')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return appFiles(full);
    return /^(page|route)\.(tsx?|jsx?)$/.test(entry.name) ? [path.relative(ROOT, full)] : [];
  });
}

/** An address that file answers: route groups dropped, each [param] a sample value, [locale] English. */
function sampleAddress(file: string): string {
  const segments = path
    .dirname(file)
    .split(path.sep)
    .slice(1)
    .filter((s) => !/^\(.*\)$/.test(s) && s !== '[locale]')
    .map((s) => (s.startsWith('[...') ? 'a/b' : s.startsWith('[') ? 'sample-1' : s));
  return `/${segments.join('/')}`;
}

/** A path a matcher source of the proxy matches (the one plain-string source: `/:path(regex)`). */
const proxyMatches = (pathname: string) => {
  const source = proxyConfig.matcher[0] as string;
  const inner = /^\/:path\((.*)\)$/.exec(source)![1]!;
  return new RegExp(`^/(?:${inner})$`).test(pathname);
};

describe('the route table', () => {
  it('classifies every page and route handler under app/, in both languages, as the file that answers it', () => {
    const files = appFiles();
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const address = sampleAddress(file);
      const { route } = classify(address);
      expect(route.file, `${file} (${address})`).toBe(file.split(path.sep).join('/'));
      if (route.localized && address !== '/a/b')
        expect(classify(`/ar${address === '/' ? '' : address}`).route.file, `/ar${address}`).toBe(route.file);
    }
    // Every file the table names exists: a renamed page cannot leave a stale entry behind.
    for (const route of ROUTES)
      if (route.file) expect(fs.existsSync(path.join(ROOT, route.file)), route.file).toBe(true);
  });

  it('says which pages are shared, which are per request, and which limits apply', () => {
    const kind = (p: string) => classify(p).route.kind;
    for (const p of ['/', '/ar', '/monuments/temple-of-bel', '/ar/sites/palmyra', '/sites', '/changes', '/export'])
      expect(kind(p), p).toBe('public-page');
    for (const p of ['/admin', '/ar/admin/reports/new', '/admin/history/report/3'])
      expect(kind(p), p).toBe('curator-page');
    expect(kind('/monuments')).toBe('dynamic-page');
    expect(kind('/login')).toBe('auth-page');
    expect(kind('/api/v1/monuments/temple-of-bel')).toBe('api');
    expect(kind('/export/reports.csv')).toBe('download');
    expect(kind('/_next/static/chunks/a.js')).toBe('static');
    expect(kind('/favicon.ico')).toBe('static');
    // Feeds, sitemaps and robots.txt are answers with a file name, versioned like the API (a dot alone means a file).
    for (const p of [
      '/changes.atom',
      '/ar/changes.atom',
      '/sites/palmyra/changes.atom',
      '/ar/monuments/x/changes.atom',
    ])
      expect(kind(p), p).toBe('api');
    for (const p of ['/sitemap.xml', '/sitemap-3.xml', '/robots.txt']) expect(kind(p), p).toBe('api');
    expect(classify('/sitemap-3.xml').params).toEqual({ part: '3' });
    expect(classify('/sitemap-.xml').route.kind).toBe('static');
    expect(classify('/no/such.atom').route.kind).toBe('static');
    // Preview images are kept like their record's page and dropped with it.
    expect(classify('/monuments/temple-of-bel/preview.png')).toMatchObject({ scopeKey: 'monument:temple-of-bel' });
    expect(classify('/ar/sites/palmyra/preview.png')).toMatchObject({ scopeKey: 'site:palmyra', locale: 'ar' });
    expect(classify('/sites/palmyra/preview.png').route.methods).toEqual(['GET', 'HEAD']);
    expect(classify('/monuments/temple-of-bel').scopeKey).toBe('monument:temple-of-bel');
    expect(classify('/ar/sites/palmyra').scopeKey).toBe('site:palmyra');
    expect(classify('/changes').scopeKey).toBe('all');
    expect(classify('/no/such/page').scopeKey).toBeUndefined();
    expect(classify('/ar/monuments').route.limit).toBe('search');
    expect(classify('/api/v1/sites').route.limit).toBe('api');
    expect(classify('/export/sites.csv').route.limit).toBe('export');
    for (const p of ['/', '/monuments/temple-of-bel', '/export', '/api/health', '/login'])
      expect(classify(p).route.limit, p).toBeUndefined();
    // Import files stream to their own route; the import page takes forms like any other.
    expect(classify('/admin/import').route.body).toBe('form');
    expect(classify('/api/curator/imports').route).toMatchObject({ body: 'import', methods: ['POST'] });
    expect(classify('/api/auth/callback/credentials').route.body).toBe('small');
  });

  it('names the methods each route answers: pages take POST (server actions), the API and downloads only reads', () => {
    const methods = (p: string) => classify(p).route.methods;
    for (const p of ['/', '/ar/monuments/temple-of-bel', '/monuments', '/login', '/admin/import', '/en/sites', '/x/y'])
      expect(methods(p), p).toEqual(['GET', 'HEAD', 'POST']);
    for (const p of ['/api/v1/monuments', '/export/reports.csv', '/api/health', '/api/curator/sources', '/favicon.ico'])
      expect(methods(p), p).toEqual(['GET', 'HEAD']);
    expect(methods('/api/auth/callback/credentials')).toEqual(['GET', 'HEAD', 'POST']);
    for (const route of ROUTES) for (const m of route.methods) expect(['GET', 'HEAD', 'POST']).toContain(m);
  });

  it("agrees with the proxy's matcher: it runs for every page rendered per request and for no shared answer", () => {
    for (const route of ROUTES) {
      if (!route.file || route.file.includes('[...')) continue;
      const address = sampleAddress(route.file);
      for (const p of route.localized ? [address, `/ar${address === '/' ? '' : address}`] : [address]) {
        const perRequest = ['dynamic-page', 'auth-page', 'curator-page'].includes(route.kind);
        expect(proxyMatches(p.slice(1) ? p : '/'), `${p} (${route.kind})`).toBe(perRequest);
      }
    }
  });

  it('refuses targets that Next would read as another address, and keeps ordinary ones as they are', () => {
    for (const t of [
      '/_next/../changes',
      '/api/../monuments/temple-of-bel',
      '/export/../changes',
      '/monuments/%2e%2e/changes',
      '/monuments/.%2E/x',
      '/monuments%2ftemple-of-bel',
      '/monuments/temple-of-bel%2F',
      '//monuments/temple-of-bel',
      '/monuments//temple-of-bel',
      '/monuments/./temple-of-bel',
      '/monuments/temple-of-bel/.',
      '/monuments/temple-of-bel#x',
      '/monuments\\temple-of-bel',
      '/monuments/%5ctemple',
      '/monuments/%FF',
      'monuments',
      'http://evil.example/',
    ]) {
      expect(normalizeTarget(t), t).toEqual({ ok: false, problem: 'badAddress' });
    }
    expect(normalizeTarget('/monuments/temple-of-bel?q=../x')).toEqual({
      ok: true,
      pathname: '/monuments/temple-of-bel',
      search: '?q=../x',
    });
    expect(normalizeTarget('/monuments/temple-of-bel/')).toEqual({
      ok: true,
      pathname: '/monuments/temple-of-bel',
      search: '',
    });
    expect(normalizeTarget('/ar/monuments/%D9%85')).toEqual({ ok: true, pathname: '/ar/monuments/%D9%85', search: '' });
  });
});
