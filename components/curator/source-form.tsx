'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { initialFormState, type FormState } from '@/lib/forms';
import { sourceTypes, vocabLabel } from '@/lib/vocab';
import { FormStateProvider, RecordFormHead, SelectField, SubmitButton, TextField } from './form-kit';
import { useFieldLabels } from './labels';

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

/** The fields in the order the form shows them (the problem summary and the conflict table follow it). */
const SOURCE_ORDER = [
  'title',
  'publisher',
  'sourceType',
  'url',
  'archivedUrl',
  'citationDetail',
  'publishedDate',
  'language',
];

/** The fields of a source; `prefix` places them inside a report's citation row ("citations.2."). */
export function SourceFields({
  prefix = '',
  locale,
  labels,
}: {
  prefix?: string;
  locale: string;
  labels: Record<string, string>;
}) {
  const t = useTranslations('curator');
  return (
    <>
      <TextField name={`${prefix}title`} label={labels.title!} required dir="auto" />
      <TextField name={`${prefix}publisher`} label={labels.publisher!} dir="auto" />
      <SelectField
        name={`${prefix}sourceType`}
        label={labels.sourceType!}
        required
        placeholder={t('form.choose')}
        options={sourceTypes.terms.map((s) => ({ value: s.code, label: vocabLabel('sourceType', s.code, locale) }))}
      />
      <TextField name={`${prefix}url`} label={labels.url!} type="url" dir="ltr" />
      <TextField
        name={`${prefix}archivedUrl`}
        label={labels.archivedUrl!}
        type="url"
        dir="ltr"
        hint={t('hints.archivedUrl')}
      />
      <TextField
        name={`${prefix}citationDetail`}
        label={labels.citationDetail!}
        dir="auto"
        hint={t('hints.citationDetail')}
      />
      <TextField name={`${prefix}publishedDate`} label={labels.publishedDate!} hint={t('hints.day')} dir="ltr" />
      <TextField name={`${prefix}language`} label={labels.language!} hint={t('hints.lang')} dir="ltr" />
    </>
  );
}

export function SourceForm({
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
  const labels = useFieldLabels();
  return (
    <FormStateProvider value={state}>
      <form action={formAction} key={state.submission} noValidate className="record-form">
        <RecordFormHead labels={labels} locale={locale} options={{ order: SOURCE_ORDER }} />
        <SourceFields locale={locale} labels={labels} />
        <SubmitButton>{submitLabel}</SubmitButton>
      </form>
    </FormStateProvider>
  );
}
