'use server';

import { redirect } from 'next/navigation';
import { getDb, transaction } from '@/db';
import { getSiteById, insertSite, updateSite } from '@/db/queries/sites';
import { publicPlacesOf } from '@/db/queries/records';
import { insertProposal } from '@/db/queries/proposals';
import { hasRole, requireRole } from '@/lib/auth';
import { answer, formValues, parseId, type FormState } from '@/lib/forms';
import { parseSiteForm, siteFormValues } from '@/lib/inputs/site';
import { VersionInput } from '@/lib/inputs/fields';
import { conflictAnswer, localePrefix, writeOrTaken } from '../_lib/server';

const UNIQUE_FIELDS: Record<string, string> = { 'sites.slug': 'slug', 'sites.unesco_id_no': 'unescoIdNo' };

/** Creates a site (editors): published at once, since sites carry no review state. */
export async function createSiteAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireRole('editor');
  const values = formValues(formData);
  const parsed = parseSiteForm(values);
  if (!parsed.ok) return answer('invalid', values, { fieldErrors: parsed.fieldErrors });
  const createdWrite = writeOrTaken(() => transaction((tx) => {
    const row = insertSite(tx, parsed.data, { userId: user.id });
    return { row, places: publicPlacesOf(tx, 'site', [row]) };
  }), UNIQUE_FIELDS, values);
  if (!createdWrite.ok) return createdWrite.state;
  const created = createdWrite.value;
  redirect(`${localePrefix(values)}/admin/sites/${created.row.id}/edit?saved=created`);
}

/** Saves an edit: editors change the site at once; a contributor's edit becomes a proposal for an editor to review. */
export async function updateSiteAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireRole('contributor');
  const values = formValues(formData);
  const id = parseId(values.id);
  const version = VersionInput.safeParse(values.version ?? '');
  if (!id || !version.success) return answer('error', values, { message: 'invalidRequest' });
  const parsed = parseSiteForm(values);
  if (!parsed.ok) return answer('invalid', values, { fieldErrors: parsed.fieldErrors });
  const db = getDb();
  const prefix = localePrefix(values);

  if (!hasRole(user.role, 'editor')) {
    const current = getSiteById(db, id);
    if (!current || current.deletedAt) return answer('error', values, { message: 'notFound' });
    if (current.version !== version.data) return conflictAnswer(db, 'site', id, version.data, current.version, siteFormValues(current), values, siteFormValues);
    const proposal = insertProposal(db, { entityType: 'site', entityId: id, baseVersion: version.data, payload: { values: parsed.data }, createdBy: user.id });
    redirect(`${prefix}/admin/mine?proposed=${proposal.id}`);
  }

  const outcomeWrite = writeOrTaken(() => transaction((tx) => {
    const before = getSiteById(tx, id);
    const result = updateSite(tx, id, version.data, parsed.data, { userId: user.id });
    return { result, places: result.ok ? publicPlacesOf(tx, 'site', [before, result.row]) : null };
  }), UNIQUE_FIELDS, values);
  if (!outcomeWrite.ok) return outcomeWrite.state;
  const outcome = outcomeWrite.value;
  const { result } = outcome;
  if (!result.ok) {
    if ('conflict' in result) return conflictAnswer(db, 'site', id, version.data, result.current.version, siteFormValues(result.current), values, siteFormValues);
    return answer('error', values, { message: 'notFound' });
  }
  redirect(`${prefix}/admin/sites/${id}/edit?saved=1`);
}
