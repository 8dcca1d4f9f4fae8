// @ts-check
/**
 * The finished bytes of cached public pages, held by the production server (server.js) in front of Next's own page
 * cache, and purged whenever the app revalidates public pages (docs/decisions/008-page-server.md).
 *
 * Plain CommonJS (types in page-cache.d.ts) because server.js loads it without a bundler, while the app's bundled
 * copy reaches the same instance through a global: Next runs the app in the server's process.
 */

const REGISTRY = Symbol.for('heritage-registry.page-cache');

/**
 * @typedef {object} CachedPage
 * @property {number} status
 * @property {Record<string, string | string[]>} headers  the response's headers, without length, ETag and CSP
 * @property {Buffer[]} parts  the body cut at each nonce placeholder (server.js puts a fresh nonce between parts)
 * @property {number} bytes
 * @property {number} expiresAt  epoch ms (the page's s-maxage)
 */

/** A byte-bounded LRU of pages, with a generation that a purge advances (a render started before it is not kept). */
class PageCache {
  /** @param {{ maxBytes: number }} options */
  constructor({ maxBytes }) {
    /** @type {Map<string, CachedPage>} */
    this.pages = new Map();
    this.bytes = 0;
    this.maxBytes = maxBytes;
    this.generation = 0;
  }

  /** @param {string} key */
  get(key) {
    const page = this.pages.get(key);
    if (!page) return undefined;
    this.pages.delete(key);
    if (page.expiresAt <= Date.now()) {
      this.bytes -= page.bytes;
      return undefined;
    }
    this.pages.set(key, page); // most recently used last
    return page;
  }

  /**
   * Keeps a page unless the cache was purged since its request began (`generation` read then): such a page may have
   * been rendered from data older than the change that caused the purge.
   * @param {string} key @param {CachedPage} page @param {number} generation
   */
  set(key, page, generation) {
    if (generation !== this.generation || page.bytes > this.maxBytes / 8) return;
    const old = this.pages.get(key);
    if (old) {
      this.pages.delete(key);
      this.bytes -= old.bytes;
    }
    this.pages.set(key, page);
    this.bytes += page.bytes;
    for (const [oldest, p] of this.pages) {
      if (this.bytes <= this.maxBytes) break;
      this.pages.delete(oldest);
      this.bytes -= p.bytes;
    }
  }

  /** Forgets every page: the next request for each asks Next again (which answers from its own cache or renders). */
  purge() {
    this.generation++;
    this.pages.clear();
    this.bytes = 0;
  }
}

/** Makes `cache` the one purgePageCache() reaches (server.js, at start). @param {PageCache} cache */
function installPageCache(cache) {
  /** @type {any} */ (globalThis)[REGISTRY] = cache;
}

/**
 * Called with every revalidatePath of public pages: a purge of everything is simpler than mapping Next's internal
 * paths to addresses and cheap (refilling a page costs one hit on Next's cache). A no-op under `next dev`.
 */
function purgePageCache() {
  /** @type {PageCache | undefined} */
  const cache = /** @type {any} */ (globalThis)[REGISTRY];
  cache?.purge();
}

module.exports = { PageCache, installPageCache, purgePageCache };
