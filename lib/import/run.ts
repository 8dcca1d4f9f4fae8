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
import { SHOWN_ROWS } from './view';

/** The configured limits; the plan keeps the rows the web page shows (the command line asks for what it lists). */
export function importLimits(): ImportLimits {
  const c = config();
  return { maxBytes: c.IMPORT_MAX_BYTES, maxRows: c.IMPORT_MAX_ROWS, maxProblems: 1000, keptRows: SHOWN_ROWS };
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
  return buildPlan(getDb(), bytes, settings, limits, createdBy, false).plan;
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
  for (const w of writes) applyWrite(db, w, actor, deferred);
  flushDeferred(db, deferred);
}

/** One planned write, with the registry's write functions; status refreshes go to `deferred` (flushDeferred). */
function applyWrite(db: Db, w: Write, actor: Actor, deferred: ReturnType<typeof deferredWrites>): void {
  const type = RECORD_TYPE[w.type];
  const payload = { values: w.input, altNames: w.altNames, citations: w.citations };
  if (w.action === 'create') {
    insertRecord(db, type, payload, actor, { deferred });
    return;
  }
  // Planned in this same transaction, so the version cannot have moved: anything else is a bug, and rolls back.
  if (!applyUpdate(db, type, w.id, w.version, payload, actor, { deferred }).ok)
    throw new WriteRefused(`row ${w.row}: the ${type} ${w.id} could not be updated`);
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
    const { plan } = buildPlan(tx, bytes, settings, limits, actor.userId ?? null, false);
    if (plan.problemCount > 0) return { committed: false, plan, stale: false };
    if (options.expectedFingerprint !== undefined && options.expectedFingerprint !== plan.fingerprint)
      return { committed: false, plan, stale: true };
    // Planned again, each row's write applied as soon as it is planned: memory stays flat however long the file
    // (no list of 100,000 writes). A file names each record in one row only, so no row's plan depends on another
    // row's write and this pass plans what the first did; should it ever differ, everything is rolled back.
    const deferred = deferredWrites();
    const applied = buildPlan(tx, bytes, settings, { ...limits, keptRows: 0 }, actor.userId ?? null, (w) =>
      applyWrite(tx, w, actor, deferred),
    );
    flushDeferred(tx, deferred);
    if (applied.plan.fingerprint !== plan.fingerprint)
      throw new WriteRefused('the file’s rows depend on each other’s changes: nothing was written; import it in parts');
    return { committed: true, plan };
  });
}
