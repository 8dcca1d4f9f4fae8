/**
 * Operations that work the same way on every curated record type (delete, restore, revert, apply a proposal),
 * dispatched to the entity's own queries so each keeps its rules (versions, revisions, status, search index).
 */
import type { Db } from '../index';
import type { ProposalEntityType } from '../schema';
import {
  deleteSite,
  getSiteById,
  insertSite,
  restoreSite,
  siteContent,
  updateSite,
  type SiteInput,
  type UpdateOptions,
  type WriteResult,
} from './sites';
import {
  deleteMonument,
  getMonumentById,
  insertMonument,
  monumentContent,
  restoreMonument,
  updateMonument,
  type MonumentInput,
} from './monuments';
import {
  deleteReport,
  getReportById,
  insertReport,
  reportContent,
  restoreReport,
  updateReport,
  type DeferredWrites,
  type ReportInput,
} from './reports';
import {
  deleteSource,
  getSourceById,
  insertSource,
  restoreSource,
  sourceContent,
  updateSource,
  type SourceInput,
} from './sources';
import type { Actor } from './revisions';
import type { ProposalPayload } from './proposals';

export type RecordType = ProposalEntityType;
export const recordTypes: readonly RecordType[] = ['site', 'monument', 'report', 'source'];
export type Snapshot = Record<string, unknown> & { id: number; version: number; deletedAt: string | null };

export function getRecordSnapshot(db: Db, type: RecordType, id: number): Snapshot | undefined {
  switch (type) {
    case 'site':
      return getSiteById(db, id);
    case 'monument':
      return getMonumentById(db, id);
    case 'report':
      return getReportById(db, id);
    case 'source':
      return getSourceById(db, id);
  }
}

/** A short human label for a record: its name, title, or the start of its summary. */
export function recordLabel(type: RecordType, snap: Record<string, unknown> | null | undefined): string {
  if (!snap) return '';
  const value = type === 'source' ? snap.title : type === 'report' ? snap.summary : snap.name;
  const text = typeof value === 'string' ? value : '';
  return text.length > 90 ? `${text.slice(0, 87)}…` : text;
}

export function deleteRecord(
  db: Db,
  type: RecordType,
  id: number,
  version: number,
  actor: Actor,
): WriteResult<Snapshot> {
  switch (type) {
    case 'site':
      return deleteSite(db, id, version, actor);
    case 'monument':
      return deleteMonument(db, id, version, actor);
    case 'report':
      return deleteReport(db, id, version, actor);
    case 'source':
      return deleteSource(db, id, version, actor);
  }
}

export function restoreRecord(db: Db, type: RecordType, id: number, actor: Actor): WriteResult<Snapshot> {
  switch (type) {
    case 'site':
      return restoreSite(db, id, actor);
    case 'monument':
      return restoreMonument(db, id, actor);
    case 'report':
      return restoreReport(db, id, actor);
    case 'source':
      return restoreSource(db, id, actor);
  }
}

/**
 * Creates a record from its values (with a monument's alternative names, a report's citations) and its revision.
 * `deferred` (bulk imports) postpones reports' status refreshes to one per monument at the end.
 */
export function insertRecord(
  db: Db,
  type: RecordType,
  payload: ProposalPayload,
  actor: Actor,
  options: { deferred?: DeferredWrites } = {},
): Snapshot {
  switch (type) {
    case 'site':
      return insertSite(db, payload.values as SiteInput, actor);
    case 'monument':
      return insertMonument(db, payload.values as MonumentInput, payload.altNames ?? [], actor);
    case 'report':
      return insertReport(db, payload.values as ReportInput, payload.citations ?? [], actor, options);
    case 'source':
      return insertSource(db, payload.values as SourceInput, actor);
  }
}

/** Applies new values (an approved proposal, a revision's content for a revert, an import row) as a versioned update with its revision. */
export function applyUpdate(
  db: Db,
  type: RecordType,
  id: number,
  version: number,
  payload: ProposalPayload,
  actor: Actor,
  options: UpdateOptions & { deferred?: DeferredWrites } = {},
): WriteResult<Snapshot> {
  switch (type) {
    case 'site':
      return updateSite(db, id, version, payload.values as Partial<SiteInput>, actor, options);
    case 'monument':
      return updateMonument(
        db,
        id,
        version,
        payload.values as Partial<MonumentInput>,
        payload.altNames,
        actor,
        options,
      );
    case 'report':
      return updateReport(db, id, version, payload.values as Partial<ReportInput>, payload.citations, actor, options);
    case 'source':
      return updateSource(db, id, version, payload.values as Partial<SourceInput>, actor, options);
  }
}

/** The content a revert brings back from a revision's snapshot (never identity, version, timestamps, review state). */
export function contentOf(type: RecordType, snap: Record<string, unknown>): ProposalPayload {
  switch (type) {
    case 'site':
      return { values: siteContent(snap) };
    case 'monument': {
      const c = monumentContent(snap);
      return { values: c.input, altNames: c.altNames };
    }
    case 'report': {
      const c = reportContent(snap);
      return { values: c.input, citations: c.citations };
    }
    case 'source':
      return { values: sourceContent(snap) };
  }
}

/** Brings a record back to the state recorded in an earlier revision, as a new `revert` revision (history is never rewritten). */
export function revertRecord(
  db: Db,
  type: RecordType,
  id: number,
  version: number,
  target: Record<string, unknown>,
  revisionId: number,
  actor: Actor,
  reason: string | null = null,
): WriteResult<Snapshot> {
  const comment = `Reverted to revision #${revisionId}${reason ? `: ${reason}` : ''}`;
  return applyUpdate(db, type, id, version, contentOf(type, target), actor, { action: 'revert', comment });
}
