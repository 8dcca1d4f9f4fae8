'use client';

import { useActionState, useEffect } from 'react';
import { useTranslations } from 'next-intl';
import { Link } from '@/i18n/navigation';
import { initialFormState, type FormState } from '@/lib/forms';
import { SubmitButton } from './form-kit';

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

/**
 * The second step of a revert: an optional reason (kept with the revert in the history) and the button that does
 * it. `headingId` is the confirmation's heading, which takes the focus so a screen reader starts there.
 */
export function RevertForm({
  action,
  fields,
  cancelHref,
  headingId,
}: {
  action: Action;
  fields: Record<string, string>;
  cancelHref: string;
  headingId: string;
}) {
  const [state, formAction] = useActionState(action, initialFormState());
  const t = useTranslations('curator.history');
  const tm = useTranslations('curator.messages');
  useEffect(() => {
    document.getElementById(headingId)?.focus();
  }, [headingId]);
  const message = state.status === 'error' || state.status === 'invalid' ? (state.message ?? 'error') : undefined;
  return (
    <form action={formAction} className="revert-form">
      {Object.entries(fields).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <div className="field">
        <label htmlFor="revert-comment">{t('reason')}</label>
        <p className="hint" id="revert-comment-hint">
          {t('reasonHint')}
        </p>
        <textarea
          id="revert-comment"
          name="comment"
          rows={2}
          dir="auto"
          maxLength={2000}
          aria-describedby="revert-comment-hint"
          defaultValue={state.values.comment ?? ''}
        />
      </div>
      <p className="row-buttons">
        <SubmitButton className="danger">{t('confirm')}</SubmitButton> <Link href={cancelHref}>{t('cancel')}</Link>
      </p>
      <p role="status" className="field-error">
        {message ? (tm.has(message) ? tm(message) : tm('error')) : ''}
      </p>
    </form>
  );
}
