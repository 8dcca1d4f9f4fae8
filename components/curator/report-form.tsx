'use client';

import { useActionState, useEffect, useMemo, useState } from 'react';
import { useTranslations } from 'next-intl';
import { Link } from '@/i18n/navigation';
import { initialFormState, type FormState } from '@/lib/forms';
import {
  certainties,
  damageCauses,
  damageLevels,
  stances,
  verificationStatuses,
  vocabLabel,
  type VocabularyName,
} from '@/lib/vocab';
import type { MonumentChoice } from '@/db/queries/curator-lookup';
import {
  CheckboxField,
  FormStateProvider,
  RecordFormHead,
  SelectField,
  SubmitButton,
  TextArea,
  TextField,
  fieldId,
  useFormState,
  type FormHeadOptions,
} from './form-kit';
import { Combobox, postedLabel, type ComboOption } from './combobox';
import { EventDateFields } from './event-date-fields';
import { monumentChoiceLabel, monumentOtherName, reportGist, sourceChoiceLabel } from './field-values';
import { useFieldLabels } from './labels';
import { useRows } from './rows';
import { SourceFields } from './source-form';

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;
export interface SourceChoice {
  id: number;
  title: string;
  publisher: string | null;
}

const options = (name: VocabularyName, codes: readonly string[], locale: string) =>
  codes.map((c) => ({ value: c, label: vocabLabel(name, c, locale) }));

/** The fields in the order the form shows them: the problem summary and the conflict table follow it. */
const REPORT_ORDER = [
  'monumentId',
  'eventDate',
  'approximate',
  'eventDateEnd',
  'reportedDate',
  'damageLevel',
  'cause',
  'reportedActor',
  'summary',
  'summaryAr',
  'certainty',
  'verificationStatus',
  'citations',
  'citations.*.mode',
  'citations.*.sourceId',
  'citations.*.title',
  'citations.*.publisher',
  'citations.*.sourceType',
  'citations.*.url',
  'citations.*.archivedUrl',
  'citations.*.citationDetail',
  'citations.*.publishedDate',
  'citations.*.language',
  'citations.*.stance',
  'citations.*.quote',
  'publish',
] as const;

/** Sources shown in the picker at once (the curator types on to narrow them). */
const SOURCE_SUGGESTIONS = 10;

/**
 * Create or edit a report: the monument (typed and picked), the event date with its precision, damage,
 * verification, and its sources — existing ones picked by typing, or new ones typed inline — each with its stance.
 */
export function ReportForm({
  action,
  initial,
  locale,
  monument,
  sources,
  canPublish,
  submitLabel,
  startFrom,
}: {
  action: Action;
  initial: Record<string, string>;
  locale: string;
  /** The monument chosen when the form opens (from the monument's page, or the report being edited). */
  monument: MonumentChoice | null;
  /** Sources the form may name before any search (those the report cites). */
  sources: SourceChoice[];
  canPublish: boolean;
  submitLabel: string;
  /** New reports: offer to start from the chosen monument's latest report, unless the form already did (its id). */
  startFrom?: { filledFrom: number | null };
}) {
  const [state, formAction] = useActionState(action, initialFormState(initial));
  const labels = useFieldLabels();
  return (
    <FormStateProvider value={state}>
      <form action={formAction} key={state.submission} noValidate className="record-form">
        <ReportFields
          state={state}
          locale={locale}
          monument={monument}
          sources={sources}
          canPublish={canPublish}
          labels={labels}
          startFrom={startFrom}
        />
        <SubmitButton>{submitLabel}</SubmitButton>
      </form>
    </FormStateProvider>
  );
}

function ReportFields({
  state,
  locale,
  monument,
  sources,
  canPublish,
  labels,
  startFrom,
}: {
  state: FormState;
  locale: string;
  monument: MonumentChoice | null;
  sources: SourceChoice[];
  canPublish: boolean;
  labels: Record<string, string>;
  startFrom?: { filledFrom: number | null };
}) {
  const t = useTranslations('curator');
  const citations = useRows(state.values, 'citations', state.values['citations.0.mode'] ? 0 : 1);
  const [added, setAdded] = useState<{ index: number; mode: 'existing' | 'new' } | null>(null);
  const sourceNames = useMemo(() => new Map(sources.map((s) => [s.id, sourceChoiceLabel(s)])), [sources]);
  const head: FormHeadOptions = {
    order: REPORT_ORDER,
    omit: canPublish ? [] : ['publish'],
    names: {
      monumentId: new Map(monument ? [[monument.id, monumentChoiceLabel(monument, locale)]] : []),
      sourceId: sourceNames,
    },
  };
  const add = (mode: 'existing' | 'new') => setAdded({ index: citations.add(), mode });
  return (
    <>
      <RecordFormHead labels={labels} locale={locale} options={head} />
      <fieldset>
        <legend>{t('sections.event')}</legend>
        <MonumentPicker label={labels.monumentId!} locale={locale} initial={monument} startFrom={startFrom} />
        <EventDateFields labels={labels} locale={locale} />
        <TextField name="reportedDate" label={labels.reportedDate!} hint={t('hints.day')} dir="ltr" />
        <SelectField
          name="damageLevel"
          label={labels.damageLevel!}
          required
          placeholder={t('form.choose')}
          options={options('damageLevel', damageLevels.codes, locale)}
        />
        <SelectField
          name="cause"
          label={labels.cause!}
          placeholder={t('form.none')}
          options={options('damageCause', damageCauses.codes, locale)}
        />
        <TextField name="reportedActor" label={labels.reportedActor!} hint={t('hints.reportedActor')} dir="auto" />
        <TextArea name="summary" label={labels.summary!} required lang="en" />
        <TextArea name="summaryAr" label={labels.summaryAr!} dir="rtl" lang="ar" />
        <SelectField
          name="certainty"
          label={labels.certainty!}
          required
          placeholder={t('form.choose')}
          options={options('certainty', certainties.codes, locale)}
        />
        <SelectField
          name="verificationStatus"
          label={labels.verificationStatus!}
          required
          options={options('verificationStatus', verificationStatuses.codes, locale)}
        />
      </fieldset>
      <fieldset>
        <legend>{t('sections.sources')}</legend>
        <p className="hint">{t('hints.citations')}</p>
        {citations.rows.map((i, n) => (
          <CitationRow
            key={i}
            index={i}
            n={n}
            locale={locale}
            sourceNames={sourceNames}
            labels={labels}
            added={added?.index === i ? added.mode : null}
            onRemove={() => citations.remove(i)}
          />
        ))}
        <p className="row-buttons">
          <button type="button" className="secondary" onClick={() => add('existing')}>
            {t('form.addSource')}
          </button>{' '}
          <button type="button" className="secondary" onClick={() => add('new')}>
            {t('form.addNewSource')}
          </button>
        </p>
      </fieldset>
      {canPublish && <CheckboxField name="publish" label={labels.publish!} hint={t('hints.publish')} />}
    </>
  );
}

/** The monument, picked by typing its name in any language (GET /api/curator/monuments?q=…). */
function MonumentPicker({
  label,
  locale,
  initial,
  startFrom,
}: {
  label: string;
  locale: string;
  initial: MonumentChoice | null;
  startFrom?: { filledFrom: number | null };
}) {
  const t = useTranslations('curator');
  const state = useFormState();
  const [chosen, setChosen] = useState<MonumentChoice | null>(
    initial && String(initial.id) === (state.values.monumentId ?? '') ? initial : null,
  );
  const [found] = useState(() => new Map<string, MonumentChoice>());
  const toOption = (m: MonumentChoice): ComboOption => ({
    value: String(m.id),
    label: monumentChoiceLabel(m, locale),
    detail: monumentOtherName(m, locale),
  });
  const first = chosen ? toOption(chosen) : postedLabel(state.values, 'monumentLabel', state.values.monumentId);

  async function search(q: string, signal: AbortSignal): Promise<ComboOption[]> {
    if (!q) return [];
    const res = await fetch(`/api/curator/monuments?q=${encodeURIComponent(q)}`, {
      signal,
      headers: { accept: 'application/json' },
    });
    if (!res.ok) return [];
    const body = (await res.json()) as { monuments: MonumentChoice[] };
    for (const m of body.monuments) found.set(String(m.id), m);
    return body.monuments.map(toOption);
  }

  const previous =
    startFrom && chosen?.latestReport && chosen.latestReport.id !== startFrom.filledFrom ? chosen.latestReport : null;
  return (
    <Combobox
      name="monumentId"
      label={label}
      hint={t('hints.monumentId')}
      required
      initial={first}
      search={search}
      labelField="monumentLabel"
      onChoose={(o) => setChosen(o ? (found.get(o.value) ?? null) : null)}
      noscript={{ label: t('form.monumentNumber'), hint: t('hints.monumentNumber') }}
      extra={
        previous && (
          <p className="start-from">
            <Link href={`/admin/reports/new?monument=${chosen!.id}&from=${previous.id}`}>
              {t('reports.startFrom', { report: reportGist(previous, locale) })}
            </Link>
            <span className="hint"> {t('hints.startFrom')}</span>
          </p>
        )
      }
    />
  );
}

function CitationRow({
  index,
  n,
  locale,
  sourceNames,
  labels,
  added,
  onRemove,
}: {
  index: number;
  n: number;
  locale: string;
  sourceNames: Map<number, string>;
  labels: Record<string, string>;
  /** Set when the curator has just added this row (it opens in that mode, with the focus in its first field). */
  added: 'existing' | 'new' | null;
  onRemove: () => void;
}) {
  const t = useTranslations('curator');
  const state = useFormState();
  const prefix = `citations.${index}.`;
  const [mode, setMode] = useState<'existing' | 'new'>(
    added ?? (state.values[`${prefix}mode`] === 'new' ? 'new' : 'existing'),
  );
  // A title typed in the source box that matched nothing: it becomes the new source's title.
  const [typedTitle, setTypedTitle] = useState<string | null>(null);
  const [focusTarget, setFocusTarget] = useState<string | null>(
    added ? (added === 'new' ? `${prefix}title` : `${prefix}sourceId`) : null,
  );
  useEffect(() => {
    if (focusTarget) document.getElementById(fieldId(focusTarget))?.focus();
  }, [focusTarget]);
  const newSourceFields = <SourceFields prefix={prefix} locale={locale} labels={labels} />;
  return (
    <div className="row-group citation" role="group" aria-labelledby={`${fieldId(prefix)}heading`}>
      <h3 id={`${fieldId(prefix)}heading`}>{t('form.sourceN', { n: n + 1 })}</h3>
      <fieldset className="inline-choice">
        <legend>{labels.mode}</legend>
        {(['existing', 'new'] as const).map((m) => (
          <label key={m}>
            <input type="radio" name={`${prefix}mode`} value={m} checked={mode === m} onChange={() => setMode(m)} />{' '}
            {t(`form.mode.${m}`)}
          </label>
        ))}
      </fieldset>
      {mode === 'existing' ? (
        <SourcePicker
          index={index}
          label={labels.sourceId!}
          sourceNames={sourceNames}
          onNew={(title) => {
            setTypedTitle(title);
            setMode('new');
            setFocusTarget(`${prefix}title`);
          }}
        />
      ) : typedTitle !== null ? (
        <FormStateProvider value={{ ...state, values: { ...state.values, [`${prefix}title`]: typedTitle } }}>
          {newSourceFields}
        </FormStateProvider>
      ) : (
        newSourceFields
      )}
      <SelectField
        name={`${prefix}stance`}
        label={labels.stance!}
        required
        options={options('stance', stances.codes, locale)}
      />
      <TextArea name={`${prefix}quote`} label={labels.quote!} rows={2} hint={t('hints.quote')} />
      <button type="button" className="secondary" onClick={onRemove}>
        {t('form.removeSource', { n: n + 1 })}
      </button>
    </div>
  );
}

/**
 * An existing source, picked by typing its title, publisher or address (GET /api/curator/sources?q=…; Down on an
 * empty box lists the newest). What matches nothing can become a new source with that title.
 */
function SourcePicker({
  index,
  label,
  sourceNames,
  onNew,
}: {
  index: number;
  label: string;
  sourceNames: Map<number, string>;
  onNew: (title: string) => void;
}) {
  const t = useTranslations('curator');
  const state = useFormState();
  const name = `citations.${index}.sourceId`;
  const selected = state.values[name] ?? '';
  const labelField = `sourceLabel-${index}`;
  const known = sourceNames.get(Number(selected));
  const initial = known ? { value: selected, label: known } : postedLabel(state.values, labelField, selected);

  async function search(q: string, signal: AbortSignal): Promise<ComboOption[]> {
    const res = await fetch(`/api/curator/sources${q ? `?q=${encodeURIComponent(q)}` : ''}`, {
      signal,
      headers: { accept: 'application/json' },
    });
    if (!res.ok) return [];
    const body = (await res.json()) as { sources: SourceChoice[] };
    return body.sources.slice(0, SOURCE_SUGGESTIONS).map((s) => ({ value: String(s.id), label: sourceChoiceLabel(s) }));
  }

  return (
    <Combobox
      name={name}
      label={label}
      hint={t('hints.sourceId')}
      initial={initial}
      search={search}
      labelField={labelField}
      action={{ label: (q) => t('form.newSourceTitled', { title: q }), run: onNew }}
      noscript={{ label: t('form.sourceNumber'), hint: t('hints.sourceNumber') }}
    />
  );
}
