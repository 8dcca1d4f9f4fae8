'use client';

import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { fieldId, useErrorText, useFormState, useHydrated } from './form-kit';

export interface ComboOption {
  value: string;
  label: string;
  detail?: string;
}

/** An option after the matches that does something else with the text typed ("add it as a new source"). */
export interface ComboAction {
  label: (query: string) => string;
  run: (query: string) => void;
}

/**
 * A text box that suggests matches as the curator types and posts the chosen one's value in a hidden field `name`
 * (the WAI-ARIA combobox pattern with a list box popup): Down and Up move through the suggestions, Enter chooses,
 * Escape closes the list (or, closed, puts back the chosen label), and a polite live region says how many matched
 * and what was chosen. Editing the text after a choice clears it, so the hidden value never disagrees with what
 * the box shows.
 *
 * Without JavaScript the box is disabled and a plain input for the value (`noscript`) takes its place, so the form
 * still posts the same field.
 */
export function Combobox({
  name,
  label,
  hint,
  required,
  initial,
  search,
  minChars = 2,
  action,
  onChoose,
  noscript,
  extra,
  labelField,
}: {
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
  initial: ComboOption | null;
  /** Suggestions for the text typed (the caller fetches them); an empty query asks for a default list, if any. */
  search: (query: string, signal: AbortSignal) => Promise<ComboOption[]>;
  minChars?: number;
  action?: ComboAction;
  onChoose?: (option: ComboOption | null) => void;
  /** The no-JavaScript field's label and hint (it posts the value itself, e.g. a number). */
  noscript: { label: string; hint: string };
  /** Shown under the box (e.g. a link that depends on the choice). */
  extra?: ReactNode;
  /** A hidden field carrying "value|label", so a form shown again after a refused save still names the choice. */
  labelField?: string;
}) {
  const t = useTranslations('curator.combobox');
  const tf = useTranslations('curator.form');
  const state = useFormState();
  const errorText = useErrorText();
  const hydrated = useHydrated();
  const id = fieldId(name);
  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-option-${i}`;
  const [selected, setSelected] = useState<ComboOption | null>(initial);
  const [text, setText] = useState(initial?.label ?? '');
  const [options, setOptions] = useState<ComboOption[]>([]);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inflight = useRef<AbortController | null>(null);

  useEffect(
    () => () => {
      clearTimeout(timer.current);
      inflight.current?.abort();
    },
    [],
  );

  // Offered only with the suggestions for the text as it stands: a fast Down and Enter never makes a new record
  // out of a half-typed word while its matches are still on their way.
  const showAction = !!action && query.trim().length >= minChars && query === text;
  const count = options.length + (showAction ? 1 : 0);
  const expanded = open && count > 0;
  useEffect(() => {
    if (expanded && active >= 0) document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
  });

  function lookUp(q: string) {
    clearTimeout(timer.current);
    inflight.current?.abort();
    const trimmed = q.trim();
    if (trimmed.length > 0 && trimmed.length < minChars) {
      setOptions([]);
      setOpen(false);
      setActive(-1);
      setQuery(q);
      setStatus(t('tooShort', { count: minChars }));
      return;
    }
    timer.current = setTimeout(() => {
      const controller = new AbortController();
      inflight.current = controller;
      search(trimmed, controller.signal)
        .then((found) => {
          if (controller.signal.aborted) return;
          setOptions(found);
          setQuery(q);
          setActive(-1);
          setOpen(found.length > 0 || (!!action && trimmed.length >= minChars));
          setStatus(
            found.length > 0 ? t('results', { count: found.length }) : trimmed ? t('none', { query: trimmed }) : '',
          );
        })
        .catch(() => {
          /* aborted, or offline: keep what is shown */
        });
    }, 200);
  }

  function choose(index: number) {
    if (index >= options.length) {
      setOpen(false);
      setActive(-1);
      action?.run(query.trim());
      return;
    }
    const option = options[index]!;
    setSelected(option);
    setText(option.label);
    setOpen(false);
    setActive(-1);
    setStatus(t('chosen', { label: option.label }));
    onChoose?.(option);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!expanded) {
        if (count > 0) {
          setOpen(true);
          setActive(e.key === 'ArrowDown' ? 0 : count - 1);
        } else lookUp(text === selected?.label ? '' : text);
        return;
      }
      if (count === 0) return;
      setActive((a) => (e.key === 'ArrowDown' ? (a + 1) % count : a <= 0 ? count - 1 : a - 1));
    } else if (e.key === 'Enter') {
      // Enter in the box chooses; it never submits a half-filled form.
      if (expanded || text !== (selected?.label ?? '')) e.preventDefault();
      if (expanded && active >= 0) choose(active);
    } else if (e.key === 'Escape') {
      if (expanded) {
        e.preventDefault();
        setOpen(false);
        setActive(-1);
      } else if (text !== (selected?.label ?? '')) {
        e.preventDefault();
        setText(selected?.label ?? '');
      }
    } else if (e.key === 'Tab') {
      setOpen(false);
      setActive(-1);
    }
  }

  const errors = state.fieldErrors[name] ?? [];
  const describedBy = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className={`field combobox${errors.length ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required && <span className="required"> ({tf('required')})</span>}
      </label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <div className="combobox-box">
        <input
          id={id}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
          aria-describedby={describedBy}
          aria-invalid={errors.length ? true : undefined}
          aria-required={required || undefined}
          autoComplete="off"
          spellCheck={false}
          dir="auto"
          disabled={!hydrated}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (selected && e.target.value !== selected.label) {
              setSelected(null);
              onChoose?.(null);
            }
            lookUp(e.target.value);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => {
            setOpen(false);
            setActive(-1);
          }}
        />
        <ul id={listId} role="listbox" aria-label={label} className="combobox-list" hidden={!expanded}>
          {options.map((o, i) => (
            <li
              key={o.value}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(i)}
            >
              <bdi>{o.label}</bdi>
              {o.detail && (
                <>
                  {' '}
                  <bdi className="combobox-detail">{o.detail}</bdi>
                </>
              )}
            </li>
          ))}
          {showAction && (
            <li
              id={optionId(options.length)}
              role="option"
              aria-selected={active === options.length}
              className="combobox-action"
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(options.length)}
            >
              {action!.label(query.trim())}
            </li>
          )}
        </ul>
      </div>
      {hydrated && <input type="hidden" name={name} value={selected?.value ?? ''} />}
      {hydrated && labelField && selected && (
        <input type="hidden" name={labelField} value={`${selected.value}|${selected.label}`} />
      )}
      <noscript>
        <label htmlFor={`${id}-nojs`}>{noscript.label}</label>
        <p className="hint" id={`${id}-nojs-hint`}>
          {noscript.hint}
        </p>
        <input
          id={`${id}-nojs`}
          name={name}
          defaultValue={state.values[name] ?? initial?.value ?? ''}
          inputMode="numeric"
          dir="ltr"
          aria-describedby={`${id}-nojs-hint`}
        />
      </noscript>
      <p className="visually-hidden" role="status">
        {status}
      </p>
      {extra}
      <p className="field-error" id={`${id}-error`} aria-live="polite">
        {errors.map(errorText).join(' ')}
      </p>
    </div>
  );
}

/** The label a form posted back for a choice ("12|Temple of Bel — Palmyra"), if it is the label of `value`. */
export function postedLabel(
  values: Record<string, string>,
  labelField: string,
  value: string | undefined,
): ComboOption | null {
  const posted = values[labelField];
  if (!value || !posted) return null;
  const bar = posted.indexOf('|');
  return bar > 0 && posted.slice(0, bar) === value ? { value, label: posted.slice(bar + 1) } : null;
}
