/**
 * Who a client is, for sign-in throttling and rate limits, on servers of their own: with TRUST_PROXY=0 (the default)
 * the connection's address, whatever headers say; with TRUST_PROXY=1 the last X-Forwarded-For hop (nginx's). Clients
 * get distinct addresses by binding distinct loopback source addresses (127.0.0.2, 127.0.0.3…).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase, startServer, type TestServer } from '../support/server';
import { request, signIn } from '../support/from-address';

const WAIT = /^locked:\d+s$/;

function setUp(name: string, env: Record<string, string>) {
  const admin = { email: `${name}-admin@example.org`, password: `${name}-admin-password-0123` };
  let dir = '';
  const state = {
    admin,
    server: undefined as unknown as TestServer,
    databasePath: '',
    /** The remembered failures of `email`'s account, per client address (read from the server's SQLite file). */
    failures(email: string): Record<string, number> {
      const db = new Database(state.databasePath, { readonly: true });
      try {
        const rows = db
          .prepare("SELECT key, failures FROM login_throttle WHERE key LIKE 'account:' || ? || '|client:%'")
          .all(email) as { key: string; failures: number }[];
        return Object.fromEntries(rows.map((r) => [r.key.slice(r.key.lastIndexOf('|client:') + 8), r.failures]));
      } finally {
        db.close();
      }
    },
  };
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `registry-${name}-`));
    state.databasePath = path.join(dir, 'registry.db');
    prepareDatabase(state.databasePath, admin);
    state.server = await startServer({ databasePath: state.databasePath, env });
  });
  afterAll(async () => {
    await state.server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return state;
}

describe('TRUST_PROXY=0 (the default): the connection’s address, two workers', () => {
  const s = setUp('socket', { WEB_CONCURRENCY: '2', RATE_LIMIT_API_PER_MINUTE: '5' });

  it("an attacker's 50 failures from one address slow it down, never lock the admin out, and the admin sees them", async () => {
    const { baseUrl } = s.server;
    const answers: (string | null)[] = [];
    // Five streams of ten attempts each, at once (spread over both workers: a new connection each time).
    const attack = Promise.all(
      Array.from({ length: 5 }, async (_, stream) => {
        for (let i = 0; i < 10; i++)
          answers.push((await signIn(baseUrl, '127.0.0.2', s.admin.email, `guess-${stream}-${i}`)).error);
      }),
    );
    // The rightful admin signs in from an address of their own while the attack goes on.
    const deadline = Date.now() + 30_000;
    while (answers.length < 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(answers.length).toBeGreaterThanOrEqual(10);
    const admin = await signIn(baseUrl, '127.0.0.3', s.admin.email, s.admin.password);
    await attack;
    expect(admin.error).toBeNull();
    expect((await request(baseUrl, '/admin', { from: '127.0.0.3', headers: { cookie: admin.cookie } })).status).toBe(
      200,
    );

    // Only the first four were plain failures; everything after waited, most without a password check.
    expect(answers).toHaveLength(50);
    expect(answers.filter((a) => a === 'CredentialsSignin')).toHaveLength(4);
    expect(answers.filter((a) => WAIT.test(a ?? ''))).toHaveLength(46);
    const checked = s.failures(s.admin.email)['127.0.0.2']!;
    expect(checked).toBeGreaterThanOrEqual(5);
    expect(checked).toBeLessThan(12);
    // (That the right password from the attacker's address waits too is tested with a clock of its own, in
    // tests/unit/auth.test.ts: here the wait may have run out by the time the attack ends.)

    // A failure from a third address; the admin's users page shows them all.
    expect((await signIn(baseUrl, '127.0.0.4', s.admin.email, 'another-guess')).error).toBe('CredentialsSignin');
    const counts = s.failures(s.admin.email);
    expect(Object.keys(counts).sort()).toEqual(['127.0.0.2', '127.0.0.4']); // no row for the admin's own address
    const page = await request(baseUrl, '/admin/users', { from: '127.0.0.3', headers: { cookie: admin.cookie } });
    expect(page.status).toBe(200);
    const text = page.body.replace(/<!-- -->/g, '').replace(/<[^>]+>/g, '');
    expect(text).toContain(`${checked + 1} failed sign-ins since `);
    expect(text).toContain('from 2 addresses.');
  });

  it('a rotating X-Forwarded-For or a forged client-address header escapes neither a 429 nor the sign-in throttle', async () => {
    const { baseUrl } = s.server;
    let n = 0;
    const forged = () => {
      n++;
      return {
        'x-forwarded-for': `198.51.100.${n}`,
        'x-real-ip': `203.0.113.${n}`,
        'x-registry-client-address': `192.0.2.${n}`,
      };
    };
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++)
      statuses.push((await request(baseUrl, '/api/v1/sites', { from: '127.0.0.5', headers: forged() })).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    // Another connection address has its own allowance.
    expect((await request(baseUrl, '/api/v1/sites', { from: '127.0.0.6' })).status).toBe(200);

    const answers: (string | null)[] = [];
    for (let i = 0; i < 7; i++)
      answers.push((await signIn(baseUrl, '127.0.0.7', s.admin.email, `forged-${i}`, forged)).error);
    expect(answers.slice(0, 4)).toEqual(Array(4).fill('CredentialsSignin'));
    for (const a of answers.slice(4)) expect(a).toMatch(WAIT);
    expect(Object.keys(s.failures(s.admin.email))).toContain('127.0.0.7');
    expect(Object.keys(s.failures(s.admin.email)).filter((k) => !k.startsWith('127.'))).toEqual([]);
  });
  it('the sign-in page says how long to wait, in seconds or minutes, in the reader’s language', async () => {
    const text = async (target: string) =>
      (await request(s.server.baseUrl, target, { from: '127.0.0.3' })).body.replace(/<!-- -->/g, '');
    expect(await text('/login?error=locked:1s')).toContain('Too many failed sign-ins. Wait 1 second, then try again.');
    expect(await text('/login?error=locked:7s')).toContain('Wait 7 seconds, then try again.');
    expect(await text('/login?error=locked:900s')).toContain('Wait 15 minutes, then try again.');
    expect(await text('/ar/login?error=locked:2s')).toContain('انتظر ثانيتين ثم حاول مجدداً');
  });
});

describe('TRUST_PROXY=1 (nginx in front): the last X-Forwarded-For hop', () => {
  const s = setUp('forwarded', { TRUST_PROXY: '1', RATE_LIMIT_API_PER_MINUTE: '5' });
  const via = (address: string) => ({ 'x-forwarded-for': address });

  it('counts each forwarded address on its own, for rate limits and for sign-in', async () => {
    const { baseUrl } = s.server;
    const get = async (forwardedFor: string) =>
      (await request(baseUrl, '/api/v1/sites', { from: '127.0.0.1', headers: via(forwardedFor) })).status;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push(await get('198.51.100.1'));
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    // A client may write earlier hops, not the one the proxy added.
    expect(await get('203.0.113.77, 198.51.100.1')).toBe(429);
    expect(await get('198.51.100.2')).toBe(200);

    const answers: (string | null)[] = [];
    for (let i = 0; i < 6; i++)
      answers.push((await signIn(baseUrl, '127.0.0.1', s.admin.email, `guess-${i}`, () => via('198.51.100.10'))).error);
    expect(answers.slice(0, 4)).toEqual(Array(4).fill('CredentialsSignin'));
    for (const a of answers.slice(4)) expect(a).toMatch(WAIT);
    const ok = await signIn(baseUrl, '127.0.0.1', s.admin.email, s.admin.password, () => via('198.51.100.11'));
    expect(ok.error).toBeNull();
    expect(Object.keys(s.failures(s.admin.email))).toEqual(['198.51.100.10']);
  });
});
