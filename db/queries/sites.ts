import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../index';
import { monuments, sites, type NewSite, type Site } from '../schema';
import { insertRevision, type Actor } from './revisions';
import { reindexSite, reindexMonument } from './search-index';
import { touchDatasetVersion } from './status';
import { preparedOnce } from './prepared';

export type SiteInput = Omit<NewSite, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'deletedAt'>;

/** Prepared: the site page and the API read it per request. */
export function getSiteBySlug(db: Db, slug: string): Site | undefined {
  return preparedOnce(db, 'sites.bySlug', (d) => d.select().from(sites)
    .where(and(eq(sites.slug, sql.placeholder('slug')), isNull(sites.deletedAt))).prepare()).get({ slug });
}

export function getSiteById(db: Db, id: number): Site | undefined {
  return db.select().from(sites).where(eq(sites.id, id)).get();
}

/** Sites with how many monuments they hold and how many of those are reported destroyed or severely damaged. */
export function listSitesWithCounts(db: Db) {
  return db.select({
    id: sites.id, slug: sites.slug, name: sites.name, nameAr: sites.nameAr, countryCodes: sites.countryCodes,
    inDanger: sites.inDanger, unescoIdNo: sites.unescoIdNo, updatedAt: sites.updatedAt,
    monumentCount: sql<number>`count(${monuments.id})`,
    damagedCount: sql<number>`coalesce(sum(${monuments.statusLevel} IN ('destroyed','severe_damage')), 0)`,
  }).from(sites)
    .leftJoin(monuments, and(eq(monuments.siteId, sites.id), isNull(monuments.deletedAt)))
    .where(isNull(sites.deletedAt))
    .groupBy(sites.id)
    .orderBy(asc(sites.countryCodes), asc(sites.name)).all();
}

/** Sites with the most monuments reported destroyed or severely damaged (home page); sites with none are left out. */
export function listMostAffectedSites(db: Db, limit: number) {
  const damaged = sql<number>`coalesce(sum(${monuments.statusLevel} IN ('destroyed','severe_damage')), 0)`;
  return preparedOnce(db, 'sites.mostAffected', (d) => d.select({
    id: sites.id, slug: sites.slug, name: sites.name, nameAr: sites.nameAr, countryCodes: sites.countryCodes,
    inDanger: sites.inDanger, monumentCount: sql<number>`count(${monuments.id})`, damagedCount: damaged,
  }).from(sites)
    .innerJoin(monuments, and(eq(monuments.siteId, sites.id), isNull(monuments.deletedAt)))
    .where(isNull(sites.deletedAt))
    .groupBy(sites.id)
    .having(sql`${damaged} > 0`)
    .orderBy(desc(damaged), desc(sql`count(${monuments.id})`), asc(sites.name))
    .limit(sql.placeholder('limit'))
    .prepare()).all({ limit });
}

export function insertSite(db: Db, input: SiteInput, actor: Actor): Site {
  const row = db.insert(sites).values(input).returning().get();
  insertRevision(db, { entityType: 'site', entityId: row.id, action: 'create', actor, before: null, after: row });
  reindexSite(db, row.id);
  touchDatasetVersion(db);
  return row;
}

export type UpdateResult<T> = { ok: true; row: T } | { ok: false; conflict: true; current: T } | { ok: false; notFound: true };

/** Saves a site if it is still at `expectedVersion`; otherwise returns the current row so the curator can compare. */
export function updateSite(db: Db, id: number, expectedVersion: number, input: Partial<SiteInput>, actor: Actor): UpdateResult<Site> {
  const before = getSiteById(db, id);
  if (!before || before.deletedAt) return { ok: false, notFound: true };
  if (before.version !== expectedVersion) return { ok: false, conflict: true, current: before };
  const row = db.update(sites)
    .set({ ...input, version: before.version + 1, updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))` })
    .where(and(eq(sites.id, id), eq(sites.version, expectedVersion))).returning().get()!;
  insertRevision(db, { entityType: 'site', entityId: id, action: 'update', actor, before, after: row });
  reindexSite(db, id);
  // Monuments carry their site's names in the search index.
  for (const m of db.select({ id: monuments.id }).from(monuments).where(eq(monuments.siteId, id)).all()) reindexMonument(db, m.id);
  touchDatasetVersion(db);
  return { ok: true, row };
}
