/**
 * CSRF defence for requests that change something: the browser says where a request comes from (Origin, or
 * Sec-Fetch-Site), and only this site's own pages may send one. Server actions get the same check from Next itself;
 * the proxy applies this one first, so a refused action answers 403 instead of Next's 500.
 */
export type OriginVerdict = { ok: true } | { ok: false; reason: string };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/**
 * Whether a state-changing request comes from this site. Allowed origins: PUBLIC_BASE_URL's, and the host the
 * request was sent to (X-Forwarded-Host or Host, as Next compares for server actions). Browsers always send Origin
 * with a POST; a request without it is a non-browser client (no ambient cookies to abuse) and passes unless
 * `requireOrigin` is set, or the browser's Sec-Fetch-Site says it is cross-site.
 */
export function checkOrigin(
  headers: Headers,
  publicBaseUrl: string,
  options: { requireOrigin?: boolean } = {},
): OriginVerdict {
  const origin = headers.get('origin');
  if (!origin) {
    const site = headers.get('sec-fetch-site');
    if (site === 'cross-site' || site === 'same-site') return { ok: false, reason: `Sec-Fetch-Site: ${site}` };
    return options.requireOrigin ? { ok: false, reason: 'no Origin header' } : { ok: true };
  }
  if (origin === 'null') return { ok: false, reason: 'opaque origin' };
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return { ok: false, reason: 'malformed Origin header' };
  }
  if (url.origin === new URL(publicBaseUrl).origin) return { ok: true };
  const host = (headers.get('x-forwarded-host') ?? headers.get('host') ?? '').split(',')[0]!.trim().toLowerCase();
  if (host && url.host.toLowerCase() === host) return { ok: true };
  return { ok: false, reason: 'Origin is another site' };
}

/** A declared body larger than `limit` bytes, or a body of unknown length where one is required. */
export function checkContentLength(
  headers: Headers,
  limit: number,
  options: { requireLength?: boolean } = {},
): { ok: true } | { ok: false; status: 411 | 413 | 400 } {
  const raw = headers.get('content-length');
  if (raw === null) {
    const chunked = /chunked/i.test(headers.get('transfer-encoding') ?? '');
    return options.requireLength && chunked ? { ok: false, status: 411 } : { ok: true };
  }
  if (!/^\d{1,15}$/.test(raw.trim())) return { ok: false, status: 400 };
  return Number(raw) > limit ? { ok: false, status: 413 } : { ok: true };
}
