import { beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('next/headers', () => import('../setup/request-context'));
vi.mock('next/cache', () => import('../setup/request-context'));
vi.mock('next/server', () => import('../setup/request-context'));
import { freshDatabase } from '../setup/test-db';
import { form, outcome, resetRequest, restoreCookies, saveCookies, signIn, signOut } from '../setup/request-context';
import { CURATORS, createCurators } from '../setup/curators';
import type { Db } from '@/db';
import { currentUser, loginPath, signInTarget } from '@/lib/auth';
import { authRedirect } from '@/lib/auth/options';
import { redirectPath, safeRedirectPath } from '@/lib/http/safe-redirect';
import { TOUCH_INTERVAL_MS } from '@/db/queries/sessions';
import { updateUserRole } from '@/db/queries/users';
import { endOwnSessionsAction } from '@/app/[locale]/(curator)/_actions/sessions';
import { endUserSessionsAction } from '@/app/[locale]/(curator)/_actions/users';
import { initialFormState } from '@/lib/forms';

const ORIGIN = 'http://localhost:3000';

/**
 * Known ways to write another site so that a prefix check ("starts with / but not //") lets it through; each as the
 * value a page receives once the query string is decoded. Browsers drop tabs and newlines and read "\" as "/".
 */
export const BYPASSES = [
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r/evil.example',
  '/\\evil.example',
  '/%5Cevil.example',
  '/%2F/evil.example',
  '\\\\evil.example',
  '//evil.example',
  '///evil.example',
  '/.//evil.example',
  'https:evil.example',
  'https://evil.example/admin',
  `${ORIGIN}@evil.example/`,
  'http://user:pass@localhost:3000/admin',
  '/\t\\evil.example',
  'javascript:alert(1)',
  'data:text/html,hi',
  '',
  ' ',
  '%0A',
  '/admin%0A',
  '/%E0%A4%A',
];

describe('the redirect check (lib/http/safe-redirect)', () => {
  it.each(BYPASSES)('refuses %j', (value) => {
    expect(safeRedirectPath(value, ORIGIN)).toBeNull();
    expect(redirectPath(value, ORIGIN, '/admin')).toBe('/admin');
  });

  it('keeps a path on the site, with its query and fragment, and normalizes an absolute address on it', () => {
    expect(safeRedirectPath('/admin/review', ORIGIN)).toBe('/admin/review');
    expect(safeRedirectPath('/ar/admin/sources?q=x&page=2#top', ORIGIN)).toBe('/ar/admin/sources?q=x&page=2#top');
    expect(safeRedirectPath(`${ORIGIN}/admin/mine`, ORIGIN)).toBe('/admin/mine');
    expect(safeRedirectPath('/admin/../login', ORIGIN)).toBe('/login');
    expect(safeRedirectPath(['/admin'], ORIGIN)).toBeNull();
    expect(safeRedirectPath(undefined, ORIGIN)).toBeNull();
  });

  it('is what the sign-in page, the guard and next-auth use', () => {
    expect(signInTarget('/\t/evil.example', 'ar')).toBe('/ar/admin');
    expect(signInTarget('/admin/review', 'en')).toBe('/admin/review');
    expect(loginPath('en', '/\\evil.example')).toBe('/login');
    expect(loginPath('ar', '/ar/admin/users')).toBe('/ar/login?callbackUrl=%2Far%2Fadmin%2Fusers');
    for (const value of BYPASSES) expect(authRedirect(value, ORIGIN)).toBe(`${ORIGIN}/admin`);
    expect(authRedirect('/ar/login', ORIGIN)).toBe(`${ORIGIN}/ar/login`);
  });
});

let db: Db;
let ids: Awaited<ReturnType<typeof createCurators>>;
beforeEach(async () => {
  db = freshDatabase();
  resetRequest();
  ids = await createCurators();
});

const sessionRows = (userId: number) =>
  db.$client
    .prepare('SELECT id, last_seen_at AS lastSeenAt, revoked_at AS revokedAt FROM sessions WHERE user_id = ?')
    .all(userId) as { id: string; lastSeenAt: string; revokedAt: string | null }[];

async function signedIn(key: keyof typeof CURATORS) {
  const result = await signIn(CURATORS[key].email, CURATORS[key].password);
  expect(result.error).toBeNull();
  return saveCookies();
}

describe('sessions that end on the server', () => {
  it('signing in opens a session row; signing out revokes it, so a copy of the old cookie is refused', async () => {
    const cookie = await signedIn('editor');
    expect(sessionRows(ids.editor)).toHaveLength(1);
    expect((await currentUser())?.id).toBe(ids.editor);
    await signOut();
    expect(sessionRows(ids.editor)[0]!.revokedAt).not.toBeNull();
    restoreCookies(cookie);
    expect(await currentUser()).toBeNull();
  });

  it('ends after SESSION_IDLE_MINUTES without a request, and records activity at most once a minute', async () => {
    await signedIn('editor');
    const [row] = sessionRows(ids.editor);
    const setLastSeen = (msAgo: number) =>
      db.$client
        .prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?')
        .run(new Date(Date.now() - msAgo).toISOString(), row!.id);

    setLastSeen(TOUCH_INTERVAL_MS / 2);
    const recent = sessionRows(ids.editor)[0]!.lastSeenAt;
    expect(await currentUser()).not.toBeNull();
    expect(sessionRows(ids.editor)[0]!.lastSeenAt).toBe(recent); // no write within the minute

    setLastSeen(119 * 60_000); // default idle timeout: 120 minutes
    expect(await currentUser()).not.toBeNull();
    expect(Date.parse(sessionRows(ids.editor)[0]!.lastSeenAt)).toBeGreaterThan(Date.now() - 5_000);

    setLastSeen(121 * 60_000);
    expect(await currentUser()).toBeNull();
  });

  it('ends SESSION_MAX_AGE_HOURS after sign-in however active it is', async () => {
    await signedIn('editor');
    db.$client.prepare("UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z'").run();
    expect(await currentUser()).toBeNull();
  });

  it('ends when the user changes role, as before', async () => {
    const cookie = await signedIn('editor');
    updateUserRole(db, ids.editor, 'contributor', { agent: 'test' });
    restoreCookies(cookie);
    expect(await currentUser()).toBeNull();
    expect(sessionRows(ids.editor).every((r) => r.revokedAt)).toBe(true);
  });
});

describe('sign out everywhere', () => {
  it("a curator's own: every session of theirs ends, other users' stay", async () => {
    const other = await signedIn('editor');
    const first = await signedIn('contributor');
    const second = await signedIn('contributor');
    const done = await outcome(() => endOwnSessionsAction(initialFormState(), form({ locale: 'ar' })));
    expect(done).toEqual({ kind: 'redirect', to: '/ar/login?ended=1' });
    for (const jar of [first, second]) {
      restoreCookies(jar);
      expect(await currentUser()).toBeNull();
    }
    restoreCookies(other);
    expect((await currentUser())?.id).toBe(ids.editor);
  });

  it('refuses an anonymous visitor and bad input, changing nothing', async () => {
    expect((await outcome(() => endOwnSessionsAction(initialFormState(), form({})))).kind).toBe('redirect');
    const jar = await signedIn('contributor');
    const bad = await outcome(() => endOwnSessionsAction(initialFormState(), form({ locale: 'xx' })));
    expect(bad).toMatchObject({ kind: 'state', state: { status: 'error', message: 'invalidRequest' } });
    restoreCookies(jar);
    expect((await currentUser())?.id).toBe(ids.contributor);
  });

  it("an administrator's, for a user: only admins, only a valid user, and every session of that user ends", async () => {
    const victimA = await signedIn('contributor');
    const victimB = await signedIn('contributor');
    const editor = await signedIn('editor');
    const refused = await outcome(() =>
      endUserSessionsAction(initialFormState(), form({ id: String(ids.contributor) })),
    );
    expect(refused).toEqual({ kind: 'forbidden' });
    await signedIn('admin');
    for (const id of ['', 'abc', '-1', '0', '1e3', String(ids.contributor).padStart(20, '9')]) {
      const bad = await outcome(() => endUserSessionsAction(initialFormState(), form({ id })));
      expect(bad, id).toMatchObject({ kind: 'state', state: { status: 'error' } });
    }
    for (const jar of [victimA, victimB]) {
      restoreCookies(jar);
      expect(await currentUser()).not.toBeNull();
    }
    await signedIn('admin');
    const done = await outcome(() => endUserSessionsAction(initialFormState(), form({ id: String(ids.contributor) })));
    expect(done).toMatchObject({ kind: 'state', state: { status: 'saved', message: 'sessionsEnded' } });
    expect((await currentUser())?.id).toBe(ids.admin);
    for (const jar of [victimA, victimB]) {
      restoreCookies(jar);
      expect(await currentUser()).toBeNull();
    }
    restoreCookies(editor);
    expect((await currentUser())?.id).toBe(ids.editor);
    // The user's account is untouched: they sign in again as before.
    expect((await signIn(CURATORS.contributor.email, CURATORS.contributor.password)).error).toBeNull();
  });
});
