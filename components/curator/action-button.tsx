'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { initialFormState, type FormState } from '@/lib/forms';
import { SubmitButton } from './form-kit';

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

/** A one-button form (delete, restore, revert, disable…) that shows why the server refused, next to the button. */
export function ActionButton({
  action,
  fields,
  label,
  confirm,
  className,
}: {
  action: Action;
  fields: Record<string, string>;
  label: string;
  confirm?: string;
  className?: string;
}) {
  const [state, formAction] = useActionState(action, initialFormState());
  const tm = useTranslations('curator.messages');
  const message =
    state.status === 'error' || state.status === 'invalid'
      ? (state.message ?? 'error')
      : state.status === 'saved'
        ? state.message
        : undefined;
  return (
    <form
      action={formAction}
      className="action-button"
      onSubmit={(e) => {
        if (confirm && !window.confirm(confirm)) e.preventDefault();
      }}
    >
      {Object.entries(fields).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <SubmitButton className={className}>{label}</SubmitButton>
      <span role="status" className={state.status === 'saved' ? 'ok-note' : 'field-error'}>
        {message ? (tm.has(message) ? tm(message) : tm('error')) : ''}
      </span>
    </form>
  );
}
