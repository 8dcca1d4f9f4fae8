'use client';

import { useActionState, useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { initialFormState, type FormState } from '@/lib/forms';
import { certainties, damageCauses, damageLevels, stances, verificationStatuses, vocabLabel, type VocabularyName } from '@/lib/vocab';
import { CheckboxField, FormStateProvider, RecordFormHead, SelectField, SubmitButton, TextArea, TextField, fieldId, useErrorText } from './form-kit';
import { useFieldLabels } from './labels';
import { useRows } from './rows';
import { SourceFields } from './source-form';

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;
export interface SourceChoice { id: number; title: string; publisher: string | null }

const options = (name: VocabularyName, codes: readonly string[], locale: string) => codes.map((c) => ({ value: c, label: vocabLabel(name, c, locale) }));
const sourceLabel = (s: SourceChoice) => (s.publisher ? `${s.title} — ${s.publisher}` : s.title);

/**
 * Create or edit a report: event date (YYYY, YYYY-MM, YYYY-MM-DD or an approximate range), damage, verification,
 * and its sources — existing ones picked from a list, or new ones typed inline — each with its stance.
 */
export function ReportForm({ action, initial, locale, monuments, sources, canPublish, submitLabel }: {
  action: Action; initial: Record<string, string>; locale: string; monuments: { value: string; label: string }[];
  sources: SourceChoice[]; canPublish: boolean; submitLabel: string;
}) {
  const [state, formAction] = useActionState(action, initialFormState(initial));
  const labels = useFieldLabels();
  return (
    <FormStateProvider value={state}>
      <form action={formAction} key={state.submission} noValidate className="record-form">
        <ReportFields state={state} locale={locale} monuments={monuments} sources={sources} canPublish={canPublish} labels={labels} />
        <SubmitButton>{submitLabel}</SubmitButton>
      </form>
    </FormStateProvider>
  );
}

function ReportFields({ state, locale, monuments, sources, canPublish, labels }: {
  state: FormState; locale: string; monuments: { value: string; label: string }[]; sources: SourceChoice[]; canPublish: boolean; labels: Record<string, string>;
}) {
  const t = useTranslations('curator');
  const citations = useRows(state.values, 'citations', state.values['citations.0.mode'] ? 0 : 1);
  return (
    <>
      <RecordFormHead labels={labels} locale={locale} />
      <fieldset>
        <legend>{t('sections.event')}</legend>
        <SelectField name="monumentId" label={labels.monumentId!} options={monuments} placeholder={t('form.choose')} hint={t('hints.monumentId')} required />
        <TextField name="eventDate" label={labels.eventDate!} hint={t('hints.eventDate')} dir="ltr" />
        <TextField name="eventDateEnd" label={labels.eventDateEnd!} hint={t('hints.eventDateEnd')} dir="ltr" />
        <CheckboxField name="approximate" label={labels.approximate!} hint={t('hints.approximate')} />
        <TextField name="reportedDate" label={labels.reportedDate!} hint={t('hints.day')} dir="ltr" />
        <SelectField name="damageLevel" label={labels.damageLevel!} required placeholder={t('form.choose')} options={options('damageLevel', damageLevels.codes, locale)} />
        <SelectField name="cause" label={labels.cause!} placeholder={t('form.none')} options={options('damageCause', damageCauses.codes, locale)} />
        <TextField name="reportedActor" label={labels.reportedActor!} hint={t('hints.reportedActor')} dir="auto" />
        <TextArea name="summary" label={labels.summary!} required lang="en" />
        <TextArea name="summaryAr" label={labels.summaryAr!} dir="rtl" lang="ar" />
        <SelectField name="certainty" label={labels.certainty!} required placeholder={t('form.choose')} options={options('certainty', certainties.codes, locale)} />
        <SelectField name="verificationStatus" label={labels.verificationStatus!} required options={options('verificationStatus', verificationStatuses.codes, locale)} />
      </fieldset>
      <fieldset>
        <legend>{t('sections.sources')}</legend>
        <p className="hint">{t('hints.citations')}</p>
        {citations.rows.map((i, n) => (
          <CitationRow key={i} index={i} n={n} state={state} locale={locale} sources={sources} labels={labels} onRemove={() => citations.remove(i)} />
        ))}
        <button type="button" className="secondary" onClick={citations.add}>{t('form.addSource')}</button>
      </fieldset>
      {canPublish && (
        <CheckboxField name="publish" label={labels.publish!} hint={t('hints.publish')} />
      )}
    </>
  );
}

function CitationRow({ index, n, state, locale, sources, labels, onRemove }: {
  index: number; n: number; state: FormState; locale: string; sources: SourceChoice[]; labels: Record<string, string>; onRemove: () => void;
}) {
  const t = useTranslations('curator');
  const prefix = `citations.${index}.`;
  const [mode, setMode] = useState<'existing' | 'new'>(state.values[`${prefix}mode`] === 'new' ? 'new' : 'existing');
  return (
    <div className="row-group citation" role="group" aria-labelledby={`${fieldId(prefix)}heading`}>
      <h3 id={`${fieldId(prefix)}heading`}>{t('form.sourceN', { n: n + 1 })}</h3>
      <fieldset className="inline-choice">
        <legend>{labels.mode}</legend>
        {(['existing', 'new'] as const).map((m) => (
          <label key={m}>
            <input type="radio" name={`${prefix}mode`} value={m} checked={mode === m} onChange={() => setMode(m)} /> {t(`form.mode.${m}`)}
          </label>
        ))}
      </fieldset>
      {mode === 'existing'
        ? <SourcePicker name={`${prefix}sourceId`} label={labels.sourceId!} sources={sources} state={state} />
        : <SourceFields prefix={prefix} locale={locale} labels={labels} />}
      <SelectField name={`${prefix}stance`} label={labels.stance!} required options={options('stance', stances.codes, locale)} />
      <TextArea name={`${prefix}quote`} label={labels.quote!} rows={2} hint={t('hints.quote')} />
      <button type="button" className="secondary" onClick={onRemove}>{t('form.removeSource', { n: n + 1 })}</button>
    </div>
  );
}

/** A list of sources with a filter box that asks the server for matches (GET /api/curator/sources?q=…). */
function SourcePicker({ name, label, sources, state }: { name: string; label: string; sources: SourceChoice[]; state: FormState }) {
  const t = useTranslations('curator');
  const errorText = useErrorText();
  const id = fieldId(name);
  const selected = state.values[name] ?? '';
  const [choices, setChoices] = useState(sources);
  const [query, setQuery] = useState('');
  const keep = useRef(sources.filter((s) => String(s.id) === selected));
  useEffect(() => {
    if (!query.trim()) { setChoices(sources); return; }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetch(`/api/curator/sources?q=${encodeURIComponent(query)}`, { signal: controller.signal })
        .then((r) => (r.ok ? r.json() : { sources: [] }))
        .then((body: { sources: SourceChoice[] }) => setChoices([...keep.current, ...body.sources.filter((s) => !keep.current.some((k) => k.id === s.id))]))
        .catch(() => { /* aborted or offline: keep the current list */ });
    }, 250);
    return () => { clearTimeout(timer); controller.abort(); };
  }, [query, sources]);
  const errors = state.fieldErrors[name] ?? [];
  return (
    <div className={`field${errors.length ? ' field-invalid' : ''}`}>
      <label htmlFor={`${id}-filter`}>{t('form.filterSources')}</label>
      <input id={`${id}-filter`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={selected} aria-describedby={`${id}-error`} aria-invalid={errors.length ? true : undefined}
        onChange={(e) => { keep.current = choices.filter((s) => String(s.id) === e.target.value); }}>
        <option value="">{t('form.choose')}</option>
        {choices.map((s) => <option key={s.id} value={String(s.id)}>{sourceLabel(s)}</option>)}
      </select>
      <p className="field-error" id={`${id}-error`} aria-live="polite">{errors.map(errorText).join(' ')}</p>
    </div>
  );
}
