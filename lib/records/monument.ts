import { z } from 'zod';
import { placeRules } from './rules';
import { monumentKinds } from '../vocab';
import { addError, issuesToFieldErrors, readRows, type FieldErrors, type Parsed } from '../forms';
import {
  LANG_TAG,
  SLUG,
  choice,
  optionalNumber,
  optionalPattern,
  optionalText,
  pick,
  requiredId,
  requiredText,
  text,
} from '../inputs/fields';
import { textField, valueField, type FieldSpec } from '../import/fields';
import { plainField, plainFormFields, plainImportSpec, plainShape, plainVocabularies } from './plain-fields';

const d = (en: string, ar: string) => ({ en, ar });

/**
 * The monument's plain fields, in the order of the form (within each of its sections), the export and the import.
 * Adding one here (with its column in db/schema.ts and its label in messages/{en,ar}/curator.json) is all a new
 * field needs: docs/data-model.md, "Adding a field to monuments".
 */
export const monumentPlainFields = [
  plainField({
    key: 'kind',
    column: 'kind',
    schema: choice(monumentKinds.codes),
    required: true,
    section: 'names',
    widget: { type: 'select', vocabulary: 'monumentKind' },
    export: { type: 'code', description: d('Kind of monument.', 'نوع المعلم.') },
  }),
  plainField({
    key: 'period',
    column: 'period',
    schema: optionalText(200),
    section: 'identity',
    widget: { type: 'text' },
    export: {
      type: 'string',
      role: 'text',
      description: d(
        'Period, as free text (e.g. "Roman (1st century AD)").',
        'الحقبة، نصاً حراً (مثل "روماني، القرن الأول الميلادي").',
      ),
    },
  }),
  plainField({
    key: 'periodAr',
    column: 'period_ar',
    schema: optionalText(200),
    section: 'identity',
    widget: { type: 'text', dir: 'rtl', lang: 'ar' },
    export: {
      type: 'string',
      role: 'text',
      description: d(
        'Period in Arabic, as free text, where known (shown on Arabic pages instead of period).',
        'الحقبة بالعربية، نصاً حراً، إن عُرفت (تظهر في الصفحات العربية بدلاً من الحقبة بالإنجليزية).',
      ),
    },
  }),
  plainField({
    key: 'dateBuilt',
    column: 'date_built',
    schema: optionalText(100),
    section: 'identity',
    widget: { type: 'text' },
    export: {
      type: 'string',
      role: 'text',
      description: d('When it was built, as free text.', 'تاريخ البناء، نصاً حراً.'),
    },
  }),
  plainField({
    key: 'dateBuiltAr',
    column: 'date_built_ar',
    schema: optionalText(100),
    section: 'identity',
    widget: { type: 'text', dir: 'rtl', lang: 'ar' },
    export: {
      type: 'string',
      role: 'text',
      description: d(
        'When it was built, in Arabic, where known (shown on Arabic pages instead of date_built).',
        'تاريخ البناء بالعربية، إن عُرف (يظهر في الصفحات العربية بدلاً من تاريخ البناء بالإنجليزية).',
      ),
    },
  }),
  plainField({
    key: 'latitude',
    column: 'latitude',
    schema: optionalNumber(-90, 90),
    section: 'identity',
    widget: { type: 'number' },
    export: {
      type: 'number',
      description: d('Latitude in decimal degrees, WGS 84.', 'خط العرض بالدرجات العشرية، WGS 84.'),
    },
  }),
  plainField({
    key: 'longitude',
    column: 'longitude',
    schema: optionalNumber(-180, 180),
    section: 'identity',
    widget: { type: 'number' },
    export: {
      type: 'number',
      description: d('Longitude in decimal degrees, WGS 84.', 'خط الطول بالدرجات العشرية، WGS 84.'),
    },
  }),
  plainField({
    key: 'wikidataQid',
    column: 'wikidata_qid',
    schema: optionalPattern(20, /^Q\d+$/, 'wikidataFormat'),
    section: 'identity',
    widget: { type: 'text', dir: 'ltr', hint: 'wikidata' },
    export: {
      type: 'string',
      role: 'identifier',
      description: d('Wikidata item, e.g. Q1129328.', 'عنصر ويكي بيانات، مثل Q1129328.'),
    },
  }),
  plainField({
    key: 'pleiadesId',
    column: 'pleiades_id',
    schema: optionalPattern(20, /^\d+$/, 'pleiadesFormat'),
    section: 'identity',
    widget: { type: 'text', dir: 'ltr', inputMode: 'numeric' },
    export: {
      type: 'string',
      role: 'text',
      description: d('Pleiades place identifier (pleiades.stoa.org/places/{id}).', 'معرّف المكان في Pleiades.'),
    },
  }),
  plainField({
    key: 'description',
    column: 'description',
    schema: optionalText(10_000),
    section: 'description',
    widget: { type: 'textarea', rows: 5, lang: 'en' },
    export: { type: 'string', role: 'text', description: d('Description in English.', 'الوصف بالإنجليزية.') },
  }),
  plainField({
    key: 'descriptionAr',
    column: 'description_ar',
    schema: optionalText(10_000),
    section: 'description',
    widget: { type: 'textarea', rows: 5, dir: 'rtl', lang: 'ar' },
    export: { type: 'string', role: 'text', description: d('Description in Arabic.', 'الوصف بالعربية.') },
  }),
] as const;

/** What the monument form renders of its plain fields (passed to the client form by its pages). */
export const monumentFormFields = plainFormFields(monumentPlainFields);

/** Monument fields holding vocabulary codes, so histories and reviews show their labels. */
export const monumentVocabularyFields = plainVocabularies(monumentPlainFields);

export const MonumentInput = z
  .object({
    siteId: requiredId,
    name: requiredText(200),
    nameAr: optionalText(200),
    slug: optionalPattern(100, SLUG, 'slugFormat'),
    ...plainShape(monumentPlainFields),
  })
  .transform((v, ctx) => {
    const slug = placeRules(v, ctx);
    return { ...v, slug };
  });
export type MonumentData = z.infer<typeof MonumentInput>;

/** One alternative name with its BCP 47 language tag ("ar", "ar-Latn", "fr"). */
export const AltNameInput = z.object({
  name: requiredText(200),
  lang: text(35)
    .min(1, 'required')
    .refine((v) => LANG_TAG.test(v), 'langFormat'),
});
export type AltNameData = z.infer<typeof AltNameInput>;

/** More alternative names than any monument has: a longer list is refused, not read. */
export const MAX_ALT_NAMES = 50;

export function parseMonumentForm(values: Record<string, string>): Parsed<MonumentData & { altNames: AltNameData[] }> {
  const parsed = MonumentInput.safeParse(pick(MonumentInput.in, values));
  const errors: FieldErrors = parsed.success ? {} : issuesToFieldErrors(parsed.error.issues);
  const altNames: AltNameData[] = [];
  const seen = new Set<string>();
  const rows = readRows(values, 'altNames');
  if (rows.length > MAX_ALT_NAMES) {
    addError(errors, 'altNames', 'tooMany');
    return { ok: false, fieldErrors: errors };
  }
  for (const { index, row } of rows) {
    const raw = pick(AltNameInput, row);
    if (!raw.name!.trim() && !raw.lang!.trim()) continue; // an empty row is ignored
    const alt = AltNameInput.safeParse(raw);
    if (!alt.success) {
      Object.assign(errors, issuesToFieldErrors(alt.error.issues, `altNames.${index}.`));
      continue;
    }
    const key = `${alt.data.lang}\u0000${alt.data.name}`;
    if (seen.has(key)) {
      addError(errors, `altNames.${index}.name`, 'duplicate');
      continue;
    }
    seen.add(key);
    altNames.push(alt.data);
  }
  if (!parsed.success || Object.keys(errors).length) return { ok: false, fieldErrors: errors };
  return { ok: true, data: { ...parsed.data, altNames } };
}

export function monumentFormValues(
  m: Partial<Record<keyof MonumentData, unknown>> & { altNames?: { name: string; lang: string }[] },
): Record<string, string> {
  const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const out: Record<string, string> = {
    siteId: str(m.siteId),
    name: str(m.name),
    nameAr: str(m.nameAr),
    slug: str(m.slug),
  };
  for (const f of monumentPlainFields) out[f.key] = str(m[f.key]);
  (m.altNames ?? []).forEach((a, i) => {
    out[`altNames.${i}.name`] = a.name;
    out[`altNames.${i}.lang`] = a.lang;
  });
  return out;
}

/** The importer's columns of a monument (alternative names and the site are read by the importer itself). */
export const monumentFields: readonly FieldSpec[] = [
  valueField('slug', 'slug', MonumentInput.in.shape.slug),
  textField('name', 'name', MonumentInput.in.shape.name, { required: true }),
  textField('name_ar', 'nameAr', MonumentInput.in.shape.nameAr),
  ...monumentPlainFields.map(plainImportSpec),
];
