import type { Db } from '../index';
import type { PublicChange } from './revisions';

/** Which published changes a reader asked for (/changes filters, the Atom feeds). */
export interface ChangeFilter {
  /** Changes to the site, its monuments and their reports. */
  siteId?: number;
  /** Changes to the monument and its reports. */
  monumentId?: number;
  /** ISO 3166-1 alpha-2: changes within sites of that country. */
  country?: string;
  entityType?: 'site' | 'monument' | 'report' | 'source';
  action?: string;
}

/** A published change with the site it belongs to (for the words and links of /changes and the feeds). */
export interface DescribedChange extends PublicChange {
  siteSlug: string | null;
  siteName: string | null;
  siteNameAr: string | null;
  siteDeletedAt: string | null;
}

// The same public revisions as /changes always listed (db/queries/revisions.ts listPublicChanges: only changes
// readers could see when they were made), with the site and monument each belongs to, so that a filter by site,
// monument or country is one condition. Sources belong to no site: they appear only in unfiltered lists.
// `candidates`: for a site, monument or country, the revisions of its records found through the entity index first
// (a feed of one monument would otherwise read every public revision to find its few).
const filteredSql = (conditions: string[], candidates: string | null) => `
  SELECT c.*, s.slug AS siteSlug, s.name AS siteName, s.name_ar AS siteNameAr, s.deleted_at AS siteDeletedAt,
         s.country_codes AS countryCodes
  FROM (
    SELECT r.id, r.entity_type AS entityType, r.entity_id AS entityId, r.action, r.created_at AS createdAt, r.before,
           r.after, m.slug AS monumentSlug, m.name AS monumentName, m.name_ar AS monumentNameAr,
           m.deleted_at AS monumentDeletedAt,
           CASE r.entity_type WHEN 'monument' THEN r.entity_id WHEN 'report' THEN m.id END AS monumentId,
           CASE r.entity_type
             WHEN 'site' THEN r.entity_id
             WHEN 'monument' THEN coalesce(json_extract(r.after, '$.siteId'), json_extract(r.before, '$.siteId'))
             WHEN 'report' THEN m.site_id
           END AS siteId
    FROM revisions r ${candidates ? '' : 'INDEXED BY revisions_public_idx'}
    LEFT JOIN monuments m ON r.entity_type = 'report'
      AND m.id = coalesce(json_extract(r.after, '$.monumentId'), json_extract(r.before, '$.monumentId'))
    WHERE r.public = 1
      AND r.action IN ('create', 'update', 'delete', 'restore', 'publish', 'revert')
      AND r.entity_type IN ('site', 'monument', 'report', 'source')
      ${candidates ? `AND r.id IN (${candidates})` : ''}
  ) c
  LEFT JOIN sites s ON s.id = c.siteId
  ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
  ORDER BY c.id DESC
  LIMIT ?`;

/** Revisions of the monuments (and their reports) that `monuments` selects, and of the sites `sites` selects. */
const recordRevisions = (monuments: string, sites: string | null) => `
  ${sites ? `SELECT rv.id FROM revisions rv WHERE rv.entity_type = 'site' AND rv.entity_id IN (${sites}) UNION ALL` : ''}
  SELECT rv.id FROM monuments mo JOIN revisions rv ON rv.entity_type = 'monument' AND rv.entity_id = mo.id
    WHERE mo.id IN (${monuments})
  UNION ALL
  SELECT rv.id FROM reports rp JOIN revisions rv ON rv.entity_type = 'report' AND rv.entity_id = rp.id
    WHERE rp.monument_id IN (${monuments})`;

/**
 * Whether a site or country holds so many monuments that its changes are better found by reading the newest public
 * revisions (they are dense there) than by collecting every revision of its records first.
 */
const LARGE = 5_000;
function large(db: Db, where: string, value: string | number): boolean {
  const row = db.$client
    .prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM monuments WHERE ${where} LIMIT ${LARGE})`)
    .get(value) as { n: number };
  return row.n >= LARGE;
}

type Row = Omit<DescribedChange, 'before' | 'after'> & { before: string | null; after: string | null };

/**
 * Published changes, newest first, `limit` of them older than `beforeId` (a cursor: the last id of the page before),
 * narrowed by `filter`. Drafts, rejections, users, curators' names and review comments never appear.
 */
export function listFilteredPublicChanges(
  db: Db,
  options: { limit: number; beforeId?: number; filter?: ChangeFilter },
): DescribedChange[] {
  const f = options.filter ?? {};
  const conditions: string[] = [];
  const params: (string | number)[] = [];
  if (options.beforeId !== undefined) {
    conditions.push('c.id < ?');
    params.push(options.beforeId);
  }
  if (f.siteId !== undefined) {
    conditions.push('c.siteId = ?');
    params.push(f.siteId);
  }
  if (f.monumentId !== undefined) {
    conditions.push('c.monumentId = ?');
    params.push(f.monumentId);
  }
  if (f.country) {
    conditions.push("instr(',' || s.country_codes || ',', ?) > 0");
    params.push(`,${f.country},`);
  }
  if (f.entityType) {
    conditions.push('c.entityType = ?');
    params.push(f.entityType);
  }
  if (f.action) {
    conditions.push('c.action = ?');
    params.push(f.action);
  }
  // Candidates through the entity index, narrowest first; the conditions above still decide (a monument's revisions
  // say which site it was in at the time).
  let candidates: string | null = null;
  const candidateParams: (string | number)[] = [];
  if (f.monumentId !== undefined) {
    candidates = recordRevisions('?', null);
    candidateParams.push(f.monumentId, f.monumentId);
  } else if (f.siteId !== undefined && !large(db, 'site_id = ?', f.siteId)) {
    candidates = recordRevisions('SELECT id FROM monuments WHERE site_id = ?', '?');
    candidateParams.push(f.siteId, f.siteId, f.siteId);
  } else if (
    f.siteId === undefined &&
    f.country &&
    !large(db, "site_id IN (SELECT id FROM sites WHERE instr(',' || country_codes || ',', ?) > 0)", `,${f.country},`)
  ) {
    const inCountry = "SELECT id FROM sites WHERE instr(',' || country_codes || ',', ?) > 0";
    candidates = recordRevisions(`SELECT id FROM monuments WHERE site_id IN (${inCountry})`, inCountry);
    candidateParams.push(`,${f.country},`, `,${f.country},`, `,${f.country},`);
  }
  // Sites and sources are few next to monuments and reports: their changes are found through the entity index too.
  if (!candidates && (f.entityType === 'site' || f.entityType === 'source')) {
    candidates = 'SELECT id FROM revisions WHERE entity_type = ?';
    candidateParams.push(f.entityType);
  }
  const rows = db.$client
    .prepare(filteredSql(conditions, candidates))
    .all(...candidateParams, ...params, options.limit) as (Row & {
    countryCodes?: string;
    monumentId?: number;
    siteId?: number;
  })[];
  return rows.map(({ countryCodes: _c, monumentId: _m, siteId: _s, ...r }) => ({
    ...r,
    before: r.before ? JSON.parse(r.before) : null,
    after: r.after ? JSON.parse(r.after) : null,
  }));
}

/** Sites readers can filter /changes by: slug, names and countries of every live site, by name. */
export function listSiteChoices(db: Db) {
  return db.$client
    .prepare(
      'SELECT id, slug, name, name_ar AS nameAr, country_codes AS countryCodes FROM sites WHERE deleted_at IS NULL ORDER BY name COLLATE NOCASE',
    )
    .all() as { id: number; slug: string; name: string; nameAr: string | null; countryCodes: string }[];
}

/** When the newest published change was made (the `updated` of a feed without entries, the sitemap's lastmod). */
export function latestPublicChangeAt(db: Db): string | null {
  const row = db.$client
    .prepare(
      'SELECT created_at AS at FROM revisions INDEXED BY revisions_public_idx WHERE public = 1 ORDER BY id DESC LIMIT 1',
    )
    .get() as { at: string } | undefined;
  return row?.at ?? null;
}

/** How many live sites and monuments (of live sites) readers can open: what the sitemap lists. */
export function countSitemapRecords(db: Db): { sites: number; monuments: number } {
  const sites = db.$client.prepare('SELECT count(*) AS n FROM sites WHERE deleted_at IS NULL').get() as { n: number };
  const monuments = db.$client
    .prepare(
      'SELECT count(*) AS n FROM monuments m JOIN sites s ON s.id = m.site_id WHERE m.deleted_at IS NULL AND s.deleted_at IS NULL',
    )
    .get() as { n: number };
  return { sites: sites.n, monuments: monuments.n };
}

/** Live sites in id order, a slice of them, with when each last changed. */
export function listSitemapSites(db: Db, offset: number, limit: number) {
  return db.$client
    .prepare('SELECT slug, updated_at AS lastmod FROM sites WHERE deleted_at IS NULL ORDER BY id LIMIT ? OFFSET ?')
    .all(limit, offset) as { slug: string; lastmod: string }[];
}

/**
 * Live monuments of live sites in id order, a slice of them; each last changed when the record or one of its
 * published reports did (what its page shows).
 */
export function listSitemapMonuments(db: Db, offset: number, limit: number) {
  return db.$client
    .prepare(
      `SELECT m.slug, max(m.updated_at, coalesce((SELECT max(r.updated_at) FROM reports r
         WHERE r.monument_id = m.id AND r.review_state = 'published' AND r.deleted_at IS NULL), '')) AS lastmod
       FROM monuments m JOIN sites s ON s.id = m.site_id
       WHERE m.deleted_at IS NULL AND s.deleted_at IS NULL ORDER BY m.id LIMIT ? OFFSET ?`,
    )
    .all(limit, offset) as { slug: string; lastmod: string }[];
}

/** How many live monuments a site holds and how many of them are reported destroyed or severely damaged. */
export function siteDamageCounts(db: Db, siteId: number): { total: number; damaged: number } {
  return db.$client
    .prepare(
      "SELECT count(*) AS total, coalesce(sum(status_level IN ('destroyed', 'severe_damage')), 0) AS damaged FROM monuments WHERE site_id = ? AND deleted_at IS NULL",
    )
    .get(siteId) as { total: number; damaged: number };
}
