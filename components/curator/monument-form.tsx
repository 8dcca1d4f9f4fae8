'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { initialFormState, type FormState } from '@/lib/forms';
import { monumentKinds, vocabLabel } from '@/lib/vocab';
import { FormStateProvider, RecordFormHead, SelectField, SubmitButton, TextArea, TextField } from './form-kit';
import { useFieldLabels } from './labels';
import { useRows } from './rows';

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

/** The fields in the order the form shows them (the problem summary and the conflict table follow it). */
const MONUMENT_ORDER = [
  'siteId',
  'name',
  'nameAr',
  'slug',
  'kind',
  'altNames',
  'altNames.*.name',
  'altNames.*.lang',
  'period',
  'dateBuilt',
  'latitude',
  'longitude',
  'wikidataQid',
  'pleiadesId',
  'description',
  'descriptionAr',
];

/** Create or edit a monument, with its alternative names (each with a BCP 47 language tag). */
export function MonumentForm({
  action,
  initial,
  locale,
  sites,
  submitLabel,
}: {
  action: Action;
  initial: Record<string, string>;
  locale: string;
  sites: { value: string; label: string }[];
  submitLabel: string;
}) {
  const [state, formAction] = useActionState(action, initialFormState(initial));
  const labels = useFieldLabels();
  return (
    <FormStateProvider value={state}>
      <form action={formAction} key={state.submission} noValidate className="record-form">
        <MonumentFields state={state} locale={locale} sites={sites} labels={labels} />
        <SubmitButton>{submitLabel}</SubmitButton>
      </form>
    </FormStateProvider>
  );
}

function MonumentFields({
  state,
  locale,
  sites,
  labels,
}: {
  state: FormState;
  locale: string;
  sites: { value: string; label: string }[];
  labels: Record<string, string>;
}) {
  const t = useTranslations('curator');
  const alt = useRows(state.values, 'altNames', 1);
  return (
    <>
      <RecordFormHead
        labels={labels}
        locale={locale}
        options={{ order: MONUMENT_ORDER, names: { siteId: new Map(sites.map((o) => [Number(o.value), o.label])) } }}
      />
      <fieldset>
        <legend>{t('sections.names')}</legend>
        <SelectField name="siteId" label={labels.siteId!} options={sites} placeholder={t('form.choose')} required />
        <TextField name="name" label={labels.name!} required />
        <TextField name="nameAr" label={labels.nameAr!} dir="rtl" lang="ar" />
        <TextField name="slug" label={labels.slug!} hint={t('hints.slug')} dir="ltr" />
        <SelectField
          name="kind"
          label={labels.kind!}
          required
          placeholder={t('form.choose')}
          options={monumentKinds.terms.map((k) => ({
            value: k.code,
            label: vocabLabel('monumentKind', k.code, locale),
          }))}
        />
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
        <TextField name="period" label={labels.period!} />
        <TextField name="dateBuilt" label={labels.dateBuilt!} />
        <TextField name="latitude" label={labels.latitude!} inputMode="decimal" dir="ltr" />
        <TextField name="longitude" label={labels.longitude!} inputMode="decimal" dir="ltr" />
        <TextField name="wikidataQid" label={labels.wikidataQid!} hint={t('hints.wikidata')} dir="ltr" />
        <TextField name="pleiadesId" label={labels.pleiadesId!} inputMode="numeric" dir="ltr" />
      </fieldset>
      <fieldset>
        <legend>{t('sections.description')}</legend>
        <TextArea name="description" label={labels.description!} rows={5} lang="en" />
        <TextArea name="descriptionAr" label={labels.descriptionAr!} rows={5} dir="rtl" lang="ar" />
      </fieldset>
    </>
  );
}
