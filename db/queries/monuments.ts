import { and, asc, eq, isNotNull, isNull, like, or, sql } from 'drizzle-orm';
import type { Db } from '../index';
import { monumentNames, monuments, sites, type Monument, type NewMonument } from '../schema';
import { insertRevision, type Actor } from './revisions';
import { reindexMonument } from './search-index';
import { touchDatasetVersion } from './status';
import { preparedOnce } from './prepared';
import type { UpdateOptions, UpdateResult, WriteResult } from './sites';

export type MonumentInput = Omit<
  NewMonument,
  | 'id'
  | 'version'
  | 'createdAt'
  | 'updatedAt'
  | 'deletedAt'
  | 'statusLevel'
  | 'statusBasis'
  | 'statusReportId'
  | 'latestEventDate'
>;
export type AltNameInput = { name: string; lang: string };

/** A monument as its history records it: the row plus its alternative names. */
function snapshot(db: Db, id: number) {
  const row = db.select().from(monuments).where(eq(monuments.id, id)).get();
  if (!row) return undefined;
  const altNames = db
    .select({ name: monumentNames.name, lang: monumentNames.lang })
    .from(monumentNames)
    .where(eq(monumentNames.monumentId, id))
    .orderBy(asc(monumentNames.id))
    .all();
  return { ...row, altNames };
}
export type MonumentSnapshot = NonNullable<ReturnType<typeof snapshot>>;

export function getMonumentById(db: Db, id: number) {
  return snapshot(db, id);
}

/** A public monument with its alternative names and its site. Prepared: pages and the API read it per request. */
export function getMonumentBySlug(db: Db, slug: string) {
  const row = preparedOnce(db, 'monuments.bySlug', (d) =>
    d
      .select()
      .from(monuments)
      .where(and(eq(monuments.slug, sql.placeholder('slug')), isNull(monuments.deletedAt)))
      .prepare(),
  ).get({ slug });
  if (!row) return undefined;
  const altNames = preparedOnce(db, 'monuments.altNames', (d) =>
    d
      .select({ name: monumentNames.name, lang: monumentNames.lang })
      .from(monumentNames)
      .where(eq(monumentNames.monumentId, sql.placeholder('id')))
      .orderBy(asc(monumentNames.id))
      .prepare(),
  ).all({ id: row.id });
  const site = preparedOnce(db, 'monuments.site', (d) =>
    d
      .select()
      .from(sites)
      .where(eq(sites.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id: row.siteId })!;
  return { ...row, altNames, site };
}

const listColumns = {
  id: monuments.id,
  slug: monuments.slug,
  name: monuments.name,
  nameAr: monuments.nameAr,
  kind: monuments.kind,
  statusLevel: monuments.statusLevel,
  statusBasis: monuments.statusBasis,
  latestEventDate: monuments.latestEventDate,
  latitude: monuments.latitude,
  longitude: monuments.longitude,
  siteSlug: sites.slug,
  siteName: sites.name,
  siteNameAr: sites.nameAr,
  countryCodes: sites.countryCodes,
};

export function listMonumentsBySite(db: Db, siteId: number) {
  return db
    .select(listColumns)
    .from(monuments)
    .innerJoin(sites, eq(sites.id, monuments.siteId))
    .where(and(eq(monuments.siteId, siteId), isNull(monuments.deletedAt)))
    .orderBy(asc(monuments.name))
    .all();
}

function replaceAltNames(db: Db, monumentId: number, altNames: AltNameInput[]) {
  db.delete(monumentNames).where(eq(monumentNames.monumentId, monumentId)).run();
  const unique = [
    ...new Map(
      altNames.map((a) => [`${a.lang}\u0000${a.name.trim()}`, { name: a.name.trim(), lang: a.lang }]),
    ).values(),
  ];
  if (unique.length)
    db.insert(monumentNames)
      .values(unique.map((a) => ({ ...a, monumentId })))
      .run();
}

export function insertMonument(db: Db, input: MonumentInput, altNames: AltNameInput[], actor: Actor): MonumentSnapshot {
  const row = db.insert(monuments).values(input).returning().get();
  replaceAltNames(db, row.id, altNames);
  const after = snapshot(db, row.id)!;
  insertRevision(db, { entityType: 'monument', entityId: row.id, action: 'create', actor, before: null, after });
  reindexMonument(db, row.id);
  touchDatasetVersion(db);
  return after;
}

export function updateMonument(
  db: Db,
  id: number,
  expectedVersion: number,
  input: Partial<MonumentInput>,
  altNames: AltNameInput[] | undefined,
  actor: Actor,
  options: UpdateOptions = {},
): UpdateResult<MonumentSnapshot> {
  const before = snapshot(db, id);
  if (!before || before.deletedAt) return { ok: false, notFound: true };
  if (before.version !== expectedVersion) return { ok: false, conflict: true, current: before };
  db.update(monuments)
    .set({ ...input, version: before.version + 1, updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))` })
    .where(and(eq(monuments.id, id), eq(monuments.version, expectedVersion)))
    .run();
  if (altNames) replaceAltNames(db, id, altNames);
  const after = snapshot(db, id)!;
  insertRevision(db, {
    entityType: 'monument',
    entityId: id,
    action: options.action ?? 'update',
    actor,
    before,
    after,
    comment: options.comment,
  });
  reindexMonument(db, id);
  touchDatasetVersion(db);
  return { ok: true, row: after };
}

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

/** Soft-deletes a monument (its reports stay, hidden with it, and come back when it is restored). */
export function deleteMonument(
  db: Db,
  id: number,
  expectedVersion: number,
  actor: Actor,
): WriteResult<MonumentSnapshot> {
  const before = snapshot(db, id);
  if (!before || before.deletedAt) return { ok: false, notFound: true };
  if (before.version !== expectedVersion) return { ok: false, conflict: true, current: before };
  db.update(monuments)
    .set({ deletedAt: now, version: before.version + 1, updatedAt: now })
    .where(eq(monuments.id, id))
    .run();
  const after = snapshot(db, id)!;
  insertRevision(db, { entityType: 'monument', entityId: id, action: 'delete', actor, before, after });
  reindexMonument(db, id);
  touchDatasetVersion(db);
  return { ok: true, row: after };
}

/** Restores a deleted monument; refused while its site is deleted. */
export function restoreMonument(db: Db, id: number, actor: Actor): WriteResult<MonumentSnapshot> {
  const before = snapshot(db, id);
  if (!before || !before.deletedAt) return { ok: false, notFound: true };
  const site = db.select({ deletedAt: sites.deletedAt }).from(sites).where(eq(sites.id, before.siteId)).get();
  if (site?.deletedAt) return { ok: false, refused: 'parentDeleted' };
  db.update(monuments)
    .set({ deletedAt: null, version: before.version + 1, updatedAt: now })
    .where(eq(monuments.id, id))
    .run();
  const after = snapshot(db, id)!;
  insertRevision(db, { entityType: 'monument', entityId: id, action: 'restore', actor, before, after });
  reindexMonument(db, id);
  touchDatasetVersion(db);
  return { ok: true, row: after };
}

/** The editable content of a monument snapshot: the derived status and bookkeeping columns are left out. */
export function monumentContent(snap: Record<string, unknown>): {
  input: Partial<MonumentInput>;
  altNames: AltNameInput[];
} {
  const {
    id: _i,
    version: _v,
    createdAt: _c,
    updatedAt: _u,
    deletedAt: _d,
    statusLevel: _sl,
    statusBasis: _sb,
    statusReportId: _sr,
    latestEventDate: _le,
    altNames,
    ...content
  } = snap;
  return { input: content as Partial<MonumentInput>, altNames: (altNames as AltNameInput[] | undefined) ?? [] };
}

/** Monuments for curators, with their site, filtered by name or slug; deleted ones when asked. */
export function listMonumentsForCurator(db: Db, options: { deleted?: boolean; q?: string; limit?: number } = {}) {
  const conditions = [options.deleted ? isNotNull(monuments.deletedAt) : isNull(monuments.deletedAt)];
  if (options.q)
    conditions.push(
      or(
        like(monuments.name, `%${options.q}%`),
        like(monuments.nameAr, `%${options.q}%`),
        like(monuments.slug, `%${options.q}%`),
      )!,
    );
  return db
    .select({ ...listColumns, version: monuments.version, deletedAt: monuments.deletedAt, siteId: monuments.siteId })
    .from(monuments)
    .innerJoin(sites, eq(sites.id, monuments.siteId))
    .where(and(...conditions))
    .orderBy(asc(sites.name), asc(monuments.name))
    .limit(options.limit ?? 500)
    .all();
}

export type MonumentRow = Monument;
