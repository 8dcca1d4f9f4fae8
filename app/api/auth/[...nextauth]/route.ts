import NextAuth from 'next-auth';
import { cookies } from 'next/headers';
import { authOptions, authRequest, callbackUrlCookieName, sessionCookieName } from '@/lib/auth/options';
import { currentUser } from '@/lib/auth';
import { config, authUrl } from '@/lib/config';
import { SMALL_BODY_LIMIT_BYTES } from '@/lib/http-policy';
import { checkContentLength, checkOrigin, isSafeMethod } from '@/lib/http/origin';
import { withErrorHandling } from '@/lib/http/route';
import { internalErrorResponse, logError, newRequestId } from '@/lib/http/errors';
import { badParameters, errorResponse } from '@/lib/http/problem';
import { safeRedirectPath } from '@/lib/http/safe-redirect';

export const dynamic = 'force-dynamic';

const ROUTE = '/api/auth/[...nextauth]';

type Context = { params: Promise<{ nextauth: string[] }> };

const refusal = (status: number, message: string, headers?: Record<string, string>) =>
  errorResponse(status, message, { headers });

/** Set-Cookie values that delete each cookie named (with next-auth's attributes, so the browser matches them). */
function expire(names: string[]): Headers {
  const secure = authUrl().startsWith('https://') ? '; Secure' : '';
  const headers = new Headers();
  for (const name of names)
    headers.append('Set-Cookie', `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure}`);
  return headers;
}

/**
 * Answers what next-auth would get wrong, then hands the request to next-auth:
 * - the credentials callback takes a POST only (next-auth answers any other method with a plain-text 500);
 * - a callbackUrl that is not a path on this site is refused with 400 (next-auth answers some with a 500), and a
 *   planted callback cookie of that kind is deleted;
 * - the session endpoint (the public pages' "signed in as") says signed-out for a session the guard no longer
 *   accepts (signed out, idle, expired), where next-auth would read only the cookie and renew it.
 */
async function handler(req: Request, context: Context): Promise<Response> {
  const { nextauth = [] } = await context.params;
  const [action, provider] = nextauth;
  const url = new URL(req.url);
  const c = config();

  if (action === 'callback' && req.method !== 'POST')
    return refusal(405, 'Sign in with a POST request from the sign-in form.', { Allow: 'POST' });

  const asked = url.searchParams.get('callbackUrl');
  if (asked !== null && !safeRedirectPath(asked, c.PUBLIC_BASE_URL))
    return badParameters({ callbackUrl: 'expected a path on this site' });
  const jar = await cookies();
  const remembered = jar.get(callbackUrlCookieName())?.value;
  if (remembered !== undefined && !safeRedirectPath(remembered, authUrl())) {
    const res = refusal(400, 'Bad sign-in cookie: it has been removed, try again.');
    expire([callbackUrlCookieName()]).forEach((v) => res.headers.append('Set-Cookie', v));
    return res;
  }

  if (!isSafeMethod(req.method)) {
    // next-auth checks its own CSRF token as well; a form posted from another site is refused before that.
    if (!checkOrigin(req.headers, c.PUBLIC_BASE_URL).ok)
      return refusal(403, 'Request refused: sent from another site.');
    const size = checkContentLength(req.headers, SMALL_BODY_LIMIT_BYTES, { requireLength: true });
    if (!size.ok)
      return refusal(
        size.status,
        size.status === 413
          ? `Request body larger than ${SMALL_BODY_LIMIT_BYTES / 1024} kB.`
          : 'Content-Length required.',
      );
  }

  if (action === 'session' && !(await currentUser())) {
    const name = sessionCookieName();
    const stale = jar
      .getAll()
      .map((k) => k.name)
      .filter((n) => n === name || n.startsWith(`${name}.`));
    const headers = expire(stale);
    headers.set('Cache-Control', 'private, no-cache, no-store');
    return Response.json({}, { headers });
  }

  const request = {
    requestId: newRequestId(),
    method: req.method,
    path: url.pathname,
    route: ROUTE,
    routeType: 'route',
  };
  const entry = { ...request, logged: false };
  const res = await authRequest.run(entry, () => NextAuth(authOptions())(req, context) as Promise<Response>);
  if (res.status < 500) return res;
  // next-auth answered an error of its own (its body is plain text or a bare message): one JSON line, one JSON answer.
  if (!entry.logged)
    logError(
      new Error(`next-auth answered ${res.status} to ${action ?? ''}${provider ? `/${provider}` : ''}`),
      request,
    );
  return internalErrorResponse(request.requestId);
}

const GET = withErrorHandling(ROUTE, handler);
export { GET, GET as POST };
