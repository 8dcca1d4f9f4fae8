import { describe, expect, it } from 'vitest';
import { PageCache, installPageCache, purgePageCache, type CachedPage } from '@/lib/page-cache';

const page = (text: string, lifetimeMs = 60_000): CachedPage => {
  const body = Buffer.from(text);
  return { status: 200, headers: { 'content-type': 'text/html' }, parts: [body], bytes: body.length, expiresAt: Date.now() + lifetimeMs };
};
const text = (p: CachedPage | undefined) => p && Buffer.concat(p.parts).toString();

describe('the page cache in front of Next (server.js)', () => {
  it('keeps pages until a purge, which the app reaches through purgePageCache()', () => {
    const cache = new PageCache({ maxBytes: 1024 * 1024 });
    installPageCache(cache);
    cache.set('/monuments/temple-of-bel', page('Temple of Bel'), cache.generation);
    expect(text(cache.get('/monuments/temple-of-bel'))).toBe('Temple of Bel');
    purgePageCache();
    expect(cache.get('/monuments/temple-of-bel')).toBeUndefined();
    expect(cache.bytes).toBe(0);
  });

  it('drops a page whose request began before a purge: it may show data older than the change', () => {
    const cache = new PageCache({ maxBytes: 1024 * 1024 });
    const started = cache.generation;
    cache.purge(); // a curator's change lands while the page is being rendered
    cache.set('/sites/palmyra', page('before the change'), started);
    expect(cache.get('/sites/palmyra')).toBeUndefined();
    cache.set('/sites/palmyra', page('after the change'), cache.generation);
    expect(text(cache.get('/sites/palmyra'))).toBe('after the change');
  });

  it('forgets pages past their s-maxage, and the least recently used first when full', () => {
    const cache = new PageCache({ maxBytes: 64 });
    cache.set('/old', page('x'.repeat(8), -1), cache.generation);
    expect(cache.get('/old')).toBeUndefined();
    cache.set('/a', page('a'.repeat(8)), cache.generation);
    cache.set('/b', page('b'.repeat(8)), cache.generation);
    cache.get('/a'); // /b is now the least recently used
    for (const key of ['/c', '/d', '/e', '/f', '/g', '/h', '/i']) cache.set(key, page('c'.repeat(8)), cache.generation);
    expect(cache.get('/b')).toBeUndefined();
    expect(text(cache.get('/a'))).toBe('a'.repeat(8));
    expect(cache.bytes).toBeLessThanOrEqual(64);
  });
});
