import { eq, and, isNull } from 'drizzle-orm';
import type { Db } from '../index';
import { monumentNames, monuments, sites } from '../schema';
import { indexText } from '../../lib/text';
import { writeSuggestNames } from './suggest';

const monumentRowid = (id: number) => id * 2;
const siteRowid = (id: number) => id * 2 + 1;

/**
 * The filters a search combines with a text query, as tokens of the index's `facets` column (one letter-and-digit
 * word each, so the tokenizer keeps it whole): with them, a text query and those filters are one full-text query,
 * counted and ranked from the index alone (db/queries/search.ts). Text queries never look in this column.
 */
export const facetToken = {
  kind: (code: string) => `kind${code.replace(/_/g, '')}`,
  status: (code: string) => `status${code.replace(/_/g, '')}`,
  country: (code: string) => `country${code.toLowerCase()}`,
  site: (id: number) => `site${id}`,
};

function write(
  db: Db,
  rowid: number,
  kind: 'monument' | 'site',
  refId: number,
  names: string[],
  body: string[],
  facets: string[],
) {
  const client = db.$client;
  client.prepare('DELETE FROM search_index WHERE rowid = ?').run(rowid);
  client
    .prepare('INSERT INTO search_index (rowid, kind, ref_id, names, body, facets) VALUES (?, ?, ?, ?, ?, ?)')
    .run(
      rowid,
      kind,
      BigInt(refId),
      indexText(names.filter(Boolean).join(' \u2022 ')),
      indexText(body.filter(Boolean).join(' \u2022 ')),
      facets.join(' '),
    );
}

const countryTokens = (countryCodes: string) => countryCodes.split(',').filter(Boolean).map(facetToken.country);

/** Rewrites a monument's entry (its names, alternative names, and its site's names as context); removes it if deleted. */
export function reindexMonument(db: Db, id: number): void {
  const m = db.select().from(monuments).where(eq(monuments.id, id)).get();
  const site =
    m &&
    db
      .select({
        name: sites.name,
        nameAr: sites.nameAr,
        nameFr: sites.nameFr,
        countryCodes: sites.countryCodes,
        deletedAt: sites.deletedAt,
      })
      .from(sites)
      .where(eq(sites.id, m.siteId))
      .get();
  // The index holds exactly the searchable monuments (live, on a live site): search counts a plain text query's hits
  // from the index alone (db/queries/search.ts).
  if (!m || m.deletedAt || !site || site.deletedAt) {
    db.$client.prepare('DELETE FROM search_index WHERE rowid = ?').run(monumentRowid(id));
    writeSuggestNames(db.$client, monumentRowid(id), null);
    return;
  }
  const alt = db.select({ name: monumentNames.name }).from(monumentNames).where(eq(monumentNames.monumentId, id)).all();
  // Suggestions: the monument's own names only (not its site's, which is suggested itself).
  writeSuggestNames(db.$client, monumentRowid(id), [m.name, m.nameAr ?? '', ...alt.map((a) => a.name)]);
  write(
    db,
    monumentRowid(id),
    'monument',
    id,
    [m.name, m.nameAr ?? '', ...alt.map((a) => a.name)],
    [site.name, site.nameAr ?? '', site.nameFr ?? '', m.description ?? '', m.descriptionAr ?? '', m.period ?? ''],
    [
      facetToken.kind(m.kind),
      facetToken.status(m.statusLevel),
      facetToken.site(m.siteId),
      ...countryTokens(site.countryCodes),
    ],
  );
}

export function reindexSite(db: Db, id: number): void {
  const s = db.select().from(sites).where(eq(sites.id, id)).get();
  if (!s || s.deletedAt) {
    db.$client.prepare('DELETE FROM search_index WHERE rowid = ?').run(siteRowid(id));
    writeSuggestNames(db.$client, siteRowid(id), null);
    return;
  }
  writeSuggestNames(db.$client, siteRowid(id), [s.name, s.nameAr ?? '', s.nameFr ?? '']);
  write(
    db,
    siteRowid(id),
    'site',
    id,
    [s.name, s.nameAr ?? '', s.nameFr ?? ''],
    [s.description ?? '', s.descriptionAr ?? '', s.countryCodes],
    [facetToken.site(id), ...countryTokens(s.countryCodes)],
  );
}

/** Rebuilds the whole index (after a bulk load, or to repair it). */
export function rebuildSearchIndex(db: Db): void {
  db.$client.prepare('DELETE FROM search_index').run();
  db.$client.prepare('DELETE FROM suggest_names').run();
  for (const { id } of db.select({ id: sites.id }).from(sites).where(isNull(sites.deletedAt)).all())
    reindexSite(db, id);
  for (const { id } of db
    .select({ id: monuments.id })
    .from(monuments)
    .where(and(isNull(monuments.deletedAt)))
    .all())
    reindexMonument(db, id);
  // Search answers are reused until the data's version moves (db/queries/search.ts); a rebuilt index may answer
  // differently without any record having changed.
  db.$client.prepare('UPDATE registry_state SET version = version + 1 WHERE id = 1').run();
}

/**
 * Bumped whenever what the index stores changes (2: Arabic words also without their article; 3: the facets column,
 * migration 0005). A database indexed by
 * an older version is rebuilt once on start (scripts/prepare-db.ts), since an SQL migration cannot run lib/text.ts.
 */
export const SEARCH_INDEX_VERSION = '3';

/** Rebuilds the index if it was built by another version; returns how many entries it rewrote. */
export function ensureSearchIndexVersion(db: Db): number {
  const row = db.$client.prepare("SELECT value FROM meta WHERE key = 'search_index_version'").get() as
    { value: string } | undefined;
  if (row?.value === SEARCH_INDEX_VERSION) return 0;
  return db.$client
    .transaction(() => {
      rebuildSearchIndex(db);
      db.$client
        .prepare(
          "INSERT INTO meta (key, value) VALUES ('search_index_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .run(SEARCH_INDEX_VERSION);
      return (db.$client.prepare('SELECT count(*) AS n FROM search_index').get() as { n: number }).n;
    })
    .immediate();
}
