'use server';

import { headers } from 'next/headers';
import { answer, formValues, type FormState } from '@/lib/forms';
import { HONEYPOT_FIELD, submissionClientKey, submitEvidence } from '@/lib/records/submission';

/**
 * The public "Send evidence or a correction" form's action (no account). Refusals (a filled honeypot, a form sent
 * too fast or too old, the hourly limit) store nothing and say why; field errors come back in the form's order.
 */
export async function submitEvidenceAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  // Never echo the honeypot back: a robot learns nothing from the answer.
  const { [HONEYPOT_FIELD]: _honeypot, ...kept } = values;
  const locale = values.locale === 'ar' ? 'ar' : 'en';
  const key = submissionClientKey(Object.fromEntries((await headers()).entries()));
  const outcome = submitEvidence(values, { key, locale });
  switch (outcome.kind) {
    case 'received':
      return answer('saved', {}, { message: 'received', results: { reference: String(outcome.id) } });
    case 'invalid':
      return answer('invalid', kept, { fieldErrors: outcome.fieldErrors });
    case 'refused':
      return answer('error', outcome.started ? { ...kept, started: outcome.started } : kept, {
        message: outcome.message,
      });
  }
}
