// @ts-check
/**
 * Tells a server process which public pages went stale, from the database itself: every committed change to what
 * readers see bumps `registry_state.version` and stamps the page scopes it touches in `page_scopes` (triggers of
 * migration 0007), whichever process made it. A watcher holds its own read-only connection; `PRAGMA data_version`
 * on it changes only when another connection commits, so an unchanged database costs one pragma per request.
 * See docs/decisions/009-fresh-cacheable-pages.md.
 *
 * Plain CommonJS (types in change-watcher.d.ts): server.js loads it without a bundler.
 */
const Database = require('better-sqlite3');

/** More stale scopes than this at once (a bulk import): forgetting every kept page is cheaper than listing them. */
const MAX_SCOPES = 10_000;

/**
 * @typedef {{ all: true } | { all: false, scopes: string[] }} Changes
 */

class ChangeWatcher {
  /** @param {string} file */
  constructor(file) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    this.db.pragma('busy_timeout = 5000');
    this.dataVersion = this.db.prepare('PRAGMA data_version').pluck();
    this.state = this.db.prepare('SELECT version, epoch FROM registry_state WHERE id = 1');
    this.scopeStamp = this.db.prepare('SELECT version FROM page_scopes WHERE scope = ?').pluck();
    this.since = this.db.prepare(`SELECT scope FROM page_scopes WHERE version > ? LIMIT ${MAX_SCOPES + 1}`).pluck();
    this.read = this.db.transaction(() => {
      const state = /** @type {{ version: number, epoch: string } | undefined} */ (this.state.get());
      if (!state) return { state: { version: 0, epoch: '' }, scopes: null };
      const scopes =
        state.epoch === this.epoch && state.version > this.version
          ? /** @type {string[]} */ (this.since.all(this.version))
          : null;
      return { state, scopes };
    });
    this.lastDataVersion = -1;
    this.version = 0;
    this.epoch = '';
    this.poll();
  }

  /**
   * What changed since the last call: null if nothing, `{ all: true }` when every page must go (the file was
   * restored, or too much changed to list), else the stale scopes.
   * @returns {Changes | null}
   */
  poll() {
    const dataVersion = /** @type {number} */ (this.dataVersion.get());
    if (dataVersion === this.lastDataVersion) return null;
    this.lastDataVersion = dataVersion;
    const { state, scopes } = this.read();
    const sameFile = state.epoch === this.epoch && state.version >= this.version;
    if (sameFile && state.version === this.version) return null;
    this.version = state.version;
    this.epoch = state.epoch;
    if (!sameFile || !scopes || scopes.length > MAX_SCOPES) return { all: true };
    return { all: false, scopes };
  }

  /** The version at which the data a page of `scope` shows last changed, as the database says now (0: never). @param {string} scope */
  scopeVersion(scope) {
    return /** @type {number | undefined} */ (this.scopeStamp.get(scope)) ?? 0;
  }

  /** The version of the data as of the last poll: the same string in every process that reads the same data. */
  validator() {
    return `${this.epoch}.${this.version}`;
  }

  close() {
    this.db.close();
  }
}

module.exports = { ChangeWatcher };
