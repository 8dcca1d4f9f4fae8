// @ts-check
/**
 * Security headers and request size limits, shared by next.config.js (API, files: fixed at build time), proxy.ts
 * (pages rendered per request: a fresh nonce) and server.js (public pages: their scripts' hashes). Plain CommonJS so
 * that next.config.js can require it; types in http-policy.d.ts. See docs/decisions/009-fresh-cacheable-pages.md.
 */

/**
 * The largest form a curator may send (server actions; next.config.js `serverActions.bodySizeLimit`, and the proxy
 * answers 413 before reading a larger declared body). The largest real form, a report with 30 cited sources, is
 * under 0.5 MB even in Arabic.
 */
const FORM_BODY_LIMIT_BYTES = 1024 * 1024;

/** Other request bodies (sign-in and sign-out): a few fields. */
const SMALL_BODY_LIMIT_BYTES = 16 * 1024;

/** Leaflet's OpenStreetMap tiles; lib/config.ts uses the same default for MAP_TILE_URL. */
const DEFAULT_MAP_TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

/**
 * The CSP source that allows the map tiles of a Leaflet URL template ("https://{s}.tile.example.org/{z}/{x}/{y}.png"
 * → "https://*.tile.example.org"). A template on this site ("/tiles/{z}/{x}/{y}.png") needs nothing beyond 'self', and
 * an empty one (no tiles) nothing at all.
 * @param {string} template
 * @returns {string | null}
 */
function tileSource(template) {
  // Empty: no tiles at all, the maps draw the offline atlas only (docs/map.md).
  if (template === '' || (template.startsWith('/') && !template.startsWith('//'))) return null;
  const m = /^(https?):\/\/([^/?#]+)/i.exec(template);
  if (!m) throw new Error(`MAP_TILE_URL must be an http(s) URL template or a path on this site, not "${template}"`);
  // Leaflet's {s} (subdomain) becomes a wildcard label; any other placeholder in the host is not allowed.
  const host = m[2].toLowerCase().replace(/\{s\}/g, '*');
  if (!/^(\*\.)?[a-z0-9.-]+(:\d+)?$/.test(host))
    throw new Error(`MAP_TILE_URL has a host CSP cannot express: "${m[2]}"`);
  return `${m[1].toLowerCase()}://${host}`;
}

/**
 * The Content-Security-Policy of a page. Only the app's own scripts run, and an injected inline script or event
 * handler never does:
 * - pages rendered per request (sign-in, curator pages, search) get a nonce from proxy.ts, and the scripts carrying
 *   it may load others ('strict-dynamic');
 * - public pages, the same bytes for every reader, name the SHA-256 of each of their inline scripts (server.js
 *   computes them once when it keeps the page), so any cache may replay page and policy together (decision 009);
 * - anything else (files, fallbacks) runs scripts from this site only.
 * `development` is for `next dev` only, whose React needs eval and whose pages get no nonce.
 * @param {{ mapTileUrl: string, nonce?: string, scriptHashes?: string[], development?: boolean }} options
 */
function contentSecurityPolicy({ mapTileUrl, nonce, scriptHashes, development = false }) {
  const tiles = tileSource(mapTileUrl);
  const directives = [
    "default-src 'self'",
    nonce
      ? `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`
      : scriptHashes
        ? ["script-src 'self'", ...scriptHashes.map((h) => `'sha256-${h}'`)].join(' ')
        : development
          ? "script-src 'self' 'unsafe-inline' 'unsafe-eval'"
          : "script-src 'self'",
    // Stylesheets only from this site. Next, React and Leaflet set style properties from scripts, which CSP allows;
    // the app writes no style attributes or <style> elements.
    "style-src 'self'",
    `img-src 'self' data:${tiles ? ` ${tiles}` : ''}`,
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "worker-src 'self'",
    "manifest-src 'self'",
  ];
  return directives.join('; ');
}

/** JSON and file downloads: nothing in them may load or run anything. */
const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/** Served evidence images: no scripts, no loads, a sandbox (an image opened as a page can do nothing). */
const EVIDENCE_CONTENT_SECURITY_POLICY = "default-src 'none'; sandbox";

/** Two years, this host only (a registry may share its domain with other services that are not on https). */
const HSTS = 'max-age=63072000';

const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'browsing-topics=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'payment=()',
  'usb=()',
  'xr-spatial-tracking=()',
].join(', ');

/**
 * Headers every response carries (pages, API, files, static assets). HSTS only from a production build: browsers
 * ignore it over plain http, and a development server must not pin localhost to https.
 * @param {{ production: boolean }} options
 * @returns {{ key: string, value: string }[]}
 */
function commonSecurityHeaders({ production }) {
  return [
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    { key: 'Permissions-Policy', value: PERMISSIONS_POLICY },
    { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
    ...(production ? [{ key: 'Strict-Transport-Security', value: HSTS }] : []),
  ];
}

/**
 * next.config.js `headers()`: the common headers everywhere, a CSP without inline scripts as the default, and the
 * empty policy on the API and downloads. Pages get their own policy instead: a nonce from the proxy on pages
 * rendered per request, their scripts' hashes from server.js on public pages (docs/decisions/009).
 * @param {{ mapTileUrl: string, production: boolean }} options
 */
function configHeaders({ mapTileUrl, production }) {
  return [
    {
      source: '/:path*',
      headers: [
        ...commonSecurityHeaders({ production }),
        { key: 'Content-Security-Policy', value: contentSecurityPolicy({ mapTileUrl, development: !production }) },
      ],
    },
    { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: API_CONTENT_SECURITY_POLICY }] },
    { source: '/export/:path+', headers: [{ key: 'Content-Security-Policy', value: API_CONTENT_SECURITY_POLICY }] },
    // Evidence images: nothing in one may run or load anything, even opened on its own.
    {
      source: '/evidence/:path+',
      headers: [{ key: 'Content-Security-Policy', value: EVIDENCE_CONTENT_SECURITY_POLICY }],
    },
  ];
}

module.exports = {
  FORM_BODY_LIMIT_BYTES,
  SMALL_BODY_LIMIT_BYTES,
  DEFAULT_MAP_TILE_URL,
  tileSource,
  contentSecurityPolicy,
  commonSecurityHeaders,
  configHeaders,
  API_CONTENT_SECURITY_POLICY,
  EVIDENCE_CONTENT_SECURITY_POLICY,
  HSTS,
  PERMISSIONS_POLICY,
};
