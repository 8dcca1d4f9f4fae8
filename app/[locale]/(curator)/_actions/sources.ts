'use server';

import { redirect } from 'next/navigation';
import { getDb, transaction } from '@/db';
import { getSourceById, insertSource, updateSource } from '@/db/queries/sources';
import { publicPlacesOf } from '@/db/queries/records';
import { insertProposal } from '@/db/queries/proposals';
import { hasRole, requireRole } from '@/lib/auth';
import { answer, formValues, parseId, type FormState } from '@/lib/forms';
import { parseSourceForm, sourceFormValues } from '@/lib/inputs/source';
import { VersionInput } from '@/lib/inputs/fields';
import { conflictAnswer, localePrefix } from '../_lib/server';

/** Adds a source (any curator): it becomes public only when a published report cites it. */
export async function createSourceAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireRole('contributor');
  const values = formValues(formData);
  const parsed = parseSourceForm(values);
  if (!parsed.ok) return answer('invalid', values, { fieldErrors: parsed.fieldErrors });
  const row = transaction((tx) => insertSource(tx, parsed.data, { userId: user.id }));
  redirect(`${localePrefix(values)}/admin/sources/${row.id}/edit?saved=created`);
}

/** Saves an edit: editors change the source at once; a contributor's edit becomes a proposal. */
export async function updateSourceAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireRole('contributor');
  const values = formValues(formData);
  const id = parseId(values.id);
  const version = VersionInput.safeParse(values.version ?? '');
  if (!id || !version.success) return answer('error', values, { message: 'invalidRequest' });
  const parsed = parseSourceForm(values);
  if (!parsed.ok) return answer('invalid', values, { fieldErrors: parsed.fieldErrors });
  const db = getDb();
  const prefix = localePrefix(values);

  if (!hasRole(user.role, 'editor')) {
    const current = getSourceById(db, id);
    if (!current || current.deletedAt) return answer('error', values, { message: 'notFound' });
    if (current.version !== version.data) return conflictAnswer(db, 'source', id, version.data, current.version, sourceFormValues(current), values, sourceFormValues);
    const proposal = insertProposal(db, { entityType: 'source', entityId: id, baseVersion: version.data, payload: { values: parsed.data }, createdBy: user.id });
    redirect(`${prefix}/admin/mine?proposed=${proposal.id}`);
  }

  const outcome = transaction((tx) => {
    const before = getSourceById(tx, id);
    const result = updateSource(tx, id, version.data, parsed.data, { userId: user.id });
    return { result, places: result.ok ? publicPlacesOf(tx, 'source', [before, result.row]) : null };
  });
  const { result } = outcome;
  if (!result.ok) {
    if ('conflict' in result) return conflictAnswer(db, 'source', id, version.data, result.current.version, sourceFormValues(result.current), values, sourceFormValues);
    return answer('error', values, { message: 'notFound' });
  }
  redirect(`${prefix}/admin/sources/${id}/edit?saved=1`);
}
