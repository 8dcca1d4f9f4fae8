import { and, asc, desc, eq, isNotNull, isNull, like, or, sql } from 'drizzle-orm';
import type { Db } from '../index';
import { monuments, sites, type NewSite, type Site } from '../schema';
import { insertRevision, type Actor } from './revisions';
import { reindexSite, reindexMonument } from './search-index';
import { touchDatasetVersion } from './status';
import { preparedOnce } from './prepared';

export type SiteInput = Omit<NewSite, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'deletedAt'>;

/** Prepared: the site page and the API read it per request. */
export function getSiteBySlug(db: Db, slug: string): Site | undefined {
  return preparedOnce(db, 'sites.bySlug', (d) =>
    d
      .select()
      .from(sites)
      .where(and(eq(sites.slug, sql.placeholder('slug')), isNull(sites.deletedAt)))
      .prepare(),
  ).get({ slug });
}

export function getSiteById(db: Db, id: number): Site | undefined {
  return db.select().from(sites).where(eq(sites.id, id)).get();
}

/** Sites with how many monuments they hold and how many of those are reported destroyed or severely damaged. */
export function listSitesWithCounts(db: Db) {
  return db
    .select({
      id: sites.id,
      slug: sites.slug,
      name: sites.name,
      nameAr: sites.nameAr,
      countryCodes: sites.countryCodes,
      statesName: sites.statesName,
      statesNameAr: sites.statesNameAr,
      inDanger: sites.inDanger,
      unescoIdNo: sites.unescoIdNo,
      updatedAt: sites.updatedAt,
      monumentCount: sql<number>`count(${monuments.id})`,
      damagedCount: sql<number>`coalesce(sum(${monuments.statusLevel} IN ('destroyed','severe_damage')), 0)`,
    })
    .from(sites)
    .leftJoin(monuments, and(eq(monuments.siteId, sites.id), isNull(monuments.deletedAt)))
    .where(isNull(sites.deletedAt))
    .groupBy(sites.id)
    .orderBy(asc(sites.countryCodes), asc(sites.name))
    .all();
}

/** Sites with the most monuments reported destroyed or severely damaged (home page); sites with none are left out. */
export function listMostAffectedSites(db: Db, limit: number) {
  const damaged = sql<number>`coalesce(sum(${monuments.statusLevel} IN ('destroyed','severe_damage')), 0)`;
  return preparedOnce(db, 'sites.mostAffected', (d) =>
    d
      .select({
        id: sites.id,
        slug: sites.slug,
        name: sites.name,
        nameAr: sites.nameAr,
        countryCodes: sites.countryCodes,
        statesName: sites.statesName,
        statesNameAr: sites.statesNameAr,
        inDanger: sites.inDanger,
        monumentCount: sql<number>`count(${monuments.id})`,
        damagedCount: damaged,
      })
      .from(sites)
      .innerJoin(monuments, and(eq(monuments.siteId, sites.id), isNull(monuments.deletedAt)))
      .where(isNull(sites.deletedAt))
      .groupBy(sites.id)
      .having(sql`${damaged} > 0`)
      .orderBy(desc(damaged), desc(sql`count(${monuments.id})`), asc(sites.name))
      .limit(sql.placeholder('limit'))
      .prepare(),
  ).all({ limit });
}

export function insertSite(db: Db, input: SiteInput, actor: Actor): Site {
  const row = db.insert(sites).values(input).returning().get();
  insertRevision(db, { entityType: 'site', entityId: row.id, action: 'create', actor, before: null, after: row });
  reindexSite(db, row.id);
  touchDatasetVersion(db);
  return row;
}

export type UpdateResult<T> =
  { ok: true; row: T } | { ok: false; conflict: true; current: T } | { ok: false; notFound: true };
/** An update, delete or restore can also be refused for a rule of the data (e.g. a site that still has monuments). */
export type WriteResult<T> = UpdateResult<T> | { ok: false; refused: string };
/** How an update is recorded: a plain edit, a revert to an earlier revision, or an approved proposal. */
export interface UpdateOptions {
  action?: 'update' | 'revert';
  comment?: string | null;
}

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

/** Saves a site if it is still at `expectedVersion`; otherwise returns the current row so the curator can compare. */
export function updateSite(
  db: Db,
  id: number,
  expectedVersion: number,
  input: Partial<SiteInput>,
  actor: Actor,
  options: UpdateOptions = {},
): UpdateResult<Site> {
  const before = getSiteById(db, id);
  if (!before || before.deletedAt) return { ok: false, notFound: true };
  if (before.version !== expectedVersion) return { ok: false, conflict: true, current: before };
  const row = db
    .update(sites)
    .set({ ...input, version: before.version + 1, updatedAt: now })
    .where(and(eq(sites.id, id), eq(sites.version, expectedVersion)))
    .returning()
    .get()!;
  insertRevision(db, {
    entityType: 'site',
    entityId: id,
    action: options.action ?? 'update',
    actor,
    before,
    after: row,
    comment: options.comment,
  });
  reindexSite(db, id);
  // Monuments carry their site's names in the search index.
  for (const m of db.select({ id: monuments.id }).from(monuments).where(eq(monuments.siteId, id)).all())
    reindexMonument(db, m.id);
  touchDatasetVersion(db);
  return { ok: true, row };
}

/** Soft-deletes a site; refused while it still has monuments that are not deleted. */
export function deleteSite(db: Db, id: number, expectedVersion: number, actor: Actor): WriteResult<Site> {
  const before = getSiteById(db, id);
  if (!before || before.deletedAt) return { ok: false, notFound: true };
  if (before.version !== expectedVersion) return { ok: false, conflict: true, current: before };
  const live = db
    .select({ id: monuments.id })
    .from(monuments)
    .where(and(eq(monuments.siteId, id), isNull(monuments.deletedAt)))
    .limit(1)
    .get();
  if (live) return { ok: false, refused: 'siteHasMonuments' };
  const row = db
    .update(sites)
    .set({ deletedAt: now, version: before.version + 1, updatedAt: now })
    .where(eq(sites.id, id))
    .returning()
    .get()!;
  insertRevision(db, { entityType: 'site', entityId: id, action: 'delete', actor, before, after: row });
  reindexSite(db, id);
  touchDatasetVersion(db);
  return { ok: true, row };
}

export function restoreSite(db: Db, id: number, actor: Actor): WriteResult<Site> {
  const before = getSiteById(db, id);
  if (!before || !before.deletedAt) return { ok: false, notFound: true };
  const row = db
    .update(sites)
    .set({ deletedAt: null, version: before.version + 1, updatedAt: now })
    .where(eq(sites.id, id))
    .returning()
    .get()!;
  insertRevision(db, { entityType: 'site', entityId: id, action: 'restore', actor, before, after: row });
  reindexSite(db, id);
  touchDatasetVersion(db);
  return { ok: true, row };
}

/** The editable content of a site snapshot (what a revert brings back): everything but identity, version, timestamps and deletion. */
export function siteContent(snapshot: Record<string, unknown>): Partial<SiteInput> {
  const { id: _i, version: _v, createdAt: _c, updatedAt: _u, deletedAt: _d, ...content } = snapshot;
  return content as Partial<SiteInput>;
}

/** Sites for curators (deleted ones too when asked), optionally filtered by name. */
export function listSitesForCurator(db: Db, options: { deleted?: boolean; q?: string; limit?: number } = {}) {
  const conditions = [options.deleted ? isNotNull(sites.deletedAt) : isNull(sites.deletedAt)];
  if (options.q)
    conditions.push(
      or(like(sites.name, `%${options.q}%`), like(sites.nameAr, `%${options.q}%`), like(sites.slug, `%${options.q}%`))!,
    );
  return db
    .select({
      id: sites.id,
      slug: sites.slug,
      name: sites.name,
      nameAr: sites.nameAr,
      countryCodes: sites.countryCodes,
      version: sites.version,
      deletedAt: sites.deletedAt,
      updatedAt: sites.updatedAt,
    })
    .from(sites)
    .where(and(...conditions))
    .orderBy(options.deleted ? desc(sites.deletedAt) : asc(sites.name))
    .limit(options.limit ?? 2000)
    .all();
}
