/**
 * Operations that work the same way on every curated record type (delete, restore, revert, apply a proposal),
 * dispatched to the entity's own queries so each keeps its rules (versions, revisions, status, search index).
 */
import type { Db } from '../index';
import type { ProposalEntityType } from '../schema';
import { deleteSite, getSiteById, restoreSite, siteContent, updateSite, type SiteInput, type UpdateOptions, type WriteResult } from './sites';
import { deleteMonument, getMonumentById, monumentContent, restoreMonument, updateMonument, listMonumentSlugsBySite, type MonumentInput } from './monuments';
import { deleteReport, getReportById, getReportPlace, reportContent, restoreReport, updateReport, type ReportInput } from './reports';
import { deleteSource, getSourceById, listPlacesCitingSource, restoreSource, sourceContent, updateSource, type SourceInput } from './sources';
import type { Actor } from './revisions';
import type { ProposalPayload } from './proposals';

export type RecordType = ProposalEntityType;
export const recordTypes: readonly RecordType[] = ['site', 'monument', 'report', 'source'];
export type Snapshot = Record<string, unknown> & { id: number; version: number; deletedAt: string | null };

export function getRecordSnapshot(db: Db, type: RecordType, id: number): Snapshot | undefined {
  switch (type) {
    case 'site': return getSiteById(db, id);
    case 'monument': return getMonumentById(db, id);
    case 'report': return getReportById(db, id);
    case 'source': return getSourceById(db, id);
  }
}

/** A short human label for a record: its name, title, or the start of its summary. */
export function recordLabel(type: RecordType, snap: Record<string, unknown> | null | undefined): string {
  if (!snap) return '';
  const value = type === 'source' ? snap.title : type === 'report' ? snap.summary : snap.name;
  const text = typeof value === 'string' ? value : '';
  return text.length > 90 ? `${text.slice(0, 87)}…` : text;
}

export function deleteRecord(db: Db, type: RecordType, id: number, version: number, actor: Actor): WriteResult<Snapshot> {
  switch (type) {
    case 'site': return deleteSite(db, id, version, actor);
    case 'monument': return deleteMonument(db, id, version, actor);
    case 'report': return deleteReport(db, id, version, actor);
    case 'source': return deleteSource(db, id, version, actor);
  }
}

export function restoreRecord(db: Db, type: RecordType, id: number, actor: Actor): WriteResult<Snapshot> {
  switch (type) {
    case 'site': return restoreSite(db, id, actor);
    case 'monument': return restoreMonument(db, id, actor);
    case 'report': return restoreReport(db, id, actor);
    case 'source': return restoreSource(db, id, actor);
  }
}

/** Applies new values (an approved proposal, or a revision's content for a revert) as a versioned update with its revision. */
export function applyUpdate(db: Db, type: RecordType, id: number, version: number, payload: ProposalPayload, actor: Actor, options: UpdateOptions = {}): WriteResult<Snapshot> {
  switch (type) {
    case 'site': return updateSite(db, id, version, payload.values as Partial<SiteInput>, actor, options);
    case 'monument': return updateMonument(db, id, version, payload.values as Partial<MonumentInput>, payload.altNames, actor, options);
    case 'report': return updateReport(db, id, version, payload.values as Partial<ReportInput>, payload.citations, actor, options);
    case 'source': return updateSource(db, id, version, payload.values as Partial<SourceInput>, actor, options);
  }
}

/** The content a revert brings back from a revision's snapshot (never identity, version, timestamps, review state). */
export function contentOf(type: RecordType, snap: Record<string, unknown>): ProposalPayload {
  switch (type) {
    case 'site': return { values: siteContent(snap) };
    case 'monument': { const c = monumentContent(snap); return { values: c.input, altNames: c.altNames }; }
    case 'report': { const c = reportContent(snap); return { values: c.input, citations: c.citations }; }
    case 'source': return { values: sourceContent(snap) };
  }
}

/** Brings a record back to the state recorded in an earlier revision, as a new `revert` revision (history is never rewritten). */
export function revertRecord(db: Db, type: RecordType, id: number, version: number, target: Record<string, unknown>, revisionId: number, actor: Actor): WriteResult<Snapshot> {
  return applyUpdate(db, type, id, version, contentOf(type, target), actor, { action: 'revert', comment: `Reverted to revision #${revisionId}` });
}

export interface PublicPlaces { monumentSlugs: string[]; siteSlugs: string[]; allMonuments: boolean; public: boolean }

/**
 * Public pages that show a record in any of these states (before and after a change): what to revalidate.
 * `public` is false when no state was visible to readers (e.g. a draft report), so nothing needs revalidating.
 */
export function publicPlacesOf(db: Db, type: RecordType, states: (Record<string, unknown> | null | undefined)[]): PublicPlaces {
  const out: PublicPlaces = { monumentSlugs: [], siteSlugs: [], allMonuments: false, public: false };
  const add = (list: string[], v: unknown) => { if (typeof v === 'string' && !list.includes(v)) list.push(v); };
  for (const s of states) {
    if (!s) continue;
    if (type === 'site') {
      out.public = true;
      add(out.siteSlugs, s.slug);
      for (const slug of listMonumentSlugsBySite(db, s.id as number)) add(out.monumentSlugs, slug);
    } else if (type === 'monument') {
      out.public = true;
      add(out.monumentSlugs, s.slug);
      const site = getSiteById(db, s.siteId as number);
      if (site) add(out.siteSlugs, site.slug);
    } else if (type === 'report') {
      if (s.reviewState !== 'published') continue;
      out.public = true;
      const place = getReportPlace(db, s.monumentId as number);
      if (place) { add(out.monumentSlugs, place.monumentSlug); add(out.siteSlugs, place.siteSlug); }
    } else {
      const places = listPlacesCitingSource(db, s.id as number);
      if (places.length === 0) continue; // cited by no published report: readers never saw it
      out.public = true;
      for (const p of places) { add(out.monumentSlugs, p.monumentSlug); add(out.siteSlugs, p.siteSlug); }
    }
  }
  return out;
}
