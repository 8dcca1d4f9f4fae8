import { NextResponse, type NextRequest } from 'next/server';
import { config as appConfig } from '@/lib/config';
import { contentSecurityPolicy, FORM_BODY_LIMIT_BYTES, SMALL_BODY_LIMIT_BYTES } from '@/lib/http-policy';
import { classify } from '@/lib/routes';
import { refusal, type Problem } from '@/lib/http/refusal';
import { checkContentLength, checkOrigin, isSafeMethod } from '@/lib/http/origin';
import { logError, newRequestId } from '@/lib/http/errors';

/**
 * The proxy (Next 16's middleware, on Node) runs ONLY for the requests its matcher names below. It never rewrites or
 * redirects: locale routing is next.config.js's (docs/decisions/001). What each address is comes from the route table
 * (lib/routes.js); path checks and rate limits are server.js's, which sees every request first. The proxy
 * - refuses state-changing requests from other sites, and to pages without an Origin (403; Next answers such a
 *   server action with 500) and bodies declared larger than the route's limit (413) or of undeclared length (411:
 *   browsers always declare it; Next would answer an oversized chunked body with 500),
 * - gives pages rendered per request (sign-in, curator pages, search results) a CSP with a fresh nonce, which Next
 *   puts on their scripts. Public pages get their scripts' hashes from server.js instead (docs/decisions/009).
 */
export const config = {
  // Next tests each matcher against every request that reaches it. tests/unit/routes.test.ts checks that these
  // name exactly the pages the table renders per request, and nothing it shares.
  matcher: [
    // Sign-in, curator pages, the search page (not the monument pages below it) and the public submission forms.
    '/:path((?:ar/)?(?:login|admin|monuments|submit)|(?:ar/)?admin/.*|(?:ar/)?monuments/[^/]+/submit)',
    // Anything with a body (a Content-Type), wherever it is sent: server actions can be posted to any page, as a
    // form or by the page's JavaScript. A cross-site request that could run one always has a body and its type.
    // Not the import and evidence uploads: Next would buffer its body for the proxy (and cut it at proxyClientMaxBodySize); its
    // route handler makes the same checks itself before reading a byte.
    { source: '/:path((?!api/curator/(?:imports|evidence)/?$).*)', has: [{ type: 'header', key: 'content-type' }] },
    // A server action called without a body type.
    { source: '/:path*', has: [{ type: 'header', key: 'next-action' }] },
  ],
};

/** The kinds of page that are rendered per request and get a nonce. */
const PER_REQUEST_PAGES = new Set(['dynamic-page', 'auth-page', 'curator-page']);
/** Where a POST runs a server action (Next takes them on any page, and on /en/… before redirecting). */
const ACTION_TARGETS = new Set(['public-page', 'dynamic-page', 'auth-page', 'curator-page', 'redirect']);

function refuse(
  pathname: string,
  status: number,
  problem: Problem,
  values: Record<string, string | number> = {},
): NextResponse {
  const r = refusal(pathname, status, problem, values);
  return new NextResponse(r.body, { status: r.status, headers: r.headers });
}

function nonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64');
}

export function proxy(request: NextRequest): NextResponse {
  try {
    return handle(request);
  } catch (error) {
    // A bug here must not take every matched route down with an unexplained 500: log it, let the request through.
    logError(error, {
      requestId: newRequestId(),
      method: request.method,
      path: request.nextUrl.pathname,
      route: 'proxy',
      routeType: 'proxy',
    });
    return NextResponse.next();
  }
}

function handle(request: NextRequest): NextResponse {
  const { pathname } = request.nextUrl;
  try {
    decodeURIComponent(pathname);
  } catch {
    return refuse(pathname, 400, 'badAddress');
  }
  const { route } = classify(pathname.length > 1 ? pathname.replace(/\/$/, '') : pathname);

  if (!isSafeMethod(request.method)) {
    const c = appConfig();
    if (!checkOrigin(request.headers, c.PUBLIC_BASE_URL).ok) return refuse(pathname, 403, 'crossOrigin');
    // `import`: the upload route, which the matcher leaves out; listed for completeness (IMPORT_MAX_BYTES).
    const limit = {
      small: SMALL_BODY_LIMIT_BYTES,
      form: FORM_BODY_LIMIT_BYTES,
      import: c.IMPORT_MAX_BYTES,
    }[route.body];
    const size = checkContentLength(request.headers, limit, { requireLength: true });
    if (!size.ok)
      return refuse(pathname, size.status, size.status === 413 ? 'payloadTooLarge' : 'lengthRequired', {
        limit: `${Math.round(limit / 1024)} kB`,
      });
    // Browsers send Origin with every POST. Next reads it to check a server action and fails (500) without one:
    // a request to a page that could run an action is refused without it.
    if (ACTION_TARGETS.has(route.kind) && !checkOrigin(request.headers, c.PUBLIC_BASE_URL, { requireOrigin: true }).ok)
      return refuse(pathname, 403, 'originRequired');
  }

  if (PER_REQUEST_PAGES.has(route.kind)) {
    const csp = contentSecurityPolicy({ mapTileUrl: appConfig().MAP_TILE_URL, nonce: nonce() });
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set('content-security-policy', csp); // Next reads the nonce from here and puts it on its scripts
    const response = NextResponse.next({ request: { headers: requestHeaders } });
    response.headers.set('Content-Security-Policy', csp);
    return response;
  }
  return NextResponse.next();
}
