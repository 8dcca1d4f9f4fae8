import { eq, sql } from 'drizzle-orm';
import type { Db } from '../index';
import { meta, monuments, reports } from '../schema';
import { deriveStatus } from '../../lib/status';
import { preparedOnce } from './prepared';
import { reindexMonument } from './search-index';
import { monumentCitationFacts } from './evidence';

/**
 * Recomputes a monument's stored status from its reports and their cited sources (lib/status.ts holds the rule, and
 * lib/evidence.ts the evidence rules it applies). Call inside the writing transaction.
 */
export function refreshMonumentStatus(db: Db, monumentId: number): void {
  const rows = db
    .select({
      id: reports.id,
      damageLevel: reports.damageLevel,
      verificationStatus: reports.verificationStatus,
      reviewState: reports.reviewState,
      eventDate: reports.eventDate,
      reportedDate: reports.reportedDate,
      deletedAt: reports.deletedAt,
    })
    .from(reports)
    .where(eq(reports.monumentId, monumentId))
    .all();
  const cited = monumentCitationFacts(db, monumentId);
  const status = deriveStatus(rows.map((r) => ({ ...r, citations: cited.get(r.id) ?? [] })));
  const published = rows.filter((r) => r.reviewState === 'published' && !r.deletedAt);
  const latestEventDate =
    published
      .map((r) => r.eventDate ?? r.reportedDate)
      .filter((d): d is string => !!d)
      .sort()
      .at(-1) ?? null;
  const before = db
    .select({ statusLevel: monuments.statusLevel })
    .from(monuments)
    .where(eq(monuments.id, monumentId))
    .get();
  db.update(monuments)
    .set({
      statusLevel: status.level,
      statusBasis: status.basis,
      statusReportId: status.reportId,
      latestEventDate,
    })
    .where(eq(monuments.id, monumentId))
    .run();
  // The search index holds the status as a filter token (db/queries/search-index.ts facetToken) and what the
  // published reports and their sources say: every report or cited-source change comes through here.
  if (before) reindexMonument(db, monumentId);
}

/** The dataset version is the time of the last published change; exports and citations name it. */
export function touchDatasetVersion(db: Db): void {
  db.insert(meta)
    .values({ key: 'dataset_version', value: sql`(strftime('%Y-%m-%dT%H:%M:%SZ','now'))` })
    .onConflictDoUpdate({ target: meta.key, set: { value: sql`(strftime('%Y-%m-%dT%H:%M:%SZ','now'))` } })
    .run();
}

/** Prepared: every JSON API response names the dataset version. */
export function getDatasetVersion(db: Db): string | null {
  return (
    preparedOnce(db, 'meta.datasetVersion', (d) =>
      d.select({ value: meta.value }).from(meta).where(eq(meta.key, 'dataset_version')).prepare(),
    ).get()?.value ?? null
  );
}
