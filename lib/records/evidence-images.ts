/**
 * Attaching, editing, detaching and restoring evidence images (docs/curators.md "Evidence images"): the one place
 * the curator form, the command line and the bulk folder go through. The image is checked and its variants made
 * before the database is touched; the row and its revision are written in one transaction, and files written for a
 * refused attachment are removed again. Editors and administrators attach to any report; a contributor to their own.
 */
import { transaction, type Db } from '../../db/index';
import {
  deleteEvidence,
  evidenceContent,
  getEvidence,
  insertEvidence,
  restoreEvidence,
  updateEvidence,
  type Evidence,
} from '../../db/queries/evidence-images';
import { getReportById } from '../../db/queries/reports';
import { getSourceById } from '../../db/queries/sources';
import { getRevision, type Actor } from '../../db/queries/revisions';
import { canReadRecord, type ReadScope } from '../../db/queries/visibility';
import { config } from '../config';
import type { FieldErrors } from '../forms';
import { evidenceVariants, type VariantSizes } from '../evidence-images/kinds';
import { ImageRefusal, processImage, type RefusalCode } from '../evidence-images/process';
import { removeFiles, storeImage } from '../evidence-images/storage';
import { parseEvidenceImageForm, type EvidenceImageData } from '../inputs/evidence-image';
import { hasRole } from '../auth/roles';
import type { UserRole } from '../vocab';

/** Who attaches: a signed-in curator (checked against the report), or a process run on the server (the CLI). */
export type Attacher = { user: { id: number; role: UserRole } } | { agent: string };

export type AttachOutcome =
  | { kind: 'invalid'; fieldErrors: FieldErrors }
  | { kind: 'refused'; code: RefusalCode; message: string }
  | { kind: 'notFound' }
  | { kind: 'attached'; evidence: Evidence };

const actorOf = (who: Attacher): Actor => ('user' in who ? { userId: who.user.id } : { agent: who.agent });
const scopeOf = (who: Attacher): ReadScope | null =>
  'user' in who ? { userId: who.user.id, everything: hasRole(who.user.role, 'editor') } : null;

/** Whether this attacher may change the evidence of that report: editors any; a contributor their own, live report. */
function mayWrite(db: Db, who: Attacher, reportId: number): boolean {
  const report = getReportById(db, reportId);
  if (!report || report.deletedAt) return false;
  if (!('user' in who) || hasRole(who.user.role, 'editor')) return true;
  const scope = scopeOf(who)!;
  return report.createdBy === who.user.id && canReadRecord(db, scope, 'report', reportId);
}

function referenceErrors(db: Db, data: EvidenceImageData): FieldErrors {
  const errors: FieldErrors = {};
  if (data.sourceId !== null) {
    const source = getSourceById(db, data.sourceId);
    if (!source || source.deletedAt) errors.sourceId = ['notFound'];
  }
  return errors;
}

const fieldsOf = (data: EvidenceImageData) => ({
  kind: data.kind,
  captionEn: data.captionEn,
  captionAr: data.captionAr,
  altText: data.altText,
  credit: data.credit,
  licence: data.licence,
  takenDate: data.takenDate,
  sourceId: data.sourceId,
});

/**
 * Attaches an image to a report. `values` are the form's fields (kind, captionEn, captionAr, altText, credit,
 * licence, takenDate, sourceId, keepOriginal). Nothing is stored when anything is refused.
 */
export async function attachEvidence(
  reportId: number,
  bytes: Uint8Array,
  values: Record<string, string>,
  who: Attacher,
): Promise<AttachOutcome> {
  const parsed = parseEvidenceImageForm(values);
  if (!parsed.ok) return { kind: 'invalid', fieldErrors: parsed.fieldErrors };
  const data = parsed.data;
  // Only an editor (or the server's own command line) may keep the uploaded file itself.
  const keepOriginal = data.keepOriginal && (!('user' in who) || hasRole(who.user.role, 'editor'));
  const checkFirst = transaction((tx) => {
    if (!mayWrite(tx, who, reportId)) return 'notFound' as const;
    const errors = referenceErrors(tx, data);
    return Object.keys(errors).length ? errors : null;
  });
  if (checkFirst === 'notFound') return { kind: 'notFound' };
  if (checkFirst) return { kind: 'invalid', fieldErrors: checkFirst };

  const c = config();
  let processed;
  try {
    processed = await processImage(bytes, { maxBytes: c.EVIDENCE_MAX_BYTES, maxPixels: c.EVIDENCE_MAX_PIXELS });
  } catch (error) {
    if (error instanceof ImageRefusal) return { kind: 'refused', code: error.code, message: error.message };
    throw error;
  }
  const written = storeImage(processed.sha256, processed.variants, keepOriginal ? bytes : undefined);
  let outcome: AttachOutcome;
  try {
    outcome = transaction((tx): AttachOutcome => {
      // Checked again under the write lock: the report may have been deleted while the image was processed.
      if (!mayWrite(tx, who, reportId)) return { kind: 'notFound' };
      const errors = referenceErrors(tx, data);
      if (Object.keys(errors).length) return { kind: 'invalid', fieldErrors: errors };
      const variants = Object.fromEntries(
        evidenceVariants.map((v) => {
          const file = processed.variants.find((f) => f.variant === v)!;
          return [v, { width: file.width, height: file.height }];
        }),
      ) as VariantSizes;
      const evidence = insertEvidence(
        tx,
        reportId,
        fieldsOf(data),
        {
          sha256: processed.sha256,
          width: processed.width,
          height: processed.height,
          variants,
          originalKept: keepOriginal,
        },
        actorOf(who),
      );
      return { kind: 'attached', evidence };
    });
  } catch (error) {
    removeFiles(written);
    throw error;
  }
  // Refused under the lock: the files written for it belong to no row.
  if (outcome.kind !== 'attached') removeFiles(written);
  return outcome;
}

export type EvidenceWriteOutcome =
  | { kind: 'invalid'; fieldErrors: FieldErrors }
  | { kind: 'notFound' }
  | { kind: 'conflict' }
  | { kind: 'saved'; evidence: Evidence };

function written(result: ReturnType<typeof updateEvidence>): EvidenceWriteOutcome {
  if (result.ok) return { kind: 'saved', evidence: result.row };
  if ('conflict' in result) return { kind: 'conflict' };
  return { kind: 'notFound' };
}

/** Saves new captions, alt text, credit, licence, date or source of an attached image, made from `version`. */
export function editEvidence(
  id: number,
  version: number,
  values: Record<string, string>,
  who: Attacher,
): EvidenceWriteOutcome {
  const parsed = parseEvidenceImageForm(values);
  if (!parsed.ok) return { kind: 'invalid', fieldErrors: parsed.fieldErrors };
  return transaction((tx) => {
    const current = getEvidence(tx, id);
    if (!current || !mayWrite(tx, who, current.reportId)) return { kind: 'notFound' };
    const errors = referenceErrors(tx, parsed.data);
    if (Object.keys(errors).length) return { kind: 'invalid', fieldErrors: errors };
    return written(updateEvidence(tx, id, version, fieldsOf(parsed.data), actorOf(who)));
  });
}

export function detachEvidence(id: number, version: number, who: Attacher): EvidenceWriteOutcome {
  return transaction((tx) => {
    const current = getEvidence(tx, id);
    if (!current || !mayWrite(tx, who, current.reportId)) return { kind: 'notFound' };
    return written(deleteEvidence(tx, id, version, actorOf(who)));
  });
}

export function restoreDetachedEvidence(id: number, who: Attacher): EvidenceWriteOutcome {
  return transaction((tx) => {
    const current = getEvidence(tx, id);
    if (!current || !mayWrite(tx, who, current.reportId)) return { kind: 'notFound' };
    return written(restoreEvidence(tx, id, actorOf(who)));
  });
}

/** Brings an image's fields back to those recorded by one of its revisions, as a new `revert` revision. */
export function revertEvidence(id: number, version: number, revisionId: number, who: Attacher): EvidenceWriteOutcome {
  return transaction((tx) => {
    const current = getEvidence(tx, id);
    const revision = getRevision(tx, revisionId);
    const target = (revision?.after ?? revision?.before) as Record<string, unknown> | null | undefined;
    if (!current || !revision || revision.entityType !== 'evidence' || revision.entityId !== id || !target)
      return { kind: 'notFound' };
    if (!mayWrite(tx, who, current.reportId)) return { kind: 'notFound' };
    if (current.deletedAt) {
      const restored = restoreEvidence(tx, id, actorOf(who));
      if (!restored.ok) return { kind: 'notFound' };
      version = restored.row.version;
    }
    return written(
      updateEvidence(tx, id, version, evidenceContent(target), actorOf(who), {
        action: 'revert',
        comment: `Reverted to revision #${revisionId}`,
      }),
    );
  });
}
