import type { MonumentHit, SearchMatch, SiteHit } from '@/db/queries/search';
import type { getMonumentBySlug } from '@/db/queries/monuments';
import type { PublishedReport } from '@/db/queries/reports';
import type { Site } from '@/db/schema';
import type { Evidence } from '@/db/queries/evidence-images';
import { evidenceFormats, evidenceUrl, evidenceVariants } from './evidence-images/kinds';
import { bboxParam, type Filters } from './filters';
import { config } from './config';
import { excerptHtml, excerptText } from './search-text';

/**
 * The JSON API's representation of records: snake_case field names that are part of the API contract (docs/api.md,
 * "JSON API"). Change them only by adding fields; renaming or removing one breaks researchers' scripts.
 */
const base = () => config().PUBLIC_BASE_URL.replace(/\/$/, '');
const codes = (countryCodes: string) => countryCodes.split(',').filter(Boolean);

export function monumentSummaryJson(m: MonumentHit) {
  return {
    slug: m.slug,
    name: m.name,
    name_ar: m.nameAr,
    kind: m.kind,
    status: { level: m.statusLevel, basis: m.statusBasis },
    latest_event_date: m.latestEventDate,
    latitude: m.latitude,
    longitude: m.longitude,
    wikidata_qid: m.wikidataQid,
    site: { slug: m.siteSlug, name: m.siteName, name_ar: m.siteNameAr, country_codes: codes(m.countryCodes) },
    url: `${base()}/monuments/${m.slug}`,
    api_url: `${base()}/api/v1/monuments/${m.slug}`,
  };
}

function sourceJson(s: PublishedReport['sources'][number]) {
  return {
    id: s.id,
    stance: s.stance,
    quote: s.quote,
    title: s.title,
    publisher: s.publisher,
    source_type: s.sourceType,
    url: s.url,
    archived_url: s.archivedUrl,
    published_date: s.publishedDate,
    language: s.language,
    citation_detail: s.citationDetail,
  };
}

/** An evidence image of a report: its facts, and the address of every variant in every format. */
export function evidenceJson(e: Evidence) {
  return {
    id: e.id,
    kind: e.kind,
    caption: e.captionEn,
    caption_ar: e.captionAr,
    alt_text: e.altText,
    credit: e.credit,
    licence: e.licence,
    taken_date: e.takenDate,
    source_id: e.sourceId,
    width: e.width,
    height: e.height,
    sha256: e.sha256,
    urls: Object.fromEntries(
      evidenceVariants.map((v) => [
        v,
        {
          width: e.variants[v].width,
          height: e.variants[v].height,
          ...Object.fromEntries(evidenceFormats.map((f) => [f, `${base()}${evidenceUrl(e.sha256, v, f)}`])),
        },
      ]),
    ),
  };
}

export function reportJson(r: PublishedReport, evidence: Evidence[] = []) {
  return {
    id: r.id,
    event_date: r.eventDate,
    event_date_end: r.eventDateEnd,
    event_date_precision: r.eventDatePrecision,
    reported_date: r.reportedDate,
    damage_level: r.damageLevel,
    cause: r.cause,
    reported_actor: r.reportedActor,
    summary: r.summary,
    summary_ar: r.summaryAr,
    certainty: r.certainty,
    verification_status: r.verificationStatus,
    contested: r.sources.some((s) => s.stance === 'disputes'),
    updated_at: r.updatedAt,
    sources: r.sources.map(sourceJson),
    evidence: evidence.map(evidenceJson),
  };
}

type MonumentDetail = NonNullable<ReturnType<typeof getMonumentBySlug>>;

export function monumentDetailJson(
  m: MonumentDetail,
  reports: PublishedReport[],
  evidence: Map<number, Evidence[]> = new Map(),
) {
  const lastChanged = [m.updatedAt, ...reports.map((r) => r.updatedAt)].sort().at(-1)!;
  return {
    slug: m.slug,
    name: m.name,
    name_ar: m.nameAr,
    alt_names: m.altNames.map((a) => ({ name: a.name, lang: a.lang })),
    kind: m.kind,
    period: m.period,
    date_built: m.dateBuilt,
    period_ar: m.periodAr,
    date_built_ar: m.dateBuiltAr,
    description: m.description,
    description_ar: m.descriptionAr,
    status: { level: m.statusLevel, basis: m.statusBasis, report_id: m.statusReportId },
    latest_event_date: m.latestEventDate,
    latitude: m.latitude,
    longitude: m.longitude,
    wikidata_qid: m.wikidataQid,
    pleiades_id: m.pleiadesId,
    site: {
      slug: m.site.slug,
      name: m.site.name,
      name_ar: m.site.nameAr,
      country_codes: codes(m.site.countryCodes),
      unesco_id_no: m.site.unescoIdNo,
      in_danger: m.site.inDanger,
      in_danger_since: m.site.inDangerSince,
      api_url: `${base()}/api/v1/sites/${m.site.slug}`,
    },
    last_changed: lastChanged,
    url: `${base()}/monuments/${m.slug}`,
    api_url: `${base()}/api/v1/monuments/${m.slug}`,
    reports: reports.map((r) => reportJson(r, evidence.get(r.id))),
  };
}

export function siteSummaryJson(s: SiteHit) {
  return {
    slug: s.slug,
    unesco_id_no: s.unescoIdNo,
    name: s.name,
    name_ar: s.nameAr,
    name_fr: s.nameFr,
    country_codes: codes(s.countryCodes),
    // UNESCO's own wording of the States Parties: the only "where" of a site UNESCO lists under no code.
    states_name: s.statesName,
    states_name_ar: s.statesNameAr,
    latitude: s.latitude,
    longitude: s.longitude,
    in_danger: s.inDanger,
    in_danger_since: s.inDangerSince,
    wikidata_qid: s.wikidataQid,
    monument_count: s.monumentCount,
    damaged_count: s.damagedCount,
    url: `${base()}/sites/${s.slug}`,
    api_url: `${base()}/api/v1/sites/${s.slug}`,
  };
}

export function siteDetailJson(s: Site, monuments: MonumentHit[]) {
  return {
    slug: s.slug,
    unesco_id_no: s.unescoIdNo,
    unesco_url: s.unescoIdNo != null ? `https://whc.unesco.org/en/list/${s.unescoIdNo}` : null,
    name: s.name,
    name_ar: s.nameAr,
    name_fr: s.nameFr,
    country_codes: codes(s.countryCodes),
    // UNESCO's own wording of the States Parties: the only "where" of a site UNESCO lists under no code.
    states_name: s.statesName,
    states_name_ar: s.statesNameAr,
    latitude: s.latitude,
    longitude: s.longitude,
    year_inscribed: s.yearInscribed,
    criteria: s.criteria,
    in_danger: s.inDanger,
    in_danger_since: s.inDangerSince,
    wikidata_qid: s.wikidataQid,
    description: s.description,
    description_ar: s.descriptionAr,
    updated_at: s.updatedAt,
    monument_count: monuments.length,
    damaged_count: monuments.filter((m) => m.statusLevel === 'destroyed' || m.statusLevel === 'severe_damage').length,
    url: `${base()}/sites/${s.slug}`,
    api_url: `${base()}/api/v1/sites/${s.slug}`,
    monuments: monuments.map(monumentSummaryJson),
  };
}

/** The filters a list applied, as the API echoes them (dates normalised to the days they cover). */
export function filtersJson(f: Filters) {
  return {
    q: f.q ?? null,
    country: f.country,
    site: f.site,
    kind: f.kind,
    status: f.status,
    cause: f.cause,
    verification: f.verification,
    from: f.from ?? null,
    to: f.to ?? null,
    bbox: f.bbox ? bboxParam(f.bbox) : null,
  };
}

const REPORT_FIELDS = {
  summary: 'summary',
  summaryAr: 'summary_ar',
  reportedActor: 'reported_actor',
  sourceTitle: 'source_title',
  sourcePublisher: 'source_publisher',
  quote: 'quote',
} as const;

/**
 * Where a text query matched a monument (docs/api.md): `in` is name, text (its description, period or site) or
 * report; a report match names the report, the field, and an excerpt as plain text and as escaped HTML with the
 * matching words in <mark>.
 */
export function matchJson(m: SearchMatch | undefined) {
  if (!m) return null;
  return {
    in: m.field,
    report_id: m.reportId,
    report_field: m.reportField ? REPORT_FIELDS[m.reportField] : null,
    excerpt: m.excerpt ? excerptText(m.excerpt) : null,
    excerpt_html: m.excerpt ? excerptHtml(m.excerpt) : null,
  };
}

export function licenceJson() {
  const c = config();
  return { licence: c.DATA_LICENCE, licence_url: c.DATA_LICENCE_URL };
}

export const apiUrl = (path: string) => `${base()}${path}`;
