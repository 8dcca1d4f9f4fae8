// @ts-check
/**
 * As-you-type suggestions (GET /api/v1/suggest): monuments and sites whose names begin with what was typed, or have a
 * word that does. Every name of a live record (English, Arabic, French, alternative names and transliterations) is
 * stored folded as lib/fold.js folds queries, once from each of its words on ("temple of bel", "of bel", "bel"), in
 * `suggest_names` (migration 0013). A prefix is then a range of one B-tree — `key >= 'pal' AND key < 'pal\u{10FFFF}'`
 * — read in key order and cut at the limit, however many names share it: no scoring, no sort, the same cost for
 * "pa" as for "palmyra" (bench/suggest.ts). Names beginning with the text come before those where a later word does.
 *
 * db/queries/search-index.ts keeps it in step with the search index, in the same transaction as every write. Plain
 * CommonJS (types in suggest.d.ts): server.js answers suggestions itself, without Next, with this very code.
 */
const { foldText, withoutArabicArticle } = require('../../lib/fold');

/** Keys are cut to this many characters (and queries with them): a longer prefix is rare, and the index stays small. */
const KEY_CHARS = 64;
/** The least number of letters or digits a query needs before anything is suggested. */
const MIN_LETTERS = 2;
const END = '\u{10FFFF}'; // sorts after any character a key holds: key < prefix + END for every key starting with it

/** Monuments and sites share the numbering of the search index: a monument's entry is id × 2, a site's id × 2 + 1. */
const monumentEntry = (/** @type {number} */ id) => id * 2;
const siteEntry = (/** @type {number} */ id) => id * 2 + 1;

/** @param {string} text */
const words = (text) => foldText(text).match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * The keys of a record's names: [tier, key] with tier 0 for a whole name and 1 from a later word on; an Arabic word
 * with the article is a key start once more without it ("مسرح" finds "المسرح الروماني"). Later words of one letter
 * start no key.
 * @param {string[]} names
 * @returns {[0 | 1, string][]}
 */
function nameKeys(names) {
  /** @type {Map<string, 0 | 1>} */
  const keys = new Map();
  const add = (/** @type {0 | 1} */ tier, /** @type {string} */ key) => {
    const cut = key.slice(0, KEY_CHARS);
    if (cut && (keys.get(cut) ?? 2) > tier) keys.set(cut, tier);
  };
  for (const name of names) {
    const w = words(name ?? '');
    for (let i = 0; i < w.length; i++) {
      const tier = i === 0 ? 0 : 1;
      if (tier === 1 && w[i].length < 2) continue;
      const rest = w.slice(i + 1);
      add(tier, [w[i], ...rest].join(' '));
      const stem = withoutArabicArticle(w[i]);
      if (stem) add(tier, [stem, ...rest].join(' '));
    }
  }
  return [...keys].map(([key, tier]) => [tier, key]);
}

/** @type {WeakMap<import('better-sqlite3').Database, Record<string, import('better-sqlite3').Statement>>} */
const prepared = new WeakMap();

/** @param {import('better-sqlite3').Database} client */
function statements(client) {
  let s = prepared.get(client);
  if (!s) {
    s = {
      remove: client.prepare('DELETE FROM suggest_names WHERE entry = ?'),
      insert: client.prepare('INSERT OR IGNORE INTO suggest_names (tier, key, entry) VALUES (?, ?, ?)'),
      range: client.prepare(
        'SELECT key, entry FROM suggest_names WHERE tier = ? AND key >= ? AND key < ? ORDER BY key, entry LIMIT ? OFFSET ?',
      ),
      monument: client.prepare(`SELECT m.slug AS slug, m.name AS name, m.name_ar AS nameAr, m.kind AS kind,
        m.status_level AS status, s.slug AS siteSlug, s.name AS siteName, s.name_ar AS siteNameAr
        FROM monuments m JOIN sites s ON s.id = m.site_id
        WHERE m.id = ? AND m.deleted_at IS NULL AND s.deleted_at IS NULL`),
      site: client.prepare(
        'SELECT slug, name, name_ar AS nameAr, in_danger AS inDanger FROM sites WHERE id = ? AND deleted_at IS NULL',
      ),
    };
    prepared.set(client, s);
  }
  return s;
}

/**
 * Replaces the keys of one entry (monumentEntry or siteEntry) with those of `names`; null or no names removes it.
 * @param {import('better-sqlite3').Database} client @param {number} entry @param {string[] | null} names
 */
function writeSuggestNames(client, entry, names) {
  const s = statements(client);
  s.remove.run(entry);
  if (!names) return;
  for (const [tier, key] of nameKeys(names.filter(Boolean))) s.insert.run(tier, key, entry);
}

/**
 * The folded prefixes a query looks up: the text as typed, words joined by one space, and without the article of its
 * first word if it has one ("المسرح" also finds "مسرح تدمر"). Empty when it has fewer than MIN_LETTERS letters.
 * @param {string} q @returns {string[]}
 */
function queryPrefixes(q) {
  const w = words(q);
  if (w.join('').length < MIN_LETTERS) return [];
  const typed = w.join(' ').slice(0, KEY_CHARS);
  const stem = withoutArabicArticle(w[0] ?? '');
  const bare = stem ? [stem, ...w.slice(1)].join(' ').slice(0, KEY_CHARS) : null;
  return bare && bare !== typed ? [typed, bare] : [typed];
}

/**
 * @typedef {{ type: 'monument', slug: string, name: string, nameAr: string | null, kind: string, status: string,
 *   siteSlug: string, siteName: string, siteNameAr: string | null }} MonumentSuggestion
 * @typedef {{ type: 'site', slug: string, name: string, nameAr: string | null, inDanger: boolean }} SiteSuggestion
 * @typedef {MonumentSuggestion | SiteSuggestion} Suggestion
 */

/**
 * Up to `limit` live monuments and sites for the text typed, best first: names that begin with it, then names where a
 * later word does; within each, in the folded names' order. One entry once, however many of its names match.
 * @param {import('better-sqlite3').Database} client @param {{ q: string, limit: number }} options
 * @returns {Suggestion[]}
 */
function findSuggestions(client, { q, limit }) {
  const prefixes = queryPrefixes(q);
  if (prefixes.length === 0) return [];
  const s = statements(client);
  /** @type {number[]} */
  const entries = [];
  const seen = new Set();
  // A record with several matching names takes several rows: read a few more than needed, and more while short.
  const batch = limit * 3 + 8;
  for (const tier of [0, 1]) {
    for (let offset = 0; entries.length < limit; offset += batch) {
      /** @type {{ key: string, entry: number }[]} */
      let rows = [];
      let full = false;
      for (const p of prefixes) {
        const got = /** @type {{ key: string, entry: number }[]} */ (s.range.all(tier, p, p + END, batch, offset));
        if (got.length === batch) full = true;
        rows = rows.concat(got);
      }
      if (prefixes.length > 1) rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.entry - b.entry));
      for (const r of rows) {
        if (seen.has(r.entry)) continue;
        seen.add(r.entry);
        entries.push(r.entry);
      }
      if (!full || offset >= batch * 8) break;
    }
  }
  /** @type {Suggestion[]} */
  const found = [];
  for (const entry of entries) {
    if (found.length >= limit) break;
    const id = Math.floor(entry / 2);
    if (entry % 2 === 0) {
      const m = s.monument.get(id);
      if (m) found.push({ type: 'monument', .../** @type {Omit<MonumentSuggestion, 'type'>} */ (m) });
    } else {
      const site = /** @type {Omit<SiteSuggestion, 'type'> | undefined} */ (s.site.get(id));
      if (site) found.push({ type: 'site', ...site, inDanger: Boolean(site.inDanger) });
    }
  }
  return found;
}

module.exports = {
  findSuggestions,
  writeSuggestNames,
  nameKeys,
  queryPrefixes,
  monumentEntry,
  siteEntry,
  MIN_LETTERS,
};
