import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('next/headers', () => import('../setup/request-context'));
vi.mock('next/cache', () => import('../setup/request-context'));
vi.mock('next/server', () => import('../setup/request-context'));
import { freshDatabase } from '../setup/test-db';
import { outcome, resetRequest, signIn } from '../setup/request-context';
import { CURATORS, createCurators } from '../setup/curators';
import { openDatabase, transaction, setSharedDatabase, type Db } from '@/db';
import { currentUser, requireRole } from '@/lib/auth';
import { authenticate } from '@/lib/auth/credentials';
import { hashPassword, verifyPassword } from '@/lib/auth/passwords';
import { authSecret, loadOrCreateLocalSecret } from '@/lib/auth/secret';
import { resetConfig } from '@/lib/config';
import { getUserByEmail, setUserDisabled, setUserPassword, updateUserRole } from '@/db/queries/users';
import { ensureFirstAdmin } from '@/scripts/first-admin';
import { addUserFromCli } from '@/scripts/user-add';
import { GET as sourcesRoute } from '@/app/api/curator/sources/route';

let db: Db;
let ids: Awaited<ReturnType<typeof createCurators>>;
beforeEach(async () => {
  db = freshDatabase();
  resetRequest();
  ids = await createCurators();
});

const rows = (sql: string, ...params: unknown[]) => db.$client.prepare(sql).all(...params);

describe('passwords', () => {
  it('are stored as argon2id hashes, never as typed', async () => {
    const row = db.$client.prepare('SELECT password_hash FROM users WHERE email = ?').get(CURATORS.editor.email) as {
      password_hash: string;
    };
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(JSON.stringify(rows('SELECT * FROM users'))).not.toContain(CURATORS.editor.password);
    expect(JSON.stringify(rows('SELECT * FROM revisions'))).not.toContain('password_hash');
    expect(await verifyPassword(row.password_hash, CURATORS.editor.password)).toBe(true);
    expect(await verifyPassword(row.password_hash, 'wrong')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});

describe('signing in with next-auth', () => {
  it('issues a session that the guard accepts, with the role read from the users table', async () => {
    const result = await signIn(CURATORS.editor.email, CURATORS.editor.password);
    expect(result).toMatchObject({ status: 200, error: null });
    expect(await currentUser()).toEqual({
      id: ids.editor,
      email: CURATORS.editor.email,
      name: CURATORS.editor.name,
      role: 'editor',
    });
    expect((await requireRole('editor')).id).toBe(ids.editor);
  });

  it('accepts the email in any case and with spaces around it', async () => {
    expect((await signIn(`  ${CURATORS.editor.email.toUpperCase()} `, CURATORS.editor.password)).error).toBeNull();
  });

  it('refuses a wrong password or an unknown email with the same answer, and sets no session', async () => {
    const wrong = await signIn(CURATORS.editor.email, 'not-the-password');
    const unknown = await signIn('nobody@registry.test', 'whatever-password');
    expect(wrong).toMatchObject({ status: 401, error: 'CredentialsSignin' });
    expect(unknown).toMatchObject({ status: 401, error: 'CredentialsSignin' });
    expect(await currentUser()).toBeNull();
  });

  it('ignores a forged or foreign session cookie', async () => {
    await signIn(CURATORS.editor.email, CURATORS.editor.password);
    // The same cookie checked with another secret: as if it had been forged, or issued by another deployment.
    process.env.AUTH_SECRET = 'another-secret-another-secret-another-secret-123';
    resetConfig();
    try {
      expect(await currentUser()).toBeNull();
    } finally {
      process.env.AUTH_SECRET = 'unit-test-secret-0123456789-0123456789-abcdef';
      resetConfig();
    }
    expect((await currentUser())?.id).toBe(ids.editor);
  });
});

describe('sessions end when the user row changes', () => {
  it('a disabled user is signed out at once and cannot sign in again', async () => {
    await signIn(CURATORS.editor.email, CURATORS.editor.password);
    transaction((tx) => setUserDisabled(tx, ids.editor, true, { userId: ids.admin }));
    expect(await currentUser()).toBeNull();
    expect(await outcome(() => requireRole('contributor'))).toEqual({ kind: 'redirect', to: '/login' });
    expect((await signIn(CURATORS.editor.email, CURATORS.editor.password)).error).toBe('CredentialsSignin');
  });

  it('a role change ends existing sessions; signing in again gives the new role', async () => {
    await signIn(CURATORS.editor.email, CURATORS.editor.password);
    transaction((tx) => updateUserRole(tx, ids.editor, 'contributor', { userId: ids.admin }));
    expect(await currentUser()).toBeNull();
    await signIn(CURATORS.editor.email, CURATORS.editor.password);
    expect((await currentUser())?.role).toBe('contributor');
    expect(await outcome(() => requireRole('editor'))).toEqual({ kind: 'forbidden' });
  });

  it('a password reset ends existing sessions and only the new password works', async () => {
    await signIn(CURATORS.contributor.email, CURATORS.contributor.password);
    const hash = await hashPassword('a-brand-new-password');
    transaction((tx) => setUserPassword(tx, ids.contributor, hash, { userId: ids.admin }));
    expect(await currentUser()).toBeNull();
    expect((await signIn(CURATORS.contributor.email, CURATORS.contributor.password)).error).toBe('CredentialsSignin');
    expect((await signIn(CURATORS.contributor.email, 'a-brand-new-password')).error).toBeNull();
  });

  it('the last active administrator cannot be disabled or demoted', () => {
    expect(transaction((tx) => setUserDisabled(tx, ids.admin, true, { userId: ids.admin }))).toEqual({
      ok: false,
      reason: 'lastAdmin',
    });
    expect(transaction((tx) => updateUserRole(tx, ids.admin, 'editor', { userId: ids.admin }))).toEqual({
      ok: false,
      reason: 'lastAdmin',
    });
    expect(getUserByEmail(db, CURATORS.admin.email)).toMatchObject({ role: 'admin', disabledAt: null });
  });
});

describe('the guard', () => {
  it('sends anonymous visitors to the sign-in page, with where they were going', async () => {
    expect(await outcome(() => requireRole('contributor', { returnTo: '/admin/review' }))).toEqual({
      kind: 'redirect',
      to: '/login?callbackUrl=%2Fadmin%2Freview',
    });
    expect(await outcome(() => requireRole('editor', { locale: 'ar', returnTo: '//evil.example' }))).toEqual({
      kind: 'redirect',
      to: '/ar/login',
    });
  });

  it('answers 403 to a signed-in user without the role, following admin > editor > contributor', async () => {
    await signIn(CURATORS.contributor.email, CURATORS.contributor.password);
    expect(await outcome(() => requireRole('contributor'))).toMatchObject({ kind: 'state' });
    expect(await outcome(() => requireRole('editor'))).toEqual({ kind: 'forbidden' });
    await signIn(CURATORS.editor.email, CURATORS.editor.password);
    expect(await outcome(() => requireRole('editor'))).toMatchObject({ kind: 'state' });
    expect(await outcome(() => requireRole('admin'))).toEqual({ kind: 'forbidden' });
    await signIn(CURATORS.admin.email, CURATORS.admin.password);
    for (const role of ['contributor', 'editor', 'admin'] as const)
      expect(await outcome(() => requireRole(role))).toMatchObject({ kind: 'state' });
  });

  it('answers 401 to anonymous callers of a restricted route handler', async () => {
    const refused = await sourcesRoute(new Request('http://localhost/api/curator/sources?q=UNOSAT'));
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { status: number } }).error.status).toBe(401);
    await signIn(CURATORS.contributor.email, CURATORS.contributor.password);
    const res = await sourcesRoute(new Request('http://localhost/api/curator/sources'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sources: [] });
  });
});

describe('login throttling', () => {
  const at = (seconds: number) => new Date(Date.parse('2026-01-01T10:00:00Z') + seconds * 1000);
  const wrong = (client: string, now?: Date, email: string = CURATORS.editor.email) =>
    authenticate(email, 'wrong', client, now);
  const right = (client: string, now?: Date) =>
    authenticate(CURATORS.editor.email, CURATORS.editor.password, client, now);

  it('slows down an account and address after 5 failures, even for the right password, but not another address', async () => {
    for (let i = 1; i <= 4; i++)
      expect((await signIn(CURATORS.editor.email, `wrong-${i}`, '192.0.2.1')).error).toBe('CredentialsSignin');
    expect((await signIn(CURATORS.editor.email, 'wrong-5', '192.0.2.1')).error).toBe('locked:1s');
    // Refused before the password is checked: from that address even the right one must wait.
    expect((await signIn(CURATORS.editor.email, CURATORS.editor.password, '192.0.2.1')).error).toBe('locked:1s');
    expect(await currentUser()).toBeNull();
    // The rightful user, from an address that has not failed, gets in at once.
    expect((await signIn(CURATORS.editor.email, CURATORS.editor.password, '192.0.2.99')).error).toBeNull();
    expect((await currentUser())?.id).toBe(ids.editor);
  });

  it('doubles the wait after each further failure, up to LOGIN_LOCK_MINUTES, and forgets it after a success', async () => {
    const c = '192.0.2.1';
    let t = 0;
    for (let i = 0; i < 4; i++) expect(await wrong(c, at(t))).toEqual({ ok: false, reason: 'invalid' });
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await wrong(c, at(t));
      if (r.ok || r.reason !== 'locked') throw new Error(`expected a wait, got ${JSON.stringify(r)}`);
      waits.push(r.retryAfterSeconds);
      // One second early: refused without a check; the wait does not grow.
      expect(await right(c, at(t + r.retryAfterSeconds - 1))).toEqual({
        ok: false,
        reason: 'locked',
        retryAfterSeconds: 1,
      });
      t += r.retryAfterSeconds;
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]);
    // The wait over, the right password works from that address too and the count is gone.
    expect((await right(c, at(t))).ok).toBe(true);
    expect(rows("SELECT * FROM login_throttle WHERE key LIKE 'account:%'")).toEqual([]);
    expect(await wrong(c, at(t))).toEqual({ ok: false, reason: 'invalid' });
  });

  it('forgets an address’s failures after LOGIN_LOCK_MINUTES of quiet once its wait has ended', async () => {
    for (let i = 0; i < 5; i++) await wrong('192.0.2.1', at(0));
    expect(await wrong('192.0.2.1', at(1))).toMatchObject({ reason: 'locked', retryAfterSeconds: 2 });
    // The last wait ended at 3 s; 15 minutes later the count starts again.
    expect(await wrong('192.0.2.1', at(3 + 900))).toEqual({ ok: false, reason: 'invalid' });
    expect(rows("SELECT failures FROM login_throttle WHERE key LIKE 'account:%'")).toEqual([{ failures: 1 }]);
  });

  it('never locks the account: 50 failures from 10 addresses leave the right password working from an 11th', async () => {
    for (let i = 0; i < 50; i++) await wrong(`203.0.113.${i % 10}`);
    expect((await right('203.0.113.200')).ok).toBe(true);
    // …and the administrator sees the failures that are still remembered for the account.
    const { accountThrottles } = await import('@/db/queries/login-throttle');
    const { throttlePolicy } = await import('@/lib/sign-in-throttle');
    const { config } = await import('@/lib/config');
    expect(accountThrottles(db, new Date(), throttlePolicy(config())).get(CURATORS.editor.email)).toMatchObject({
      failures: 50,
      addresses: 10,
    });
  });

  it('shows administrators the failures still remembered per account, and until when an address waits', async () => {
    const { accountThrottles } = await import('@/db/queries/login-throttle');
    const { throttlePolicy } = await import('@/lib/sign-in-throttle');
    const { config } = await import('@/lib/config');
    const seen = (seconds: number) => accountThrottles(db, at(seconds), throttlePolicy(config()));
    for (let i = 0; i < 5; i++) await wrong('192.0.2.1', at(0));
    await wrong('192.0.2.2', at(0));
    expect(seen(0.5).get(CURATORS.editor.email)).toEqual({
      failures: 6,
      addresses: 2,
      since: at(0).toISOString(),
      waitingUntil: at(1).toISOString(),
    });
    expect(seen(2).get(CURATORS.editor.email)).toMatchObject({ failures: 6, waitingUntil: null });
    expect(seen(1 + 900).get(CURATORS.editor.email)).toBeUndefined();
    expect(seen(0.5).get(CURATORS.admin.email)).toBeUndefined();
  });

  it('lets only as many attempts sent at once reach the password check as the address may still make', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, () => wrong('192.0.2.7', at(0))));
    expect(answers.filter((a) => !a.ok && a.reason === 'invalid')).toHaveLength(4);
    expect(answers.filter((a) => !a.ok && a.reason === 'locked')).toHaveLength(8);
    expect(rows("SELECT failures FROM login_throttle WHERE key LIKE 'account:%'")).toEqual([{ failures: 5 }]);
  });

  it('blocks an address after 20 failures across accounts, but not the same accounts from elsewhere', async () => {
    for (let i = 0; i < 19; i++)
      expect(await wrong('203.0.113.50', undefined, `guess${i}@registry.test`)).toEqual({
        ok: false,
        reason: 'invalid',
      });
    expect(await wrong('203.0.113.50', undefined, 'guess19@registry.test')).toEqual({
      ok: false,
      reason: 'locked',
      retryAfterSeconds: 900,
    });
    expect(await right('203.0.113.50')).toMatchObject({ ok: false, reason: 'locked' });
    expect((await right('203.0.113.51')).ok).toBe(true);
  });

  it('survives a restart: the counts live in SQLite', async () => {
    for (let i = 0; i < 5; i++) await wrong('192.0.2.1', at(0));
    const file = db.$client.name;
    db.$client.close();
    const reopened = openDatabase(file); // a new process would open the same file
    setSharedDatabase(reopened);
    db = reopened;
    expect(await right('192.0.2.1', at(0.5))).toEqual({ ok: false, reason: 'locked', retryAfterSeconds: 1 });
    expect((await right('192.0.2.2', at(0.5))).ok).toBe(true);
  });

  it('ignores the locks of older versions (one per account and per address)', async () => {
    const until = new Date(Date.now() + 3_600_000).toISOString();
    db.$client
      .prepare(
        'INSERT INTO login_throttle (key, failures, first_failure_at, locked_until) VALUES (?, 0, ?, ?), (?, 0, ?, ?)',
      )
      .run(
        `account:${CURATORS.editor.email}`,
        new Date().toISOString(),
        until,
        'ip:192.0.2.1',
        new Date().toISOString(),
        until,
      );
    expect((await right('192.0.2.1')).ok).toBe(true);
  });
  it('never stores or logs the password it was given', async () => {
    const log = vi.spyOn(console, 'log');
    const warn = vi.spyOn(console, 'warn');
    await signIn(CURATORS.editor.email, 'secret-typo-7788');
    await signIn(CURATORS.editor.email, CURATORS.editor.password);
    const dump = JSON.stringify([
      rows('SELECT * FROM login_throttle'),
      rows('SELECT * FROM revisions'),
      rows('SELECT * FROM users'),
    ]);
    expect(dump).not.toContain('secret-typo-7788');
    expect(dump).not.toContain(CURATORS.editor.password);
    const printed = JSON.stringify([...log.mock.calls, ...warn.mock.calls]);
    expect(printed).not.toContain('secret-typo-7788');
    expect(printed).not.toContain(CURATORS.editor.password);
    log.mockRestore();
    warn.mockRestore();
  });
});

describe('secrets and the first administrator', () => {
  const withEnv = async (env: Record<string, string | undefined>, fn: () => unknown) => {
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
    resetConfig();
    try {
      return await fn();
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      resetConfig();
    }
  };

  it('requires AUTH_SECRET in production, accepts NEXTAUTH_SECRET, and rejects a short one', async () => {
    await withEnv({ NODE_ENV: 'production', AUTH_SECRET: undefined, NEXTAUTH_SECRET: undefined }, () => {
      expect(() => authSecret()).toThrow(/AUTH_SECRET is required in production/);
    });
    await withEnv({ NODE_ENV: 'production', AUTH_SECRET: undefined, NEXTAUTH_SECRET: 'n'.repeat(40) }, () => {
      expect(authSecret()).toBe('n'.repeat(40));
    });
    await withEnv({ AUTH_SECRET: 'short' }, () => {
      expect(() => authSecret()).toThrow(/AUTH_SECRET must be at least 32 characters/);
    });
  });

  it('creates a local secret file once, readable by its owner only, and reuses it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secret-'));
    await withEnv({ DATABASE_URL: path.join(dir, 'registry.db') }, () => {
      const first = loadOrCreateLocalSecret();
      expect(first).toMatchObject({ created: true, file: path.join(dir, 'auth-secret') });
      expect(first.secret.length).toBeGreaterThanOrEqual(32);
      expect(fs.statSync(first.file).mode & 0o777).toBe(0o600);
      expect(loadOrCreateLocalSecret()).toEqual({ ...first, created: false });
    });
  });

  it('creates the first administrator from ADMIN_EMAIL and ADMIN_PASSWORD only while no user exists', async () => {
    db.$client.prepare('DELETE FROM users').run();
    await withEnv({ ADMIN_EMAIL: 'First@Registry.test', ADMIN_PASSWORD: 'short' }, () => {
      expect(() => ensureFirstAdmin()).toThrow(
        'Cannot create the first administrator: check ADMIN_PASSWORD (at least 12 characters).',
      );
    });
    await withEnv({ ADMIN_EMAIL: 'First@Registry.test', ADMIN_PASSWORD: 'first-admin-password' }, () => {
      expect(ensureFirstAdmin()).toEqual({ created: true, email: 'first@registry.test' });
      expect(ensureFirstAdmin()).toEqual({ created: false });
    });
    expect(rows('SELECT email, role FROM users')).toEqual([{ email: 'first@registry.test', role: 'admin' }]);
    expect(await authenticate('first@registry.test', 'first-admin-password', '192.0.2.1')).toMatchObject({ ok: true });
  });

  it('npm run user:add adds a user with the password from PASSWORD, and explains bad input', async () => {
    await withEnv({ DATABASE_URL: db.$client.name }, async () => {
      expect(
        await addUserFromCli(['--email', 'New@Registry.test', '--name', 'New Person', '--role', 'editor'], {
          PASSWORD: 'cli-password-123',
        }),
      ).toMatch(/^Added editor new@registry\.test \(id \d+\)/);
      await expect(
        addUserFromCli(['--email', 'new@registry.test', '--name', 'Again', '--role', 'editor'], {
          PASSWORD: 'cli-password-123',
        }),
      ).rejects.toThrow('already exists');
      await expect(
        addUserFromCli(['--email', 'x', '--name', 'X', '--role', 'boss'], { PASSWORD: 'short' }),
      ).rejects.toThrow(
        '--email: not an email address\n--role: one of admin, editor, contributor\nPASSWORD: at least 12 characters',
      );
      await expect(addUserFromCli(['--email', 'y@registry.test', '--name', 'Y'], {})).rejects.toThrow(
        /set the PASSWORD environment variable/,
      );
    });
    expect(await authenticate('new@registry.test', 'cli-password-123', '192.0.2.1')).toMatchObject({
      ok: true,
      user: { role: 'editor' },
    });
  });
});
