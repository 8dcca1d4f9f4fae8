import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../index';
import { reportSources, reports, sources, type NewReport } from '../schema';
import { insertRevision, type Actor } from './revisions';
import { refreshMonumentStatus, touchDatasetVersion } from './status';
import type { Stance } from '../../lib/vocab';

export type ReportInput = Omit<NewReport, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'deletedAt'>;
export type CitationInput = { sourceId: number; stance: Stance; quote?: string | null };

/** A report as its history records it: the row plus its citations. */
function snapshot(db: Db, id: number) {
  const row = db.select().from(reports).where(eq(reports.id, id)).get();
  if (!row) return undefined;
  const citations = db.select({ sourceId: reportSources.sourceId, stance: reportSources.stance, quote: reportSources.quote })
    .from(reportSources).where(eq(reportSources.reportId, id)).orderBy(asc(reportSources.sourceId)).all();
  return { ...row, citations };
}
export type ReportSnapshot = NonNullable<ReturnType<typeof snapshot>>;

export function getReportById(db: Db, id: number) {
  return snapshot(db, id);
}

export function insertReport(db: Db, input: ReportInput, citations: CitationInput[], actor: Actor): ReportSnapshot {
  const row = db.insert(reports).values(input).returning().get();
  if (citations.length) {
    db.insert(reportSources).values(citations.map((c) => ({ reportId: row.id, sourceId: c.sourceId, stance: c.stance, quote: c.quote ?? null }))).run();
  }
  const after = snapshot(db, row.id)!;
  insertRevision(db, { entityType: 'report', entityId: row.id, action: 'create', actor, before: null, after });
  refreshMonumentStatus(db, row.monumentId);
  if (row.reviewState === 'published') touchDatasetVersion(db);
  return after;
}

/** Published reports of a monument in date order, each with its sources (published and not deleted only). */
export function listPublishedReportsForMonument(db: Db, monumentId: number) {
  const rows = db.select().from(reports)
    .where(and(eq(reports.monumentId, monumentId), eq(reports.reviewState, 'published'), isNull(reports.deletedAt)))
    .orderBy(sql`coalesce(${reports.eventDate}, ${reports.reportedDate}) IS NULL`, asc(sql`coalesce(${reports.eventDate}, ${reports.reportedDate})`), asc(reports.id))
    .all();
  const ids = rows.map((r) => r.id);
  const cited = ids.length === 0 ? [] : db.select({
    reportId: reportSources.reportId, stance: reportSources.stance, quote: reportSources.quote,
    id: sources.id, title: sources.title, publisher: sources.publisher, url: sources.url, archivedUrl: sources.archivedUrl,
    publishedDate: sources.publishedDate, sourceType: sources.sourceType, language: sources.language,
  }).from(reportSources).innerJoin(sources, eq(sources.id, reportSources.sourceId))
    .where(and(inArray(reportSources.reportId, ids), isNull(sources.deletedAt)))
    .orderBy(asc(sources.publishedDate), asc(sources.id)).all();
  return rows.map((r) => ({ ...r, sources: cited.filter((c) => c.reportId === r.id) }));
}
export type PublishedReport = ReturnType<typeof listPublishedReportsForMonument>[number];
