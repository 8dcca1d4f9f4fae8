'use server';

import { redirect } from 'next/navigation';
import { getDb, transaction, type Db } from '@/db';
import { getSiteById } from '@/db/queries/sites';
import { getMonumentById, insertMonument, updateMonument } from '@/db/queries/monuments';
import { publicPlacesOf } from '@/db/queries/records';
import { insertProposal } from '@/db/queries/proposals';
import { hasRole, requireRole } from '@/lib/auth';
import { answer, formValues, parseId, type FormState } from '@/lib/forms';
import { monumentFormValues, parseMonumentForm } from '@/lib/inputs/monument';
import { VersionInput } from '@/lib/inputs/fields';
import { conflictAnswer, localePrefix, writeOrTaken } from '../_lib/server';

const UNIQUE_FIELDS: Record<string, string> = { 'monuments.slug': 'slug' };

function siteIsLive(db: Db, siteId: number): boolean {
  const site = getSiteById(db, siteId);
  return !!site && !site.deletedAt;
}

/** Creates a monument with its alternative names (editors). */
export async function createMonumentAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireRole('editor');
  const values = formValues(formData);
  const parsed = parseMonumentForm(values);
  if (!parsed.ok) return answer('invalid', values, { fieldErrors: parsed.fieldErrors });
  const { altNames, ...input } = parsed.data;
  if (!siteIsLive(getDb(), input.siteId)) return answer('invalid', values, { fieldErrors: { siteId: ['unknownSite'] } });
  const createdWrite = writeOrTaken(() => transaction((tx) => {
    const row = insertMonument(tx, input, altNames, { userId: user.id });
    return { row, places: publicPlacesOf(tx, 'monument', [row]) };
  }), UNIQUE_FIELDS, values);
  if (!createdWrite.ok) return createdWrite.state;
  const created = createdWrite.value;
  redirect(`${localePrefix(values)}/admin/monuments/${created.row.id}/edit?saved=created`);
}

/** Saves an edit: editors change the monument at once; a contributor's edit becomes a proposal. */
export async function updateMonumentAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireRole('contributor');
  const values = formValues(formData);
  const id = parseId(values.id);
  const version = VersionInput.safeParse(values.version ?? '');
  if (!id || !version.success) return answer('error', values, { message: 'invalidRequest' });
  const parsed = parseMonumentForm(values);
  if (!parsed.ok) return answer('invalid', values, { fieldErrors: parsed.fieldErrors });
  const { altNames, ...input } = parsed.data;
  const db = getDb();
  if (!siteIsLive(db, input.siteId)) return answer('invalid', values, { fieldErrors: { siteId: ['unknownSite'] } });
  const prefix = localePrefix(values);

  if (!hasRole(user.role, 'editor')) {
    const current = getMonumentById(db, id);
    if (!current || current.deletedAt) return answer('error', values, { message: 'notFound' });
    if (current.version !== version.data) return conflictAnswer(db, 'monument', id, version.data, current.version, monumentFormValues(current), values, monumentFormValues);
    const proposal = insertProposal(db, { entityType: 'monument', entityId: id, baseVersion: version.data, payload: { values: input, altNames }, createdBy: user.id });
    redirect(`${prefix}/admin/mine?proposed=${proposal.id}`);
  }

  const outcomeWrite = writeOrTaken(() => transaction((tx) => {
    const before = getMonumentById(tx, id);
    const result = updateMonument(tx, id, version.data, input, altNames, { userId: user.id });
    return { result, places: result.ok ? publicPlacesOf(tx, 'monument', [before, result.row]) : null };
  }), UNIQUE_FIELDS, values);
  if (!outcomeWrite.ok) return outcomeWrite.state;
  const outcome = outcomeWrite.value;
  const { result } = outcome;
  if (!result.ok) {
    if ('conflict' in result) return conflictAnswer(db, 'monument', id, version.data, result.current.version, monumentFormValues(result.current), values, monumentFormValues);
    return answer('error', values, { message: 'notFound' });
  }
  redirect(`${prefix}/admin/monuments/${id}/edit?saved=1`);
}
