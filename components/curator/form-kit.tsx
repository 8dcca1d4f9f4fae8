'use client';

import { createContext, useContext, useEffect, useRef, useSyncExternalStore, type ReactNode } from 'react';
import { useFormStatus } from 'react-dom';
import { useLocale, useTranslations } from 'next-intl';
import type { ConflictRow, FormState } from '@/lib/forms';
import type { VocabularyName } from '@/lib/vocab';
import { formValueText, type RecordNames, type ValueWords } from './field-values';

/** The form's current answer (values typed, errors per field), shared with every field inside it. */
const FormStateContext = createContext<FormState | null>(null);
export const FormStateProvider = FormStateContext.Provider;

export function useFormState(): FormState {
  const state = useContext(FormStateContext);
  if (!state) throw new Error('field outside <FormStateProvider>');
  return state;
}

export const fieldId = (name: string) => `f-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

const noSubscription = () => () => {};
/**
 * False on the server and while the page hydrates, true once scripts run: a field renders its no-JavaScript form
 * first (the same markup on both sides), then its enhanced one.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

/** Yes/No, "—" and "Source #3", in the page's language, for values shown as text. */
export function useValueWords(): ValueWords {
  const t = useTranslations('curator.values');
  return {
    yes: t('yes'),
    no: t('no'),
    none: t('none'),
    source: (id) => t('source', { id }),
    record: (id) => t('record', { id }),
  };
}

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

export function FieldFrame({
  name,
  label,
  hint,
  required,
  children,
}: FieldProps & { children: (a11y: Record<string, unknown>) => ReactNode }) {
  const state = useFormState();
  const errorText = useErrorText();
  const t = useTranslations('curator.form');
  const id = fieldId(name);
  const errors = state.fieldErrors[name] ?? [];
  const describedBy = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className={`field${errors.length ? ' field-invalid' : ''}`}>
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
        'aria-describedby': describedBy,
        'aria-invalid': errors.length ? true : undefined,
        'aria-required': required || undefined,
      })}
      <p className="field-error" id={`${id}-error`} aria-live="polite">
        {errors.map(errorText).join(' ')}
      </p>
    </div>
  );
}

export function TextField(
  props: FieldProps & {
    type?: 'text' | 'email' | 'url' | 'number' | 'password' | 'search';
    autoComplete?: string;
    inputMode?: 'numeric' | 'decimal' | 'text' | 'url';
  },
) {
  const state = useFormState();
  return (
    <FieldFrame {...props}>
      {(a11y) => (
        <input
          {...a11y}
          type={props.type ?? 'text'}
          dir={props.dir}
          lang={props.lang}
          autoComplete={props.autoComplete ?? 'off'}
          inputMode={props.inputMode}
          defaultValue={props.type === 'password' ? undefined : (state.values[props.name] ?? '')}
        />
      )}
    </FieldFrame>
  );
}

export function TextArea(props: FieldProps & { rows?: number }) {
  const state = useFormState();
  return (
    <FieldFrame {...props}>
      {(a11y) => (
        <textarea
          {...a11y}
          rows={props.rows ?? 4}
          dir={props.dir ?? 'auto'}
          lang={props.lang}
          defaultValue={state.values[props.name] ?? ''}
        />
      )}
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
          {props.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
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
      <input
        type="checkbox"
        id={id}
        name={name}
        defaultChecked={!!state.values[name]}
        aria-describedby={`${hint ? `${id}-hint ` : ''}${id}-error`}
      />
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <p className="field-error" id={`${id}-error`} aria-live="polite">
        {errors.map(errorText).join(' ')}
      </p>
    </div>
  );
}

export function SubmitButton({
  children,
  name,
  value,
  className,
}: {
  children: ReactNode;
  name?: string;
  value?: string;
  className?: string;
}) {
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
export function FormSummary({ labels, order }: { labels: Record<string, string>; order?: readonly string[] }) {
  const state = useFormState();
  const t = useTranslations('curator.form');
  const tm = useTranslations('curator.messages');
  const errorText = useErrorText();
  const ref = useRef<HTMLDivElement>(null);
  const entries = inFormOrder(Object.keys(state.fieldErrors), order).map(
    (name) => [name, state.fieldErrors[name]!] as const,
  );
  const show = state.status === 'invalid' || state.status === 'error' || state.status === 'conflict';
  useEffect(() => {
    if (show) ref.current?.focus();
  }, [show, state.submission]);
  if (!show) return null;
  return (
    <div className="form-summary" role="alert" tabIndex={-1} ref={ref}>
      {state.message && <p>{tm.has(state.message) ? tm(state.message) : tm('error')}</p>}
      {entries.length > 0 && (
        <>
          <p>{t('problems', { count: entries.length })}</p>
          <ul>
            {entries.map(([name, codes]) => (
              <li key={name}>
                <a href={`#${fieldId(name)}`}>{labelFor(name, labels)}</a>: {codes.map(errorText).join(' ')}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/**
 * Field names in the order the form shows them, so the summary reads top to bottom like the form (the server lists
 * errors in its schema's order, with checks across fields last). `order` names the fields as rendered; a repeated
 * group is its name ("citations"), then its rows' fields as "citations.*.title"; rows keep their index order.
 */
export function inFormOrder(names: string[], order?: readonly string[]): string[] {
  if (!order) return names;
  const key = (name: string): [number, number, number] => {
    const exact = order.indexOf(name);
    if (exact !== -1) return [exact, -1, 0];
    const m = /^(\w+)\.(\d+)\.(\w+)$/.exec(name);
    if (m) {
      const field = order.indexOf(`${m[1]}.*.${m[3]}`);
      const group = order.indexOf(m[1]!);
      return [group !== -1 ? group : field !== -1 ? field : order.length, Number(m[2]), field];
    }
    return [name === 'form' ? -1 : order.length, 0, 0];
  };
  const keys = new Map(names.map((n) => [n, key(n)]));
  return [...names].sort((a, b) => {
    const [ka, kb] = [keys.get(a)!, keys.get(b)!];
    return ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2];
  });
}

/** "citations.1.title" → "Source 2 — Title". */
export function labelFor(name: string, labels: Record<string, string>): string {
  const m = /^(\w+)\.(\d+)\.(\w+)$/.exec(name);
  if (m) return `${labels[m[1]!] ?? m[1]} ${Number(m[2]) + 1} — ${labels[m[3]!] ?? m[3]}`;
  return labels[name] ?? name;
}

/** How a record form's head reads its fields: their order, and what the conflict table may show of them. */
export interface FormHeadOptions {
  /** The fields in the order the form shows them (see inFormOrder). */
  order?: readonly string[];
  /** Fields this form does not show (the conflict table leaves them out: the curator could not have changed them). */
  omit?: readonly string[];
  /** Names of the records the form's ids point at, for the conflict table. */
  names?: RecordNames;
  /** Fields whose values are codes of a vocabulary, besides the shared ones (field-values.ts VOCABULARY_FIELDS). */
  vocabularies?: Record<string, VocabularyName>;
}

/**
 * What every record form (site, monument, source, report) starts with: the problem summary, the conflict table of a
 * refused stale save, and the hidden locale, id and version that the save action reads.
 */
export function RecordFormHead({
  labels,
  locale,
  options = {},
}: {
  labels: Record<string, string>;
  locale: string;
  options?: FormHeadOptions;
}) {
  const state = useFormState();
  return (
    <>
      <FormSummary labels={labels} order={options.order} />
      <ConflictTable labels={labels} options={options} />
      <input type="hidden" name="locale" value={locale} />
      {state.values.id && <input type="hidden" name="id" value={state.values.id} />}
      {state.values.version && <input type="hidden" name="version" value={state.values.version} />}
    </>
  );
}

/**
 * The rows worth showing: a field the form does not show, or one whose three values read the same once labelled
 * (a box left unticked against "no value", "day" against an exact date), was changed by nobody.
 */
export function visibleConflictRows(
  rows: ConflictRow[],
  text: (row: ConflictRow, value: string) => string,
  options: FormHeadOptions,
  order?: readonly string[],
) {
  const shown = rows.filter((row) => {
    if (options.omit?.includes(row.field)) return false;
    const [opened, current, yours] = [text(row, row.opened), text(row, row.current), text(row, row.yours)];
    return !(opened === current && current === yours) && (row.theirs || row.mine);
  });
  const byField = new Map(shown.map((r) => [r.field, r]));
  return inFormOrder([...byField.keys()], order).map((f) => byField.get(f)!);
}

/** A refused stale save: what changed, side by side, and what saving again will do. Values are labelled, never codes. */
export function ConflictTable({ labels, options = {} }: { labels: Record<string, string>; options?: FormHeadOptions }) {
  const state = useFormState();
  const t = useTranslations('curator.conflict');
  const locale = useLocale();
  const words = useValueWords();
  if (state.status !== 'conflict' || !state.conflict) return null;
  const text = (row: ConflictRow, value: string) =>
    formValueText(row.field, value, locale, words, options.names, options.vocabularies);
  const rows = visibleConflictRows(state.conflict, text, options, options.order);
  return (
    <section className="conflict" aria-labelledby="conflict-title">
      <h2 id="conflict-title">{t('title')}</h2>
      <p>{t('explain')}</p>
      {rows.length > 0 && (
        <div className="table-scroll" role="region" aria-label={t('caption')} tabIndex={0}>
          <table className="labelled-table">
            <caption className="visually-hidden">{t('caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('field')}</th>
                <th scope="col">{t('opened')}</th>
                <th scope="col">{t('current')}</th>
                <th scope="col">{t('yours')}</th>
                <th scope="col">{t('outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.field} className={row.clash ? 'clash' : undefined}>
                  <th scope="row">{labels[row.field] ?? row.field}</th>
                  <td dir="auto" className="value">
                    {text(row, row.opened)}
                  </td>
                  <td dir="auto" className="value">
                    {text(row, row.current)}
                  </td>
                  <td dir="auto" className="value">
                    {text(row, row.yours)}
                  </td>
                  <td>{row.clash ? t('clash') : row.mine ? t('mine') : t('theirs')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
