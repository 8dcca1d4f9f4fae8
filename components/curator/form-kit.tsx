'use client';

import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import { useFormStatus } from 'react-dom';
import { useTranslations } from 'next-intl';
import type { FormState } from '@/lib/forms';

/** The form's current answer (values typed, errors per field), shared with every field inside it. */
const FormStateContext = createContext<FormState | null>(null);
export const FormStateProvider = FormStateContext.Provider;

function useFormState(): FormState {
  const state = useContext(FormStateContext);
  if (!state) throw new Error('field outside <FormStateProvider>');
  return state;
}

export const fieldId = (name: string) => `f-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

/** Translates an error code, falling back to a generic message for a code the catalog does not know. */
export function useErrorText() {
  const t = useTranslations('curator.errors');
  return (code: string) => (t.has(code) ? t(code) : t('invalid'));
}

interface FieldProps {
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
  /** Text direction of what is typed: Arabic fields are right to left whatever the page's language. */
  dir?: 'ltr' | 'rtl' | 'auto';
  lang?: string;
}

function FieldFrame({ name, label, hint, required, children }: FieldProps & { children: (a11y: Record<string, unknown>) => ReactNode }) {
  const state = useFormState();
  const errorText = useErrorText();
  const t = useTranslations('curator.form');
  const id = fieldId(name);
  const errors = state.fieldErrors[name] ?? [];
  const describedBy = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className={`field${errors.length ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}{required && <span className="required"> ({t('required')})</span>}</label>
      {hint && <p className="hint" id={`${id}-hint`}>{hint}</p>}
      {children({ id, name, 'aria-describedby': describedBy, 'aria-invalid': errors.length ? true : undefined, 'aria-required': required || undefined })}
      <p className="field-error" id={`${id}-error`} aria-live="polite">{errors.map(errorText).join(' ')}</p>
    </div>
  );
}

export function TextField(props: FieldProps & { type?: 'text' | 'email' | 'url' | 'number' | 'password' | 'search'; autoComplete?: string; inputMode?: 'numeric' | 'decimal' | 'text' | 'url' }) {
  const state = useFormState();
  return (
    <FieldFrame {...props}>
      {(a11y) => (
        <input {...a11y} type={props.type ?? 'text'} dir={props.dir} lang={props.lang} autoComplete={props.autoComplete ?? 'off'} inputMode={props.inputMode}
          defaultValue={props.type === 'password' ? undefined : state.values[props.name] ?? ''} />
      )}
    </FieldFrame>
  );
}

export function TextArea(props: FieldProps & { rows?: number }) {
  const state = useFormState();
  return (
    <FieldFrame {...props}>
      {(a11y) => <textarea {...a11y} rows={props.rows ?? 4} dir={props.dir ?? 'auto'} lang={props.lang} defaultValue={state.values[props.name] ?? ''} />}
    </FieldFrame>
  );
}

export function SelectField(props: FieldProps & { options: { value: string; label: string }[]; placeholder?: string }) {
  const state = useFormState();
  return (
    <FieldFrame {...props}>
      {(a11y) => (
        <select {...a11y} defaultValue={state.values[props.name] ?? ''}>
          {props.placeholder !== undefined && <option value="">{props.placeholder}</option>}
          {props.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
      )}
    </FieldFrame>
  );
}

export function CheckboxField({ name, label, hint }: { name: string; label: string; hint?: string }) {
  const state = useFormState();
  const id = fieldId(name);
  const errors = state.fieldErrors[name] ?? [];
  const errorText = useErrorText();
  return (
    <div className="field field-checkbox">
      <input type="checkbox" id={id} name={name} defaultChecked={!!state.values[name]} aria-describedby={`${hint ? `${id}-hint ` : ''}${id}-error`} />
      <label htmlFor={id}>{label}</label>
      {hint && <p className="hint" id={`${id}-hint`}>{hint}</p>}
      <p className="field-error" id={`${id}-error`} aria-live="polite">{errors.map(errorText).join(' ')}</p>
    </div>
  );
}

export function SubmitButton({ children, name, value, className }: { children: ReactNode; name?: string; value?: string; className?: string }) {
  const { pending } = useFormStatus();
  const t = useTranslations('curator.form');
  return (
    <button type="submit" name={name} value={value} disabled={pending} aria-disabled={pending} className={className}>
      {pending ? t('saving') : children}
    </button>
  );
}

/**
 * The form's summary: after a refused save it lists every problem with a link to its field and takes the focus,
 * so keyboard and screen-reader users land on it.
 */
export function FormSummary({ labels }: { labels: Record<string, string> }) {
  const state = useFormState();
  const t = useTranslations('curator.form');
  const tm = useTranslations('curator.messages');
  const errorText = useErrorText();
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(state.fieldErrors);
  const show = state.status === 'invalid' || state.status === 'error' || state.status === 'conflict';
  useEffect(() => { if (show) ref.current?.focus(); }, [show, state.submission]);
  if (!show) return null;
  return (
    <div className="form-summary" role="alert" tabIndex={-1} ref={ref}>
      {state.message && <p>{tm.has(state.message) ? tm(state.message) : tm('error')}</p>}
      {entries.length > 0 && (
        <>
          <p>{t('problems', { count: entries.length })}</p>
          <ul>
            {entries.map(([name, codes]) => (
              <li key={name}><a href={`#${fieldId(name)}`}>{labelFor(name, labels)}</a>: {codes.map(errorText).join(' ')}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** "citations.1.title" → "Source 2 — Title". */
export function labelFor(name: string, labels: Record<string, string>): string {
  const m = /^(\w+)\.(\d+)\.(\w+)$/.exec(name);
  if (m) return `${labels[m[1]!] ?? m[1]} ${Number(m[2]) + 1} — ${labels[m[3]!] ?? m[3]}`;
  return labels[name] ?? name;
}

/**
 * What every record form (site, monument, source, report) starts with: the problem summary, the conflict table of a
 * refused stale save, and the hidden locale, id and version that the save action reads.
 */
export function RecordFormHead({ labels, locale }: { labels: Record<string, string>; locale: string }) {
  const state = useFormState();
  return (
    <>
      <FormSummary labels={labels} />
      <ConflictTable labels={labels} />
      <input type="hidden" name="locale" value={locale} />
      {state.values.id && <input type="hidden" name="id" value={state.values.id} />}
      {state.values.version && <input type="hidden" name="version" value={state.values.version} />}
    </>
  );
}

/** A refused stale save: what changed, side by side, and what saving again will do. */
export function ConflictTable({ labels }: { labels: Record<string, string> }) {
  const state = useFormState();
  const t = useTranslations('curator.conflict');
  if (state.status !== 'conflict' || !state.conflict) return null;
  return (
    <section className="conflict" aria-labelledby="conflict-title">
      <h2 id="conflict-title">{t('title')}</h2>
      <p>{t('explain')}</p>
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">{t('caption')}</caption>
          <thead><tr><th scope="col">{t('field')}</th><th scope="col">{t('opened')}</th><th scope="col">{t('current')}</th><th scope="col">{t('yours')}</th><th scope="col">{t('outcome')}</th></tr></thead>
          <tbody>
            {state.conflict.map((row) => (
              <tr key={row.field} className={row.clash ? 'clash' : undefined}>
                <th scope="row">{labels[row.field] ?? row.field}</th>
                <td dir="auto">{row.opened}</td>
                <td dir="auto">{row.current}</td>
                <td dir="auto">{row.yours}</td>
                <td>{row.clash ? t('clash') : row.mine ? t('mine') : t('theirs')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
