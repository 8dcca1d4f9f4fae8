'use server';

import { redirect } from 'next/navigation';
import { getDb, transaction } from '@/db';
import { deleteRecord, recordTypes, restoreRecord, revertRecord, type RecordType } from '@/db/queries/records';
import { getRevision } from '@/db/queries/revisions';
import { requireRole } from '@/lib/auth';
import { answer, formValues, parseId, type FormState } from '@/lib/forms';
import { VersionInput } from '@/lib/inputs/fields';
import { uniqueViolation } from '@/lib/records/service';
import { EvidenceRefusal } from '@/lib/evidence';
import { localePrefix, refreshCuratorPages } from '../_lib/server';

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
  const result = transaction((tx) => deleteRecord(tx, type, id, version.data, { userId: user.id }));
  if (!result.ok) {
    return answer('error', values, {
      message: 'conflict' in result ? 'staleAction' : 'refused' in result ? result.refused : 'notFound',
    });
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
  let result;
  try {
    result = transaction((tx) => restoreRecord(tx, type, id, { userId: user.id }));
  } catch (error) {
    if (uniqueViolation(error)) return answer('error', values, { message: 'slugTakenOnRestore' });
    if (error instanceof EvidenceRefusal) return answer('error', values, { message: error.rule });
    throw error;
  }
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
  if (!revision || revision.entityType !== type || revision.entityId !== id || !revision.after)
    return answer('error', values, { message: 'notFound' });
  // The curator's reason, shown with the revert in the history.
  const comment = (values.comment ?? '').trim().slice(0, 2000) || null;
  let result;
  try {
    result = transaction((tx) =>
      revertRecord(
        tx,
        type,
        id,
        version.data,
        revision.after as Record<string, unknown>,
        revision.id,
        { userId: user.id },
        comment,
      ),
    );
  } catch (error) {
    if (uniqueViolation(error)) return answer('error', values, { message: 'slugTakenOnRevert' });
    // A revert to a version whose sources no longer bear its verification (or a publication) is refused.
    if (error instanceof EvidenceRefusal) return answer('error', values, { message: error.rule });
    throw error;
  }
  if (!result.ok)
    return answer('error', values, {
      message: 'conflict' in result ? 'staleAction' : 'refused' in result ? result.refused : 'notFound',
    });
  refreshCuratorPages();
  redirect(`${localePrefix(values)}/admin/history/${type}/${id}?done=reverted`);
}
