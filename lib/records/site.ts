import { z } from 'zod';
import { inDangerSince, placeRules } from './rules';
import { issuesToFieldErrors, type Parsed } from '../forms';
import {
  SLUG,
  checkbox,
  optionalInt,
  optionalNumber,
  optionalPattern,
  optionalText,
  pick,
  requiredText,
  text,
} from '../inputs/fields';
import { getSiteById, insertSite, updateSite } from '../../db/queries/sites';
import { hasRole } from '../auth/roles';
import { written, type RecordModule } from './module';
import { booleanField, textField, valueField, type FieldSpec } from '../import/fields';

export const SiteInput = z
  .object({
    name: requiredText(200),
    nameAr: optionalText(200),
    nameFr: optionalText(200),
    slug: optionalPattern(100, SLUG, 'slugFormat'),
    unescoIdNo: optionalInt(1, 99_999),
    // Empty only with UNESCO's states text to say where the site is (checked below): a code is never invented.
    countryCodes: text(60).transform((v, ctx) => {
      const codes = [
        ...new Set(
          v
            .toUpperCase()
            .split(/[\s,;]+/)
            .filter(Boolean),
        ),
      ];
      if (codes.some((c) => !/^[A-Z]{2}$/.test(c))) {
        ctx.addIssue({ code: 'custom', message: 'countryCodes' });
        return z.NEVER;
      }
      return codes.join(',');
    }),
    statesName: optionalText(500),
    statesNameAr: optionalText(500),
    latitude: optionalNumber(-90, 90),
    longitude: optionalNumber(-180, 180),
    yearInscribed: optionalInt(1978, 2100),
    criteria: optionalText(60),
    inDanger: checkbox,
    inDangerSince: optionalInt(1978, 2100),
    wikidataQid: optionalPattern(20, /^Q\d+$/, 'wikidataFormat'),
    description: optionalText(10_000),
    descriptionAr: optionalText(10_000),
  })
  .transform((v, ctx) => {
    const slug = placeRules(v, ctx);
    if (!v.countryCodes && !v.statesName) ctx.addIssue({ code: 'custom', message: 'required', path: ['countryCodes'] });
    return { ...v, slug, inDangerSince: inDangerSince(v.inDanger, v.inDangerSince) };
  });
export type SiteData = z.infer<typeof SiteInput>;

export function parseSiteForm(values: Record<string, string>): Parsed<SiteData> {
  const parsed = SiteInput.safeParse(pick(SiteInput.in, values));
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, fieldErrors: issuesToFieldErrors(parsed.error.issues) };
}

/** A site row as form values (edit forms, conflict tables). */
export function siteFormValues(s: Partial<Record<keyof SiteData, unknown>>): Record<string, string> {
  const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  return {
    name: str(s.name),
    nameAr: str(s.nameAr),
    nameFr: str(s.nameFr),
    slug: str(s.slug),
    unescoIdNo: str(s.unescoIdNo),
    countryCodes: str(s.countryCodes),
    statesName: str(s.statesName),
    statesNameAr: str(s.statesNameAr),
    latitude: str(s.latitude),
    longitude: str(s.longitude),
    yearInscribed: str(s.yearInscribed),
    criteria: str(s.criteria),
    inDanger: s.inDanger ? 'on' : '',
    inDangerSince: str(s.inDangerSince),
    wikidataQid: str(s.wikidataQid),
    description: str(s.description),
    descriptionAr: str(s.descriptionAr),
  };
}

/** Sites: editors create them (published at once: sites carry no review state); contributors' edits are proposals. */
export const siteRecord: RecordModule<SiteData> = {
  type: 'site',
  folder: 'sites',
  createRole: 'editor',
  uniqueFields: { 'sites.slug': 'slug', 'sites.unesco_id_no': 'unescoIdNo' },
  parseForm: parseSiteForm,
  formValues: siteFormValues,
  referenceErrors: () => ({}),
  get: getSiteById,
  create: (tx, data, curator) => ({ id: insertSite(tx, data, { userId: curator.id }).id, saved: 'created' }),
  writesDirectly: (curator) => hasRole(curator.role, 'editor'),
  update: (tx, id, version, data, curator) => written(updateSite(tx, id, version, data, { userId: curator.id })),
  proposal: (_tx, data) => ({ values: data }),
};

/** The importer's columns of a site (site_id, url and the timestamps are never written) */
export const siteFields: readonly FieldSpec[] = [
  valueField('slug', 'slug', SiteInput.in.shape.slug),
  valueField('unesco_id_no', 'unescoIdNo', SiteInput.in.shape.unescoIdNo),
  textField('name', 'name', SiteInput.in.shape.name, { required: true }),
  textField('name_ar', 'nameAr', SiteInput.in.shape.nameAr),
  textField('name_fr', 'nameFr', SiteInput.in.shape.nameFr),
  // A code or UNESCO's states text: the sites planner checks the pair (lib/import/records.ts).
  valueField('country_codes', 'countryCodes', SiteInput.in.shape.countryCodes, { fallback: '' }),
  textField('states_name', 'statesName', SiteInput.in.shape.statesName),
  textField('states_name_ar', 'statesNameAr', SiteInput.in.shape.statesNameAr),
  valueField('latitude', 'latitude', SiteInput.in.shape.latitude),
  valueField('longitude', 'longitude', SiteInput.in.shape.longitude),
  valueField('year_inscribed', 'yearInscribed', SiteInput.in.shape.yearInscribed),
  textField('criteria', 'criteria', SiteInput.in.shape.criteria),
  booleanField('in_danger', 'inDanger'),
  valueField('in_danger_since', 'inDangerSince', SiteInput.in.shape.inDangerSince),
  valueField('wikidata_qid', 'wikidataQid', SiteInput.in.shape.wikidataQid),
  textField('description', 'description', SiteInput.in.shape.description),
  textField('description_ar', 'descriptionAr', SiteInput.in.shape.descriptionAr),
];
