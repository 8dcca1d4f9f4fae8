/**
 * Dry run and commit. A commit plans the file again inside ONE write transaction and applies every write with the
 * registry's own write functions (each writes its revision, recomputes statuses, reindexes search), or nothing: a
 * problem, a plan that no longer matches the one the user reviewed, or any error rolls the whole transaction back.
 */
import { getDb, transaction, type Db } from '../../db/index';
import { deferredWrites, flushDeferred } from '../../db/queries/reports';
import { applyUpdate, insertRecord, type RecordType } from '../../db/queries/records';
import type { Actor } from '../../db/queries/revisions';
import { config } from '../config';
import { buildPlan, type ImportLimits, type ImportPlan, type ImportSettings } from './plan';
import type { Write } from './records';
import type { ImportType } from './types';
import { applyRestore, isRestoreFile, planRestore } from './datapackage';

export function importLimits(): ImportLimits {
  const c = config();
  return { maxBytes: c.IMPORT_MAX_BYTES, maxRows: c.IMPORT_MAX_ROWS, maxProblems: 1000 };
}

/** Plans the import; writes nothing. */
export function dryRun(
  bytes: Uint8Array,
  settings: ImportSettings,
  createdBy: number | null = null,
  limits = importLimits(),
): ImportPlan {
  // A data package (dataset.zip) or report_sources.csv: restored with its ids (lib/import/datapackage.ts).
  if (settings.kind === 'csv' && isRestoreFile(bytes)) return planRestore(getDb(), bytes, settings).plan;
  return buildPlan(getDb(), bytes, settings, limits, createdBy).plan;
}

export type CommitResult =
  | { committed: true; plan: ImportPlan }
  /** Not applied: the plan has problems, or (`stale`) it differs from the one the user reviewed. */
  | { committed: false; plan: ImportPlan; stale: boolean };

/** The record type of an import type (`--type sites` writes site records). */
export const RECORD_TYPE: Record<ImportType, RecordType> = {
  sites: 'site',
  monuments: 'monument',
  reports: 'report',
  sources: 'source',
};

class WriteRefused extends Error {}

/**
 * Applies planned writes in file order, inside the caller's transaction, with the registry's write functions (the
 * same as the curator forms'). Reports' status refreshes are deferred to one per monument at the end.
 */
export function applyWrites(db: Db, writes: readonly Write[], actor: Actor): void {
  const deferred = deferredWrites();
  for (const w of writes) {
    const type = RECORD_TYPE[w.type];
    const payload = { values: w.input, altNames: w.altNames, citations: w.citations };
    if (w.action === 'create') {
      insertRecord(db, type, payload, actor, { deferred });
      continue;
    }
    // Planned in this same transaction, so the version cannot have moved: anything else is a bug, and rolls back.
    if (!applyUpdate(db, type, w.id, w.version, payload, actor, { deferred }).ok)
      throw new WriteRefused(`row ${w.row}: the ${type} ${w.id} could not be updated`);
  }
  flushDeferred(db, deferred);
}

/**
 * Plans and applies the file in one transaction. With `expectedFingerprint` (the plan the user reviewed), a plan
 * that changed since is not applied. Throws (after rolling back) if a write fails.
 */
export function commitImport(
  bytes: Uint8Array,
  settings: ImportSettings,
  actor: Actor,
  options: { expectedFingerprint?: string; limits?: ImportLimits } = {},
): CommitResult {
  const limits = options.limits ?? importLimits();
  if (settings.kind === 'csv' && isRestoreFile(bytes))
    return transaction((tx) => {
      const { plan, input } = planRestore(tx, bytes, settings);
      if (!input) return { committed: false, plan, stale: false };
      if (options.expectedFingerprint !== undefined && options.expectedFingerprint !== plan.fingerprint)
        return { committed: false, plan, stale: true };
      applyRestore(tx, input, actor);
      return { committed: true, plan };
    });
  return transaction((tx) => {
    const { plan, writes } = buildPlan(tx, bytes, settings, limits, actor.userId ?? null);
    if (plan.problemCount > 0) return { committed: false, plan, stale: false };
    if (options.expectedFingerprint !== undefined && options.expectedFingerprint !== plan.fingerprint)
      return { committed: false, plan, stale: true };
    applyWrites(tx, writes, actor);
    return { committed: true, plan };
  });
}
