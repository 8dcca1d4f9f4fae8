'use client';

import { useActionState, useEffect, useRef, type ReactNode } from 'react';
import { useFormStatus } from 'react-dom';
import { useTranslations } from 'next-intl';
import { initialFormState, type FormState } from '@/lib/forms';

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

/** Field ids of this form (the error summary links to them). */
const idOf = (name: string) => `submit-${name}`;

/**
 * "Send evidence or a correction": what happened, when, where, links (or a promise of files), contact. Works without
 * JavaScript (the page answers the post with this form again, filled in, or the thank-you note). `started` is the
 * signed time the page was made; a form shown again keeps the first one, so correcting a mistake is not "too fast".
 */
export function SubmissionForm({
  action,
  started,
  locale,
  monument,
}: {
  action: Action;
  started: string;
  locale: string;
  monument: { slug: string; name: string } | null;
}) {
  const [state, formAction] = useActionState(action, initialFormState());
  const t = useTranslations('submit');
  const summary = useRef<HTMLDivElement>(null);
  const failed = state.status === 'invalid' || state.status === 'error';
  useEffect(() => {
    if (failed || state.status === 'saved') summary.current?.focus();
  }, [failed, state.status, state.submission]);

  if (state.status === 'saved')
    return (
      <div className="ok-panel" role="status" tabIndex={-1} ref={summary}>
        <p className="ok-note">{t('received', { reference: state.results?.reference ?? '' })}</p>
        <p>{t('receivedNext')}</p>
      </div>
    );

  const errorText = (code: string) => (t.has(`errors.${code}`) ? t(`errors.${code}`) : t('errors.invalid'));
  // The server lists errors in the form's order (lib/records/submission.ts SUBMISSION_FIELDS).
  const problems = Object.entries(state.fieldErrors);
  const error = (name: string) => (state.fieldErrors[name] ?? []).map(errorText).join(' ');
  const value = (name: string) => state.values[name] ?? '';

  return (
    <form action={formAction} key={state.submission} noValidate className="submission-form">
      {failed && (
        <div className="form-summary" role="alert" tabIndex={-1} ref={summary}>
          {state.status === 'error' && (
            <p>{t.has(`refused.${state.message}`) ? t(`refused.${state.message}`) : t('refused.error')}</p>
          )}
          {problems.length > 0 && (
            <>
              <p>{t('problems', { count: problems.length })}</p>
              <ul>
                {problems.map(([name, codes]) => (
                  <li key={name}>
                    <a href={`#${idOf(name)}`}>{t(`fields.${name}.label`)}</a>: {codes.map(errorText).join(' ')}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="started" value={state.values.started || started} />
      {monument ? (
        <>
          <input type="hidden" name="monument" value={monument.slug} />
          <p>
            {t('about')} <strong dir="auto">{monument.name}</strong>
          </p>
        </>
      ) : (
        <Field
          name="place"
          label={t('fields.place.label')}
          hint={t('fields.place.hint')}
          error={error('place')}
          required
        >
          {(a11y) => <input {...a11y} type="text" dir="auto" maxLength={300} defaultValue={value('place')} />}
        </Field>
      )}
      <Field name="body" label={t('fields.body.label')} hint={t('fields.body.hint')} error={error('body')} required>
        {(a11y) => <textarea {...a11y} rows={6} dir="auto" defaultValue={value('body')} />}
      </Field>
      <Field
        name="eventDate"
        label={t('fields.eventDate.label')}
        hint={t('fields.eventDate.hint')}
        error={error('eventDate')}
      >
        {(a11y) => <input {...a11y} type="text" dir="ltr" inputMode="numeric" defaultValue={value('eventDate')} />}
      </Field>
      <Field name="links" label={t('fields.links.label')} hint={t('fields.links.hint')} error={error('links')}>
        {(a11y) => <textarea {...a11y} rows={4} dir="ltr" defaultValue={value('links')} />}
      </Field>
      <div className="field field-checkbox">
        <input
          type="checkbox"
          id={idOf('filesLater')}
          name="filesLater"
          defaultChecked={!!state.values.filesLater}
          aria-describedby={`${idOf('filesLater')}-hint`}
        />
        <label htmlFor={idOf('filesLater')}>{t('fields.filesLater.label')}</label>
        <p className="hint" id={`${idOf('filesLater')}-hint`}>
          {t('fields.filesLater.hint')}
        </p>
      </div>
      <Field name="contact" label={t('fields.contact.label')} hint={t('fields.contact.hint')} error={error('contact')}>
        {(a11y) => <input {...a11y} type="text" dir="auto" autoComplete="email" defaultValue={value('contact')} />}
      </Field>
      {/* The honeypot: hidden from people (and from assistive technology); robots that fill every field fill it. */}
      <div hidden>
        <label htmlFor={idOf('website')}>{t('honeypot')}</label>
        <input type="text" id={idOf('website')} name="website" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>
      <p className="hint">{t('privacy')}</p>
      <SendButton label={t('send')} pendingLabel={t('sending')} />
    </form>
  );
}

function Field({
  name,
  label,
  hint,
  error,
  required,
  children,
}: {
  name: string;
  label: string;
  hint?: string;
  error: string;
  required?: boolean;
  children: (a11y: Record<string, unknown>) => ReactNode;
}) {
  const t = useTranslations('submit');
  const id = idOf(name);
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required && <span className="required"> ({t('required')})</span>}
      </label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children({
        id,
        name,
        'aria-describedby': [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' '),
        'aria-invalid': error ? true : undefined,
        'aria-required': required || undefined,
      })}
      <p className="field-error" id={`${id}-error`} aria-live="polite">
        {error}
      </p>
    </div>
  );
}

function SendButton({ label, pendingLabel }: { label: string; pendingLabel: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} aria-disabled={pending}>
      {pending ? pendingLabel : label}
    </button>
  );
}
