'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import type { FormState } from '@/lib/forms';
import { initialFormState } from '@/lib/forms';
import { CheckboxField, FormStateProvider, RecordFormHead, SubmitButton, TextArea, TextField } from './form-kit';
import { useFieldLabels } from './labels';

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

/** The fields in the order the form shows them (the problem summary and the conflict table follow it). */
const SITE_ORDER = [
  'name',
  'nameAr',
  'nameFr',
  'slug',
  'unescoIdNo',
  'countryCodes',
  'statesName',
  'statesNameAr',
  'latitude',
  'longitude',
  'yearInscribed',
  'criteria',
  'inDanger',
  'inDangerSince',
  'wikidataQid',
  'description',
  'descriptionAr',
];

/** Create or edit a World Heritage site. `initial` carries the record's values, its id and version when editing. */
export function SiteForm({
  action,
  initial,
  locale,
  submitLabel,
}: {
  action: Action;
  initial: Record<string, string>;
  locale: string;
  submitLabel: string;
}) {
  const [state, formAction] = useActionState(action, initialFormState(initial));
  const t = useTranslations('curator');
  const labels = useFieldLabels();
  return (
    <FormStateProvider value={state}>
      <form action={formAction} key={state.submission} noValidate className="record-form">
        <RecordFormHead labels={labels} locale={locale} options={{ order: SITE_ORDER }} />
        <fieldset>
          <legend>{t('sections.names')}</legend>
          <TextField name="name" label={labels.name!} required />
          <TextField name="nameAr" label={labels.nameAr!} dir="rtl" lang="ar" />
          <TextField name="nameFr" label={labels.nameFr!} lang="fr" />
          <TextField name="slug" label={labels.slug!} hint={t('hints.slug')} dir="ltr" />
        </fieldset>
        <fieldset>
          <legend>{t('sections.identity')}</legend>
          <TextField name="unescoIdNo" label={labels.unescoIdNo!} inputMode="numeric" dir="ltr" />
          <TextField
            name="countryCodes"
            label={labels.countryCodes!}
            hint={t('hints.countryCodes')}
            required
            dir="ltr"
          />
          <TextField name="statesName" label={labels.statesName!} hint={t('hints.statesName')} lang="en" />
          <TextField name="statesNameAr" label={labels.statesNameAr!} dir="rtl" lang="ar" />
          <TextField name="latitude" label={labels.latitude!} inputMode="decimal" dir="ltr" />
          <TextField name="longitude" label={labels.longitude!} inputMode="decimal" dir="ltr" />
          <TextField name="yearInscribed" label={labels.yearInscribed!} inputMode="numeric" dir="ltr" />
          <TextField name="criteria" label={labels.criteria!} hint={t('hints.criteria')} dir="ltr" />
          <CheckboxField name="inDanger" label={labels.inDanger!} />
          <TextField name="inDangerSince" label={labels.inDangerSince!} inputMode="numeric" dir="ltr" />
          <TextField name="wikidataQid" label={labels.wikidataQid!} hint={t('hints.wikidata')} dir="ltr" />
        </fieldset>
        <fieldset>
          <legend>{t('sections.description')}</legend>
          <TextArea name="description" label={labels.description!} rows={5} lang="en" />
          <TextArea name="descriptionAr" label={labels.descriptionAr!} rows={5} dir="rtl" lang="ar" />
        </fieldset>
        <SubmitButton>{submitLabel}</SubmitButton>
      </form>
    </FormStateProvider>
  );
}
