import { and, asc, desc, eq, getTableColumns, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../index';
import { monuments, reportSources, reports, sites, sources, users, type NewReport } from '../schema';
import { preparedOnce, statement } from './prepared';
import { insertRevision, type Actor } from './revisions';
import { getSourceById } from './sources';
import { reportReadable, type ReadScope } from './visibility';
import { refreshMonumentStatus, touchDatasetVersion } from './status';
import { assertReportEvidence } from './evidence';
import type { UpdateOptions, UpdateResult, WriteResult } from './sites';
import type { Stance } from '../../lib/vocab';
import { NON_DAMAGE_CAUSES } from '../../lib/status';

export type ReportInput = Omit<NewReport, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'deletedAt'>;
export type CitationInput = { sourceId: number; stance: Stance; quote?: string | null };

/**
 * A report as its history records it: the row plus its citations. Prepared once per connection: every report write
 * reads it twice (before and after), and an import writes up to 100,000 reports in one transaction.
 */
function snapshot(db: Db, id: number) {
  const row = preparedOnce(db, 'reports.snapshot', (d) =>
    d
      .select()
      .from(reports)
      .where(eq(reports.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id });
  if (!row) return undefined;
  const citations = preparedOnce(db, 'reports.snapshotCitations', (d) =>
    d
      .select({ sourceId: reportSources.sourceId, stance: reportSources.stance, quote: reportSources.quote })
      .from(reportSources)
      .where(eq(reportSources.reportId, sql.placeholder('id')))
      .orderBy(asc(reportSources.sourceId))
      .prepare(),
  ).all({ id });
  return { ...row, citations };
}

/** SQL column names of the report properties (reportedDate → reported_date). */
const reportColumnNames: Record<string, string> = Object.fromEntries(
  Object.entries(getTableColumns(reports)).map(([key, column]) => [key, column.name]),
);

/**
 * The defined properties of a report input as SQL columns and values, for raw statements prepared once per set of
 * columns (drizzle's query builder rebuilt and re-prepared the statement on every write).
 */
function columnsOf(input: Partial<ReportInput>): { names: string[]; values: unknown[] } {
  const names: string[] = [];
  const values: unknown[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const name = reportColumnNames[key];
    if (!name || key === 'id' || key === 'version' || key === 'createdAt' || key === 'updatedAt' || key === 'deletedAt')
      throw new Error(`not a report field: ${key}`);
    names.push(name);
    values.push(value);
  }
  return { names, values };
}

function insertCitations(db: Db, reportId: number, citations: CitationInput[]) {
  const insert = statement(db, 'INSERT INTO report_sources (report_id, source_id, stance, quote) VALUES (?, ?, ?, ?)');
  for (const c of citations) insert.run(reportId, c.sourceId, c.stance, c.quote ?? null);
}
export type ReportSnapshot = NonNullable<ReturnType<typeof snapshot>>;

export function getReportById(db: Db, id: number) {
  return snapshot(db, id);
}

/**
 * For bulk writes (the importer): monuments whose status must be recomputed, and whether public data changed,
 * collected instead of acted on per report; `flushDeferred` does both once, before the transaction ends.
 */
export interface DeferredWrites {
  monumentIds: Set<number>;
  datasetChanged: boolean;
}
export const deferredWrites = (): DeferredWrites => ({ monumentIds: new Set(), datasetChanged: false });

/** Recomputes each collected monument's status once and moves the dataset version: call inside the same transaction. */
export function flushDeferred(db: Db, deferred: DeferredWrites): void {
  for (const id of deferred.monumentIds) refreshMonumentStatus(db, id);
  if (deferred.datasetChanged) touchDatasetVersion(db);
  deferred.monumentIds.clear();
  deferred.datasetChanged = false;
}

export function insertReport(
  db: Db,
  input: ReportInput,
  citations: CitationInput[],
  actor: Actor,
  options: { deferred?: DeferredWrites } = {},
): ReportSnapshot {
  const { names, values } = columnsOf(input);
  const { id } = statement(
    db,
    `INSERT INTO reports (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')}) RETURNING id`,
  ).get(...values) as { id: number };
  insertCitations(db, id, citations);
  const after = snapshot(db, id)!;
  const row = after;
  assertReportEvidence(db, after);
  insertRevision(db, { entityType: 'report', entityId: row.id, action: 'create', actor, before: null, after });
  recordNewlyPublicSources(db, null, after, actor);
  if (options.deferred) {
    options.deferred.monumentIds.add(row.monumentId);
    if (row.reviewState === 'published') options.deferred.datasetChanged = true;
    return after;
  }
  refreshMonumentStatus(db, row.monumentId);
  if (row.reviewState === 'published') touchDatasetVersion(db);
  return after;
}

/** Published reports of a monument in date order, each with its sources (published and not deleted only). Prepared: the API reads it per request. */
export function listPublishedReportsForMonument(db: Db, monumentId: number) {
  const rows = preparedOnce(db, 'reports.publishedForMonument', (d) =>
    d
      .select()
      .from(reports)
      .where(
        and(
          eq(reports.monumentId, sql.placeholder('monumentId')),
          eq(reports.reviewState, 'published'),
          isNull(reports.deletedAt),
        ),
      )
      .orderBy(
        sql`coalesce(${reports.eventDate}, ${reports.reportedDate}) IS NULL`,
        asc(sql`coalesce(${reports.eventDate}, ${reports.reportedDate})`),
        asc(reports.id),
      )
      .prepare(),
  ).all({ monumentId });
  if (rows.length === 0) return [];
  const cited = preparedOnce(db, 'reports.sourcesForMonument', (d) =>
    d
      .select({
        reportId: reportSources.reportId,
        stance: reportSources.stance,
        quote: reportSources.quote,
        id: sources.id,
        title: sources.title,
        publisher: sources.publisher,
        url: sources.url,
        archivedUrl: sources.archivedUrl,
        publishedDate: sources.publishedDate,
        sourceType: sources.sourceType,
        language: sources.language,
        citationDetail: sources.citationDetail,
      })
      .from(reportSources)
      .innerJoin(sources, eq(sources.id, reportSources.sourceId))
      .innerJoin(reports, eq(reports.id, reportSources.reportId))
      .where(
        and(
          eq(reports.monumentId, sql.placeholder('monumentId')),
          eq(reports.reviewState, 'published'),
          isNull(reports.deletedAt),
          isNull(sources.deletedAt),
        ),
      )
      .orderBy(asc(sources.publishedDate), asc(sources.id))
      .prepare(),
  ).all({ monumentId });
  return rows.map((r) => ({ ...r, sources: cited.filter((c) => c.reportId === r.id) }));
}
export type PublishedReport = ReturnType<typeof listPublishedReportsForMonument>[number];

/**
 * The latest published reports across the registry (home page), newest event first, with their monument and site.
 * Retracted reports are left out: a headline list must not lead with a claim its own sources withdrew.
 */
/**
 * Which reports a list of recent events holds: damage findings (lib/status.ts isDamageFinding), the others (misuse,
 * an unknown level), or all of them.
 */
export type RecentKind = 'all' | 'findings' | 'other';

function recentKindFilter(kind: RecentKind) {
  const nonDamage = sql.join(
    NON_DAMAGE_CAUSES.map((c) => sql`${c}`),
    sql`, `,
  );
  const finding = sql`(${reports.damageLevel} <> 'unknown' AND coalesce(${reports.cause}, '') NOT IN (${nonDamage}))`;
  if (kind === 'findings') return finding;
  if (kind === 'other') return sql`NOT ${finding}`;
  return undefined;
}

export function listRecentPublishedReports(db: Db, limit: number, kind: RecentKind = 'all') {
  return preparedOnce(db, `reports.recentPublished.${kind}`, (d) =>
    d
      .select({
        id: reports.id,
        eventDate: reports.eventDate,
        eventDateEnd: reports.eventDateEnd,
        eventDatePrecision: reports.eventDatePrecision,
        reportedDate: reports.reportedDate,
        damageLevel: reports.damageLevel,
        verificationStatus: reports.verificationStatus,
        cause: reports.cause,
        monumentSlug: monuments.slug,
        monumentName: monuments.name,
        monumentNameAr: monuments.nameAr,
        siteSlug: sites.slug,
        siteName: sites.name,
        siteNameAr: sites.nameAr,
      })
      .from(reports)
      .innerJoin(monuments, eq(monuments.id, reports.monumentId))
      .innerJoin(sites, eq(sites.id, monuments.siteId))
      .where(
        and(
          eq(reports.reviewState, 'published'),
          isNull(reports.deletedAt),
          ne(reports.verificationStatus, 'retracted'),
          isNull(monuments.deletedAt),
          isNull(sites.deletedAt),
          recentKindFilter(kind),
        ),
      )
      .orderBy(
        sql`coalesce(${reports.eventDate}, ${reports.reportedDate}) IS NULL`,
        desc(sql`coalesce(${reports.eventDate}, ${reports.reportedDate})`),
        desc(reports.id),
      )
      .limit(sql.placeholder('limit'))
      .prepare(),
  ).all({ limit });
}
export type RecentReport = ReturnType<typeof listRecentPublishedReports>[number];

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

const isPublic = (r: { reviewState: string; deletedAt: string | null }) =>
  r.reviewState === 'published' && !r.deletedAt;

function replaceCitations(db: Db, reportId: number, citations: CitationInput[]) {
  statement(db, 'DELETE FROM report_sources WHERE report_id = ?').run(reportId);
  insertCitations(db, reportId, citations);
}

/**
 * A source becomes public when a published, live report first cites it (db/queries/sources.ts isSourcePublic). That
 * moment is recorded as a `publish` revision of the source holding the source as it is then, so the public feed
 * shows the source from then on, under that title, and never a title it had only while it was not public.
 */
function recordNewlyPublicSources(db: Db, before: ReportSnapshot | null, after: ReportSnapshot, actor: Actor) {
  if (!isPublic(after)) return;
  const already = new Set(before && isPublic(before) ? before.citations.map((c) => c.sourceId) : []);
  const otherPublicCitation = statement(
    db,
    "SELECT 1 FROM report_sources rs JOIN reports r ON r.id = rs.report_id WHERE rs.source_id = ? AND rs.report_id <> ? AND r.review_state = 'published' AND r.deleted_at IS NULL LIMIT 1",
  );
  for (const { sourceId } of after.citations) {
    if (already.has(sourceId) || otherPublicCitation.get(sourceId, after.id)) continue;
    const source = getSourceById(db, sourceId);
    if (!source || source.deletedAt) continue; // a deleted source is not shown; its restore is the public change
    insertRevision(db, {
      entityType: 'source',
      entityId: sourceId,
      action: 'publish',
      actor,
      before: source,
      after: source,
      public: true,
    });
  }
}

/** Recomputes the status of every monument the change touched and moves the dataset version when public data changed. */
function afterReportChange(
  db: Db,
  before: ReportSnapshot,
  after: ReportSnapshot,
  actor: Actor,
  deferred?: DeferredWrites,
) {
  // Any write that leaves the report published (an edit, an approval, a restore, a revert) meets the evidence rules.
  assertReportEvidence(db, after);
  recordNewlyPublicSources(db, before, after, actor);
  if (deferred) {
    deferred.monumentIds.add(after.monumentId).add(before.monumentId);
    if (isPublic(before) || isPublic(after)) deferred.datasetChanged = true;
    return;
  }
  refreshMonumentStatus(db, after.monumentId);
  if (before.monumentId !== after.monumentId) refreshMonumentStatus(db, before.monumentId);
  if (isPublic(before) || isPublic(after)) touchDatasetVersion(db);
}

/**
 * Saves a report if it is still at `expectedVersion` (else returns the current one for comparison), replacing its
 * citations when given, and recomputes the monument status in the same transaction.
 */
export function updateReport(
  db: Db,
  id: number,
  expectedVersion: number,
  input: Partial<ReportInput>,
  citations: CitationInput[] | undefined,
  actor: Actor,
  options: UpdateOptions & { deferred?: DeferredWrites } = {},
): UpdateResult<ReportSnapshot> {
  const before = snapshot(db, id);
  if (!before || before.deletedAt) return { ok: false, notFound: true };
  if (before.version !== expectedVersion) return { ok: false, conflict: true, current: before };
  const { names, values } = columnsOf(input);
  statement(
    db,
    `UPDATE reports SET ${names.map((n) => `${n} = ?, `).join('')}version = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ? AND version = ?`,
  ).run(...values, before.version + 1, id, expectedVersion);
  if (citations) replaceCitations(db, id, citations);
  const after = snapshot(db, id)!;
  insertRevision(db, {
    entityType: 'report',
    entityId: id,
    action: options.action ?? 'update',
    actor,
    before,
    after,
    comment: options.comment,
  });
  afterReportChange(db, before, after, actor, options.deferred);
  return { ok: true, row: after };
}

export function deleteReport(db: Db, id: number, expectedVersion: number, actor: Actor): WriteResult<ReportSnapshot> {
  const before = snapshot(db, id);
  if (!before || before.deletedAt) return { ok: false, notFound: true };
  if (before.version !== expectedVersion) return { ok: false, conflict: true, current: before };
  db.update(reports)
    .set({ deletedAt: now, version: before.version + 1, updatedAt: now })
    .where(eq(reports.id, id))
    .run();
  const after = snapshot(db, id)!;
  insertRevision(db, { entityType: 'report', entityId: id, action: 'delete', actor, before, after });
  afterReportChange(db, before, after, actor);
  return { ok: true, row: after };
}

/** Restores a deleted report; refused while its monument is deleted. */
export function restoreReport(db: Db, id: number, actor: Actor): WriteResult<ReportSnapshot> {
  const before = snapshot(db, id);
  if (!before || !before.deletedAt) return { ok: false, notFound: true };
  const monument = db
    .select({ deletedAt: monuments.deletedAt })
    .from(monuments)
    .where(eq(monuments.id, before.monumentId))
    .get();
  if (monument?.deletedAt) return { ok: false, refused: 'parentDeleted' };
  db.update(reports)
    .set({ deletedAt: null, version: before.version + 1, updatedAt: now })
    .where(eq(reports.id, id))
    .run();
  const after = snapshot(db, id)!;
  insertRevision(db, { entityType: 'report', entityId: id, action: 'restore', actor, before, after });
  afterReportChange(db, before, after, actor);
  return { ok: true, row: after };
}

/**
 * Publishes (approve) or rejects a draft report with an optional comment the contributor sees.
 * `expectedVersion` guards against reviewing a draft that changed after the editor looked at it.
 */
export function reviewReport(
  db: Db,
  id: number,
  decision: 'publish' | 'reject',
  comment: string | null,
  actor: Actor,
  expectedVersion?: number,
): WriteResult<ReportSnapshot> {
  const before = snapshot(db, id);
  if (!before || before.deletedAt) return { ok: false, notFound: true };
  if (expectedVersion !== undefined && before.version !== expectedVersion)
    return { ok: false, conflict: true, current: before };
  if (before.reviewState !== 'draft') return { ok: false, refused: 'notDraft' };
  db.update(reports)
    .set({
      reviewState: decision === 'publish' ? 'published' : 'rejected',
      reviewComment: comment,
      version: before.version + 1,
      updatedAt: now,
    })
    .where(eq(reports.id, id))
    .run();
  const after = snapshot(db, id)!;
  insertRevision(db, { entityType: 'report', entityId: id, action: decision, actor, before, after, comment });
  afterReportChange(db, before, after, actor);
  return { ok: true, row: after };
}

/** The editable content of a report snapshot (what a revert brings back): review state and authorship stay as they are. */
export function reportContent(snap: Record<string, unknown>): {
  input: Partial<ReportInput>;
  citations: CitationInput[];
} {
  const {
    id: _i,
    version: _v,
    createdAt: _c,
    updatedAt: _u,
    deletedAt: _d,
    reviewState: _rs,
    reviewComment: _rc,
    createdBy: _cb,
    citations,
    ...content
  } = snap;
  return { input: content as Partial<ReportInput>, citations: (citations as CitationInput[] | undefined) ?? [] };
}

const curatorColumns = {
  id: reports.id,
  monumentId: reports.monumentId,
  eventDate: reports.eventDate,
  eventDateEnd: reports.eventDateEnd,
  eventDatePrecision: reports.eventDatePrecision,
  damageLevel: reports.damageLevel,
  summary: reports.summary,
  verificationStatus: reports.verificationStatus,
  reviewState: reports.reviewState,
  reviewComment: reports.reviewComment,
  version: reports.version,
  createdBy: reports.createdBy,
  createdAt: reports.createdAt,
  updatedAt: reports.updatedAt,
  deletedAt: reports.deletedAt,
  monumentName: monuments.name,
  monumentNameAr: monuments.nameAr,
  monumentSlug: monuments.slug,
  siteName: sites.name,
  authorName: users.name,
};

function curatorQuery(db: Db) {
  return db
    .select(curatorColumns)
    .from(reports)
    .innerJoin(monuments, eq(monuments.id, reports.monumentId))
    .innerJoin(sites, eq(sites.id, monuments.siteId))
    .leftJoin(users, eq(users.id, reports.createdBy));
}

/** Draft reports waiting for an editor, oldest first (with their citations, to review the evidence). */
export function listDraftReports(db: Db) {
  const rows = curatorQuery(db)
    .where(and(eq(reports.reviewState, 'draft'), isNull(reports.deletedAt), isNull(monuments.deletedAt)))
    .orderBy(asc(reports.id))
    .all();
  return rows.map((r) => ({ ...r, citations: listCitations(db, r.id) }));
}

export function listCitations(db: Db, reportId: number) {
  return db
    .select({
      sourceId: sources.id,
      title: sources.title,
      publisher: sources.publisher,
      url: sources.url,
      sourceType: sources.sourceType,
      stance: reportSources.stance,
      quote: reportSources.quote,
    })
    .from(reportSources)
    .innerJoin(sources, eq(sources.id, reportSources.sourceId))
    .where(eq(reportSources.reportId, reportId))
    .orderBy(asc(sources.id))
    .all();
}

/** A contributor's own reports, newest first, with the editor's comment when rejected. */
export function listReportsByCreator(db: Db, userId: number) {
  return curatorQuery(db).where(eq(reports.createdBy, userId)).orderBy(desc(reports.id)).all();
}

/** Recent reports for the curator dashboard (deleted ones when asked), as far as `scope` reads them. */
export function listReportsForCurator(
  db: Db,
  options: { deleted?: boolean; monumentId?: number; limit?: number; scope?: ReadScope } = {},
) {
  const conditions = [options.deleted ? isNotNull(reports.deletedAt) : isNull(reports.deletedAt)];
  if (options.monumentId) conditions.push(eq(reports.monumentId, options.monumentId));
  if (options.scope && !options.scope.everything) conditions.push(reportReadable(options.scope));
  return curatorQuery(db)
    .where(and(...conditions))
    .orderBy(desc(reports.id))
    .limit(options.limit ?? 100)
    .all();
}

export function countDraftReports(db: Db): number {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(reports)
    .where(and(eq(reports.reviewState, 'draft'), isNull(reports.deletedAt)))
    .get()!.n;
}
