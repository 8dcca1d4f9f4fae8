import { cookies } from 'next/headers';
import { forbidden, redirect, unauthorized } from 'next/navigation';
import { decode } from 'next-auth/jwt';
import type { UserRole } from '../vocab';
import { config } from '../config';
import { redirectPath, safeRedirectPath } from '../http/safe-redirect';
import { hasRole } from './roles';
import { authSecret } from './secret';
import { sessionCookieName } from './options';
import { sessionUser, type SessionClaims } from './sessions';

export interface CurrentUser {
  id: number;
  email: string;
  name: string;
  role: UserRole;
}

/** Reads next-auth's session cookie (joining chunks if it was split) and decrypts it; null when absent or invalid. */
export async function readSessionToken(): Promise<SessionClaims | null> {
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
    // A cookie without a session id predates server-side sessions: it cannot be revoked, so it no longer counts.
    if (token && typeof token.uid === 'number' && typeof token.sv === 'number' && typeof token.sid === 'string')
      return { uid: token.uid, sv: token.sv, sid: token.sid };
  } catch {
    /* tampered, or signed with another secret */
  }
  return null;
}

/**
 * The signed-in user, checked against the sessions and users tables on every call: a session that was signed out
 * (here or "everywhere"), went unused for SESSION_IDLE_MINUTES, is older than SESSION_MAX_AGE_HOURS, or was issued
 * before the user's role or password changed (session_version bumped), and a disabled user, count as signed out.
 */
export async function currentUser(): Promise<CurrentUser | null> {
  const token = await readSessionToken();
  return token ? sessionUser(token) : null;
}

export interface GuardOptions {
  /** A route handler: answer 401 instead of redirecting an anonymous caller to the sign-in page. */
  api?: boolean;
  /** Where the sign-in page sends the user back to (a path on this site). */
  returnTo?: string;
  locale?: string;
}

/** Where a curator lands after signing in when no (safe) address was asked for: the dashboard in their language. */
export function adminHome(locale?: string): string {
  return locale === 'ar' ? '/ar/admin' : '/admin';
}

/** The address to go to after signing in: `value` if it is a path on this site (lib/http/safe-redirect), else the dashboard. */
export function signInTarget(value: unknown, locale?: string): string {
  return redirectPath(value, config().PUBLIC_BASE_URL, adminHome(locale));
}

export function loginPath(locale?: string, returnTo?: string): string {
  const base = locale === 'ar' ? '/ar/login' : '/login';
  const target = safeRedirectPath(returnTo, config().PUBLIC_BASE_URL);
  return target ? `${base}?callbackUrl=${encodeURIComponent(target)}` : base;
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
