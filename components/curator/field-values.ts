import { formatCountries, formatTimestamp, languageName } from '@/lib/i18n-format';
import { formatEventDate } from '@/lib/dates';
import { vocabLabel, vocabularies, type DatePrecision, type VocabularyName } from '@/lib/vocab';
import type { RecordNames } from '@/db/queries/curator-lookup';

export type { RecordNames };

/**
 * Values as curators read them in tables, histories and conflict views: vocabulary labels, Yes/No, names of the
 * records an id points at, country and language names, never the stored codes. Plain functions (no hooks), for
 * server pages and client forms alike.
 */

/** Fields whose value is a vocabulary code, in records and in forms. */
export const VOCABULARY_FIELDS: Record<string, VocabularyName> = {
  kind: 'monumentKind',
  damageLevel: 'damageLevel',
  statusLevel: 'damageLevel',
  cause: 'damageCause',
  certainty: 'certainty',
  verificationStatus: 'verificationStatus',
  reviewState: 'reviewState',
  sourceType: 'sourceType',
  stance: 'stance',
  eventDatePrecision: 'datePrecision',
  statusBasis: 'statusBasis',
  role: 'userRole',
};

/** Yes/no fields: booleans in records, checkboxes in forms ("on" or nothing). */
export const BOOLEAN_FIELDS = new Set(['inDanger', 'approximate', 'publish']);

const TIMESTAMP_FIELDS = new Set(['deletedAt', 'createdAt', 'updatedAt', 'disabledAt']);

/** Words a value may need: the form-independent ones, from the curator catalog. */
export interface ValueWords {
  yes: string;
  no: string;
  none: string;
  source: (id: number) => string;
  record: (id: number) => string;
}

const isVocabularyCode = (name: VocabularyName, value: string) =>
  (vocabularies[name].codes as readonly string[]).includes(value);

/** A stored record's field (a revision snapshot's value) as text. */
export function recordValueText(
  field: string,
  value: unknown,
  locale: string,
  words: ValueWords,
  names: RecordNames = {},
  vocabularyFields: Record<string, VocabularyName> = {},
): string {
  if (value === null || value === undefined || value === '') return words.none;
  if (typeof value === 'boolean') return value ? words.yes : words.no;
  const vocabulary = vocabularyFields[field] ?? VOCABULARY_FIELDS[field];
  if (vocabulary && typeof value === 'string') return vocabLabel(vocabulary, value, locale);
  if (field in names && typeof value === 'number')
    return names[field as keyof RecordNames]?.get(value) ?? words.record(value);
  if (field === 'countryCodes' && typeof value === 'string') return formatCountries(value, locale);
  if (TIMESTAMP_FIELDS.has(field) && typeof value === 'string') return formatTimestamp(value, locale);
  if (Array.isArray(value)) {
    if (value.length === 0) return words.none;
    return value
      .map((v) => {
        if (v && typeof v === 'object' && 'lang' in v && 'name' in v)
          return `${String(v.name)} (${languageName(String(v.lang), locale)})`;
        if (v && typeof v === 'object' && 'sourceId' in v) {
          const c = v as { sourceId: number; stance: string; quote?: string | null };
          const title = names.sourceId?.get(c.sourceId) ?? words.source(c.sourceId);
          return `${title} (${vocabLabel('stance', c.stance, locale)})${c.quote ? `: “${c.quote}”` : ''}`;
        }
        return JSON.stringify(v);
      })
      .join('; ');
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * A form's field as the conflict table shows it (values as typed: strings, "on" for a ticked box). Repeated groups
 * arrive as "a · b · c" per row, rows joined by "; " (lib/conflict.ts): their codes and source numbers are labelled
 * part by part.
 */
export function formValueText(
  field: string,
  value: string,
  locale: string,
  words: ValueWords,
  names: RecordNames = {},
  vocabularyFields: Record<string, VocabularyName> = {},
): string {
  if (BOOLEAN_FIELDS.has(field)) return value === 'on' || value === 'true' || value === '1' ? words.yes : words.no;
  if (value === '') return words.none;
  const vocabulary = vocabularyFields[field] ?? VOCABULARY_FIELDS[field];
  if (vocabulary) return vocabLabel(vocabulary, value, locale);
  if (field in names && /^\d+$/.test(value))
    return names[field as keyof RecordNames]?.get(Number(value)) ?? words.record(Number(value));
  if (field === 'countryCodes')
    return formatCountries(
      value
        .toUpperCase()
        .split(/[\s,;]+/)
        .join(','),
      locale,
    );
  if (field === 'citations') {
    return value
      .split('; ')
      .map((row) =>
        row
          .split(' · ')
          .map((part, i) => {
            if (i === 0 && /^\d+$/.test(part)) return names.sourceId?.get(Number(part)) ?? words.source(Number(part));
            if (isVocabularyCode('stance', part)) return vocabLabel('stance', part, locale);
            if (isVocabularyCode('sourceType', part)) return vocabLabel('sourceType', part, locale);
            return part;
          })
          .join(' · '),
      )
      .join('; ');
  }
  return value;
}

/** "Aug 2015, Destroyed": a report as a short choice label. */
export function reportGist(
  r: { eventDate: string | null; eventDateEnd: string | null; eventDatePrecision: DatePrecision; damageLevel: string },
  locale: string,
): string {
  return `${formatEventDate(r, locale)}, ${vocabLabel('damageLevel', r.damageLevel, locale)}`;
}

/** A monument as the picker shows it: its name in the page's language, then its site's. */
export function monumentChoiceLabel(
  m: { name: string; nameAr: string | null; siteName: string; siteNameAr: string | null },
  locale: string,
): string {
  return locale === 'ar' ? `${m.nameAr ?? m.name} — ${m.siteNameAr ?? m.siteName}` : `${m.name} — ${m.siteName}`;
}

/** The monument's name in the other language, when it has one and it differs (shown beside a choice). */
export function monumentOtherName(m: { name: string; nameAr: string | null }, locale: string): string | undefined {
  const other = locale === 'ar' ? m.name : m.nameAr;
  return other && other !== (locale === 'ar' ? m.nameAr : m.name) ? other : undefined;
}

/** A site as the picker shows it: its name in the page's language, then its countries' codes. */
export function siteChoiceLabel(
  s: { name: string; nameAr: string | null; countryCodes: string },
  locale: string,
): string {
  return `${locale === 'ar' ? (s.nameAr ?? s.name) : s.name} (${s.countryCodes.split(',').join(', ')})`;
}

/** The site's name in the other language, when it has one and it differs (shown beside a choice). */
export const siteOtherName = monumentOtherName;

/** A source as the picker shows it. */
export const sourceChoiceLabel = (s: { title: string; publisher: string | null }) =>
  s.publisher ? `${s.title} — ${s.publisher}` : s.title;
