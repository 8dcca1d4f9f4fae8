'use client';

import { useMessages, useTranslations } from 'next-intl';

/** Every field's label, by field name (forms, error summaries and conflict tables share them). */
export function useFieldLabels(): Record<string, string> {
  const t = useTranslations('curator.fields');
  const messages = useMessages() as { curator?: { fields?: Record<string, string> } };
  return Object.fromEntries(Object.keys(messages.curator?.fields ?? {}).map((k) => [k, t(k)]));
}
