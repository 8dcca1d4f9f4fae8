/**
 * Evidence images attached to reports (the files: lib/evidence-images). Every attach, edit, detach (a soft delete),
 * restore and revert is one row change with its revision (entity `evidence`), like any curated record. Readers see
 * an image while its row is live and its report published and live, of a live monument (db/queries/visibility.ts).
 */
import type { SQLiteUpdateSetSource } from 'drizzle-orm/sqlite-core';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../index';
import { evidenceImages, monuments, reports, type EvidenceImage } from '../schema';
import { insertRevision, type Actor } from './revisions';
import { touchDatasetVersion } from './status';
import { reportReadable, type ReadScope } from './visibility';
import type { UpdateOptions, WriteResult } from './sites';
import type { EvidenceKind, EvidenceLicence, VariantSizes } from '../../lib/evidence-images/kinds';

/** What a curator gives about an image (the file's own facts come from processing it). */
export interface EvidenceFields {
  kind: EvidenceKind;
  captionEn: string | null;
  captionAr: string | null;
  altText: string;
  credit: string;
  licence: EvidenceLicence;
  takenDate: string | null;
  sourceId: number | null;
}

export interface EvidenceFile {
  sha256: string;
  width: number;
  height: number;
  variants: VariantSizes;
  originalKept: boolean;
}

export type Evidence = Omit<EvidenceImage, 'variants'> & { variants: VariantSizes };

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;
const asEvidence = (row: EvidenceImage): Evidence => ({ ...row, variants: row.variants as VariantSizes });

export function getEvidence(db: Db, id: number): Evidence | undefined {
  const row = db.select().from(evidenceImages).where(eq(evidenceImages.id, id)).get();
  return row ? asEvidence(row) : undefined;
}

/** Whether a report is published and live, of a live monument: its evidence is public (changes, pages). */
function reportIsPublic(db: Db, reportId: number): boolean {
  return !!db.$client
    .prepare(
      `SELECT 1 FROM reports r JOIN monuments m ON m.id = r.monument_id
       WHERE r.id = ? AND r.review_state = 'published' AND r.deleted_at IS NULL AND m.deleted_at IS NULL`,
    )
    .get(reportId);
}

export function insertEvidence(
  db: Db,
  reportId: number,
  fields: EvidenceFields,
  file: EvidenceFile,
  actor: Actor,
): Evidence {
  const row = asEvidence(
    db
      .insert(evidenceImages)
      .values({ reportId, ...fields, ...file, createdBy: actor.userId ?? null })
      .returning()
      .get(),
  );
  insertRevision(db, {
    entityType: 'evidence',
    entityId: row.id,
    action: 'create',
    actor,
    before: null,
    after: row,
    comment: `Attached to report #${reportId}`,
    public: reportIsPublic(db, reportId),
  });
  if (reportIsPublic(db, reportId)) touchDatasetVersion(db);
  return row;
}

/**
 * Writes `set` to an image's row with the next version, and records the change in its history (public when its report
 * is): what updating, detaching and restoring share.
 */
function writeEvidence(
  db: Db,
  before: Evidence,
  set: SQLiteUpdateSetSource<typeof evidenceImages>,
  revision: { action: 'update' | 'delete' | 'restore' | 'revert'; actor: Actor; comment?: string | null },
): WriteResult<Evidence> {
  const row = asEvidence(
    db
      .update(evidenceImages)
      .set({ ...set, version: before.version + 1, updatedAt: now })
      .where(eq(evidenceImages.id, before.id))
      .returning()
      .get()!,
  );
  const pub = reportIsPublic(db, row.reportId);
  insertRevision(db, {
    entityType: 'evidence',
    entityId: before.id,
    action: revision.action,
    actor: revision.actor,
    before,
    after: row,
    comment: revision.comment ?? null,
    public: pub,
  });
  if (pub) touchDatasetVersion(db);
  return { ok: true, row };
}

/** Saves new captions, credit, licence… if the row is still at `version`. */
export function updateEvidence(
  db: Db,
  id: number,
  version: number,
  fields: Partial<EvidenceFields>,
  actor: Actor,
  options: UpdateOptions = {},
): WriteResult<Evidence> {
  const before = getEvidence(db, id);
  if (!before || before.deletedAt) return { ok: false, notFound: true };
  if (before.version !== version) return { ok: false, conflict: true, current: before };
  return writeEvidence(db, before, fields, { action: options.action ?? 'update', actor, comment: options.comment });
}

/** Detaches an image from its report: a soft delete (the files stay; restore or revert brings it back). */
export function deleteEvidence(db: Db, id: number, version: number, actor: Actor): WriteResult<Evidence> {
  const before = getEvidence(db, id);
  if (!before || before.deletedAt) return { ok: false, notFound: true };
  if (before.version !== version) return { ok: false, conflict: true, current: before };
  return writeEvidence(
    db,
    before,
    { deletedAt: now },
    {
      action: 'delete',
      actor,
      comment: `Detached from report #${before.reportId}`,
    },
  );
}

export function restoreEvidence(db: Db, id: number, actor: Actor): WriteResult<Evidence> {
  const before = getEvidence(db, id);
  if (!before || !before.deletedAt) return { ok: false, notFound: true };
  return writeEvidence(db, before, { deletedAt: null }, { action: 'restore', actor });
}

/** The fields a revert brings back from a revision's snapshot (never the file, the report, or identity). */
export function evidenceContent(snap: Record<string, unknown>): Partial<EvidenceFields> {
  const text = (k: string) => (typeof snap[k] === 'string' ? (snap[k] as string) : null);
  return {
    kind: snap.kind as EvidenceKind,
    captionEn: text('captionEn'),
    captionAr: text('captionAr'),
    altText: text('altText') ?? '',
    credit: text('credit') ?? '',
    licence: snap.licence as EvidenceLicence,
    takenDate: text('takenDate'),
    sourceId: typeof snap.sourceId === 'number' ? snap.sourceId : null,
  };
}

/** A report's evidence for its curators, detached ones too (with `deleted`), in attach order. */
export function listEvidenceForReport(db: Db, reportId: number, options: { deleted?: boolean } = {}): Evidence[] {
  return db
    .select()
    .from(evidenceImages)
    .where(and(eq(evidenceImages.reportId, reportId), options.deleted ? undefined : isNull(evidenceImages.deletedAt)))
    .orderBy(asc(evidenceImages.id))
    .all()
    .map(asEvidence);
}

/** The live evidence of the given (published) reports, by report, in attach order: pages and the API. */
export function listEvidenceForReports(db: Db, reportIds: number[]): Map<number, Evidence[]> {
  const byReport = new Map<number, Evidence[]>();
  if (reportIds.length === 0) return byReport;
  const rows = db
    .select()
    .from(evidenceImages)
    .where(and(inArray(evidenceImages.reportId, reportIds), isNull(evidenceImages.deletedAt)))
    .orderBy(asc(evidenceImages.id))
    .all();
  for (const row of rows) {
    const list = byReport.get(row.reportId) ?? [];
    list.push(asEvidence(row));
    byReport.set(row.reportId, list);
  }
  return byReport;
}

/**
 * Who may fetch an image's files: `public` when a live row shows it on a published, live report of a live
 * monument; else a curator whose scope reads one of the reports it is attached to (editors: any row, detached
 * ones too). Null: no row names it at all.
 */
export function evidenceAccess(db: Db, sha256: string, scope: ReadScope | null): 'public' | 'curator' | 'none' {
  const publicRow = db
    .select({ one: sql`1` })
    .from(evidenceImages)
    .innerJoin(reports, eq(reports.id, evidenceImages.reportId))
    .innerJoin(monuments, eq(monuments.id, reports.monumentId))
    .where(
      and(
        eq(evidenceImages.sha256, sha256),
        isNull(evidenceImages.deletedAt),
        eq(reports.reviewState, 'published'),
        isNull(reports.deletedAt),
        isNull(monuments.deletedAt),
      ),
    )
    .get();
  if (publicRow) return 'public';
  if (!scope) return 'none';
  const readable = db
    .select({ one: sql`1` })
    .from(evidenceImages)
    .innerJoin(reports, eq(reports.id, evidenceImages.reportId))
    .where(
      and(
        eq(evidenceImages.sha256, sha256),
        scope.everything ? undefined : and(isNull(evidenceImages.deletedAt), reportReadable(scope)),
      ),
    )
    .get();
  return readable ? 'curator' : 'none';
}

/** Every live evidence row of published, live reports of live monuments, for exports (id order). */
export function listPublicEvidence(db: Db) {
  return db
    .select({
      id: evidenceImages.id,
      reportId: evidenceImages.reportId,
      monumentSlug: monuments.slug,
      kind: evidenceImages.kind,
      captionEn: evidenceImages.captionEn,
      captionAr: evidenceImages.captionAr,
      altText: evidenceImages.altText,
      credit: evidenceImages.credit,
      licence: evidenceImages.licence,
      takenDate: evidenceImages.takenDate,
      sourceId: evidenceImages.sourceId,
      sha256: evidenceImages.sha256,
      width: evidenceImages.width,
      height: evidenceImages.height,
    })
    .from(evidenceImages)
    .innerJoin(reports, eq(reports.id, evidenceImages.reportId))
    .innerJoin(monuments, eq(monuments.id, reports.monumentId))
    .where(
      and(
        isNull(evidenceImages.deletedAt),
        eq(reports.reviewState, 'published'),
        isNull(reports.deletedAt),
        isNull(monuments.deletedAt),
      ),
    )
    .orderBy(asc(evidenceImages.id))
    .all();
}
