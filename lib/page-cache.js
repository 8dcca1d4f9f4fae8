// @ts-check
/**
 * The finished bytes of public pages, kept by each server process (server.js) and dropped page by page when the
 * database says their data changed (lib/change-watcher.js): a change to one monument drops that monument's two
 * pages (English and Arabic), its site's pages and the lists, never the other 100,000 monuments.
 * See docs/decisions/009-fresh-cacheable-pages.md.
 *
 * Plain CommonJS (types in page-cache.d.ts) because server.js loads it without a bundler.
 */

/**
 * @typedef {object} CachedPage
 * @property {number} status
 * @property {Record<string, string | string[] | number>} headers  Next's headers, without the per-response ones
 * @property {Buffer} body
 * @property {Buffer | null} gzipped  the body compressed once, when worth it
 * @property {string} etag  a weak validator of the body
 * @property {string | null} scope  'all', 'monument:<slug>' or 'site:<slug>' (see lib/routes.js)
 * @property {number} bytes
 */

/** Scopes changed since a render began are remembered for this many; beyond, in-flight renders are not kept. */
const MAX_REMEMBERED_SCOPES = 100_000;

class PageCache {
  /** @param {{ maxBytes: number }} options */
  constructor({ maxBytes }) {
    /** @type {Map<string, CachedPage>} least recently used first */
    this.pages = new Map();
    /** @type {Map<string, Set<string>>} scope → keys of the pages that show it */
    this.keysOfScope = new Map();
    this.bytes = 0;
    this.maxBytes = maxBytes;
    /** Advanced by every invalidation; a render notes it when it begins. */
    this.epoch = 0;
    /** @type {Map<string, number>} scope → epoch of its last invalidation */
    this.changedAt = new Map();
    this.purgedAt = 0;
  }

  /** @param {string} key */
  get(key) {
    const page = this.pages.get(key);
    if (!page) return undefined;
    this.pages.delete(key);
    this.pages.set(key, page); // most recently used last
    return page;
  }

  /**
   * Keeps a page rendered by a request that began at `epoch`, unless its scope changed since: the render may have
   * read the data before that change.
   * @param {string} key @param {CachedPage} page @param {number} epoch
   * @returns {boolean} whether it was kept
   */
  set(key, page, epoch) {
    if (
      !page.scope ||
      this.purgedAt > epoch ||
      (this.changedAt.get(page.scope) ?? 0) > epoch ||
      page.bytes > this.maxBytes / 8
    )
      return false;
    this.remove(key);
    this.pages.set(key, page);
    this.bytes += page.bytes;
    let keys = this.keysOfScope.get(page.scope);
    if (!keys) this.keysOfScope.set(page.scope, (keys = new Set()));
    keys.add(key);
    for (const oldest of this.pages.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.remove(oldest);
    }
    return true;
  }

  /** Drops the pages of these scopes. @param {string[]} scopes */
  invalidate(scopes) {
    this.epoch++;
    if (this.changedAt.size + scopes.length > MAX_REMEMBERED_SCOPES) {
      this.changedAt.clear();
      this.purgedAt = this.epoch;
    }
    for (const scope of scopes) {
      this.changedAt.set(scope, this.epoch);
      for (const key of this.keysOfScope.get(scope) ?? []) this.remove(key);
    }
  }

  /** Drops every page (the database file was replaced). */
  purge() {
    this.epoch++;
    this.purgedAt = this.epoch;
    this.changedAt.clear();
    this.pages.clear();
    this.keysOfScope.clear();
    this.bytes = 0;
  }

  /** Whether a page is kept under `key` (without counting as a use). @param {string} key */
  has(key) {
    return this.pages.has(key);
  }

  get size() {
    return this.pages.size;
  }

  /** @param {string} key */
  remove(key) {
    const page = this.pages.get(key);
    if (!page) return;
    this.pages.delete(key);
    this.bytes -= page.bytes;
    const keys = page.scope ? this.keysOfScope.get(page.scope) : undefined;
    if (keys) {
      keys.delete(key);
      if (keys.size === 0 && page.scope) this.keysOfScope.delete(page.scope);
    }
  }
}

module.exports = { PageCache };
