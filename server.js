// @ts-check
/**
 * The registry's production server (`npm start` runs it; tests and benchmarks too): Next's request handler behind a
 * layer that reads the route table (lib/routes.js) and, before Next sees a request,
 * - refuses targets Next would read differently from their raw form (dot-segments, encoded dots and slashes,
 *   fragments: 400) and drops any Content-Security-Policy request header (Next reads nonces from it);
 * - applies the rate limits (shared by all workers through the primary process);
 * - answers public pages from its own copy of their finished bytes, kept until the database says their data changed
 *   (lib/change-watcher.js), with a validator (ETag → 304), a policy naming their inline scripts' hashes, and a
 *   Cache-Control that lets any shared cache keep them briefly;
 * - gives API answers and downloads an ETag of the data's version and answers a matching If-None-Match with 304
 *   without running them.
 * It also holds every connection to time limits and a cap (connectionLimits below), answers methods a route does not
 * take with 405 and bodies declared larger than its limit with 413 before Next reads them, and closes a connection
 * whose answer went out before its body arrived (an early refusal), rather than reading the rest.
 * With WEB_CONCURRENCY > 1 (default: the number of cores) a primary process forks that many workers on one port.
 * SIGTERM or SIGINT drains in-flight requests; every process ends within 10 s.
 * See docs/decisions/009-fresh-cacheable-pages.md.
 */
const cluster = require('node:cluster');
const { fork } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const { promisify } = require('node:util');
const {
  API_CONTENT_SECURITY_POLICY,
  commonSecurityHeaders,
  contentSecurityPolicy,
  DEFAULT_MAP_TILE_URL,
  FORM_BODY_LIMIT_BYTES,
  SMALL_BODY_LIMIT_BYTES,
} = require('./lib/http-policy.js');
const {
  classify,
  normalizeTarget,
  FALLBACK_PAGE_HEADER,
  SHARED_CACHE_CONTROL,
  PRIVATE_CACHE_CONTROL,
} = require('./lib/routes.js');
const { PageCache } = require('./lib/page-cache.js');
const { ChangeWatcher } = require('./lib/change-watcher.js');
const { limitersFrom } = require('./lib/rate-limit.js');
const {
  CLIENT_ADDRESS_HEADER,
  clientIp,
  parseTrustProxy,
  trustClientAddressHeader,
} = require('./lib/http/client-ip.js');
const { refusal } = require('./lib/http/refusal.js');
const Database = require('better-sqlite3');
const { findSuggestions } = require('./db/queries/suggest.js');
const { parseSuggestParams, suggestionsJson, SUGGEST_HEADERS } = require('./lib/suggest.js');

Object.assign(process.env, { NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' });

/** How long a connection answered before its body arrived stays open (reading nothing) before it is closed. */
const LINGER_MS = 5_000;
/** SIGTERM/SIGINT: in-flight requests get this long to finish; then every process ends regardless. */
const DRAIN_MS = 8_000;
const STOP_MS = 10_000;

const gzip = promisify(zlib.gzip);
const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOSTNAME || undefined;

/** Response headers that are the transport's business or belong to one response; never kept with a page. */
const PER_RESPONSE = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'date',
  'etag',
  'content-security-policy',
  'cache-control',
  'vary',
  'x-page-cache',
  'x-nextjs-cache',
  'x-nextjs-prerender',
  'x-nextjs-stale-time',
  'content-encoding',
]);

function workerCount() {
  const raw = process.env.WEB_CONCURRENCY;
  if (raw === undefined || raw === '') return Math.max(1, os.availableParallelism());
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    console.error(`Cannot start: WEB_CONCURRENCY must be a whole number from 1 to 64, not "${raw}"`);
    process.exit(1);
  }
  return n;
}

/** Proxies in front whose X-Forwarded-For hop is believed (lib/http/client-ip.js); lib/config.ts checks it the same way. */
function trustedProxies() {
  const parsed = parseTrustProxy(process.env.TRUST_PROXY);
  if (!parsed.ok) {
    console.error(`Cannot start: ${parsed.message}, not "${process.env.TRUST_PROXY}"`);
    process.exit(1);
  }
  return parsed.hops;
}

/**
 * A whole-number setting from the environment (documented in .env.example and lib/config.ts, which checks the same
 * bounds when `npm start` begins); a bad value stops the server with a message naming it.
 * @param {string} name @param {number} fallback @param {number} min @param {number} max
 */
function wholeNumber(name, fallback, min, max) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`Cannot start: ${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
    process.exit(1);
  }
  return n;
}

/**
 * How long a client may take, and how many connections a worker holds (docs/operating.md "Limits"):
 * - the request line and headers: HEADERS_TIMEOUT_SECONDS (then 408 and the connection closed, by Node);
 * - a body: BODY_TIMEOUT_SECONDS, and for an import upload that plus one second per UPLOAD_MIN_BYTES_PER_SECOND of
 *   its declared size (then 408 if nothing was answered yet, and the connection closed);
 * - an idle kept-alive connection: KEEP_ALIVE_TIMEOUT_SECONDS;
 * - MAX_CONNECTIONS_PER_WORKER open connections; Node closes any further one at once until one ends.
 */
function connectionLimits() {
  return {
    headersMs: wholeNumber('HEADERS_TIMEOUT_SECONDS', 20, 1, 3600) * 1000,
    bodySeconds: wholeNumber('BODY_TIMEOUT_SECONDS', 30, 1, 3600),
    uploadBytesPerSecond: wholeNumber('UPLOAD_MIN_BYTES_PER_SECOND', 64 * 1024, 1024, 1024 * 1024 * 1024),
    keepAliveMs: wholeNumber('KEEP_ALIVE_TIMEOUT_SECONDS', 5, 1, 3600) * 1000,
    maxConnections: wholeNumber('MAX_CONNECTIONS_PER_WORKER', 1000, 1, 1_000_000),
  };
}

/** The largest body each route accepts (lib/routes.js `body`); IMPORT_MAX_BYTES as lib/config.ts reads it. */
function bodyLimits() {
  const importMax = Number(process.env.IMPORT_MAX_BYTES) > 0 ? Number(process.env.IMPORT_MAX_BYTES) : 100 * 1024 * 1024;
  return { small: SMALL_BODY_LIMIT_BYTES, form: FORM_BODY_LIMIT_BYTES, import: importMax };
}

/**
 * Marks an error as no error of the app's (a client that went away): the app's log filter (instrumentation.ts,
 * lib/http/errors.ts `loggedErrors`, shared through globalThis) then does not print Next's report of it.
 * @param {Error} error
 */
function expected(error) {
  const registry = /** @type {{ __registryLoggedErrors?: WeakSet<object> }} */ (globalThis);
  (registry.__registryLoggedErrors ??= new WeakSet()).add(error);
  return error;
}

/** Whether a request carries a body (HTTP/1.1: a non-zero Content-Length, or Transfer-Encoding). @param {http.IncomingMessage} req */
function hasBody(req) {
  const length = req.headers['content-length'];
  return (length !== undefined && length.trim() !== '0') || req.headers['transfer-encoding'] !== undefined;
}

function databaseFile() {
  const url = process.env.DATABASE_URL || './data/registry.db';
  return path.resolve(url.startsWith('file:') ? url.slice('file:'.length) : url);
}

function announce(workers) {
  console.log(
    `Heritage damage registry: serving on http://${hostname ?? 'localhost'}:${port} (${workers} worker${workers === 1 ? '' : 's'})`,
  );
  if (!process.env.PUBLIC_BASE_URL) {
    console.log(
      `PUBLIC_BASE_URL is not set: links in pages, the API and downloads name http://localhost:${port}. Set it to the registry's public address.`,
    );
  }
}

// ————————————————————————————————————————————— primary —————————————————————————————————————————————

/**
 * With several workers the primary starts two kinds of process, `workers` of each:
 * - renderers (plain child processes running Next, each on a Unix socket in a directory only this user can open);
 * - front workers (cluster workers sharing the public port) that hold the page layer, the limits and the policy,
 *   answer kept pages themselves and hand everything else to the least busy renderer.
 * A kept page is then never queued behind a render or a curator's save: those run in other processes, which the
 * operating system schedules alongside the fronts instead of one after another on one event loop.
 */
function runPrimary(workers) {
  const limiters = limitersFrom(process.env);
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'heritage-registry-'));
  process.on('exit', () => fs.rmSync(socketDir, { recursive: true, force: true }));
  const sockets = Array.from({ length: workers }, (_, i) => path.join(socketDir, `renderer-${i}.sock`));
  /** @type {(import('node:child_process').ChildProcess | null)[]} */
  const renderers = sockets.map(() => null);
  let listening = 0;
  let stopping = false;

  /** It could not start (bad environment, port taken, no build): every other process would fail the same way. */
  const giveUp = (/** @type {number | null} */ code) => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGKILL');
    for (const r of renderers) r?.kill('SIGKILL');
    process.exit(code || 1);
  };
  const restarting = (/** @type {number | undefined} */ pid, /** @type {string} */ what, /** @type {any} */ why) =>
    console.error(
      JSON.stringify({
        time: new Date().toISOString(),
        level: 'error',
        route: 'server.js',
        message: `${what} ${pid} ended (${why}); starting another`,
      }),
    );
  const finished = () => {
    if (!stopping) return;
    if (Object.keys(cluster.workers ?? {}).length > 0) return;
    // The fronts are gone, so no request can reach a renderer any more: they may go too.
    for (const r of renderers) r?.send({ type: 'shutdown' });
    if (renderers.every((r) => r === null)) process.exit(0);
  };

  /** @param {number} i @param {() => void} onReady */
  const startRenderer = (i, onReady) => {
    fs.rmSync(/** @type {string} */ (sockets[i]), { force: true });
    const child = fork(__filename, [], {
      env: { ...process.env, REGISTRY_ROLE: 'renderer', REGISTRY_RENDERER_SOCKET: sockets[i] },
      serialization: 'advanced',
    });
    renderers[i] = child;
    let ready = false;
    child.on('message', (/** @type {any} */ m) => {
      if (m?.type !== 'ready' || ready) return;
      ready = true;
      onReady();
    });
    child.on('exit', (code, signal) => {
      renderers[i] = null;
      if (stopping) return finished();
      if (!ready) return giveUp(code);
      restarting(child.pid, 'renderer', signal ?? code);
      startRenderer(i, () => {});
    });
  };

  /** @param {import('node:cluster').Worker} worker */
  const listen = (worker) => {
    let ready = false;
    worker.on('listening', () => {
      ready = true;
      if (++listening === workers) announce(workers);
    });
    worker.on('message', (/** @type {any} */ m) => {
      if (m?.type === 'page') {
        // A page one worker rendered is offered to the others, so that a change costs one render, not one per worker.
        for (const other of Object.values(cluster.workers ?? {})) if (other && other !== worker) other.send(m);
        return;
      }
      if (m?.type !== 'rate-limit') return;
      const limiter = limiters[/** @type {'search' | 'api' | 'export'} */ (m.endpoint)];
      worker.send({
        type: 'rate-limit',
        id: m.id,
        decision: limiter ? limiter.take(m.key) : { ok: true, remaining: 0 },
      });
    });
    worker.on('exit', (code, signal) => {
      if (stopping) return finished();
      if (!ready) return giveUp(code);
      restarting(worker.process.pid, 'worker', signal ?? code);
      listening--;
      listen(cluster.fork({ REGISTRY_ROLE: 'front', REGISTRY_RENDERER_SOCKETS: sockets.join(path.delimiter) }));
    });
  };
  // Pages travel between workers with their bytes: the structured-clone channel carries buffers as they are.
  cluster.setupPrimary({ serialization: 'advanced' });
  let renderersReady = 0;
  for (let i = 0; i < workers; i++)
    startRenderer(i, () => {
      if (++renderersReady !== workers) return;
      // The fronts take connections only once every renderer answers.
      for (let j = 0; j < workers; j++)
        listen(cluster.fork({ REGISTRY_ROLE: 'front', REGISTRY_RENDERER_SOCKETS: sockets.join(path.delimiter) }));
    });

  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      // Fronts drain first (their in-flight requests still need the renderers), then the renderers stop.
      for (const w of Object.values(cluster.workers ?? {})) w?.send({ type: 'shutdown' });
      cluster.on('exit', finished);
      finished();
      setTimeout(() => {
        for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGKILL');
        for (const r of renderers) r?.kill('SIGKILL');
        process.exit(0);
      }, STOP_MS - 500).unref();
    });
  }
}

// ————————————————————————————————————————————— worker —————————————————————————————————————————————

/** Rate limits: the primary's buckets when there are several workers, this process's own otherwise. */
function rateLimiter() {
  const limiters = limitersFrom(process.env);
  const unlimited = { ok: true, remaining: Infinity };
  if (!cluster.isWorker) {
    return (/** @type {'search' | 'api' | 'export'} */ endpoint, /** @type {string} */ key) =>
      Promise.resolve(limiters[endpoint].take(key));
  }
  /** @type {Map<number, (d: any) => void>} */
  const waiting = new Map();
  let next = 0;
  process.on('message', (/** @type {any} */ m) => {
    if (m?.type !== 'rate-limit') return;
    waiting.get(m.id)?.(m.decision);
    waiting.delete(m.id);
  });
  return (/** @type {'search' | 'api' | 'export'} */ endpoint, /** @type {string} */ key) =>
    new Promise((resolve) => {
      // A limit set to 0 is off: no need to ask the primary.
      if (limiters[endpoint].perMinute <= 0) return resolve(unlimited);
      const id = next++;
      waiting.set(id, resolve);
      /** @type {NodeJS.Process & { send: Function }} */ (process).send({ type: 'rate-limit', id, endpoint, key });
    });
}

/**
 * Runs Next's handler for `req` with its output held back instead of sent: resolves with the status and body once
 * Next ends the response (null if the client went away first); the headers stay on `res`.
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
      if (chunk !== undefined && chunk !== null && typeof chunk !== 'function')
        chunks.push(
          Buffer.isBuffer(chunk)
            ? chunk
            : Buffer.from(chunk, typeof encoding === 'string' ? /** @type {BufferEncoding} */ (encoding) : undefined),
        );
    };
    /** @type {any} */ (res).writeHead = (
      /** @type {number} */ status,
      /** @type {any} */ reason,
      /** @type {any} */ headers,
    ) => {
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

/** Any path the app has no page for: the catch-all route, which renders the fallback pages. */
const FALLBACK_PATH = '_fallback';

/** Last resort when even the fallback page fails (the layout itself broke): both languages, no script. */
const STATIC_ERROR_PAGE = Buffer.from(
  '<!DOCTYPE html><html lang="en" dir="ltr"><head><meta charset="utf-8"><meta name="viewport" ' +
    'content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>Something went wrong' +
    '</title></head><body><main><h1>Something went wrong</h1><p>The page could not be shown. Please try again.</p>' +
    '<p lang="ar" dir="rtl">حدث خطأ ولم نتمكّن من عرض الصفحة. يُرجى المحاولة مرة أخرى.</p>' +
    '<p><a href="/">Heritage Damage Registry</a> · <a href="/ar" lang="ar">سجل الأضرار التي لحقت بالتراث</a></p>' +
    '</main></body></html>',
  'utf8',
);

/**
 * Whether Next answered a page load with its script-only error shell (an empty <html id="__next_error__">, what it
 * sends when a page calls notFound() or throws before anything was streamed). Client navigations (RSC) are left alone.
 * @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {Buffer} body
 */
function isScriptOnlyShell(req, res, body) {
  if (req.headers.rsc !== undefined) return false;
  if (!/^text\/html/.test(String(res.getHeader('content-type') ?? ''))) return false;
  return body.subarray(0, 512).includes('<html id="__next_error__"');
}

/**
 * A GET of `url` on the same connection, headers and all, asking the catch-all route for a fallback page.
 * @param {http.IncomingMessage} req @param {string} url @param {'not-found' | 'error'} page
 */
function internalRequest(req, url, page) {
  const inner = new http.IncomingMessage(req.socket);
  inner.method = 'GET';
  inner.url = url;
  inner.httpVersion = req.httpVersion;
  inner.headers = { ...req.headers, [FALLBACK_PAGE_HEADER]: page };
  inner.push(null);
  return inner;
}

/** The SHA-256 (base64) of every inline script of an HTML page, as CSP hash sources name them. @param {Buffer} body */
function inlineScriptHashes(body) {
  const hashes = new Set();
  for (const m of body.toString('utf8').matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    if (/\bsrc\s*=/i.test(m[1] ?? '') || !m[2]) continue;
    hashes.add(crypto.createHash('sha256').update(m[2], 'utf8').digest('base64'));
  }
  return [...hashes];
}

/** Whether an If-None-Match header names `etag` (weak comparison, as for GET). @param {string | undefined} header @param {string} etag */
function matchesEtag(header, etag) {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = (/** @type {string} */ t) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => bare(t) === bare(etag));
}

/**
 * A request the server itself failed: like the app's errors (lib/http/errors.ts), one JSON line with a request id,
 * and that id on a 500 answer, never a stack.
 * @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {unknown} error
 */
function answerFailure(req, res, error) {
  const requestId = crypto.randomBytes(6).toString('hex');
  console.error(
    JSON.stringify({
      time: new Date().toISOString(),
      level: 'error',
      request_id: requestId,
      method: req.method,
      path: req.url,
      route: 'server.js',
      error: error instanceof Error ? error.name : 'Error',
      message: error instanceof Error ? error.message : String(error),
    }),
  );
  if (!res.headersSent)
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`The registry could not answer this request. Reference: ${requestId}\n`);
}

/** Next's request handler, in this process. */
async function nextHandler() {
  /** @type {typeof import('next').default} */
  const next = /** @type {any} */ (require('next'));
  const app = next({ dev: false, dir: process.cwd(), hostname: hostname ?? 'localhost', port });
  const handle = app.getRequestHandler();
  await app.prepare();
  return handle;
}

/** Headers of one connection, never passed on by a proxy (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * A front worker's stand-in for Next's handler: passes the request, as server.js left it (the client address in its
 * header, no client-chosen policy), to the renderer with the fewest requests in flight from this worker, and its
 * answer back as it streams. A GET or HEAD whose renderer cannot be reached (being restarted) tries another once.
 * @param {string[]} socketPaths @param {(res: http.ServerResponse, pathname: string) => void} unavailable
 * @returns {(req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>}
 */
function rendererProxy(socketPaths, unavailable) {
  // Renderers keep idle connections far longer than fronts do (runRenderer), so a reused one is rarely closed under us.
  const renderers = socketPaths.map((socketPath) => ({
    socketPath,
    active: 0,
    agent: new http.Agent({ keepAlive: true, scheduling: 'lifo' }),
  }));
  let turn = 0;
  const pick = (/** @type {Set<object>} */ tried) => {
    let best = null;
    for (let k = 0; k < renderers.length; k++) {
      const r = /** @type {(typeof renderers)[number]} */ (renderers[(turn + k) % renderers.length]);
      if (!tried.has(r) && (!best || r.active < best.active)) best = r;
    }
    turn++;
    return best;
  };
  return (req, res) =>
    new Promise((resolve) => {
      const headers = /** @type {http.OutgoingHttpHeaders} */ ({});
      for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
      const replayable = (req.method === 'GET' || req.method === 'HEAD') && !hasBody(req);
      const tried = new Set();
      const attempt = () => {
        const renderer = pick(tried);
        if (!renderer) {
          if (!res.headersSent) unavailable(res, (req.url ?? '/').split('?')[0] ?? '/');
          else res.destroy();
          return resolve();
        }
        tried.add(renderer);
        renderer.active++;
        let settled = false;
        const done = () => {
          if (settled) return;
          settled = true;
          renderer.active--;
          resolve();
        };
        const upstream = http.request({
          socketPath: renderer.socketPath,
          agent: renderer.agent,
          method: req.method,
          path: req.url,
          headers,
        });
        upstream.on('response', (answer) => {
          for (let i = 0; i < answer.rawHeaders.length; i += 2) {
            const name = /** @type {string} */ (answer.rawHeaders[i]).toLowerCase();
            if (HOP_BY_HOP.has(name)) continue;
            const value = /** @type {string} */ (answer.rawHeaders[i + 1]);
            const had = res.getHeader(name);
            // Set-Cookie may come several times; any other repeated header is as Node would fold it.
            if (name === 'set-cookie' && had !== undefined)
              res.setHeader(name, [...(Array.isArray(had) ? had : [String(had)]), value]);
            else res.setHeader(name, value);
          }
          res.writeHead(/** @type {number} */ (answer.statusCode), answer.statusMessage);
          answer.pipe(res);
          answer.on('end', done);
          answer.on('error', () => {
            res.destroy();
            done();
          });
        });
        upstream.on('error', (/** @type {NodeJS.ErrnoException} */ error) => {
          renderer.active -= settled ? 0 : 1;
          settled = true;
          if (res.headersSent || res.destroyed) {
            res.destroy();
            return resolve();
          }
          const unreachable = ['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE'].includes(error.code ?? '');
          if (unreachable && replayable) return attempt();
          unavailable(res, (req.url ?? '/').split('?')[0] ?? '/');
          resolve();
        });
        // The client went away: so does the request to the renderer (a render or an upload stops there too).
        res.once('close', () => {
          if (!res.writableFinished) upstream.destroy();
        });
        if (replayable) upstream.end();
        else req.pipe(upstream);
      };
      attempt();
    });
}

/**
 * A renderer: Next alone, on a Unix socket only the front workers use (see runPrimary). The client address comes
 * from the fronts' header, set for every request they pass on.
 */
async function runRenderer() {
  const handle = await nextHandler();
  trustClientAddressHeader();
  const socketPath = /** @type {string} */ (process.env.REGISTRY_RENDERER_SOCKET);
  const server = http.createServer((req, res) => {
    // A front that closes the connection before the body arrived ended that request on purpose (a time limit or
    // an early refusal): whatever still reads it learns so, and it is not an error of the app's to report.
    const cut = () => {
      if (!req.complete) req.destroy(expected(new Error('aborted: the connection closed before the body arrived')));
    };
    req.socket.once('close', cut);
    res.once('close', () => req.socket.off('close', cut));
    handle(req, res).catch((error) => answerFailure(req, res, error));
  });
  server.requestTimeout = 0; // the fronts hold clients to their limits
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 10 * 60_000;
  let draining = false;
  const drain = () => {
    if (draining) return;
    draining = true;
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), DRAIN_MS).unref();
  };
  server.listen(socketPath, () => /** @type {NodeJS.Process & { send: Function }} */ (process).send({ type: 'ready' }));
  process.on('message', (/** @type {any} */ m) => {
    if (m?.type === 'shutdown') drain();
  });
  process.on('disconnect', () => process.exit(0)); // the primary is gone
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => {});
}

async function runWorker() {
  const front = process.env.REGISTRY_ROLE === 'front';
  /** @type {(req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>} */
  const handle = front
    ? rendererProxy(String(process.env.REGISTRY_RENDERER_SOCKETS).split(path.delimiter), (res, pathname) =>
        refuse(res, pathname, 503, 'unavailable', {}, { 'Retry-After': '2' }),
      )
    : await nextHandler();

  const mapTileUrl = (process.env.MAP_TILE_URL ?? DEFAULT_MAP_TILE_URL).trim();
  const securityHeaders = commonSecurityHeaders({ production: true });
  const watcher = new ChangeWatcher(databaseFile());
  // Room for about 3,000 monument pages of ≈ 80 kB per worker by default; the least recently used make room.
  const cache = new PageCache({ maxBytes: wholeNumber('PAGE_CACHE_MB', 256, 8, 65536) * 1024 * 1024 });
  const takeToken = rateLimiter();
  const trustProxy = trustedProxies();
  trustClientAddressHeader();
  const limits = connectionLimits();
  const maxBody = bodyLimits();
  /** Requests whose body ran out of time: what Next does with them afterwards is not an error to report. */
  const timedOut = new WeakSet();
  // API answers and downloads change with the data, a new build, or the settings that appear in them.
  const buildId = fs.readFileSync(path.join(process.cwd(), '.next', 'BUILD_ID'), 'utf8').trim();
  const setup = crypto
    .createHash('sha256')
    .update(
      [
        buildId,
        process.env.PUBLIC_BASE_URL,
        process.env.DATA_LICENCE,
        process.env.DATA_LICENCE_URL,
        mapTileUrl,
        process.env.SITEMAP_URLS_PER_FILE, // how the sitemap is split
      ].join('\n'),
    )
    .digest('base64url')
    .slice(0, 8);
  /** @type {Map<string, Promise<import('./lib/page-cache.js').CachedPage | null>>} */
  const rendering = new Map();
  let draining = false;

  /** Applies what changed in the database since the last look. */
  function refresh() {
    const changes = watcher.poll();
    if (!changes) return;
    if (changes.all) cache.purge();
    else cache.invalidate(changes.scopes);
  }

  /** @param {http.ServerResponse} res @param {string} pathname @param {number} status @param {any} problem @param {Record<string, string | number>} [values] @param {Record<string, string>} [extra] @param {{ json?: boolean }} [options] */
  function refuse(res, pathname, status, problem, values = {}, extra = {}, options = {}) {
    const r = refusal(pathname, status, problem, values, options);
    const json = r.headers['Content-Type'] === 'application/json';
    for (const { key, value } of securityHeaders) res.setHeader(key, value);
    res.setHeader(
      'Content-Security-Policy',
      json ? API_CONTENT_SECURITY_POLICY : contentSecurityPolicy({ mapTileUrl }),
    );
    res.writeHead(r.status, { ...r.headers, ...extra, 'Content-Length': Buffer.byteLength(r.body) });
    res.end(r.body);
  }

  /**
   * Renders a public page through Next (GET, whatever the request's method was) and makes it a page to keep or send:
   * the body, its compressed form, a validator, and the hashes of its inline scripts.
   * @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {string | null} scope
   */
  async function render(req, res, scope, notFoundRoute = false) {
    req.method = 'GET'; // a HEAD is rendered as a GET so that the page can be kept; its body is not sent
    delete req.headers['accept-encoding']; // kept plain, compressed here once
    delete req.headers['if-none-match'];
    delete req.headers['if-modified-since'];
    let result = await captureNext(handle, req, res);
    if (!result) return null;
    // The catch-all route renders the not-found page as a page (with 200, as Next has no other way to render it on the
    // server): it is the 404 answer.
    if (notFoundRoute) result.status = 404;
    else if (result.status >= 400 && isScriptOnlyShell(req, res, result.body)) {
      // notFound() or an error in a page: Next sends an empty shell that a script fills in. The catch-all route
      // renders the same message on the server instead, in the page's language, so it reads without JavaScript.
      const status = result.status;
      const locale = /^\/ar(?:\/|$)/.test(new URL(req.url ?? '/', 'http://x').pathname) ? '/ar' : '';
      // A request and response of their own (nothing of the failed render carries over); only the result is sent.
      const innerReq = internalRequest(req, `${locale}/${FALLBACK_PATH}`, status === 404 ? 'not-found' : 'error');
      const innerRes = new http.ServerResponse(innerReq);
      const fallback = await captureNext(handle, innerReq, innerRes);
      if (!fallback) return null;
      for (const name of res.getHeaderNames()) res.removeHeader(name);
      if (fallback.status === 200)
        for (const [k, v] of Object.entries(innerRes.getHeaders())) res.setHeader(k, v ?? '');
      result = fallback.status === 200 ? { status, body: fallback.body } : { status, body: STATIC_ERROR_PAGE };
      if (fallback.status !== 200) res.setHeader('content-type', 'text/html; charset=utf-8');
    }
    const nextHeaders = /** @type {Record<string, any>} */ (res.getHeaders());
    /** @type {Record<string, any>} */
    const headers = {};
    for (const [k, v] of Object.entries(nextHeaders)) if (!PER_RESPONSE.has(k)) headers[k] = v;
    const type = String(nextHeaders['content-type'] ?? '');
    const html = /^text\/html/.test(type);
    const compressible = result.body.length >= 1024 && /^text\/|json|javascript|x-component/.test(type);
    return {
      status: result.status,
      headers,
      body: result.body,
      gzipped: compressible ? await gzip(result.body) : null,
      etag: `W/"${crypto.createHash('sha256').update(result.body).digest('base64url').slice(0, 27)}"`,
      csp: html
        ? contentSecurityPolicy({ mapTileUrl, scriptHashes: inlineScriptHashes(result.body) })
        : String(nextHeaders['content-security-policy'] ?? ''),
      scope: result.status === 200 && !nextHeaders['set-cookie'] ? scope : null,
      bytes: result.body.length,
    };
  }

  /**
   * @param {http.IncomingMessage} req @param {http.ServerResponse} res
   * @param {any} page @param {'hit' | 'miss' | 'pass'} state @param {{ method: string, ifNoneMatch?: string, acceptEncoding?: string, router: boolean }} asked
   */
  function sendPage(req, res, page, state, asked) {
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    for (const [name, value] of Object.entries(page.headers)) res.setHeader(name, value);
    if (page.csp) res.setHeader('content-security-policy', page.csp);
    res.setHeader('x-page-cache', state);
    if (draining) res.setHeader('connection', 'close');
    const shareable = page.status === 200 && !page.headers['set-cookie'] && !asked.router;
    // Router requests (client-side navigation) are kept here but never by others: their body depends on headers.
    res.setHeader(
      'cache-control',
      shareable
        ? SHARED_CACHE_CONTROL
        : page.status === 200 && !page.headers['set-cookie']
          ? PRIVATE_CACHE_CONTROL
          : 'no-store',
    );
    res.setHeader('vary', 'RSC, Accept-Encoding');
    if (page.status === 200) res.setHeader('etag', page.etag);
    if (page.status === 200 && matchesEtag(asked.ifNoneMatch, page.etag)) {
      res.removeHeader('content-type');
      res.writeHead(304);
      res.end();
      return;
    }
    const zipped = page.gzipped && /\bgzip\b/.test(asked.acceptEncoding ?? '');
    const body = zipped ? page.gzipped : page.body;
    if (zipped) res.setHeader('content-encoding', 'gzip');
    res.setHeader('content-length', body.length);
    res.writeHead(page.status);
    res.end(asked.method === 'HEAD' ? undefined : body);
  }

  /**
   * A public page, read (GET or HEAD): from this process's copy when fresh, else rendered once however many readers
   * ask for it at the same moment.
   * @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {string | null} scope
   */
  async function servePage(req, res, scope, notFoundRoute = false) {
    const router = req.headers.rsc !== undefined;
    const asked = {
      method: /** @type {string} */ (req.method),
      router,
      ifNoneMatch: /** @type {string | undefined} */ (req.headers['if-none-match']),
      acceptEncoding: /** @type {string | undefined} */ (req.headers['accept-encoding']),
    };
    const key = router
      ? [
          req.url,
          req.headers['next-router-state-tree'],
          req.headers['next-router-prefetch'],
          req.headers['next-router-segment-prefetch'],
          req.headers['next-url'],
        ].join('\n')
      : /** @type {string} */ (req.url);
    refresh();
    const kept = cache.get(key);
    if (kept) return sendPage(req, res, kept, 'hit', asked);
    const pending = rendering.get(key);
    if (pending) {
      // Wait for the render already under way; its page serves this request only if it was kept, that is if no
      // change to its data landed while it was rendered (else this request renders afresh).
      await pending;
      refresh();
      const rendered = cache.get(key);
      if (rendered) return sendPage(req, res, rendered, 'hit', asked);
    }
    const epoch = cache.epoch;
    const version = watcher.version; // the render reads the data as of this version or later
    const work = render(req, res, scope, notFoundRoute);
    rendering.set(key, work);
    let page;
    try {
      page = await work;
    } finally {
      if (rendering.get(key) === work) rendering.delete(key);
    }
    if (!page) return;
    refresh();
    const stored = cache.set(key, page, epoch);
    if (stored && cluster.isWorker) sharePage(key, page, version);
    sendPage(req, res, page, stored ? 'miss' : 'pass', asked);
  }

  /**
   * Offers a page this worker rendered (and kept) to the other workers, through the primary.
   * @param {string} key @param {import('./lib/page-cache.js').CachedPage} page @param {number} version
   */
  function sharePage(key, page, version) {
    /** @type {NodeJS.Process & { send: Function }} */ (process).send({
      type: 'page',
      key,
      page,
      version,
      epoch: watcher.epoch,
    });
  }

  /**
   * Keeps a page another worker rendered from the data as of `version`, if none of what it shows changed since then
   * (asked of the database itself, as this worker may not have seen that version's changes yet) and this worker
   * has no copy of its own.
   * @param {{ key: string, page: import('./lib/page-cache.js').CachedPage, version: number, epoch: string }} offer
   */
  function adoptPage({ key, page, version, epoch }) {
    refresh();
    if (epoch !== watcher.epoch || !page.scope || watcher.scopeVersion(page.scope) > version || cache.has(key)) return;
    const bytes = (/** @type {Uint8Array | null} */ b) =>
      b ? Buffer.from(b.buffer, b.byteOffset, b.byteLength) : null;
    cache.set(
      key,
      { ...page, body: /** @type {Buffer} */ (bytes(page.body)), gzipped: bytes(page.gzipped) },
      cache.epoch,
    );
  }

  /** Suggestions' own read-only connection, opened on the first one. @type {import('better-sqlite3').Database | null} */
  let suggestDb = null;
  const publicBaseUrl = process.env.PUBLIC_BASE_URL || `http://localhost:${port}`;

  /**
   * GET /api/v1/suggest, asked at every pause in a reader's typing: a valid request is answered here with the route's
   * own code (lib/suggest.js, db/queries/suggest.js), a prefix range of one index, without Next's request handling,
   * which costs several times the query itself. Anything else (a bad parameter: the one error shape; a failure) is
   * left to the route. Returns whether it answered.
   * @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {string} search @param {string} etag
   */
  function answerSuggestion(req, res, search, etag) {
    const parsed = parseSuggestParams(new URLSearchParams(search));
    if (!parsed.ok) return false;
    let body;
    try {
      if (!suggestDb) {
        suggestDb = new Database(databaseFile(), { readonly: true, fileMustExist: true });
        suggestDb.pragma('busy_timeout = 5000');
      }
      body = JSON.stringify(suggestionsJson(findSuggestions(suggestDb, parsed.value), parsed.value, publicBaseUrl));
    } catch {
      return false; // the route answers, and reports what went wrong in the app's log format
    }
    // Compressed for browsers as Next would (a list of eight is about 3 kB, 1 kB gzipped): phones type too.
    const zipped = body.length >= 1024 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const bytes = zipped ? zlib.gzipSync(body, { level: 4 }) : Buffer.from(body);
    for (const { key, value } of securityHeaders) res.setHeader(key, value);
    res.writeHead(200, {
      ...SUGGEST_HEADERS,
      'Content-Security-Policy': API_CONTENT_SECURITY_POLICY,
      ETag: etag,
      Vary: 'Accept-Encoding',
      'Content-Length': bytes.length,
      ...(zipped && { 'Content-Encoding': 'gzip' }),
    });
    res.end(req.method === 'HEAD' ? undefined : bytes);
    return true;
  }

  /**
   * API answers and downloads: an ETag of the data's version; a matching If-None-Match is answered with 304 before
   * the route runs. Drafts (signed-in editors only) are never validated or shared.
   * @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {string} search
   * @param {import('./lib/routes.js').Route} route
   */
  function serveVersioned(req, res, search, route) {
    const reads = req.method === 'GET' || req.method === 'HEAD';
    const drafts = new URLSearchParams(search).getAll('include').some((v) => v.split(',').includes('drafts'));
    if (!reads || drafts) return handle(req, res);
    refresh();
    const etag = `W/"${setup}.${watcher.validator()}"`;
    if (matchesEtag(/** @type {string | undefined} */ (req.headers['if-none-match']), etag)) {
      res.writeHead(304, {
        ETag: etag,
        'Cache-Control': SHARED_CACHE_CONTROL,
        Vary: 'Accept-Encoding',
        'Access-Control-Allow-Origin': '*',
      });
      res.end();
      return Promise.resolve();
    }
    delete req.headers['if-none-match'];
    if (route.name === 'api-suggest' && answerSuggestion(req, res, search, etag)) return Promise.resolve();
    const { writeHead } = res;
    /** @type {any} */ (res).writeHead = function writeHeadWithValidator(/** @type {any[]} */ ...args) {
      const control = String(res.getHeader('cache-control') ?? '');
      if (Number(args[0]) === 200 && control.startsWith('public') && !res.getHeader('set-cookie')) {
        res.setHeader('etag', etag);
        res.setHeader('vary', 'Accept-Encoding'); // Next names its router headers too, which change nothing here
      }
      return writeHead.apply(res, /** @type {any} */ (args));
    };
    return handle(req, res);
  }

  /**
   * Holds a request's body to its time limit (BODY_TIMEOUT_SECONDS; an upload gets one more second per
   * UPLOAD_MIN_BYTES_PER_SECOND of its size, or of `uploadMax` when it does not declare one), and closes the
   * connection when the answer starts before the whole body arrived: the rest is never read.
   * @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {string} pathname @param {number} uploadMax
   */
  function watchBody(req, res, pathname, uploadMax) {
    const { writeHead } = res;
    let lingerMs = LINGER_MS;
    /** @type {any} */ (res).writeHead = function closingWriteHead(/** @type {any[]} */ ...args) {
      if (!req.complete) {
        res.shouldKeepAlive = false;
        // Node would close the connection as soon as the answer is written, with the client's data unread: the
        // reset that follows can destroy the answer before the client reads it. Instead: end our side after the
        // answer and read nothing more (the rest of the body waits in the client's buffers, not in memory here),
        // then close a moment later, once the client has had time to read the answer.
        /** @type {any} */ (req.socket).destroySoon = function lingeringClose() {
          if (this.writable) this.end();
          this.pause();
          this.resume = () => this; // Node resumes a request's socket to discard its body: not this one
          const timer = setTimeout(() => this.destroy(), lingerMs);
          this.once('close', () => {
            clearTimeout(timer);
            // Answered already, so Node no longer ends the request with its connection: whatever still waits for
            // the rest of the body (a route, a server action) must learn that it will not come.
            if (!req.complete)
              req.destroy(expected(new Error('aborted: the connection closed before the body arrived')));
          });
        };
      }
      return writeHead.apply(res, /** @type {any} */ (args));
    };
    const declared = Number(req.headers['content-length']);
    const size = Number.isFinite(declared) && declared > 0 ? declared : uploadMax;
    const seconds = limits.bodySeconds + (uploadMax > 0 ? Math.ceil(size / limits.uploadBytesPerSecond) : 0);
    const timer = setTimeout(() => {
      if (req.complete) return;
      timedOut.add(req);
      lingerMs = 500; // a client this slow is not sending much more
      res.on('error', () => {}); // Next may still try to answer it; there is no one left to tell
      if (!res.headersSent) refuse(res, pathname, 408, 'requestTimeout', { seconds }, { Connection: 'close' });
      else req.socket.destroy();
    }, seconds * 1000);
    res.once('close', () => clearTimeout(timer));
  }

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  async function serve(req, res) {
    // Next takes a nonce from the request's policy; only proxy.ts may set one (on pages rendered per request).
    delete req.headers['content-security-policy'];
    delete req.headers['content-security-policy-report-only'];
    // The client address, computed once from the socket (and the trusted proxies' hops), travels to the app in a
    // header of ours: sign-in throttling has no socket to read. Any copy a client sent is replaced, never believed.
    const client = clientIp(req.headers, req.socket.remoteAddress, trustProxy);
    req.headers[CLIENT_ADDRESS_HEADER] = client;
    delete req.headers[FALLBACK_PAGE_HEADER]; // only this server asks for a fallback page

    const target = normalizeTarget(req.url ?? '/');
    if (!target.ok) return refuse(res, (req.url ?? '/').split('?')[0] ?? '/', 400, target.problem);
    const { route, scopeKey } = classify(target.pathname);
    if (draining) res.setHeader('connection', 'close');
    const withBody = hasBody(req);
    if (withBody) watchBody(req, res, target.pathname, route.body === 'import' ? maxBody.import : 0);
    const allow = [...route.methods, 'OPTIONS'].join(', ');
    if (req.method === 'OPTIONS') {
      for (const { key, value } of securityHeaders) res.setHeader(key, value);
      res.writeHead(204, {
        Allow: allow,
        'Cache-Control': 'no-store',
        'Content-Security-Policy': API_CONTENT_SECURITY_POLICY,
      });
      return res.end();
    }
    // TRACE, PUT, DELETE…: answered here, never left to Next (which answers some of them with a 500).
    if (!route.methods.includes(/** @type {string} */ (req.method))) {
      const values = { method: String(req.method), allowed: allow };
      return refuse(res, target.pathname, 405, 'methodNotAllowed', values, { Allow: allow }, { json: true });
    }
    const limit = maxBody[route.body];
    const declared = req.headers['content-length'];
    if (withBody && declared !== undefined && /^\d{1,15}$/.test(declared.trim()) && Number(declared) > limit)
      return refuse(res, target.pathname, 413, 'payloadTooLarge', { limit: `${Math.round(limit / 1024)} kB` });
    if (route.limit && req.method !== 'OPTIONS') {
      const decision = await takeToken(route.limit, client);
      if (!decision.ok) {
        const seconds = decision.retryAfterSeconds;
        return refuse(res, target.pathname, 429, 'tooManyRequests', { seconds }, { 'Retry-After': String(seconds) });
      }
    }
    const trailingSlash = (req.url ?? '').split('?')[0] !== target.pathname;
    if (route.kind === 'public-page' && !trailingSlash) {
      if (req.method === 'GET' || req.method === 'HEAD')
        return servePage(req, res, scopeKey ?? null, route.name === 'not-found');
      // Next answers other methods on a page with the page (or runs a server action): never kept, never shared.
      res.setHeader('cache-control', 'no-store');
      return handle(req, res);
    }
    if (route.kind === 'api' || route.kind === 'download') return serveVersioned(req, res, target.search, route);
    return handle(req, res);
  }

  const server = http.createServer({ connectionsCheckingInterval: 1000 }, (req, res) => {
    serve(req, res).catch((error) => {
      if (timedOut.has(req)) return; // answered 408 already; Next failing to read the rest is expected
      answerFailure(req, res, error);
    });
  });
  server.headersTimeout = limits.headersMs;
  server.requestTimeout = 0; // bodies have their own limits (watchBody), by route and size
  server.keepAliveTimeout = limits.keepAliveMs;
  server.maxConnections = limits.maxConnections;
  let dropped = 0;
  let droppedSince = 0;
  server.on('drop', () => {
    // One line a minute at most: a flood of connections must not become a flood of log lines.
    dropped++;
    if (Date.now() - droppedSince < 60_000) return;
    droppedSince = Date.now();
    console.error(
      JSON.stringify({
        time: new Date().toISOString(),
        level: 'warn',
        route: 'server.js',
        message: `connection refused: MAX_CONNECTIONS_PER_WORKER (${limits.maxConnections}) reached (${dropped} since the last report)`,
      }),
    );
    dropped = 0;
  });
  // CONNECT (a proxy tunnel; its target is a host, not an address here) never reaches the request handler, and Node
  // would drop the connection without a word: answered as any other method the registry does not take.
  server.on('connect', (/** @type {http.IncomingMessage} */ _req, /** @type {import('node:net').Socket} */ socket) => {
    const allow = [...classify('/').route.methods, 'OPTIONS'].join(', ');
    const r = refusal('/', 405, 'methodNotAllowed', { method: 'CONNECT', allowed: allow }, { json: true });
    const headers = {
      ...Object.fromEntries(securityHeaders.map(({ key, value }) => [key, value])),
      'Content-Security-Policy': API_CONTENT_SECURITY_POLICY,
      ...r.headers,
      Allow: allow,
      Connection: 'close',
      'Content-Length': String(Buffer.byteLength(r.body)),
    };
    const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`);
    socket.end(`HTTP/1.1 405 Method Not Allowed\r\n${head.join('')}\r\n${r.body}`);
  });
  server.listen(port, hostname, () => {
    if (!cluster.isWorker) announce(1);
  });

  /** Stops taking connections, lets in-flight requests finish (idle keep-alive connections close now), then ends. */
  function drain() {
    if (draining) return;
    draining = true;
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => {
      server.closeAllConnections();
      process.exit(0);
    }, DRAIN_MS).unref();
  }
  process.on('message', (/** @type {any} */ m) => {
    if (m?.type === 'shutdown') drain();
    else if (m?.type === 'page' && !draining) adoptPage(m);
  });
  process.on('disconnect', drain); // the primary is gone
  // Alone, this process drains on a signal; as a worker it waits for the primary's word (a terminal's Ctrl+C
  // reaches every process of the group at once).
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM']))
    process.on(signal, cluster.isWorker ? () => {} : drain);
}

const workers = workerCount();
trustedProxies(); // a bad value stops the start here, before any worker is forked
connectionLimits(); // a bad setting stops the start here, before any worker is forked
wholeNumber('PAGE_CACHE_MB', 256, 8, 65536);
if (process.env.REGISTRY_ROLE === 'renderer') {
  runRenderer().catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else if (cluster.isPrimary && workers > 1) runPrimary(workers);
else {
  runWorker().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
