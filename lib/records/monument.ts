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
import { getSiteById } from '../../db/queries/sites';
import { getMonumentById, insertMonument, updateMonument } from '../../db/queries/monuments';
import { hasRole } from '../auth/roles';
import { written, type RecordModule } from './module';
import { codeField, textField, valueField, type FieldSpec } from '../import/fields';

export const MonumentInput = z
  .object({
    siteId: requiredId,
    name: requiredText(200),
    nameAr: optionalText(200),
    slug: optionalPattern(100, SLUG, 'slugFormat'),
    kind: choice(monumentKinds.codes),
    period: optionalText(200),
    dateBuilt: optionalText(100),
    latitude: optionalNumber(-90, 90),
    longitude: optionalNumber(-180, 180),
    wikidataQid: optionalPattern(20, /^Q\d+$/, 'wikidataFormat'),
    pleiadesId: optionalPattern(20, /^\d+$/, 'pleiadesFormat'),
    description: optionalText(10_000),
    descriptionAr: optionalText(10_000),
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
    kind: str(m.kind),
    period: str(m.period),
    dateBuilt: str(m.dateBuilt),
    latitude: str(m.latitude),
    longitude: str(m.longitude),
    wikidataQid: str(m.wikidataQid),
    pleiadesId: str(m.pleiadesId),
    description: str(m.description),
    descriptionAr: str(m.descriptionAr),
  };
  (m.altNames ?? []).forEach((a, i) => {
    out[`altNames.${i}.name`] = a.name;
    out[`altNames.${i}.lang`] = a.lang;
  });
  return out;
}

/** Monuments: editors create them; contributors' edits are proposals. Alternative names travel with the record. */
export const monumentRecord: RecordModule<MonumentData & { altNames: AltNameData[] }> = {
  type: 'monument',
  folder: 'monuments',
  createRole: 'editor',
  uniqueFields: { 'monuments.slug': 'slug' },
  parseForm: parseMonumentForm,
  formValues: monumentFormValues,
  referenceErrors: (db, data): FieldErrors => {
    const site = getSiteById(db, data.siteId);
    return site && !site.deletedAt ? {} : { siteId: ['unknownSite'] };
  },
  get: getMonumentById,
  create: (tx, { altNames, ...input }, curator) => ({
    id: insertMonument(tx, input, altNames, { userId: curator.id }).id,
    saved: 'created',
  }),
  writesDirectly: (curator) => hasRole(curator.role, 'editor'),
  update: (tx, id, version, { altNames, ...input }, curator) =>
    written(updateMonument(tx, id, version, input, altNames, { userId: curator.id })),
  proposal: (_tx, { altNames, ...input }) => ({ values: input, altNames }),
};

/** The importer's columns of a monument (alternative names and the site are read by the importer itself). */
export const monumentFields: readonly FieldSpec[] = [
  valueField('slug', 'slug', MonumentInput.in.shape.slug),
  textField('name', 'name', MonumentInput.in.shape.name, { required: true }),
  textField('name_ar', 'nameAr', MonumentInput.in.shape.nameAr),
  codeField('kind', 'kind', monumentKinds.terms, { required: true }),
  textField('period', 'period', MonumentInput.in.shape.period),
  textField('date_built', 'dateBuilt', MonumentInput.in.shape.dateBuilt),
  valueField('latitude', 'latitude', MonumentInput.in.shape.latitude),
  valueField('longitude', 'longitude', MonumentInput.in.shape.longitude),
  valueField('wikidata_qid', 'wikidataQid', MonumentInput.in.shape.wikidataQid),
  textField('pleiades_id', 'pleiadesId', MonumentInput.in.shape.pleiadesId),
  textField('description', 'description', MonumentInput.in.shape.description),
  textField('description_ar', 'descriptionAr', MonumentInput.in.shape.descriptionAr),
];
