import { describe, expect, it } from 'vitest';
import { baseUrl } from './helpers';

async function get(path: string) {
  const res = await fetch(`${baseUrl()}${path}`, { redirect: 'manual' });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

describe('public pages over HTTP against a production build', () => {
  it('health check says the database is reachable and migrated', async () => {
    const res = await fetch(`${baseUrl()}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: { reachable: true, migrated: true } });
  });

  it('home lists seeded sites and monuments with their status', async () => {
    const { status, text } = await get('/');
    expect(status).toBe(200);
    expect(text).toContain('Site of Palmyra');
    expect(text).toContain('Hatra');
    expect(text).toMatch(/data-status="destroyed"[^>]*>Destroyed</);
    // The home page's latest events move with the data other tests add; the site page always lists its monuments.
    expect((await get('/sites/palmyra')).text).toContain('Temple of Bel');
  });

  it('the Temple of Bel page shows its destruction report dated 2015 and its sources', async () => {
    const { status, text } = await get('/monuments/temple-of-bel');
    expect(status).toBe(200);
    expect(text).toContain('<h1 class="record-name"><bdi lang="en">Temple of Bel</bdi>');
    expect(text).toContain('30 Aug 2015');
    expect(text).toContain('Satellite imagery analysis of the Temple of Bel, Palmyra');
    expect(text).toContain('UNITAR-UNOSAT');
    expect(text).toContain('Sources supporting this claim');
    expect(text).toMatch(/Destroyed — confirmed by satellite imagery, ngo \/ expert report, news, 30 Aug 2015/);
  });

  it('a contested claim shows the supporting and the disputing source', async () => {
    const { text } = await get('/monuments/palmyra-archaeological-area');
    expect(text).toContain('Sources disputing this claim');
    expect(text).toContain('Osama al-Khatib');
    expect(text).toContain('Syrian state TV');
    expect(text).toContain('Contested: sources disagree about this claim.');
  });

  it('the site page lists its monuments and links to UNESCO', async () => {
    const { status, text } = await get('/sites/palmyra');
    expect(status).toBe(200);
    expect(text).toContain('href="https://whc.unesco.org/en/list/23"');
    expect(text).toContain('Arch of Triumph');
  });

  it('an unknown slug answers 404 with the not-found page (search box included), not a 500', async () => {
    // In the HTML itself, not only in the page's data: readable without JavaScript (server.js renders it).
    for (const path of [
      '/monuments/no-such-monument',
      '/sites/nowhere',
      '/ar/monuments/no-such-monument',
      '/no/such/page',
    ]) {
      const { status, text } = await get(path);
      expect(status, path).toBe(404);
      expect(text, path).toMatch(/<form[^>]*role="search"[^>]*>.*?<input id="nf-q"[^>]*type="search"/);
      expect(text, path).toMatch(/<h1>(Page not found|الصفحة غير موجودة)<\/h1>/);
    }
  });

  it('serves a monument page from the cache on the second request', async () => {
    await get('/monuments/roman-theatre');
    const second = await get('/monuments/roman-theatre');
    expect(second.headers.get('x-page-cache')).toBe('hit');
    // HEAD: the same answer without a body, its length that of the page (uncompressed, as asked).
    const head = await fetch(`${baseUrl()}/monuments/roman-theatre`, {
      method: 'HEAD',
      headers: { 'accept-encoding': 'identity' },
    });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(second.text)));
    expect(await head.text()).toBe('');
  });

  it('compresses pages for clients that take gzip, whether or not the page was cached yet', async () => {
    // With a query string the page always comes through Next (never from the page layer); without, from the layer.
    for (const path of ['/ar/monuments/tetrapylon?ref=test', '/ar/monuments/tetrapylon', '/ar/monuments/tetrapylon']) {
      const res = await fetch(`${baseUrl()}${path}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(res.headers.get('content-encoding'), path).toBe('gzip');
      expect(await res.text(), path).toContain('</html>');
    }
  });
});
