/**
 * A request context for calling server actions and route handlers directly in unit tests.
 *
 * Test files mock `next/headers`, `next/cache` and `next/server` with this module (`vi.mock('next/headers', () => import(...))`):
 * `cookies()` and `headers()` then read this module's cookie jar, and `revalidatePath` records the paths. Nothing
 * about authentication is faked: `signIn` runs next-auth's real credentials flow (CSRF token, our `authorize`
 * with argon2 and the throttle, the jwt callback, the encrypted session cookie), and the guard decodes that cookie
 * and checks the users table exactly as it does in production.
 */
import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/options';
import { CLIENT_ADDRESS_HEADER, trustClientAddressHeader } from '@/lib/http/client-ip';

process.env.AUTH_SECRET ??= 'unit-test-secret-0123456789-0123456789-abcdef';
process.env.NEXTAUTH_URL ??= 'http://localhost:3000';
// What `experimental.authInterrupts` sets in a Next build: lets forbidden()/unauthorized() throw their 403/401 errors.
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = 'true';

const jar = new Map<string, string>();
let requestHeaders: Record<string, string> = {};
export const revalidated: string[] = [];

export async function cookies() {
  return {
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    has: (name: string) => jar.has(name),
    delete: (name: string) => jar.delete(name),
  };
}

export async function headers() {
  const h = new Headers(requestHeaders);
  if (jar.size) h.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
  return h;
}

export function revalidatePath(path: string, type?: string) {
  revalidated.push(type ? `${path} [${type}]` : path);
}
export function revalidateTag() {}
/** next/server's `after`: tasks are kept, not run (the delayed second purge would only slow the tests down). */
export const afterTasks: (() => unknown)[] = [];
export function after(task: () => unknown) {
  afterTasks.push(task);
}
export function updateTag() {}
export function refresh() {}

/** Forgets the session cookie, headers and recorded revalidations (an anonymous visitor). */
export function resetRequest(): void {
  jar.clear();
  requestHeaders = {};
  revalidated.length = 0;
  afterTasks.length = 0;
}

function storeSetCookies(values: string[]) {
  for (const c of values) {
    const pair = c.split(';')[0]!;
    const i = pair.indexOf('=');
    const name = pair.slice(0, i);
    const value = decodeURIComponent(pair.slice(i + 1)); // as a server framework hands cookies to next-auth
    if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) jar.delete(name);
    else jar.set(name, value);
  }
}

/** Calls next-auth's handler (its Node API form, the same core as the App Router route) and keeps the cookies it sets. */
async function callNextAuth(action: string[], method: 'GET' | 'POST', body?: Record<string, string>) {
  let status = 200;
  let payload: unknown;
  const setCookies: string[] = [];
  const res = {
    status(code: number) {
      status = code;
      return res;
    },
    setHeader(key: string, value: string | string[]) {
      if (key.toLowerCase() === 'set-cookie') setCookies.push(...(Array.isArray(value) ? value : [value]));
      return res;
    },
    getHeader(key: string) {
      return key.toLowerCase() === 'set-cookie' ? setCookies : undefined;
    },
    end() {
      return res;
    },
    json(value: unknown) {
      payload = value;
      return res;
    },
    send(value: unknown) {
      payload = value;
      return res;
    },
  };
  const req = {
    query: { nextauth: action },
    method,
    body,
    headers: { host: 'localhost:3000', ...requestHeaders },
    cookies: Object.fromEntries(jar),
  };
  await (NextAuth as unknown as (req: unknown, res: unknown, options: unknown) => Promise<void>)(
    req,
    res,
    authOptions(),
  );
  storeSetCookies([...new Set(setCookies)]);
  return { status, payload };
}

/**
 * Signs in through next-auth's credentials flow. Returns the HTTP status and the URL next-auth answered with
 * (its `error` parameter says why a sign-in failed: "CredentialsSignin" or "locked:<seconds>s"). `ip` reaches the app
 * as it does behind server.js: in the client-address header server.js sets.
 */
export async function signIn(
  email: string,
  password: string,
  ip = '198.51.100.7',
): Promise<{ status: number; url: string; error: string | null }> {
  jar.clear();
  trustClientAddressHeader();
  requestHeaders = { [CLIENT_ADDRESS_HEADER]: ip };
  const csrf = await callNextAuth(['csrf'], 'GET');
  const { csrfToken } = csrf.payload as { csrfToken: string };
  const result = await callNextAuth(['callback', 'credentials'], 'POST', {
    email,
    password,
    csrfToken,
    json: 'true',
    callbackUrl: '/admin',
  });
  const url = (result.payload as { url: string }).url;
  return { status: result.status, url, error: new URL(url).searchParams.get('error') };
}

/** Signs out through next-auth (CSRF token, then POST /api/auth/signout), as the sign-out button does. */
export async function signOut(): Promise<void> {
  const csrf = await callNextAuth(['csrf'], 'GET');
  const { csrfToken } = csrf.payload as { csrfToken: string };
  await callNextAuth(['signout'], 'POST', { csrfToken, json: 'true', callbackUrl: '/login' });
}

/** The cookies the browser holds now (to replay them later, as an attacker who copied them would). */
export function saveCookies(): Map<string, string> {
  return new Map(jar);
}

/** Puts back cookies saved earlier: the next guard check reads them. */
export function restoreCookies(saved: Map<string, string>): void {
  jar.clear();
  for (const [k, v] of saved) jar.set(k, v);
}

export type ActionOutcome =
  | { kind: 'state'; state: import('@/lib/forms').FormState }
  | { kind: 'redirect'; to: string }
  | { kind: 'forbidden' }
  | { kind: 'unauthorized' };

/** Runs an action (or handler) and says how it ended: a returned state, a redirect, or a 403/401 interrupt. */
export async function outcome(run: () => Promise<unknown>): Promise<ActionOutcome> {
  try {
    const state = await run();
    return { kind: 'state', state: state as import('@/lib/forms').FormState };
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? '';
    if (digest.startsWith('NEXT_REDIRECT')) return { kind: 'redirect', to: digest.split(';')[2]! };
    if (digest === 'NEXT_HTTP_ERROR_FALLBACK;403') return { kind: 'forbidden' };
    if (digest === 'NEXT_HTTP_ERROR_FALLBACK;401') return { kind: 'unauthorized' };
    throw error;
  }
}

/** A FormData from plain fields, as a browser would post it. */
export function form(fields: Record<string, string | string[]>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) fd.append(k, value);
  return fd;
}
