// @ts-check
/**
 * Security headers and request size limits, shared by next.config.js (cached pages, API, files: fixed at build time)
 * and proxy.ts (dynamic pages: a fresh nonce per request). Plain CommonJS so that next.config.js can require it;
 * types in http-policy.d.ts. See docs/decisions/005-content-security-policy.md.
 */

/**
 * The largest form a curator may send (server actions; next.config.js `serverActions.bodySizeLimit`, and the proxy
 * answers 413 before reading a larger declared body). The largest real form, a report with 30 cited sources, is
 * under 0.5 MB even in Arabic.
 */
const FORM_BODY_LIMIT_BYTES = 1024 * 1024;

/** Other request bodies (sign-in and sign-out): a few fields. */
const SMALL_BODY_LIMIT_BYTES = 16 * 1024;

/**
 * Pages rendered for each request (sign-in, curator pages, the search page): proxy.ts gives them a nonce of their
 * own. Every other page is cached, and server.js puts a fresh nonce into each response of it.
 */
const DYNAMIC_PAGE = /^(?:\/ar)?\/(?:login|admin(?:\/.*)?|monuments)\/?$/;

/** Leaflet's OpenStreetMap tiles; lib/config.ts uses the same default for MAP_TILE_URL. */
const DEFAULT_MAP_TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

/**
 * The CSP source that allows the map tiles of a Leaflet URL template ("https://{s}.tile.example.org/{z}/{x}/{y}.png"
 * → "https://*.tile.example.org"). A template on this site ("/tiles/{z}/{x}/{y}.png") needs nothing beyond 'self'.
 * @param {string} template
 * @returns {string | null}
 */
function tileSource(template) {
  if (template.startsWith('/') && !template.startsWith('//')) return null;
  const m = /^(https?):\/\/([^/?#]+)/i.exec(template);
  if (!m) throw new Error(`MAP_TILE_URL must be an http(s) URL template or a path on this site, not "${template}"`);
  // Leaflet's {s} (subdomain) becomes a wildcard label; any other placeholder in the host is not allowed.
  const host = m[2].toLowerCase().replace(/\{s\}/g, '*');
  if (!/^(\*\.)?[a-z0-9.-]+(:\d+)?$/.test(host)) throw new Error(`MAP_TILE_URL has a host CSP cannot express: "${m[2]}"`);
  return `${m[1].toLowerCase()}://${host}`;
}

/**
 * The Content-Security-Policy of a page. With a nonce (dynamic pages) only scripts carrying it run, and the scripts
 * they load ('strict-dynamic'): every page gets one, dynamic pages from proxy.ts, cached pages from server.js.
 * Without one (responses that are not pages: files, fallbacks) only scripts from this site run. `development` is
 * for `next dev` only, whose React needs eval and whose pages get no nonce.
 * @param {{ mapTileUrl: string, nonce?: string, development?: boolean }} options
 */
function contentSecurityPolicy({ mapTileUrl, nonce, development = false }) {
  const tiles = tileSource(mapTileUrl);
  const directives = [
    "default-src 'self'",
    nonce ? `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`
      : development ? "script-src 'self' 'unsafe-inline' 'unsafe-eval'" : "script-src 'self'",
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

/** Two years, this host only (a registry may share its domain with other services that are not on https). */
const HSTS = 'max-age=63072000';

const PERMISSIONS_POLICY = [
  'accelerometer=()', 'autoplay=()', 'browsing-topics=()', 'camera=()', 'display-capture=()', 'geolocation=()',
  'gyroscope=()', 'magnetometer=()', 'microphone=()', 'payment=()', 'usb=()', 'xr-spatial-tracking=()',
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
 * empty policy on the API and downloads. Pages get a nonce-based CSP instead: dynamic ones from the proxy, cached
 * ones from server.js (docs/decisions/008).
 * @param {{ mapTileUrl: string, production: boolean }} options
 */
function configHeaders({ mapTileUrl, production }) {
  return [
    { source: '/:path*', headers: [...commonSecurityHeaders({ production }), { key: 'Content-Security-Policy', value: contentSecurityPolicy({ mapTileUrl, development: !production }) }] },
    { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: API_CONTENT_SECURITY_POLICY }] },
    { source: '/export/:path+', headers: [{ key: 'Content-Security-Policy', value: API_CONTENT_SECURITY_POLICY }] },
  ];
}

module.exports = { DYNAMIC_PAGE, FORM_BODY_LIMIT_BYTES, SMALL_BODY_LIMIT_BYTES, DEFAULT_MAP_TILE_URL, tileSource, contentSecurityPolicy, commonSecurityHeaders, configHeaders, API_CONTENT_SECURITY_POLICY, HSTS, PERMISSIONS_POLICY };
