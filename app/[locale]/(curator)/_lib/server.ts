/** Helpers for curator server actions (not actions themselves: a "use server" file may export only actions). */
import { revalidatePath } from 'next/cache';
import type { Db } from '@/db';
import { findSnapshotAtVersion } from '@/db/queries/revisions';
import type { RecordType } from '@/db/queries/records';
import { answer, type FormState } from '@/lib/forms';
import { mergeStaleEdit } from '@/lib/conflict';

/** Curator pages are dynamic; this makes the browser's router fetch the current one again after an action. */
export function refreshCuratorPages(): void {
  revalidatePath('/[locale]/admin', 'layout');
}

/** '' for English, '/ar' for Arabic: forms carry their page's locale so redirects stay in the curator's language. */
export function localePrefix(values: Record<string, string>): '' | '/ar' {
  return values.locale === 'ar' ? '/ar' : '';
}

/** The column of a UNIQUE constraint violation ("sites.slug"), or null for any other error. */
export function uniqueViolation(error: unknown): string | null {
  const m = /UNIQUE constraint failed: (\w+\.\w+)/.exec(error instanceof Error ? error.message : '');
  return m ? m[1]! : null;
}

/**
 * Runs a write (one transaction); a UNIQUE violation on a column of `uniqueFields` (column → form field, e.g.
 * 'sites.slug' → 'slug') becomes that field's 'taken' error with the typed values kept, instead of an error page.
 */
export function writeOrTaken<T>(write: () => T, uniqueFields: Record<string, string>, values: Record<string, string>):
  { ok: true; value: T } | { ok: false; state: FormState } {
  try {
    return { ok: true, value: write() };
  } catch (error) {
    const field = uniqueFields[uniqueViolation(error) ?? ''];
    if (field) return { ok: false, state: answer('invalid', values, { fieldErrors: { [field]: ['taken'] } }) };
    throw error;
  }
}

/**
 * The answer to a refused stale save: the comparison table, and the form filled with the curator's changes on top
 * of what is saved now, carrying the current version so that saving again re-applies their edit.
 */
export function conflictAnswer(
  db: Db, type: RecordType, id: number, baseVersion: number, currentVersion: number,
  current: Record<string, string>, yours: Record<string, string>, toValues: (snapshot: Record<string, unknown>) => Record<string, string>,
): FormState {
  const opened = findSnapshotAtVersion(db, type, id, baseVersion);
  const fields = [...new Set([...Object.keys(toValues({})).map((k) => k.split('.')[0]!), 'altNames', 'citations'])];
  const { merged, rows } = mergeStaleEdit(opened ? toValues(opened) : undefined, current, yours, fields);
  return answer('conflict', { ...merged, version: String(currentVersion) }, { message: 'conflict', conflict: rows });
}
