/**
 * Dry run and commit. A commit plans the file again inside ONE write transaction and applies every write with the
 * registry's own write functions (each writes its revision, recomputes statuses, reindexes search), or nothing: a
 * problem, a plan that no longer matches the one the user reviewed, or any error rolls the whole transaction back.
 */
import { getDb, transaction, type Db } from '../../db/index';
import { insertSite, updateSite, type SiteInput } from '../../db/queries/sites';
import { insertMonument, updateMonument, type MonumentInput } from '../../db/queries/monuments';
import { deferredWrites, flushDeferred, insertReport, updateReport, type ReportInput } from '../../db/queries/reports';
import { insertSource, updateSource, type SourceInput } from '../../db/queries/sources';
import { publicPlacesOf, type PublicPlaces, type RecordType } from '../../db/queries/records';
import type { Actor } from '../../db/queries/revisions';
import { config } from '../config';
import { buildPlan, type ImportLimits, type ImportPlan, type ImportSettings } from './plan';
import type { Write } from './records';
import type { ImportType } from './types';

export function importLimits(): ImportLimits {
  const c = config();
  return { maxBytes: c.IMPORT_MAX_BYTES, maxRows: c.IMPORT_MAX_ROWS, maxProblems: 1000 };
}

/** Plans the import; writes nothing. */
export function dryRun(bytes: Uint8Array, settings: ImportSettings, createdBy: number | null = null, limits = importLimits()): ImportPlan {
  return buildPlan(getDb(), bytes, settings, limits, createdBy).plan;
}

/** The public pages an import changed: a list, or every page (more records than are worth listing). */
export type ChangedPlaces = PublicPlaces | 'all';

export type CommitResult =
  | { committed: true; plan: ImportPlan; places: ChangedPlaces }
  /** Not applied: the plan has problems, or (`stale`) it differs from the one the user reviewed. */
  | { committed: false; plan: ImportPlan; stale: boolean };

/** Above this many written records the importer asks for every public page to be rendered again, instead of listing them. */
const PLACES_LIMIT = 200;

const RECORD_TYPE: Record<ImportType, RecordType> = { sites: 'site', monuments: 'monument', reports: 'report', sources: 'source' };

class WriteRefused extends Error {}

/** Applies planned writes in file order, inside the caller's transaction; returns the public pages they touch. */
export function applyWrites(db: Db, writes: readonly Write[], actor: Actor): ChangedPlaces {
  const deferred = deferredWrites();
  const places: PublicPlaces = { monumentSlugs: [], siteSlugs: [], allMonuments: false, public: false };
  const track = writes.length <= PLACES_LIMIT;
  const merge = (type: ImportType, states: (Record<string, unknown> | undefined)[]) => {
    if (!track) return;
    const p = publicPlacesOf(db, RECORD_TYPE[type], states);
    if (!p.public) return;
    places.public = true;
    for (const s of p.monumentSlugs) if (!places.monumentSlugs.includes(s)) places.monumentSlugs.push(s);
    for (const s of p.siteSlugs) if (!places.siteSlugs.includes(s)) places.siteSlugs.push(s);
  };
  for (const w of writes) {
    let after: Record<string, unknown>;
    if (w.action === 'create') {
      switch (w.type) {
        case 'sites': after = insertSite(db, w.input as SiteInput, actor); break;
        case 'monuments': after = insertMonument(db, w.input as MonumentInput, w.altNames ?? [], actor); break;
        case 'reports': after = insertReport(db, w.input as ReportInput, w.citations ?? [], actor, { deferred }); break;
        case 'sources': after = insertSource(db, w.input as SourceInput, actor); break;
      }
      merge(w.type, [after]);
      continue;
    }
    let result;
    switch (w.type) {
      case 'sites': result = updateSite(db, w.id, w.version, w.input as Partial<SiteInput>, actor); break;
      case 'monuments': result = updateMonument(db, w.id, w.version, w.input as Partial<MonumentInput>, w.altNames, actor); break;
      case 'reports': result = updateReport(db, w.id, w.version, w.input as Partial<ReportInput>, w.citations, actor, { deferred }); break;
      case 'sources': result = updateSource(db, w.id, w.version, w.input as Partial<SourceInput>, actor); break;
    }
    // Planned in this same transaction, so the version cannot have moved: anything else is a bug, and rolls back.
    if (!result.ok) throw new WriteRefused(`row ${w.row}: the ${RECORD_TYPE[w.type]} ${w.id} could not be updated`);
    merge(w.type, [w.before, result.row as Record<string, unknown>]);
  }
  flushDeferred(db, deferred);
  return track ? places : 'all';
}

/**
 * Plans and applies the file in one transaction. With `expectedFingerprint` (the plan the user reviewed), a plan
 * that changed since is not applied. Throws (after rolling back) if a write fails.
 */
export function commitImport(bytes: Uint8Array, settings: ImportSettings, actor: Actor, options: { expectedFingerprint?: string; limits?: ImportLimits } = {}): CommitResult {
  const limits = options.limits ?? importLimits();
  return transaction((tx) => {
    const { plan, writes } = buildPlan(tx, bytes, settings, limits, actor.userId ?? null);
    if (plan.problemCount > 0) return { committed: false, plan, stale: false };
    if (options.expectedFingerprint !== undefined && options.expectedFingerprint !== plan.fingerprint) return { committed: false, plan, stale: true };
    const places = applyWrites(tx, writes, actor);
    return { committed: true, plan, places };
  });
}
