'use client';

import { useActionState, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { initialFormState, type FormState } from '@/lib/forms';
import { FormStateProvider, SubmitButton, fieldId, useErrorText } from './form-kit';

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;
export interface QueueItem {
  key: string;
  title: string;
  details: ReactNode;
  /** The item's own buttons, when approving or rejecting means something else (a public submission: convert, dismiss). */
  approveLabel?: string;
  rejectLabel?: string;
}

/**
 * The review queue as one form: tick several items and approve or reject them together with one comment, or use an
 * item's own buttons (and its own comment). Rejecting needs a comment; the contributor reads it on their page.
 */
export function ReviewQueue({ action, items }: { action: Action; items: QueueItem[] }) {
  const [state, formAction] = useActionState(action, initialFormState());
  const t = useTranslations('curator.review');
  const tr = useTranslations('curator.messages');
  const errorText = useErrorText();
  const failures = Object.entries(state.results ?? {}).filter(([, reason]) => reason !== null);
  const done = Object.values(state.results ?? {}).filter((r) => r === null).length;
  const fieldError = (name: string) => (state.fieldErrors[name] ?? []).map(errorText).join(' ');
  return (
    <FormStateProvider value={state}>
      <form action={formAction} key={state.submission} className="review-form">
        <div role="status" className="review-status">
          {state.status === 'saved' && (
            <p className="ok-note">
              {t(state.message === 'rejected' ? 'doneRejected' : 'doneApproved', { count: done })}
            </p>
          )}
          {failures.length > 0 && (
            <ul className="field-error">
              {failures.map(([item, reason]) => (
                <li key={item}>
                  {item}: {tr.has(reason!) ? tr(reason!) : tr('error')}
                </li>
              ))}
            </ul>
          )}
        </div>
        {items.length === 0 ? (
          <p>{t('empty')}</p>
        ) : (
          <>
            <fieldset className="batch">
              <legend>{t('batch')}</legend>
              <div className="field">
                <label htmlFor={fieldId('comment')}>{t('comment')}</label>
                <p className="hint" id={`${fieldId('comment')}-hint`}>
                  {t('commentHint')}
                </p>
                <textarea
                  id={fieldId('comment')}
                  name="comment"
                  rows={2}
                  dir="auto"
                  defaultValue={state.values.comment ?? ''}
                  aria-describedby={`${fieldId('comment')}-hint ${fieldId('comment')}-error`}
                  aria-invalid={state.fieldErrors.comment ? true : undefined}
                />
                <p className="field-error" id={`${fieldId('comment')}-error`} aria-live="polite">
                  {fieldError('comment')}
                </p>
              </div>
              <p className="field-error" id="items-error" aria-live="polite">
                {fieldError('items')}
              </p>
              <SubmitButton name="decision" value="approve">
                {t('approveSelected')}
              </SubmitButton>{' '}
              <SubmitButton name="decision" value="reject" className="danger">
                {t('rejectSelected')}
              </SubmitButton>
            </fieldset>
            <ul className="queue">
              {items.map((item) => {
                const commentName = `comment.${item.key}`;
                return (
                  <li key={item.key} className="queue-item">
                    <div className="queue-select">
                      <input
                        type="checkbox"
                        name="items"
                        value={item.key}
                        id={fieldId(`select-${item.key}`)}
                        aria-describedby="items-error"
                      />
                      <label htmlFor={fieldId(`select-${item.key}`)}>
                        <strong>{item.title}</strong>
                      </label>
                    </div>
                    {item.details}
                    <div className="field">
                      <label htmlFor={fieldId(commentName)}>{t('itemComment')}</label>
                      <textarea
                        id={fieldId(commentName)}
                        name={commentName}
                        rows={2}
                        dir="auto"
                        defaultValue={state.values[commentName] ?? ''}
                        aria-describedby={`${fieldId(commentName)}-error`}
                        aria-invalid={state.fieldErrors[commentName] ? true : undefined}
                      />
                      <p className="field-error" id={`${fieldId(commentName)}-error`} aria-live="polite">
                        {fieldError(commentName)}
                      </p>
                    </div>
                    <SubmitButton name="single" value={`approve|${item.key}`}>
                      {item.approveLabel ?? t('approve')}
                      <span className="visually-hidden"> {item.title}</span>
                    </SubmitButton>{' '}
                    <SubmitButton name="single" value={`reject|${item.key}`} className="danger">
                      {item.rejectLabel ?? t('reject')}
                      <span className="visually-hidden"> {item.title}</span>
                    </SubmitButton>
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </form>
    </FormStateProvider>
  );
}
