// @ts-check
/**
 * The registry's production server (`npm start` runs it; tests and benchmarks too): Next's request handler with a
 * thin layer in front for cached public pages (docs/decisions/008-page-server.md). For those pages it
 * - renders them with a placeholder nonce and gives every response a fresh one (in its Content-Security-Policy and
 *   on Next's scripts), so cached pages run only the app's own scripts, like dynamic pages, without being rendered
 *   per request;
 * - keeps their finished bytes in memory (lib/page-cache.js), purged whenever the app revalidates public pages, so a
 *   hit costs a map lookup instead of Next's routing and cache read.
 * Router requests for those pages (flight data) are rewritten the same way, so the placeholder never leaves.
 * Everything else (API, downloads, static files, sign-in, curator and search pages) goes to Next untouched.
 */
const crypto = require('node:crypto');
const http = require('node:http');
const zlib = require('node:zlib');
/** @type {typeof import('next').default} */
const next = /** @type {any} */ (require('next'));
const { contentSecurityPolicy, DEFAULT_MAP_TILE_URL, DYNAMIC_PAGE } = require('./lib/http-policy.js');
const { PageCache, installPageCache } = require('./lib/page-cache.js');

Object.assign(process.env, { NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' });

/** Room for about two thousand pages; the least recently used make room for others. */
const PAGE_CACHE_MAX_BYTES = 64 * 1024 * 1024;

/**
 * What Next puts on its scripts while rendering a cached page; replaced in every response, so it never leaves this
 * process. Random per start: a page rendered by another run cannot carry it (the page caches live in memory).
 */
const PLACEHOLDER = crypto.randomBytes(16).toString('hex');
const PLACEHOLDER_BYTES = Buffer.from(PLACEHOLDER);
const PLACEHOLDER_POLICY = `script-src 'nonce-${PLACEHOLDER}'`;

const mapTileUrl = process.env.MAP_TILE_URL || DEFAULT_MAP_TILE_URL;

/** Response headers that are the transport's business or differ per response; never replayed from the cache. */
const HOP_HEADERS = ['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date', 'etag', 'content-security-policy', 'x-page-cache'];

/**
 * 'page' for a request to a cached public page, by any method (anything that is not a file, the API, a download, or
 * a page rendered per request), 'next' for everything else. Any method: Next answers a POST or PUT to a cached page
 * with the cached page itself, which must not go out with its placeholder.
 * @param {http.IncomingMessage} req
 */
function routeOf(req) {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const pathname = q === -1 ? url : url.slice(0, q);
  if (/^\/(?:_next|api|export)\//.test(pathname) || /\.[^/]*$/.test(pathname) || DYNAMIC_PAGE.test(pathname)) return 'next';
  return 'page';
}

/** @param {Record<string, string | string[] | number | undefined>} headers */
function cacheLifetimeMs(headers) {
  const control = String(headers['cache-control'] ?? '');
  const m = /(?:^|,)\s*s-maxage=(\d+)/.exec(control);
  if (!m || /private|no-store|no-cache/.test(control) || headers['set-cookie']) return 0;
  return Number(m[1]) * 1000;
}

/** @param {Buffer} body */
function splitAtPlaceholder(body) {
  const parts = [];
  let from = 0;
  for (let at = body.indexOf(PLACEHOLDER_BYTES); at !== -1; at = body.indexOf(PLACEHOLDER_BYTES, from)) {
    parts.push(body.subarray(from, at));
    from = at + PLACEHOLDER_BYTES.length;
  }
  parts.push(body.subarray(from));
  return parts;
}

/**
 * Runs Next's handler for `req` with its output held back instead of sent: resolves with the status, headers and
 * body once Next ends the response (null if the client went away first).
 * @param {(req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>} handle
 * @param {http.IncomingMessage} req @param {http.ServerResponse} res
 * @returns {Promise<{ status: number, body: Buffer } | null>}
 */
function captureNext(handle, req, res) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    const { writeHead, write, end, flushHeaders } = res;
    const restore = () => Object.assign(res, { writeHead, write, end, flushHeaders });
    /** @param {any} chunk @param {any} encoding */
    const keep = (chunk, encoding) => {
      if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, typeof encoding === 'string' ? /** @type {BufferEncoding} */ (encoding) : undefined));
    };
    /** @type {any} */ (res).writeHead = (/** @type {number} */ status, /** @type {any} */ reason, /** @type {any} */ headers) => {
      res.statusCode = status;
      const given = typeof reason === 'object' ? reason : headers;
      if (Array.isArray(given) && Array.isArray(given[0])) for (const [k, v] of given) res.setHeader(k, v);
      else if (Array.isArray(given)) for (let i = 0; i < given.length; i += 2) res.setHeader(given[i], given[i + 1]);
      else if (given) for (const [k, v] of Object.entries(given)) if (v !== undefined) res.setHeader(k, v);
      return res;
    };
    res.flushHeaders = () => {};
    /** @type {any} */ (res).write = (/** @type {any} */ chunk, /** @type {any} */ encoding, /** @type {any} */ cb) => {
      keep(chunk, encoding);
      const callback = typeof encoding === 'function' ? encoding : cb;
      if (callback) process.nextTick(callback);
      return true;
    };
    /** @type {any} */ (res).end = (/** @type {any} */ chunk, /** @type {any} */ encoding, /** @type {any} */ cb) => {
      keep(chunk, encoding);
      restore();
      resolve({ status: res.statusCode, body: Buffer.concat(chunks) });
      const callback = [chunk, encoding, cb].find((f) => typeof f === 'function');
      if (callback) res.once('finish', callback);
      return res;
    };
    res.once('close', () => resolve(null));
    handle(req, res).catch((error) => {
      restore();
      reject(error);
    });
  });
}

/**
 * Sends a page with a fresh nonce where the placeholder was, the policy naming it, and gzip when the client takes it.
 * @param {http.IncomingMessage} req @param {http.ServerResponse} res
 * @param {{ status: number, headers: Record<string, any>, parts: Buffer[] }} page @param {'hit' | 'miss' | 'pass'} cacheState
 */
function sendPage(req, res, page, cacheState) {
  const nonce = crypto.randomBytes(18).toString('base64');
  const nonceBytes = Buffer.from(nonce);
  /** @type {Buffer[]} */
  const pieces = [];
  page.parts.forEach((part, i) => {
    if (i > 0) pieces.push(nonceBytes);
    pieces.push(part);
  });
  const body = Buffer.concat(pieces);
  for (const name of res.getHeaderNames()) res.removeHeader(name);
  for (const [name, value] of Object.entries(page.headers)) if (!HOP_HEADERS.includes(name)) res.setHeader(name, value);
  res.setHeader('content-security-policy', contentSecurityPolicy({ mapTileUrl, nonce }));
  // Each response carries its own nonce: no shared cache may replay one (this server is the shared cache).
  if (cacheLifetimeMs(page.headers) > 0) res.setHeader('cache-control', 'private, no-cache');
  if (cacheState === 'hit') res.setHeader('x-nextjs-cache', 'HIT');
  res.setHeader('x-page-cache', cacheState);
  const finish = (/** @type {Buffer} */ bytes) => {
    res.setHeader('content-length', bytes.length);
    res.writeHead(page.status);
    res.end(bytes);
  };
  if (req.method === 'HEAD') {
    // Next answers HEAD without a body; a page from the cache knows its length, any other says none.
    if (body.length > 0) res.setHeader('content-length', body.length);
    res.writeHead(page.status);
    res.end();
    return;
  }
  const accepts = String(req.headers['accept-encoding'] ?? '');
  if (body.length < 1024 || !/\bgzip\b/.test(accepts) || !/^text\/|json|javascript/.test(String(page.headers['content-type'] ?? ''))) return finish(body);
  zlib.gzip(body, (error, zipped) => {
    if (error) return finish(body);
    res.setHeader('content-encoding', 'gzip');
    finish(zipped);
  });
}

async function main() {
  const port = Number(process.env.PORT || 3000);
  const hostname = process.env.HOSTNAME || undefined;
  const app = next({ dev: false, dir: process.cwd(), hostname: hostname ?? 'localhost', port });
  const handle = app.getRequestHandler();
  await app.prepare();

  const cache = new PageCache({ maxBytes: PAGE_CACHE_MAX_BYTES });
  installPageCache(cache);

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  async function servePage(req, res) {
    // Next reads a nonce from the request's policy and puts it on its scripts, in the page it caches as well.
    req.headers['content-security-policy'] = PLACEHOLDER_POLICY;
    // Router requests (React flight data, fetched on client-side navigation) carry the placeholder too, inside the
    // payload: they are rewritten like pages (never kept: they vary with the router's headers).
    const url = req.url ?? '/';
    // Only reads are answered from the map: any other method goes through Next (and the proxy's checks) every time.
    const reads = req.method === 'GET' || req.method === 'HEAD';
    const key = !reads || url.includes('?') || req.headers.rsc !== undefined ? null : url;
    const hit = key ? cache.get(key) : undefined;
    if (hit) return sendPage(req, res, hit, 'hit');

    const generation = cache.generation;
    // The body is rewritten here, so Next must send it plain; this server compresses it afterwards. A conditional
    // request could only get a 304 for an older nonce: always send the page.
    const acceptEncoding = req.headers['accept-encoding'];
    delete req.headers['accept-encoding'];
    delete req.headers['if-none-match'];
    delete req.headers['if-modified-since'];
    const result = await captureNext(handle, req, res);
    if (!result) return;
    if (acceptEncoding !== undefined) req.headers['accept-encoding'] = acceptEncoding; // for sendPage's compression
    const headers = /** @type {Record<string, any>} */ (res.getHeaders());
    if (headers['content-encoding']) {
      // Not expected (the request asked for none); never send a body whose placeholder could not be replaced.
      res.writeHead(502).end();
      return;
    }
    const lifetime = cacheLifetimeMs(headers);
    const page = { status: result.status, headers, parts: splitAtPlaceholder(result.body), bytes: result.body.length, expiresAt: Date.now() + lifetime };
    // Kept with all of Next's headers: sendPage leaves out the hop-by-hop and per-response ones when it replays them.
    const storable = key !== null && req.method === 'GET' && result.status === 200 && lifetime > 0 && /^text\/html/.test(String(headers['content-type'] ?? ''));
    if (storable) cache.set(key, page, generation);
    sendPage(req, res, page, storable ? 'miss' : 'pass');
  }

  const server = http.createServer((req, res) => {
    const work = routeOf(req) === 'page' ? servePage(req, res) : handle(req, res);
    work.catch((error) => {
      // Like the app's errors (lib/http/errors.ts): one JSON line, and its request id on the answer, never a stack.
      const requestId = crypto.randomBytes(6).toString('hex');
      console.error(JSON.stringify({
        time: new Date().toISOString(), level: 'error', request_id: requestId, method: req.method, path: req.url, route: 'server.js',
        error: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error),
      }));
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end(`The registry could not answer this request. Reference: ${requestId}\n`);
    });
  });
  server.listen(port, hostname, () => {
    console.log(`Heritage damage registry: serving on http://${hostname ?? 'localhost'}:${port}`);
  });
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
    process.on(signal, () => {
      server.close();
      // Writes are synchronous SQLite transactions: nothing acknowledged is pending, so stopping at once is safe.
      setTimeout(() => process.exit(0), 500).unref();
    });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
