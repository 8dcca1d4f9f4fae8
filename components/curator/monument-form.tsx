'use client';

import { useActionState, useState } from 'react';
import { useTranslations } from 'next-intl';
import { initialFormState, type FormState } from '@/lib/forms';
import { vocabLabel, vocabularies } from '@/lib/vocab';
import { plainVocabularies, type PlainFormField } from '@/lib/records/plain-fields';
import type { SiteChoice } from '@/db/queries/curator-lookup';
import { FormStateProvider, RecordFormHead, SelectField, SubmitButton, TextArea, TextField } from './form-kit';
import { Combobox, postedLabel, type ComboOption } from './combobox';
import { siteChoiceLabel, siteOtherName } from './field-values';
import { useFieldLabels } from './labels';
import { useRows } from './rows';

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

/** The form's sections; a plain field names the one it is shown in (one the form does not have is never shown). */
type Section = 'names' | 'identity' | 'description';

/** The fields in the order the form shows them (the problem summary and the conflict table follow it). */
function monumentOrder(fields: readonly PlainFormField[]): string[] {
  const plain = (section: Section) => fields.filter((f) => f.section === section).map((f) => f.key);
  return [
    'siteId',
    'name',
    'nameAr',
    'slug',
    ...plain('names'),
    'altNames',
    'altNames.*.name',
    'altNames.*.lang',
    ...plain('identity'),
    ...plain('description'),
  ];
}

/**
 * Create or edit a monument, with its alternative names (each with a BCP 47 language tag). The site is picked by
 * typing its name; the monument's plain fields (lib/records/monument.ts) are rendered from their declarations.
 */
export function MonumentForm({
  action,
  initial,
  locale,
  fields,
  site,
  submitLabel,
}: {
  action: Action;
  initial: Record<string, string>;
  locale: string;
  /** The plain fields, as lib/records/monument.ts declares them (monumentFormFields). */
  fields: readonly PlainFormField[];
  /** The site chosen when the form opens (the monument's, or the one the page was asked for). */
  site: SiteChoice | null;
  submitLabel: string;
}) {
  const [state, formAction] = useActionState(action, initialFormState(initial));
  const labels = useFieldLabels();
  return (
    <FormStateProvider value={state}>
      <form action={formAction} key={state.submission} noValidate className="record-form">
        <MonumentFields state={state} locale={locale} fields={fields} site={site} labels={labels} />
        <SubmitButton>{submitLabel}</SubmitButton>
      </form>
    </FormStateProvider>
  );
}

function MonumentFields({
  state,
  locale,
  fields,
  site,
  labels,
}: {
  state: FormState;
  locale: string;
  fields: readonly PlainFormField[];
  site: SiteChoice | null;
  labels: Record<string, string>;
}) {
  const t = useTranslations('curator');
  const alt = useRows(state.values, 'altNames', 1);
  const [chosen, setChosen] = useState<ComboOption | null>(() =>
    site && String(site.id) === (state.values.siteId ?? '')
      ? toSiteOption(site, locale)
      : postedLabel(state.values, 'siteLabel', state.values.siteId),
  );
  const plain = (section: Section) =>
    fields
      .filter((f) => f.section === section)
      .map((f) => <PlainFieldInput key={f.key} field={f} label={labels[f.key] ?? f.key} locale={locale} />);
  return (
    <>
      <RecordFormHead
        labels={labels}
        locale={locale}
        options={{
          order: monumentOrder(fields),
          names: { siteId: new Map(chosen ? [[Number(chosen.value), chosen.label]] : []) },
          vocabularies: plainVocabularies(fields),
        }}
      />
      <fieldset>
        <legend>{t('sections.names')}</legend>
        <SitePicker label={labels.siteId!} locale={locale} initial={chosen} onChoose={setChosen} />
        <TextField name="name" label={labels.name!} required />
        <TextField name="nameAr" label={labels.nameAr!} dir="rtl" lang="ar" />
        <TextField name="slug" label={labels.slug!} hint={t('hints.slug')} dir="ltr" />
        {plain('names')}
      </fieldset>
      <fieldset>
        <legend>{labels.altNames}</legend>
        <p className="hint">{t('hints.altNames')}</p>
        {alt.rows.map((i, n) => (
          <div className="row-group" key={i} role="group" aria-label={t('form.altNameN', { n: n + 1 })}>
            <TextField name={`altNames.${i}.name`} label={labels.altName!} dir="auto" />
            <TextField name={`altNames.${i}.lang`} label={labels.lang!} hint={t('hints.lang')} dir="ltr" />
            <button type="button" className="secondary" onClick={() => alt.remove(i)}>
              {t('form.removeRow', { n: n + 1 })}
            </button>
          </div>
        ))}
        <button type="button" className="secondary" onClick={alt.add}>
          {t('form.addAltName')}
        </button>
      </fieldset>
      <fieldset>
        <legend>{t('sections.identity')}</legend>
        {plain('identity')}
      </fieldset>
      <fieldset>
        <legend>{t('sections.description')}</legend>
        {plain('description')}
      </fieldset>
    </>
  );
}

/** One plain field, as its declaration asks: its label from curator.fields, its hint from curator.hints. */
export function PlainFieldInput({ field, label, locale }: { field: PlainFormField; label: string; locale: string }) {
  const t = useTranslations('curator');
  const w = field.widget;
  const common = {
    name: field.key,
    label,
    required: field.required || undefined,
    hint: w.hint ? t(`hints.${w.hint}`) : undefined,
  };
  switch (w.type) {
    case 'select':
      return (
        <SelectField
          {...common}
          placeholder={field.required ? t('form.choose') : t('form.none')}
          options={vocabularies[w.vocabulary].terms.map((term) => ({
            value: term.code,
            label: vocabLabel(w.vocabulary, term.code, locale),
          }))}
        />
      );
    case 'textarea':
      return <TextArea {...common} rows={w.rows} dir={w.dir} lang={w.lang} />;
    case 'number':
      return <TextField {...common} inputMode="decimal" dir="ltr" />;
    case 'text':
      return <TextField {...common} dir={w.dir} lang={w.lang} inputMode={w.inputMode} />;
  }
}

const toSiteOption = (s: SiteChoice, locale: string): ComboOption => ({
  value: String(s.id),
  label: siteChoiceLabel(s, locale),
  detail: siteOtherName(s, locale),
});

/** The site, picked by typing its name in English, Arabic or French, or its number (GET /api/curator/sites?q=…). */
function SitePicker({
  label,
  locale,
  initial,
  onChoose,
}: {
  label: string;
  locale: string;
  initial: ComboOption | null;
  onChoose: (option: ComboOption | null) => void;
}) {
  const t = useTranslations('curator');
  async function search(q: string, signal: AbortSignal): Promise<ComboOption[]> {
    if (!q) return [];
    const res = await fetch(`/api/curator/sites?q=${encodeURIComponent(q)}`, {
      signal,
      headers: { accept: 'application/json' },
    });
    if (!res.ok) return [];
    const body = (await res.json()) as { sites: SiteChoice[] };
    return body.sites.map((s) => toSiteOption(s, locale));
  }
  return (
    <Combobox
      name="siteId"
      label={label}
      hint={t('hints.siteId')}
      required
      initial={initial}
      search={search}
      labelField="siteLabel"
      onChoose={onChoose}
      noscript={{ label: t('form.siteNumber'), hint: t('hints.siteNumber') }}
    />
  );
}
