import { and, asc, desc, eq, inArray, isNotNull, isNull, like, or, sql } from 'drizzle-orm';
import type { Db } from '../index';
import { reportSources, reports, sources, type NewSource, type Source } from '../schema';
import { insertRevision, type Actor } from './revisions';
import { refreshMonumentStatus, touchDatasetVersion } from './status';
import { statement } from './prepared';
import type { UpdateOptions, UpdateResult, WriteResult } from './sites';
import { sourceReadable, type ReadScope } from './visibility';

export type SourceInput = Omit<NewSource, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'deletedAt'>;

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

export function getSourceById(db: Db, id: number): Source | undefined {
  return db.select().from(sources).where(eq(sources.id, id)).get();
}

export function findSourceByTitle(db: Db, title: string): Source | undefined {
  return db
    .select()
    .from(sources)
    .where(and(eq(sources.title, title), isNull(sources.deletedAt)))
    .get();
}

/** Whether a published, live report cites the source: only then are its changes public (and the dataset version moves). */
export function isSourcePublic(db: Db, id: number): boolean {
  return !!db
    .select({ one: sql`1` })
    .from(reportSources)
    .innerJoin(reports, eq(reports.id, reportSources.reportId))
    .where(and(eq(reportSources.sourceId, id), eq(reports.reviewState, 'published'), isNull(reports.deletedAt)))
    .limit(1)
    .get();
}

/**
 * A source's publisher, type or deletion decides whether the reports citing it meet the evidence rules, and so the
 * statuses they set: the monuments of its published, live citing reports are recomputed.
 */
function refreshCitingMonuments(db: Db, id: number): void {
  const rows = statement(
    db,
    "SELECT DISTINCT r.monument_id AS id FROM report_sources rs JOIN reports r ON r.id = rs.report_id WHERE rs.source_id = ? AND r.review_state = 'published' AND r.deleted_at IS NULL",
  ).all(id) as { id: number }[];
  for (const r of rows) refreshMonumentStatus(db, r.id);
}

export function insertSource(db: Db, input: SourceInput, actor: Actor): Source {
  const row = db.insert(sources).values(input).returning().get();
  insertRevision(db, { entityType: 'source', entityId: row.id, action: 'create', actor, before: null, after: row });
  return row;
}

/** Saves a source if it is still at `expectedVersion`; otherwise returns the current row so the curator can compare. */
export function updateSource(
  db: Db,
  id: number,
  expectedVersion: number,
  input: Partial<SourceInput>,
  actor: Actor,
  options: UpdateOptions = {},
): UpdateResult<Source> {
  const before = getSourceById(db, id);
  if (!before || before.deletedAt) return { ok: false, notFound: true };
  if (before.version !== expectedVersion) return { ok: false, conflict: true, current: before };
  const row = db
    .update(sources)
    .set({ ...input, version: before.version + 1, updatedAt: now })
    .where(and(eq(sources.id, id), eq(sources.version, expectedVersion)))
    .returning()
    .get()!;
  insertRevision(db, {
    entityType: 'source',
    entityId: id,
    action: options.action ?? 'update',
    actor,
    before,
    after: row,
    comment: options.comment,
  });
  if (isSourcePublic(db, id)) {
    refreshCitingMonuments(db, id);
    touchDatasetVersion(db);
  }
  return { ok: true, row };
}

/** Soft-deletes a source: public pages stop listing it under the reports that cite it; the citations stay for a restore. */
export function deleteSource(db: Db, id: number, expectedVersion: number, actor: Actor): WriteResult<Source> {
  const before = getSourceById(db, id);
  if (!before || before.deletedAt) return { ok: false, notFound: true };
  if (before.version !== expectedVersion) return { ok: false, conflict: true, current: before };
  const row = db
    .update(sources)
    .set({ deletedAt: now, version: before.version + 1, updatedAt: now })
    .where(eq(sources.id, id))
    .returning()
    .get()!;
  insertRevision(db, { entityType: 'source', entityId: id, action: 'delete', actor, before, after: row });
  if (isSourcePublic(db, id)) {
    refreshCitingMonuments(db, id);
    touchDatasetVersion(db);
  }
  return { ok: true, row };
}

export function restoreSource(db: Db, id: number, actor: Actor): WriteResult<Source> {
  const before = getSourceById(db, id);
  if (!before || !before.deletedAt) return { ok: false, notFound: true };
  const row = db
    .update(sources)
    .set({ deletedAt: null, version: before.version + 1, updatedAt: now })
    .where(eq(sources.id, id))
    .returning()
    .get()!;
  insertRevision(db, { entityType: 'source', entityId: id, action: 'restore', actor, before, after: row });
  if (isSourcePublic(db, id)) {
    refreshCitingMonuments(db, id);
    touchDatasetVersion(db);
  }
  return { ok: true, row };
}

export function sourceContent(snapshot: Record<string, unknown>): Partial<SourceInput> {
  const { id: _i, version: _v, createdAt: _c, updatedAt: _u, deletedAt: _d, ...content } = snapshot;
  return content as Partial<SourceInput>;
}

/** What the curator lists and the source picker show of a source. */
const curatorSourceColumns = {
  id: sources.id,
  title: sources.title,
  publisher: sources.publisher,
  sourceType: sources.sourceType,
  publishedDate: sources.publishedDate,
  url: sources.url,
  version: sources.version,
  deletedAt: sources.deletedAt,
};

/**
 * Sources for the curator list and the report form's picker, newest first, filtered by title or publisher, as far as
 * `scope` reads them (a contributor: public sources and their own).
 */
export function listSourcesForCurator(
  db: Db,
  options: { q?: string; deleted?: boolean; limit?: number; scope?: ReadScope } = {},
) {
  const conditions = [options.deleted ? isNotNull(sources.deletedAt) : isNull(sources.deletedAt)];
  if (options.scope && !options.scope.everything) conditions.push(sourceReadable(options.scope));
  if (options.q)
    conditions.push(
      or(
        like(sources.title, `%${options.q}%`),
        like(sources.publisher, `%${options.q}%`),
        like(sources.url, `%${options.q}%`),
      )!,
    );
  return db
    .select(curatorSourceColumns)
    .from(sources)
    .where(and(...conditions))
    .orderBy(desc(sources.id))
    .limit(options.limit ?? 200)
    .all();
}

/**
 * The sources with these ids (to keep an already chosen source in the picker even when it is not among the newest),
 * as far as `scope` reads them.
 */
export function listSourcesByIds(db: Db, ids: number[], scope?: ReadScope) {
  if (ids.length === 0) return [];
  return db
    .select(curatorSourceColumns)
    .from(sources)
    .where(and(inArray(sources.id, ids), scope && !scope.everything ? sourceReadable(scope) : undefined))
    .orderBy(asc(sources.id))
    .all();
}
