import { eq, and, isNull } from 'drizzle-orm';
import type { Db } from '../index';
import { monumentNames, monuments, sites } from '../schema';
import { indexText } from '../../lib/text';
import { writeSuggestNames } from './suggest';
import { statement } from './prepared';

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

/** The distinct words of stored (already folded) names text. */
const nameWords = (names: string | null | undefined) => new Set(names?.match(/[\p{L}\p{N}]+/gu) ?? []);

/**
 * Removes an entry, and its names' words from the "did you mean" vocabulary (search_words counts the entries whose
 * names hold each word; a word no entry holds any more is dropped, so a deleted name is never suggested).
 */
function remove(db: Db, rowid: number): void {
  const old = statement(db, 'SELECT names FROM search_index WHERE rowid = ?').get(rowid) as
    { names: string } | undefined;
  if (!old) return;
  statement(db, 'DELETE FROM search_index WHERE rowid = ?').run(rowid);
  const down = statement(db, 'UPDATE search_words SET entries = entries - 1 WHERE word = ?');
  const gone = statement(db, 'DELETE FROM search_words WHERE word = ? AND entries <= 0');
  for (const w of nameWords(old.names)) {
    down.run(w);
    gone.run(w);
  }
}

function write(
  db: Db,
  rowid: number,
  kind: 'monument' | 'site',
  refId: number,
  names: string[],
  body: string[],
  facets: string[],
  reportText: string[] = [],
) {
  remove(db, rowid);
  const namesText = indexText(names.filter(Boolean).join(' \u2022 '));
  statement(
    db,
    'INSERT INTO search_index (rowid, kind, ref_id, names, body, facets, reports) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(
    rowid,
    kind,
    BigInt(refId),
    namesText,
    indexText(body.filter(Boolean).join(' \u2022 ')),
    facets.join(' '),
    indexText(reportText.filter(Boolean).join(' \u2022 ')),
  );
  const up = statement(
    db,
    'INSERT INTO search_words (word, entries) VALUES (?, 1) ON CONFLICT (word) DO UPDATE SET entries = entries + 1',
  );
  for (const w of nameWords(namesText)) up.run(w);
}

/**
 * What a monument's published, live reports say, as the index stores it: each report's summaries (English and
 * Arabic) and reported actor, and the title, publisher and quote of each live source it cites. Drafts, rejected and
 * deleted reports, and deleted sources, are left out: search must never find (or quote) what readers cannot see.
 * db/queries/search.ts reads the same rows per report to say which one matched.
 */
export const PUBLISHED_REPORT_TEXT_SQL = `SELECT r.id AS reportId, r.summary AS summary, r.summary_ar AS summaryAr,
  r.reported_actor AS reportedActor, s.title AS sourceTitle, s.publisher AS sourcePublisher, rs.quote AS quote
  FROM reports r
  LEFT JOIN report_sources rs ON rs.report_id = r.id
  LEFT JOIN sources s ON s.id = rs.source_id AND s.deleted_at IS NULL
  WHERE r.monument_id = ? AND r.review_state = 'published' AND r.deleted_at IS NULL
  ORDER BY r.id, s.id`;

export interface ReportTextRow {
  reportId: number;
  summary: string;
  summaryAr: string | null;
  reportedActor: string | null;
  sourceTitle: string | null;
  sourcePublisher: string | null;
  quote: string | null;
}

export const publishedReportText = (db: Db, monumentId: number) =>
  statement(db, PUBLISHED_REPORT_TEXT_SQL).all(monumentId) as ReportTextRow[];

function reportIndexText(db: Db, monumentId: number): string[] {
  const out: string[] = [];
  let last = -1;
  for (const r of publishedReportText(db, monumentId)) {
    if (r.reportId !== last) out.push(r.summary, r.summaryAr ?? '', r.reportedActor ?? '');
    last = r.reportId;
    // A citation of a deleted source keeps its row (for a restore) but says nothing public.
    if (r.sourceTitle !== null) out.push(r.sourceTitle, r.sourcePublisher ?? '', r.quote ?? '');
  }
  return out;
}

const countryTokens = (countryCodes: string) => countryCodes.split(',').filter(Boolean).map(facetToken.country);

/**
 * Rewrites a monument's entry (its names, alternative names, its site's names as context, and what its published
 * reports and their sources say); removes it if deleted. Every write to a monument, its reports or a cited source
 * calls it in the same transaction (directly, or through db/queries/status.ts refreshMonumentStatus).
 */
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
    remove(db, monumentRowid(id));
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
    reportIndexText(db, id),
  );
}

export function reindexSite(db: Db, id: number): void {
  const s = db.select().from(sites).where(eq(sites.id, id)).get();
  if (!s || s.deletedAt) {
    remove(db, siteRowid(id));
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
  db.$client.prepare('DELETE FROM search_words').run();
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
 * migration 0005; 4: the reports column and the names' words, migration 0012). A database indexed by
 * an older version is rebuilt once on start (scripts/prepare-db.ts), since an SQL migration cannot run lib/text.ts.
 */
export const SEARCH_INDEX_VERSION = '4';

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
