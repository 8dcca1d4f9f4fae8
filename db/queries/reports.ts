import { and, asc, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../index';
import { monuments, reportSources, reports, sites, sources, type NewReport } from '../schema';
import { preparedOnce } from './prepared';
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

/** Published reports of a monument in date order, each with its sources (published and not deleted only). Prepared: the API reads it per request. */
export function listPublishedReportsForMonument(db: Db, monumentId: number) {
  const rows = preparedOnce(db, 'reports.publishedForMonument', (d) => d.select().from(reports)
    .where(and(eq(reports.monumentId, sql.placeholder('monumentId')), eq(reports.reviewState, 'published'), isNull(reports.deletedAt)))
    .orderBy(sql`coalesce(${reports.eventDate}, ${reports.reportedDate}) IS NULL`, asc(sql`coalesce(${reports.eventDate}, ${reports.reportedDate})`), asc(reports.id))
    .prepare()).all({ monumentId });
  if (rows.length === 0) return [];
  const cited = preparedOnce(db, 'reports.sourcesForMonument', (d) => d.select({
    reportId: reportSources.reportId, stance: reportSources.stance, quote: reportSources.quote,
    id: sources.id, title: sources.title, publisher: sources.publisher, url: sources.url, archivedUrl: sources.archivedUrl,
    publishedDate: sources.publishedDate, sourceType: sources.sourceType, language: sources.language,
  }).from(reportSources)
    .innerJoin(sources, eq(sources.id, reportSources.sourceId))
    .innerJoin(reports, eq(reports.id, reportSources.reportId))
    .where(and(eq(reports.monumentId, sql.placeholder('monumentId')), eq(reports.reviewState, 'published'), isNull(reports.deletedAt), isNull(sources.deletedAt)))
    .orderBy(asc(sources.publishedDate), asc(sources.id))
    .prepare()).all({ monumentId });
  return rows.map((r) => ({ ...r, sources: cited.filter((c) => c.reportId === r.id) }));
}
export type PublishedReport = ReturnType<typeof listPublishedReportsForMonument>[number];

/**
 * The latest published reports across the registry (home page), newest event first, with their monument and site.
 * Retracted reports are left out: a headline list must not lead with a claim its own sources withdrew.
 */
export function listRecentPublishedReports(db: Db, limit: number) {
  return preparedOnce(db, 'reports.recentPublished', (d) => d.select({
    id: reports.id, eventDate: reports.eventDate, eventDateEnd: reports.eventDateEnd, eventDatePrecision: reports.eventDatePrecision,
    reportedDate: reports.reportedDate, damageLevel: reports.damageLevel, verificationStatus: reports.verificationStatus, cause: reports.cause,
    monumentSlug: monuments.slug, monumentName: monuments.name, monumentNameAr: monuments.nameAr,
    siteSlug: sites.slug, siteName: sites.name, siteNameAr: sites.nameAr,
  }).from(reports)
    .innerJoin(monuments, eq(monuments.id, reports.monumentId))
    .innerJoin(sites, eq(sites.id, monuments.siteId))
    .where(and(eq(reports.reviewState, 'published'), isNull(reports.deletedAt), ne(reports.verificationStatus, 'retracted'),
      isNull(monuments.deletedAt), isNull(sites.deletedAt)))
    .orderBy(sql`coalesce(${reports.eventDate}, ${reports.reportedDate}) IS NULL`, desc(sql`coalesce(${reports.eventDate}, ${reports.reportedDate})`), desc(reports.id))
    .limit(sql.placeholder('limit'))
    .prepare()).all({ limit });
}
export type RecentReport = ReturnType<typeof listRecentPublishedReports>[number];
