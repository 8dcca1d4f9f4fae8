import type { NextAuthOptions } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { authUrl, config } from '../config';
import { authSecret } from './secret';
import { authenticate, signInClient } from './credentials';

/** next-auth's session cookie; the guard reads the same one (https deployments get the __Secure- prefix). */
export function sessionCookieName(): string {
  return `${authUrl().startsWith('https://') ? '__Secure-' : ''}next-auth.session-token`;
}

/** Sign-in errors the login page translates ("locked:7s" = wait 7 more seconds; "locked:15", older, = minutes). */
export const LOCKED_ERROR_PREFIX = 'locked:';

/**
 * next-auth configuration, built on first use (never at import time: `next build` imports route modules without
 * the production secret). JWT sessions carry only the user id and the user's session version; the guard checks
 * both against the users table on every request, so disabling a user or changing their role ends their sessions.
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
          return { sub: token.sub, name: token.name, uid: u.uid, sv: u.sv };
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, user: { name: token.name, uid: token.uid } } as typeof session;
      },
    },
    // next-auth's default logger prints request details for some errors; log only the code, never credentials.
    logger: {
      error(code) {
        console.error(`[auth] ${code}`);
      },
      warn(code) {
        console.warn(`[auth] ${code}`);
      },
      debug() {},
    },
  };
}
