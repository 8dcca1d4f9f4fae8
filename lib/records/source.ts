import { z } from 'zod';
import { sourceTypes } from '../vocab';
import { issuesToFieldErrors, type Parsed } from '../forms';
import {
  LANG_TAG,
  choice,
  optionalDay,
  optionalPattern,
  optionalText,
  optionalUrl,
  requiredText,
} from '../inputs/fields';
import { getSourceById, insertSource, updateSource } from '../../db/queries/sources';
import { hasRole } from '../auth/roles';
import { written, type RecordModule } from './module';
import { codeField, textField, valueField, type FieldSpec } from '../import/fields';

export const SourceInput = z.object({
  title: requiredText(500),
  publisher: optionalText(200),
  url: optionalUrl,
  archivedUrl: optionalUrl,
  publishedDate: optionalDay,
  sourceType: choice(sourceTypes.codes),
  language: optionalPattern(35, LANG_TAG, 'langFormat'),
  /** A page, broadcast time or archive identifier: how a reader finds a source that has no web address. */
  citationDetail: optionalText(500),
});
export type SourceData = z.infer<typeof SourceInput>;

export function parseSourceForm(values: Record<string, string>, prefix = ''): Parsed<SourceData> {
  const raw = Object.fromEntries(Object.keys(SourceInput.shape).map((k) => [k, values[`${prefix}${k}`] ?? '']));
  const parsed = SourceInput.safeParse(raw);
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, fieldErrors: issuesToFieldErrors(parsed.error.issues, prefix) };
}

export function sourceFormValues(s: Partial<Record<keyof SourceData, unknown>>): Record<string, string> {
  const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  return Object.fromEntries(Object.keys(SourceInput.shape).map((k) => [k, str(s[k as keyof SourceData])]));
}

/** Sources: any curator adds one (it becomes public only when a published report cites it); edits by contributors are proposals. */
export const sourceRecord: RecordModule<SourceData> = {
  type: 'source',
  folder: 'sources',
  createRole: 'contributor',
  uniqueFields: {},
  parseForm: (values) => parseSourceForm(values),
  formValues: sourceFormValues,
  referenceErrors: () => ({}),
  get: getSourceById,
  create: (tx, data, curator) => ({ id: insertSource(tx, data, { userId: curator.id }).id, saved: 'created' }),
  writesDirectly: (curator) => hasRole(curator.role, 'editor'),
  update: (tx, id, version, data, curator) => written(updateSource(tx, id, version, data, { userId: curator.id })),
  proposal: (_tx, data) => ({ values: data }),
};

/** The importer's columns of a source. */
export const sourceFields: readonly FieldSpec[] = [
  textField('title', 'title', SourceInput.shape.title, { required: true }),
  textField('publisher', 'publisher', SourceInput.shape.publisher),
  valueField('url', 'url', SourceInput.shape.url),
  valueField('archived_url', 'archivedUrl', SourceInput.shape.archivedUrl),
  valueField('published_date', 'publishedDate', SourceInput.shape.publishedDate),
  codeField('source_type', 'sourceType', sourceTypes.terms, { required: true }),
  valueField('language', 'language', SourceInput.shape.language),
  textField('citation_detail', 'citationDetail', SourceInput.shape.citationDetail),
];

/** A source a reader cannot follow: no web address and no archived copy (the form then asks for a citation detail). */
export function isUnlinkedSource(s: { url?: string | null; archivedUrl?: string | null }): boolean {
  return !s.url && !s.archivedUrl;
}
