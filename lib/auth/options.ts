import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextAuthOptions } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { authUrl, config } from '../config';
import { logError, type ErrorLogEntry } from '../http/errors';
import { safeRedirectPath } from '../http/safe-redirect';
import { authSecret } from './secret';
import { authenticate, signInClient } from './credentials';
import { endSession, openSession } from './sessions';

/** next-auth's session cookie; the guard reads the same one (https deployments get the __Secure- prefix). */
export function sessionCookieName(): string {
  return `${authUrl().startsWith('https://') ? '__Secure-' : ''}next-auth.session-token`;
}

/** next-auth's cookie remembering where to go after signing in (it must hold an address on this site). */
export function callbackUrlCookieName(): string {
  return `${authUrl().startsWith('https://') ? '__Secure-' : ''}next-auth.callback-url`;
}

/**
 * The request the sign-in service is answering (set by its route handler), so that an error next-auth reports is
 * logged with that request's id. Per async context: next-auth's logger is one global shared by concurrent requests.
 */
export const authRequest = new AsyncLocalStorage<ErrorLogEntry & { logged: boolean }>();

/**
 * next-auth's redirect callback: every address next-auth sends a browser to (after signing in or out, from a
 * callbackUrl parameter or cookie) is a path on this site, checked by lib/http/safe-redirect; anything else goes to
 * the dashboard. next-auth's origin (NEXTAUTH_URL) and PUBLIC_BASE_URL are both this site's.
 */
export function authRedirect(url: string, baseUrl: string): string {
  const path = safeRedirectPath(url, baseUrl) ?? safeRedirectPath(url, config().PUBLIC_BASE_URL) ?? '/admin';
  return `${baseUrl.replace(/\/$/, '')}${path}`;
}

/** next-auth's error, as one JSON line with the id of the request it happened in (lib/http/errors). */
function logAuthError(code: string, metadata: unknown): void {
  const cause =
    metadata instanceof Error
      ? metadata
      : metadata && typeof metadata === 'object' && (metadata as { error?: unknown }).error instanceof Error
        ? ((metadata as { error: Error }).error as Error)
        : undefined;
  // The code and next-auth's message only: never the request, its body or its cookies.
  const error = Object.assign(new Error(cause?.message ?? code), { name: 'AuthError', code });
  if (cause?.stack) error.stack = cause.stack;
  const request = authRequest.getStore();
  if (request) request.logged = true;
  logError(error, request ?? { requestId: 'none', route: '/api/auth/[...nextauth]', routeType: 'route' });
}

/** Sign-in errors the login page translates ("locked:7s" = wait 7 more seconds; "locked:15", older, = minutes). */
export const LOCKED_ERROR_PREFIX = 'locked:';

/**
 * next-auth configuration, built on first use (never at import time: `next build` imports route modules without
 * the production secret). JWT sessions carry only the user id, the user's session version and the id of a row in
 * the sessions table; the guard checks them against the database on every request, so signing out, disabling a user
 * or changing their role ends their sessions on the server, not only in the browser.
 */
export function authOptions(): NextAuthOptions {
  // next-auth reads NEXTAUTH_URL itself on each request; default it from PUBLIC_BASE_URL.
  process.env.NEXTAUTH_URL ??= authUrl();
  return {
    secret: authSecret(),
    // Cookies are HttpOnly and SameSite=Lax (next-auth's defaults); Secure, with the __Secure- prefix, whenever the
    // registry is reached over https. Said explicitly here, as the guard reads the same cookie name.
    useSecureCookies: authUrl().startsWith('https://'),
    session: { strategy: 'jwt', maxAge: config().SESSION_MAX_AGE_HOURS * 3600 },
    // next-auth's own pages are English-only and unstyled: send its sign-in and error pages to ours.
    pages: { signIn: '/login', error: '/login' },
    providers: [
      Credentials({
        name: 'email',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          const result = await authenticate(credentials?.email, credentials?.password, signInClient(req.headers ?? {}));
          if (result.ok)
            return {
              id: String(result.user.id),
              email: result.user.email,
              name: result.user.name,
              uid: result.user.id,
              sv: result.user.sessionVersion,
            };
          // The message travels to the sign-in form as ?error=…; it names no account and never the password.
          if (result.reason === 'locked') throw new Error(`${LOCKED_ERROR_PREFIX}${result.retryAfterSeconds}s`);
          return null;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          const u = user as unknown as { uid: number; sv: number };
          return { sub: token.sub, name: token.name, uid: u.uid, sv: u.sv, sid: openSession(u.uid) };
        }
        return token;
      },
      redirect({ url, baseUrl }) {
        return authRedirect(url, baseUrl);
      },
      session({ session, token }) {
        return { ...session, user: { name: token.name, uid: token.uid } } as typeof session;
      },
    },
    events: {
      // Signing out revokes the session row: a copy of the cookie kept from before is refused from then on.
      signOut({ token }) {
        if (typeof token?.sid === 'string') endSession(token.sid);
      },
    },
    // next-auth's default logger prints request details for some errors; log only the code and its message.
    logger: {
      error(code, metadata) {
        logAuthError(code, metadata);
      },
      warn(code) {
        console.warn(`[auth] ${code}`);
      },
      debug() {},
    },
  };
}
