import fs from 'node:fs';
import { describe, expect, it, inject } from 'vitest';
import { baseUrl } from './helpers';
import { curator, httpSignIn, pageText } from './curator-helpers';

describe('curator access over HTTP', () => {
  it('sends anonymous visitors of curator pages to the sign-in page, in their language', async () => {
    const en = await fetch(`${baseUrl()}/admin/review`, { redirect: 'manual' });
    expect(en.status).toBe(307);
    expect(en.headers.get('location')).toMatch(/\/login\?callbackUrl=%2Fadmin(%2Freview)?$/);
    const ar = await fetch(`${baseUrl()}/ar/admin`, { redirect: 'manual' });
    expect(ar.headers.get('location')).toMatch(/\/ar\/login\?callbackUrl=%2Far%2Fadmin$/);
    const login = await pageText('/login');
    expect(login.status).toBe(200);
    expect(login.text).toContain('Curator sign-in');
    expect(login.headers.get('cache-control')).toMatch(/no-store/);
  });

  it('answers 401 to anonymous API callers and 403 to a signed-in user without the role', async () => {
    expect((await fetch(`${baseUrl()}/api/curator/sources?q=UNOSAT`)).status).toBe(401);
    const { cookie, error } = await httpSignIn(curator('contributor').email, curator('contributor').password);
    expect(error).toBeNull();
    const api = await fetch(`${baseUrl()}/api/curator/sources?q=UNOSAT`, { headers: { cookie } });
    expect(api.status).toBe(200);
    expect(((await api.json()) as { sources: { publisher: string }[] }).sources[0]).toMatchObject({
      publisher: 'UNITAR-UNOSAT',
    });
    // The report form's monument picker: curators only; any text a curator types is a query, never an error.
    expect((await fetch(`${baseUrl()}/api/curator/monuments?q=bel`)).status).toBe(401);
    const found = await fetch(`${baseUrl()}/api/curator/monuments?q=bel`, { headers: { cookie } });
    expect(found.headers.get('cache-control')).toMatch(/no-store/);
    expect(((await found.json()) as { monuments: { slug: string }[] }).monuments.map((m) => m.slug)).toContain(
      'temple-of-bel',
    );
    for (const q of ['"', 'a" OR "b', 'NEAR(', '*', '#abc', "' or 1=1 --", 'x'.repeat(5000)]) {
      const res = await fetch(`${baseUrl()}/api/curator/monuments?q=${encodeURIComponent(q)}`, { headers: { cookie } });
      expect(res.status, q.slice(0, 20)).toBe(200);
      expect(Array.isArray(((await res.json()) as { monuments: unknown[] }).monuments), q.slice(0, 20)).toBe(true);
    }
    // The monument form's site picker: the same rules (a contributor may propose a monument's new site).
    expect((await fetch(`${baseUrl()}/api/curator/sites?q=palmyra`)).status).toBe(401);
    const sites = await fetch(`${baseUrl()}/api/curator/sites?q=palmyra`, { headers: { cookie } });
    expect(sites.headers.get('cache-control')).toMatch(/no-store/);
    expect(((await sites.json()) as { sites: { slug: string }[] }).sites.map((s) => s.slug)).toContain('palmyra');
    for (const q of ['"', 'a" OR "b', 'NEAR(', '*', '#abc', "' or 1=1 --", 'x'.repeat(5000)]) {
      const res = await fetch(`${baseUrl()}/api/curator/sites?q=${encodeURIComponent(q)}`, { headers: { cookie } });
      expect(res.status, q.slice(0, 20)).toBe(200);
      expect(Array.isArray(((await res.json()) as { sites: unknown[] }).sites), q.slice(0, 20)).toBe(true);
    }
    expect((await pageText('/admin', cookie)).status).toBe(200);
    expect((await pageText('/admin/users', cookie)).status).toBe(403);
    expect((await pageText('/admin/review', cookie)).status).toBe(403);
    expect((await pageText('/admin/sites/new', cookie)).status).toBe(403);
  });

  it('curator pages are never cached or shared between users', async () => {
    const { cookie } = await httpSignIn(curator('editor').email, curator('editor').password);
    const first = await pageText('/admin', cookie);
    expect(first.text).toContain('Signed in as Eli Editor (Editor).');
    expect(first.headers.get('cache-control')).toMatch(/private|no-store/);
    expect(first.headers.get('x-page-cache')).toBeNull();
    expect(first.headers.get('etag')).toBeNull();
    const anonymous = await fetch(`${baseUrl()}/admin`, { redirect: 'manual' });
    expect(anonymous.status).toBe(307);
  });

  it('slows down an account and address after 5 failures, with a clear wait, and lets the right password in from another address', async () => {
    const { email, password } = curator('throttled');
    const ip = '198.51.100.77'; // a distinct address, so other tests' sign-ins from 127.0.0.1 are not counted
    const answers: (string | null)[] = [];
    const bodies: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const r = await httpSignIn(email, `wrong-password-${i}-e2e`, ip);
      answers.push(r.error);
      bodies.push(...r.bodies);
      expect(r.status).toBe(401);
    }
    expect(answers.slice(0, 4)).toEqual([
      'CredentialsSignin',
      'CredentialsSignin',
      'CredentialsSignin',
      'CredentialsSignin',
    ]);
    expect(answers[4]).toMatch(/^locked:\d+s$/);
    // No account lock: the rightful user, from an address of their own, gets in during the wait.
    const right = await httpSignIn(email, password, '198.51.100.78');
    expect(right.error).toBeNull();
    expect((await pageText('/admin', right.cookie)).status).toBe(200);
    bodies.push(...right.bodies);
    for (const body of bodies) {
      expect(body).not.toContain(password);
      expect(body).not.toMatch(/wrong-password-\d-e2e/);
    }
  });

  it('blocks an address that tries many accounts, even with the right password, but not the accounts elsewhere', async () => {
    const ip = '198.51.100.90';
    let last: string | null = null;
    for (let i = 0; i < 20; i++) last = (await httpSignIn(`nobody${i}@e2e.test`, 'guess-password', ip)).error;
    expect(last).toMatch(/^locked:(89\d|900)s$/);
    // The editor is refused from that address, but not from their own.
    expect((await httpSignIn(curator('editor').email, curator('editor').password, ip)).error).toMatch(
      /^locked:(89\d|900)s$/,
    );
    expect((await httpSignIn(curator('editor').email, curator('editor').password, '198.51.100.91')).error).toBeNull();
  });

  it('never writes a password to the server log', async () => {
    await httpSignIn(curator('editor').email, 'typo-in-password-e2e-4471');
    await httpSignIn(curator('editor').email, curator('editor').password);
    const log = fs.readFileSync(inject('serverLog'), 'utf8');
    expect(log.length).toBeGreaterThan(0);
    for (const c of Object.values(inject('curators'))) expect(log).not.toContain(c.password);
    expect(log).not.toContain('typo-in-password-e2e-4471');
    expect(log).not.toMatch(/wrong-password-\d-e2e/);
  });
});
