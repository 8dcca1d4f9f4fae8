'use server';

import { redirect } from 'next/navigation';
import { getDb, transaction } from '@/db';
import { deleteRecord, getRecordSnapshot, publicPlacesOf, recordTypes, restoreRecord, revertRecord, type RecordType } from '@/db/queries/records';
import { getRevision } from '@/db/queries/revisions';
import { requireRole } from '@/lib/auth';
import { answer, formValues, parseId, type FormState } from '@/lib/forms';
import { VersionInput } from '@/lib/inputs/fields';
import { localePrefix, refreshCuratorPages, uniqueViolation } from '../_lib/server';

function readTarget(values: Record<string, string>): { type: RecordType; id: number } | null {
  const type = recordTypes.find((t) => t === values.type);
  const id = parseId(values.id);
  return type && id ? { type, id } : null;
}

/** Soft-deletes a record (editors). It keeps its id and history and can be restored. */
export async function deleteRecordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireRole('editor');
  const values = formValues(formData);
  const target = readTarget(values);
  const version = VersionInput.safeParse(values.version ?? '');
  if (!target || !version.success) return answer('error', values, { message: 'invalidRequest' });
  const { type, id } = target;
  const outcome = transaction((tx) => {
    const before = getRecordSnapshot(tx, type, id);
    const result = deleteRecord(tx, type, id, version.data, { userId: user.id });
    return { result, places: result.ok ? publicPlacesOf(tx, type, [before]) : null };
  });
  const { result } = outcome;
  if (!result.ok) {
    return answer('error', values, { message: 'conflict' in result ? 'staleAction' : 'refused' in result ? result.refused : 'notFound' });
  }
  refreshCuratorPages();
  redirect(`${localePrefix(values)}/admin/history/${type}/${id}?done=deleted`);
}

/** Restores a deleted record (editors), as a new revision. */
export async function restoreRecordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireRole('editor');
  const values = formValues(formData);
  const target = readTarget(values);
  if (!target) return answer('error', values, { message: 'invalidRequest' });
  const { type, id } = target;
  let outcome;
  try {
    outcome = transaction((tx) => {
      const result = restoreRecord(tx, type, id, { userId: user.id });
      return { result, places: result.ok ? publicPlacesOf(tx, type, [result.row]) : null };
    });
  } catch (error) {
    if (uniqueViolation(error)) return answer('error', values, { message: 'slugTakenOnRestore' });
    throw error;
  }
  const { result } = outcome;
  if (!result.ok) return answer('error', values, { message: 'refused' in result ? result.refused : 'notFound' });
  refreshCuratorPages();
  redirect(`${localePrefix(values)}/admin/history/${type}/${id}?done=restored`);
}

/**
 * Brings a record back to how an earlier revision left it (editors). This writes a NEW `revert` revision; the
 * history in between stays as it was. `version` is the version the history page showed, so a revert never
 * silently overwrites a change made meanwhile.
 */
export async function revertRecordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireRole('editor');
  const values = formValues(formData);
  const target = readTarget(values);
  const version = VersionInput.safeParse(values.version ?? '');
  const revisionId = parseId(values.revisionId);
  if (!target || !version.success || !revisionId) return answer('error', values, { message: 'invalidRequest' });
  const { type, id } = target;
  const db = getDb();
  const revision = getRevision(db, revisionId);
  if (!revision || revision.entityType !== type || revision.entityId !== id || !revision.after) return answer('error', values, { message: 'notFound' });
  let outcome;
  try {
    outcome = transaction((tx) => {
      const before = getRecordSnapshot(tx, type, id);
      const result = revertRecord(tx, type, id, version.data, revision.after as Record<string, unknown>, revision.id, { userId: user.id });
      return { result, places: result.ok ? publicPlacesOf(tx, type, [before, result.row]) : null };
    });
  } catch (error) {
    if (uniqueViolation(error)) return answer('error', values, { message: 'slugTakenOnRevert' });
    throw error;
  }
  const { result } = outcome;
  if (!result.ok) return answer('error', values, { message: 'conflict' in result ? 'staleAction' : 'refused' in result ? result.refused : 'notFound' });
  refreshCuratorPages();
  redirect(`${localePrefix(values)}/admin/history/${type}/${id}?done=reverted`);
}
