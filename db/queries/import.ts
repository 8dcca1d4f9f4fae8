/**
 * Reads for the bulk import (lib/import): finding the record a row means (by id, slug, UNESCO number or natural
 * key, deleted records included so that a row never collides with one), and the records it references. Raw
 * statements prepared once per connection: an import of 100,000 rows makes a few lookups per row.
 */
import type { Db } from '../index';
import type { Report, Source } from '../schema';
import { statement } from './prepared';

export interface RecordRef {
  id: number;
  slug: string;
  deletedAt: string | null;
}

export function findSiteRefById(db: Db, id: number): RecordRef | undefined {
  return statement(db, 'SELECT id, slug, deleted_at AS deletedAt FROM sites WHERE id = ?').get(id) as
    RecordRef | undefined;
}

export function findSiteRefBySlug(db: Db, slug: string): RecordRef | undefined {
  return statement(db, 'SELECT id, slug, deleted_at AS deletedAt FROM sites WHERE slug = ?').get(slug) as
    RecordRef | undefined;
}

export function findSiteRefByUnescoId(db: Db, idNo: number): RecordRef | undefined {
  return statement(db, 'SELECT id, slug, deleted_at AS deletedAt FROM sites WHERE unesco_id_no = ?').get(idNo) as
    RecordRef | undefined;
}

export function findMonumentRefById(db: Db, id: number): RecordRef | undefined {
  return statement(db, 'SELECT id, slug, deleted_at AS deletedAt FROM monuments WHERE id = ?').get(id) as
    RecordRef | undefined;
}

export function findMonumentRefBySlug(db: Db, slug: string): RecordRef | undefined {
  return statement(db, 'SELECT id, slug, deleted_at AS deletedAt FROM monuments WHERE slug = ?').get(slug) as
    RecordRef | undefined;
}

const reportColumns = `id, monument_id AS monumentId, event_date AS eventDate, event_date_end AS eventDateEnd,
  event_date_precision AS eventDatePrecision, reported_date AS reportedDate, damage_level AS damageLevel, cause,
  reported_actor AS reportedActor, summary, summary_ar AS summaryAr, certainty, verification_status AS verificationStatus,
  review_state AS reviewState, review_comment AS reviewComment, created_by AS createdBy, version, created_at AS createdAt,
  updated_at AS updatedAt, deleted_at AS deletedAt`;

export interface ImportCitation {
  sourceId: number;
  stance: 'supports' | 'disputes';
  quote: string | null;
  sourceDeleted: boolean;
}

/** A report with its citations (and whether each cited source is deleted: the export leaves those out). */
export function getReportForImport(db: Db, id: number): (Report & { citations: ImportCitation[] }) | undefined {
  const row = statement(db, `SELECT ${reportColumns} FROM reports WHERE id = ?`).get(id) as Report | undefined;
  if (!row) return undefined;
  const citations = (
    statement(
      db,
      `SELECT rs.source_id AS sourceId, rs.stance, rs.quote, so.deleted_at IS NOT NULL AS sourceDeleted
    FROM report_sources rs JOIN sources so ON so.id = rs.source_id WHERE rs.report_id = ? ORDER BY rs.source_id`,
    ).all(id) as (Omit<ImportCitation, 'sourceDeleted'> & { sourceDeleted: number })[]
  ).map((c) => ({ ...c, sourceDeleted: c.sourceDeleted === 1 }));
  return { ...row, citations };
}

/** Reports of a monument with a given event date (null matches null): candidates for a row without report_id. */
export function listReportKeys(
  db: Db,
  monumentId: number,
  eventDate: string | null,
): { id: number; summary: string; deletedAt: string | null }[] {
  return statement(
    db,
    'SELECT id, summary, deleted_at AS deletedAt FROM reports WHERE monument_id = ? AND event_date IS ?',
  ).all(monumentId, eventDate) as { id: number; summary: string; deletedAt: string | null }[];
}

export function findSourceRef(db: Db, id: number): { id: number; deletedAt: string | null } | undefined {
  return statement(db, 'SELECT id, deleted_at AS deletedAt FROM sources WHERE id = ?').get(id) as
    { id: number; deletedAt: string | null } | undefined;
}

/** Live sources with exactly this URL, or (when `url` is null) this title: candidates for a row without source_id. */
export function listSourcesByKey(db: Db, key: { url: string } | { title: string }): Source[] {
  if ('url' in key)
    return statement(db, 'SELECT id FROM sources WHERE url = ? AND deleted_at IS NULL ORDER BY id').all(
      key.url,
    ) as Source[];
  return statement(db, 'SELECT id FROM sources WHERE title = ? AND deleted_at IS NULL ORDER BY id').all(
    key.title,
  ) as Source[];
}

/** Whether a site slug is free (no site, live or deleted, has it): new sites from the UNESCO list get a free one. */
export function isSiteSlugTaken(db: Db, slug: string): boolean {
  return !!statement(db, 'SELECT 1 FROM sites WHERE slug = ?').get(slug);
}
