import { describe, expect, it } from 'vitest';
import { PageCache, type CachedPage } from '@/lib/page-cache';

const page = (text: string, scope: string | null = 'monument:temple-of-bel'): CachedPage => {
  const body = Buffer.from(text);
  return {
    status: 200,
    headers: { 'content-type': 'text/html' },
    body,
    gzipped: null,
    etag: `W/"${text}"`,
    scope,
    bytes: body.length,
  };
};
const text = (p: CachedPage | undefined) => p?.body.toString();

describe('the page cache of each server process (server.js)', () => {
  it('drops only the pages of the scopes that changed', () => {
    const cache = new PageCache({ maxBytes: 1024 * 1024 });
    cache.set('/monuments/temple-of-bel', page('Bel'), cache.epoch);
    cache.set('/ar/monuments/temple-of-bel', page('بل'), cache.epoch);
    cache.set('/monuments/arch', page('Arch', 'monument:arch'), cache.epoch);
    cache.set('/', page('Home', 'all'), cache.epoch);
    cache.invalidate(['monument:temple-of-bel', 'all']);
    expect(cache.get('/monuments/temple-of-bel')).toBeUndefined();
    expect(cache.get('/ar/monuments/temple-of-bel')).toBeUndefined();
    expect(cache.get('/')).toBeUndefined();
    expect(text(cache.get('/monuments/arch'))).toBe('Arch');
    expect(cache.bytes).toBe(4);
    cache.purge();
    expect(cache.get('/monuments/arch')).toBeUndefined();
    expect(cache.bytes).toBe(0);
  });

  it('never keeps a page whose data changed while it was being rendered, nor one without a scope', () => {
    const cache = new PageCache({ maxBytes: 1024 * 1024 });
    const began = cache.epoch;
    cache.invalidate(['monument:temple-of-bel']);
    expect(cache.set('/monuments/temple-of-bel', page('old Bel'), began)).toBe(false);
    expect(cache.set('/monuments/arch', page('Arch', 'monument:arch'), began)).toBe(true); // another scope: fine
    expect(cache.set('/monuments/temple-of-bel', page('new Bel'), cache.epoch)).toBe(true);
    expect(cache.set('/no-such-page', page('404', null), cache.epoch)).toBe(false);
    const beforePurge = cache.epoch;
    cache.purge();
    expect(cache.set('/monuments/arch', page('Arch', 'monument:arch'), beforePurge)).toBe(false);
  });

  it('stays within its byte bound, dropping the least recently used first', () => {
    const cache = new PageCache({ maxBytes: 80 });
    for (const k of ['a', 'b', 'c', 'd']) cache.set(`/${k}`, page(k.repeat(10), `monument:${k}`), cache.epoch);
    cache.get('/a');
    for (const k of ['e', 'f', 'g', 'h', 'i']) cache.set(`/${k}`, page(k.repeat(10), `monument:${k}`), cache.epoch);
    expect(cache.bytes).toBeLessThanOrEqual(80);
    expect(text(cache.get('/a'))).toBe('a'.repeat(10));
    expect(cache.get('/b')).toBeUndefined();
    cache.invalidate(['monument:i']);
    expect(cache.get('/i')).toBeUndefined();
    expect(cache.bytes).toBe(cache.size * 10);
  });
});
