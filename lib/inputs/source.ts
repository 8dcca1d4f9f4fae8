import { z } from 'zod';
import { sourceTypes } from '../vocab';
import { issuesToFieldErrors, type Parsed } from '../forms';
import { LANG_TAG, choice, optionalDay, optionalPattern, optionalText, optionalUrl, requiredText } from './fields';

export const SourceInput = z.object({
  title: requiredText(500),
  publisher: optionalText(200),
  url: optionalUrl,
  archivedUrl: optionalUrl,
  publishedDate: optionalDay,
  sourceType: choice(sourceTypes.codes),
  language: optionalPattern(35, LANG_TAG, 'langFormat'),
});
export type SourceData = z.infer<typeof SourceInput>;

export function parseSourceForm(values: Record<string, string>, prefix = ''): Parsed<SourceData> {
  const raw = Object.fromEntries(Object.keys(SourceInput.shape).map((k) => [k, values[`${prefix}${k}`] ?? '']));
  const parsed = SourceInput.safeParse(raw);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, fieldErrors: issuesToFieldErrors(parsed.error.issues, prefix) };
}

export function sourceFormValues(s: Partial<Record<keyof SourceData, unknown>>): Record<string, string> {
  const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  return Object.fromEntries(Object.keys(SourceInput.shape).map((k) => [k, str(s[k as keyof SourceData])]));
}

