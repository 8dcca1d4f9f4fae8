import { NextResponse, type NextRequest } from 'next/server';
import { config as appConfig } from '@/lib/config';
import { clientIp } from '@/lib/auth/credentials';
import { contentSecurityPolicy, DYNAMIC_PAGE, FORM_BODY_LIMIT_BYTES, SMALL_BODY_LIMIT_BYTES } from '@/lib/http-policy';
import { checkContentLength, checkOrigin, isSafeMethod } from '@/lib/http/origin';
import { limitedEndpoint, RateLimiter, type LimitedEndpoint } from '@/lib/rate-limit';
import { logError, newRequestId } from '@/lib/http/errors';
import en from '@/messages/en/limits.json';
import ar from '@/messages/ar/limits.json';

/**
 * The proxy (Next 16's middleware, on Node) runs ONLY for the requests its matcher names below, never for cached
 * public pages (their headers come from next.config.js; docs/decisions/005). It never rewrites or redirects: locale
 * routing is next.config.js's (docs/decisions/001). It
 * - refuses addresses that cannot be decoded (400; Next would answer 500),
 * - refuses state-changing requests from other sites (403; Next answers a cross-site server action with 500) and
 *   bodies declared larger than the limit (413) or of undeclared length (411: browsers always declare it; Next
 *   would answer an oversized chunked body with 500),
 * - limits the search page, the JSON API and downloads per client address (429 with Retry-After),
 * - gives dynamic pages (sign-in, curator pages, search results) a CSP with a fresh nonce, which Next puts on its
 *   scripts.
 */
export const config = {
  // Few matchers on purpose: Next tests each one against every request, cached pages included. With these two,
  // cached pages serve as many requests as without a proxy (bench/RESULTS.md "Hardening: headers and proxy").
  matcher: [
    // Sign-in, curator pages, the search page (not the monument pages below it), the API, downloads, and any
    // percent-encoded path (to refuse those that are not UTF-8).
    '/:path((?:ar/)?(?:login|admin|monuments)|(?:ar/)?admin/.*|api/.*|export/.+|.*%.*)',
    // Anything with a body (a Content-Type), wherever it is sent: server actions can be posted to any page, as a
    // form or by the page's JavaScript. A cross-site request that could run one always has a body and its type.
    { source: '/:path*', has: [{ type: 'header', key: 'content-type' }] },
  ],
};

const limiters = new Map<LimitedEndpoint, RateLimiter>();
function limiter(endpoint: LimitedEndpoint): RateLimiter {
  let l = limiters.get(endpoint);
  if (!l) {
    const c = appConfig();
    const perMinute = { search: c.RATE_LIMIT_SEARCH_PER_MINUTE, api: c.RATE_LIMIT_API_PER_MINUTE, export: c.RATE_LIMIT_EXPORT_PER_MINUTE }[endpoint];
    l = new RateLimiter(perMinute);
    limiters.set(endpoint, l);
  }
  return l;
}

type Problem = keyof typeof en;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A short refusal: JSON for the API and downloads, a small page (in the address's language) for everything else. */
function refuse(request: NextRequest, status: number, problem: Problem, values: Record<string, string | number> = {}, headers: Record<string, string> = {}): NextResponse {
  const { pathname } = request.nextUrl;
  const arabic = pathname === '/ar' || pathname.startsWith('/ar/');
  const m = (arabic ? ar : en)[problem] as { title: string; body: string; home?: string };
  const body = m.body.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
  const common = { 'Cache-Control': 'no-store', ...headers };
  if (pathname.startsWith('/api/') || pathname.startsWith('/export/')) {
    return NextResponse.json({ error: { status, message: `${en[problem].title}: ${en[problem].body.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''))}` } }, { status, headers: common });
  }
  const home = arabic ? '/ar' : '/';
  const html = `<!doctype html><html lang="${arabic ? 'ar' : 'en'}" dir="${arabic ? 'rtl' : 'ltr'}"><head><meta charset="utf-8">`
    + `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(m.title)}</title></head>`
    + `<body><main><h1>${escapeHtml(m.title)}</h1><p>${escapeHtml(body)}</p>`
    + `<p><a href="${home}">${escapeHtml((arabic ? ar : en).tooManyRequests.home)}</a></p></main></body></html>`;
  return new NextResponse(html, { status, headers: { ...common, 'Content-Type': 'text/html; charset=utf-8' } });
}

function decodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

function nonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64');
}

export function proxy(request: NextRequest): NextResponse {
  try {
    return handle(request);
  } catch (error) {
    // A bug here must not take every matched route down with an unexplained 500: log it, let the request through.
    logError(error, { requestId: newRequestId(), method: request.method, path: request.nextUrl.pathname, route: 'proxy', routeType: 'proxy' });
    return NextResponse.next();
  }
}

function handle(request: NextRequest): NextResponse {
  const { pathname } = request.nextUrl;
  if (!decodable(pathname)) return refuse(request, 400, 'badAddress');

  if (!isSafeMethod(request.method)) {
    const c = appConfig();
    if (!checkOrigin(request.headers, c.PUBLIC_BASE_URL).ok) return refuse(request, 403, 'crossOrigin');
    // The import page uploads whole CSV files through its server action; its own limit (IMPORT_MAX_BYTES) applies.
    const limit = pathname.startsWith('/api/') ? SMALL_BODY_LIMIT_BYTES
      : /^\/(?:ar\/)?admin\/import\/?$/.test(pathname) ? c.IMPORT_MAX_BYTES + 1024 * 1024 : FORM_BODY_LIMIT_BYTES;
    const size = checkContentLength(request.headers, limit, { requireLength: true });
    if (!size.ok) return refuse(request, size.status, size.status === 413 ? 'payloadTooLarge' : 'lengthRequired', { limit: `${Math.round(limit / 1024)} kB` });
  }

  const endpoint = limitedEndpoint(pathname);
  if (endpoint && request.method !== 'OPTIONS') {
    const decision = limiter(endpoint).take(clientIp(Object.fromEntries(request.headers)));
    if (!decision.ok) {
      const seconds = decision.retryAfterSeconds;
      return refuse(request, 429, 'tooManyRequests', { seconds }, { 'Retry-After': String(seconds) });
    }
  }

  if (DYNAMIC_PAGE.test(pathname)) {
    const csp = contentSecurityPolicy({ mapTileUrl: appConfig().MAP_TILE_URL, nonce: nonce() });
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set('content-security-policy', csp); // Next reads the nonce from here and puts it on its scripts
    const response = NextResponse.next({ request: { headers: requestHeaders } });
    response.headers.set('Content-Security-Policy', csp);
    return response;
  }
  return NextResponse.next();
}
