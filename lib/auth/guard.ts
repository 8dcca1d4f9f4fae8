import { cookies } from 'next/headers';
import { forbidden, redirect, unauthorized } from 'next/navigation';
import { decode } from 'next-auth/jwt';
import { getDb } from '../../db/index';
import { getSessionUser } from '../../db/queries/users';
import type { UserRole } from '../vocab';
import { hasRole } from './roles';
import { authSecret } from './secret';
import { sessionCookieName } from './options';

export interface CurrentUser {
  id: number;
  email: string;
  name: string;
  role: UserRole;
}

/** Reads next-auth's session cookie (joining chunks if it was split) and decrypts it; null when absent or invalid. */
async function readSessionToken(): Promise<{ uid: number; sv: number } | null> {
  const jar = await cookies();
  const name = sessionCookieName();
  let value = jar.get(name)?.value;
  if (!value) {
    const chunks = jar
      .getAll()
      .filter((c) => c.name.startsWith(`${name}.`))
      .sort((a, b) => Number(a.name.slice(name.length + 1)) - Number(b.name.slice(name.length + 1)));
    value = chunks.map((c) => c.value).join('') || undefined;
  }
  if (!value) return null;
  try {
    const token = await decode({ token: value, secret: authSecret() }); // also rejects an expired token
    if (token && typeof token.uid === 'number' && typeof token.sv === 'number') return { uid: token.uid, sv: token.sv };
  } catch {
    /* tampered, or signed with another secret */
  }
  return null;
}

/**
 * The signed-in user, checked against the users table on every call: a disabled user, or a session issued
 * before the user's role or password changed (session_version bumped), counts as signed out.
 */
export async function currentUser(): Promise<CurrentUser | null> {
  const token = await readSessionToken();
  if (!token) return null;
  const row = getSessionUser(getDb(), token.uid);
  if (!row || row.disabledAt || row.sessionVersion !== token.sv) return null;
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}

export interface GuardOptions {
  /** A route handler: answer 401 instead of redirecting an anonymous caller to the sign-in page. */
  api?: boolean;
  /** Where the sign-in page sends the user back to (a path on this site). */
  returnTo?: string;
  locale?: string;
}

export function loginPath(locale?: string, returnTo?: string): string {
  const base = locale === 'ar' ? '/ar/login' : '/login';
  return returnTo && returnTo.startsWith('/') && !returnTo.startsWith('//')
    ? `${base}?callbackUrl=${encodeURIComponent(returnTo)}`
    : base;
}

/**
 * THE authorization guard: the first line of every curator page, layout, server action and restricted route
 * handler. Anonymous → redirect to the sign-in page (pages, actions) or 401 (route handlers, `api: true`);
 * signed in without `role` → 403. Role order: admin > editor > contributor.
 */
export async function requireRole(role: UserRole, options: GuardOptions = {}): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) {
    if (options.api) unauthorized();
    redirect(loginPath(options.locale, options.returnTo));
  }
  if (!hasRole(user.role, role)) forbidden();
  return user;
}

/** Any signed-in curator (a contributor or above). */
export function requireUser(options: GuardOptions = {}): Promise<CurrentUser> {
  return requireRole('contributor', options);
}
