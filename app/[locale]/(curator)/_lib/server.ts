/** Helpers for curator server actions (not actions themselves: a "use server" file may export only actions). */
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireRole } from '@/lib/auth';
import { answer, formValues, type FormState } from '@/lib/forms';
import type { RecordModule } from '@/lib/records/module';
import { createRecord, updateRecord } from '@/lib/records/service';

/** Curator pages are dynamic; this makes the browser's router fetch the current one again after an action. */
export function refreshCuratorPages(): void {
  revalidatePath('/[locale]/admin', 'layout');
}

/** '' for English, '/ar' for Arabic: forms carry their page's locale so redirects stay in the curator's language. */
export function localePrefix(values: Record<string, string>): '' | '/ar' {
  return values.locale === 'ar' ? '/ar' : '';
}

/**
 * Every record form's action: the role guard, then the record's write workflow (lib/records/service.ts), then the
 * answer: the form with field errors or the conflict table, or a redirect to the saved record (or to the curator's
 * proposals).
 */
export async function saveRecordForm<Data>(
  record: RecordModule<Data>,
  intent: 'create' | 'update',
  formData: FormData,
): Promise<FormState> {
  const curator = await requireRole(intent === 'create' ? record.createRole : 'contributor');
  const values = formValues(formData);
  const outcome = intent === 'create' ? createRecord(record, values, curator) : updateRecord(record, values, curator);
  const prefix = localePrefix(values);
  switch (outcome.kind) {
    case 'invalid':
      return answer('invalid', values, { fieldErrors: outcome.fieldErrors });
    case 'error':
      return answer('error', values, { message: outcome.message });
    case 'conflict':
      return answer('conflict', outcome.values, { message: 'conflict', conflict: outcome.rows });
    case 'created':
      return redirect(`${prefix}/admin/${record.folder}/${outcome.id}/edit?saved=${outcome.saved}`);
    case 'saved':
      return redirect(`${prefix}/admin/${record.folder}/${outcome.id}/edit?saved=1`);
    case 'proposed':
      return redirect(`${prefix}/admin/mine?proposed=${outcome.proposalId}`);
  }
}
