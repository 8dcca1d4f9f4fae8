// @ts-check
/**
 * The route table: for every address the registry answers, what it is and which limits apply. server.js (caching,
 * ETags, rate limits, path checks), proxy.ts (nonces, body limits), and next.config.js (the English rewrite) all read
 * it, and tests/unit/routes.test.ts fails on a page or route handler under app/ that it does not classify.
 *
 * Plain CommonJS (types in routes.d.ts) so that server.js and next.config.js can require it without a bundler.
 */

/**
 * What a route is:
 * - `public-page`: a reader's page, the same for everyone; kept by server.js and by any shared cache, fresh from the
 *   database's change stamps (decision 009);
 * - `dynamic-page`: a reader's page rendered per request (search results), never shared;
 * - `auth-page`, `curator-page`: sign-in and the curators' workbench: per user, never stored anywhere;
 * - `api`: the public JSON API, shareable, with an ETag of the data's version;
 * - `download`: the research exports, likewise;
 * - `release`: a dated release's dataset.zip, the same bytes for ever (its own strong ETag, the SHA-256; immutable);
 * - `auth`, `curator-api`, `health`: answers that are per request (sign-in service, curators' look-ups, health);
 * - `static`: build assets and files in public/;
 * - `redirect`: addresses Next redirects without rendering anything (/en/… to the unprefixed English address);
 * - `media`: evidence images, each answer setting its own caching (immutable when public, never stored otherwise).
 * @typedef {'public-page' | 'dynamic-page' | 'auth-page' | 'curator-page' | 'api' | 'download' | 'release' | 'auth' | 'curator-api' | 'health' | 'static' | 'redirect' | 'media'} RouteKind
 */

/**
 * @typedef {object} Route
 * @property {string} name
 * @property {string} pattern  the address without the language prefix; `:name` is one segment, `*` the rest
 * @property {string | null} file  the file under app/ that answers it (null: a fallback answered by Next itself)
 * @property {RouteKind} kind
 * @property {boolean} localized  also served under /ar/… (English has no prefix)
 * @property {'all' | 'monument' | 'site'} [scope]  public pages: which records' changes make the page stale
 * @property {'search' | 'api' | 'export'} [limit]  requests a minute per client address (RATE_LIMIT_*_PER_MINUTE)
 * @property {'form' | 'small' | 'import'} body  the largest request body accepted (`import`: IMPORT_MAX_BYTES)
 * @property {string[]} methods  the methods it answers (OPTIONS too, by server.js); any other gets 405
 * @property {boolean} [query]  public pages whose content depends on the query string
 */

/**
 * The methods each kind of route answers. Pages take POST for server actions, which Next accepts on any page; the
 * others are GET and HEAD only, except the sign-in service and the import upload.
 * @type {Record<RouteKind, string[]>}
 */
const METHODS = {
  'public-page': ['GET', 'HEAD', 'POST'],
  'dynamic-page': ['GET', 'HEAD', 'POST'],
  'auth-page': ['GET', 'HEAD', 'POST'],
  'curator-page': ['GET', 'HEAD', 'POST'],
  redirect: ['GET', 'HEAD', 'POST'],
  auth: ['GET', 'HEAD', 'POST'],
  api: ['GET', 'HEAD'],
  download: ['GET', 'HEAD'],
  release: ['GET', 'HEAD'],
  'curator-api': ['GET', 'HEAD'],
  health: ['GET', 'HEAD'],
  static: ['GET', 'HEAD'],
  media: ['GET', 'HEAD'],
};

/** @typedef {Omit<Route, 'localized' | 'body' | 'methods'> & Partial<Pick<Route, 'localized' | 'body' | 'methods'>>} RouteEntry */
/** @param {RouteEntry} r @returns {Route} */
const page = (r) => ({ localized: true, body: 'form', methods: METHODS[r.kind], ...r });
/** @param {RouteEntry} r @returns {Route} */
const plain = (r) => ({ localized: false, body: 'small', methods: METHODS[r.kind], ...r });
const admin = (/** @type {string} */ pattern, /** @type {string} */ file) =>
  page({
    name: `admin${pattern.replace(/\/:?/g, '-')}`,
    pattern: `/admin${pattern}`,
    file: `app/[locale]/(curator)/admin${file}/page.tsx`,
    kind: 'curator-page',
  });

/** @type {Route[]} In order: the first match wins. */
const ROUTES = [
  plain({
    name: 'api-monuments',
    pattern: '/api/v1/monuments',
    file: 'app/api/v1/monuments/route.ts',
    kind: 'api',
    limit: 'api',
  }),
  plain({
    name: 'api-monument',
    pattern: '/api/v1/monuments/:slug',
    file: 'app/api/v1/monuments/[slug]/route.ts',
    kind: 'api',
    limit: 'api',
  }),
  plain({ name: 'api-sites', pattern: '/api/v1/sites', file: 'app/api/v1/sites/route.ts', kind: 'api', limit: 'api' }),
  plain({
    name: 'api-site',
    pattern: '/api/v1/sites/:slug',
    file: 'app/api/v1/sites/[slug]/route.ts',
    kind: 'api',
    limit: 'api',
  }),
  // Suggestions while a reader types (header and home search boxes): server.js answers valid requests itself
  // (lib/suggest.js), with the same ETag and caching as every API answer.
  plain({
    name: 'api-suggest',
    pattern: '/api/v1/suggest',
    file: 'app/api/v1/suggest/route.ts',
    kind: 'api',
    limit: 'api',
  }),
  // The overview map's markers (compact arrays, compressed once per data version).
  plain({
    name: 'api-map-monuments',
    pattern: '/api/v1/map/monuments',
    file: 'app/api/v1/map/monuments/route.ts',
    kind: 'api',
    limit: 'api',
  }),
  plain({ name: 'api-other', pattern: '/api/v1/*', file: null, kind: 'api', limit: 'api' }),
  plain({ name: 'health', pattern: '/api/health', file: 'app/api/health/route.ts', kind: 'health' }),
  plain({ name: 'auth', pattern: '/api/auth/*', file: 'app/api/auth/[...nextauth]/route.ts', kind: 'auth' }),
  plain({
    name: 'curator-sources',
    pattern: '/api/curator/sources',
    file: 'app/api/curator/sources/route.ts',
    kind: 'curator-api',
  }),
  plain({
    name: 'curator-monuments',
    pattern: '/api/curator/monuments',
    file: 'app/api/curator/monuments/route.ts',
    kind: 'curator-api',
  }),
  plain({
    name: 'curator-sites',
    pattern: '/api/curator/sites',
    file: 'app/api/curator/sites/route.ts',
    kind: 'curator-api',
  }),
  // Files for /admin/import, streamed to disk by editors and admins; nothing else may post a body this large. The
  // proxy never runs for it (its matcher), so that Next does not buffer the body.
  plain({
    name: 'curator-imports',
    pattern: '/api/curator/imports',
    file: 'app/api/curator/imports/route.ts',
    kind: 'curator-api',
    body: 'import',
    methods: ['POST'],
  }),
  // An evidence image attached to a report, streamed to disk by curators (multipart: the file and its fields); like
  // the import upload, the proxy never runs for it and the route checks who, where from and how much first.
  plain({
    name: 'curator-evidence',
    pattern: '/api/curator/evidence',
    file: 'app/api/curator/evidence/route.ts',
    kind: 'curator-api',
    body: 'import',
    methods: ['POST'],
  }),
  plain({ name: 'api-unknown', pattern: '/api/*', file: null, kind: 'health' }),
  // Dated releases (before /export/:file, which would take "releases" for a file name).
  page({
    name: 'export-releases',
    pattern: '/export/releases',
    file: 'app/[locale]/export/releases/page.tsx',
    kind: 'public-page',
    scope: 'all',
  }),
  plain({
    name: 'release-download',
    pattern: '/export/releases/:version/dataset.zip',
    file: 'app/export/releases/[version]/dataset.zip/route.ts',
    kind: 'release',
    limit: 'export',
  }),
  // Evidence images' variants (/evidence/{sha256}/page.webp): public ones immutable, others curators' only.
  plain({
    name: 'evidence',
    pattern: '/evidence/:sha256/:file',
    file: 'app/evidence/[sha256]/[file]/route.ts',
    kind: 'media',
  }),
  plain({
    name: 'download',
    pattern: '/export/:file',
    file: 'app/export/[file]/route.ts',
    kind: 'download',
    limit: 'export',
  }),
  plain({ name: 'build-assets', pattern: '/_next/*', file: null, kind: 'static' }),
  // What search engines and link previews read (docs/feeds.md): the sitemap index and its parts, versioned like the
  // API (an ETag of the data's version), and robots.txt naming the index at PUBLIC_BASE_URL.
  plain({
    name: 'sitemap-index',
    pattern: '/sitemap.xml',
    file: 'app/sitemap.xml/route.ts',
    kind: 'api',
    limit: 'api',
  }),
  // The index's parts (/sitemap-1.xml…): next.config.js rewrites them to /sitemap.xml?part=N.
  plain({
    name: 'sitemap-part',
    pattern: '/sitemap-:part.xml',
    file: 'app/sitemap.xml/route.ts',
    kind: 'api',
    limit: 'api',
  }),
  plain({ name: 'robots', pattern: '/robots.txt', file: 'app/robots.txt/route.ts', kind: 'api' }),
  // Atom feeds of published changes (the whole registry, ?country=XX for one country, a site, a monument), in both
  // languages: versioned like the API, so a feed reader's poll is a 304 until something public changes.
  page({
    name: 'changes-feed',
    pattern: '/changes.atom',
    file: 'app/[locale]/changes.atom/route.ts',
    kind: 'api',
    limit: 'api',
    body: 'small',
    methods: METHODS.api,
  }),
  page({
    name: 'site-changes-feed',
    pattern: '/sites/:slug/changes.atom',
    file: 'app/[locale]/sites/[slug]/changes.atom/route.ts',
    kind: 'api',
    limit: 'api',
    body: 'small',
    methods: METHODS.api,
  }),
  page({
    name: 'monument-changes-feed',
    pattern: '/monuments/:slug/changes.atom',
    file: 'app/[locale]/monuments/[slug]/changes.atom/route.ts',
    kind: 'api',
    limit: 'api',
    body: 'small',
    methods: METHODS.api,
  }),
  // Link-preview images (PNG, 1200×630, both scripts on one image): kept like the record's page and dropped when it
  // changes, since drawing one costs far more than sending it.
  page({
    name: 'site-preview',
    pattern: '/sites/:slug/preview.png',
    file: 'app/[locale]/sites/[slug]/preview.png/route.ts',
    kind: 'public-page',
    scope: 'site',
    body: 'small',
    methods: METHODS.api,
  }),
  page({
    name: 'monument-preview',
    pattern: '/monuments/:slug/preview.png',
    file: 'app/[locale]/monuments/[slug]/preview.png/route.ts',
    kind: 'public-page',
    scope: 'monument',
    body: 'small',
    methods: METHODS.api,
  }),
  page({ name: 'home', pattern: '/', file: 'app/[locale]/page.tsx', kind: 'public-page', scope: 'all' }),
  page({ name: 'sites', pattern: '/sites', file: 'app/[locale]/sites/page.tsx', kind: 'public-page', scope: 'all' }),
  page({
    name: 'site',
    pattern: '/sites/:slug',
    file: 'app/[locale]/sites/[slug]/page.tsx',
    kind: 'public-page',
    scope: 'site',
  }),
  page({
    name: 'search',
    pattern: '/monuments',
    file: 'app/[locale]/monuments/page.tsx',
    kind: 'dynamic-page',
    limit: 'search',
  }),
  page({
    name: 'monument',
    pattern: '/monuments/:slug',
    file: 'app/[locale]/monuments/[slug]/page.tsx',
    kind: 'public-page',
    scope: 'monument',
  }),
  // The overview map: every located monument matching the search filters (same URL parameters as /monuments). The
  // page is the same for everyone and kept like the others; the markers come from /api/v1/map/monuments.
  page({
    name: 'map',
    pattern: '/map',
    file: 'app/[locale]/map/page.tsx',
    kind: 'public-page',
    scope: 'all',
    query: true,
  }),
  // The public "Send evidence or a correction" form, for a listed monument or a place not yet listed: rendered per
  // request (it carries a signed timestamp) and never shared. Posts are limited per hour by the action itself
  // (RATE_LIMIT_SUBMIT_PER_HOUR, counted in the database), not here: reading the form costs nothing.
  page({
    name: 'monument-submit',
    pattern: '/monuments/:slug/submit',
    file: 'app/[locale]/monuments/[slug]/submit/page.tsx',
    kind: 'dynamic-page',
  }),
  page({ name: 'submit', pattern: '/submit', file: 'app/[locale]/submit/page.tsx', kind: 'dynamic-page' }),
  page({
    name: 'changes',
    pattern: '/changes',
    file: 'app/[locale]/changes/page.tsx',
    kind: 'public-page',
    scope: 'all',
  }),
  page({
    name: 'export-guide',
    pattern: '/export',
    file: 'app/[locale]/export/page.tsx',
    kind: 'public-page',
    scope: 'all',
  }),
  // The definitions every label links to, and the status rule (from lib/vocab.ts and the configuration).
  page({
    name: 'methodology',
    pattern: '/methodology',
    file: 'app/[locale]/methodology/page.tsx',
    kind: 'public-page',
    scope: 'all',
  }),
  page({ name: 'login', pattern: '/login', file: 'app/[locale]/(curator)/login/page.tsx', kind: 'auth-page' }),
  admin('', ''),
  admin('/mine', '/mine'),
  admin('/review', '/review'),
  admin('/users', '/users'),
  admin('/import', '/import'),
  admin('/history/:type/:id', '/history/[type]/[id]'),
  admin('/sites/new', '/sites/new'),
  admin('/sites/:id/edit', '/sites/[id]/edit'),
  admin('/monuments/new', '/monuments/new'),
  admin('/monuments/:id/edit', '/monuments/[id]/edit'),
  admin('/reports/new', '/reports/new'),
  admin('/reports/:id/edit', '/reports/[id]/edit'),
  admin('/sources', '/sources'),
  admin('/sources/new', '/sources/new'),
  admin('/sources/:id/edit', '/sources/[id]/edit'),
  // Any other address under /admin is the curators' (a 404 from their layout, which asks for a sign-in first).
  page({ name: 'admin-other', pattern: '/admin/*', file: null, kind: 'curator-page' }),
  // Any other address in a language: the not-found page (404, never kept).
  page({ name: 'not-found', pattern: '/*', file: 'app/[locale]/[...rest]/page.tsx', kind: 'public-page' }),
];

/** First path segments that are not pages in a language; the English rewrite (next.config.js) leaves them alone. */
const UNLOCALIZED_PREFIXES = ['api', 'export', '_next', 'evidence'];

/** @param {string} pattern */
function patternSource(pattern) {
  if (pattern === '/') return '';
  return pattern
    .split('/')
    .slice(1)
    .map((part) => {
      if (part === '*') return '(?:/.*)?';
      // `prefix-:name.ext`: a file name with a value in it (/sitemap-3.xml)
      const named = /^([\w-]*):(\w+)(\.\w+)$/.exec(part);
      if (named) return `/${named[1]}(?<${named[2]}>[^/.]+)\\${named[3]}`;
      if (part.startsWith(':')) return `/(?<${part.slice(1)}>[^/]+)`;
      return `/${part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
    })
    .join('');
}

const MATCHERS = ROUTES.map((route) => {
  const body = patternSource(route.pattern);
  const source = route.localized ? `^(?:/(?<locale>ar))?${body || ''}/?$` : `^${body}/?$`;
  return { route, regex: new RegExp(source) };
});

/** Entries whose address ends in a file name: the only ones an address with a dot in its last segment can match. */
const FILE_MATCHERS = MATCHERS.filter(({ route }) => /\.[^/]*$/.test(route.pattern));

/**
 * The localized addresses that end in a file name, as path-to-regexp sources without the leading slash: next.config.js
 * rewrites them to English like pages (it leaves other addresses with a dot to public/).
 */
const LOCALIZED_FILE_SOURCES = ROUTES.filter((r) => r.localized && /\.[^/]*$/.test(r.pattern)).map((r) =>
  r.pattern.slice(1).replace(/\./g, '\\.').replace(/:\w+/g, '[^/]+'),
);

/**
 * @typedef {object} Match
 * @property {Route} route
 * @property {'en' | 'ar'} locale
 * @property {Record<string, string>} params  decoded segment values
 * @property {string} [scopeKey]  for public pages with a scope: 'all', 'monument:<slug>' or 'site:<slug>'
 */

/** Files in public/ (or a 404 from Next), and /en/… which Next redirects to the unprefixed address. */
const FILE = /** @type {Route} */ ({
  name: 'file',
  pattern: '/*',
  file: null,
  kind: 'static',
  localized: false,
  body: 'small',
  methods: METHODS.static,
});
const ENGLISH_PREFIX = /** @type {Route} */ ({
  ...FILE,
  name: 'english-prefix',
  kind: 'redirect',
  methods: METHODS.redirect,
});

/**
 * The route of a normalised path (see normalizeTarget): files (a dot in the last segment) and build assets are
 * `static`, /en/… is `redirect`, everything else the first matching entry of the table.
 * @param {string} pathname
 * @returns {Match}
 */
function classify(pathname) {
  if (pathname === '/en' || pathname.startsWith('/en/')) return { route: ENGLISH_PREFIX, locale: 'en', params: {} };
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  const first = pathname.split('/')[1] ?? '';
  // A dot names a file in public/, unless the table lists the address (feeds, sitemaps, preview images).
  const dotted = last.includes('.') && !UNLOCALIZED_PREFIXES.includes(first);
  for (const { route, regex } of dotted ? FILE_MATCHERS : MATCHERS) {
    const m = regex.exec(pathname);
    if (!m) continue;
    const { locale, ...rest } = m.groups ?? {};
    /** @type {Record<string, string>} */
    const params = {};
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) params[k] = safeDecode(v);
    /** @type {Match} */
    const match = { route, locale: locale === 'ar' ? 'ar' : 'en', params };
    if (route.scope === 'all') match.scopeKey = 'all';
    else if (route.scope && params.slug) match.scopeKey = `${route.scope}:${params.slug}`;
    return match;
  }
  return { route: FILE, locale: 'en', params: {} };
}

/** @param {string} s */
function safeDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Checks a request target the way Next would read it, before anything is routed. Next resolves dot-segments, reads
 * %2e as a dot and drops a fragment, so `/_next/../changes` would be classified here as a file but rendered as the
 * changes page; such targets are refused (400) instead of being interpreted twice. A trailing slash is kept (Next
 * redirects it to the address without one); the route is that of the address without it.
 * @param {string} target  the raw request target (`req.url`)
 * @returns {{ ok: true, pathname: string, search: string } | { ok: false, problem: 'badAddress' }}
 */
function normalizeTarget(target) {
  if (!target.startsWith('/') || target.includes('#')) return { ok: false, problem: 'badAddress' };
  const q = target.indexOf('?');
  const raw = q === -1 ? target : target.slice(0, q);
  const search = q === -1 ? '' : target.slice(q);
  // Encoded dots, slashes and backslashes, raw backslashes, empty segments and dot segments: each is a second way to
  // write some other address. Nothing the registry links to contains them.
  if (/%2e|%2f|%5c|\\/i.test(raw) || raw.includes('//') || /\/\.\.?(?:\/|$)/.test(raw))
    return { ok: false, problem: 'badAddress' };
  try {
    decodeURIComponent(raw);
  } catch {
    return { ok: false, problem: 'badAddress' };
  }
  const pathname = raw.length > 1 && raw.endsWith('/') ? raw.slice(0, -1) : raw;
  return { ok: true, pathname, search };
}

/**
 * Cache-Control of everything a shared cache (a CDN, nginx) may keep: public pages, API answers and downloads. Fresh
 * for 5 s, then served stale for at most 30 s more while the cache revalidates it (a 304 when nothing changed).
 * Browsers (max-age=0) revalidate on every visit and get a 304 while the page is unchanged.
 */
const SHARED_CACHE_CONTROL = 'public, max-age=0, s-maxage=5, stale-while-revalidate=30';
/** Everything per user, per request, or that sets a cookie. */
const PRIVATE_CACHE_CONTROL = 'private, no-store';

/**
 * Set by server.js (and only by it: a client's copy is dropped) when it asks the not-found route to render a fallback
 * page in place of Next's script-only error shell: 'not-found' or 'error' (README, "Pages without JavaScript").
 */
const FALLBACK_PAGE_HEADER = 'x-registry-fallback-page';

module.exports = {
  ROUTES,
  FALLBACK_PAGE_HEADER,
  METHODS,
  UNLOCALIZED_PREFIXES,
  LOCALIZED_FILE_SOURCES,
  classify,
  normalizeTarget,
  SHARED_CACHE_CONTROL,
  PRIVATE_CACHE_CONTROL,
};
