/**
 * schema.org descriptions of sites and monuments for search engines (JSON-LD in the page): the place, its names in
 * both languages, coordinates and identifiers (UNESCO World Heritage List number, Wikidata, Pleiades).
 */

interface SiteFacts {
  slug: string;
  name: string;
  nameAr: string | null;
  unescoIdNo: number | null;
  countryCodes: string;
  latitude: number | null;
  longitude: number | null;
  wikidataQid: string | null;
  description: string | null;
  descriptionAr: string | null;
}

interface MonumentFacts {
  slug: string;
  name: string;
  nameAr: string | null;
  altNames: { name: string; lang: string }[];
  latitude: number | null;
  longitude: number | null;
  wikidataQid: string | null;
  pleiadesId: string | null;
  description: string | null;
  descriptionAr: string | null;
  site: SiteFacts;
}

type Json = Record<string, unknown>;

const pageUrl = (base: string, path: string, locale: string) => `${base}${locale === 'ar' ? '/ar' : ''}${path}`;
const geo = (r: { latitude: number | null; longitude: number | null }) =>
  r.latitude !== null && r.longitude !== null
    ? { '@type': 'GeoCoordinates', latitude: r.latitude, longitude: r.longitude }
    : undefined;
const property = (propertyID: string, value: string) => ({ '@type': 'PropertyValue', propertyID, value });
const compact = (o: Json): Json =>
  Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)),
  );

function siteIdentifiers(s: SiteFacts) {
  return {
    identifier: [
      s.unescoIdNo !== null ? property('UNESCO World Heritage List', String(s.unescoIdNo)) : null,
      s.wikidataQid ? property('Wikidata', s.wikidataQid) : null,
    ].filter(Boolean),
    sameAs: [
      s.unescoIdNo !== null ? `https://whc.unesco.org/en/list/${s.unescoIdNo}` : null,
      s.wikidataQid ? `https://www.wikidata.org/wiki/${s.wikidataQid}` : null,
    ].filter(Boolean),
  };
}

function siteNode(s: SiteFacts, base: string, locale: string): Json {
  return compact({
    '@type': ['LandmarksOrHistoricalBuildings', 'TouristAttraction'],
    '@id': `${base}/sites/${s.slug}#place`,
    name: locale === 'ar' && s.nameAr ? s.nameAr : s.name,
    alternateName: [locale === 'ar' ? s.name : s.nameAr].filter(Boolean),
    url: pageUrl(base, `/sites/${s.slug}`, locale),
    ...siteIdentifiers(s),
    address: { '@type': 'PostalAddress', addressCountry: s.countryCodes.split(',')[0] },
    geo: geo(s),
  });
}

/** A World Heritage site. */
export function siteJsonLd(s: SiteFacts, base: string, locale: string): Json {
  return compact({
    '@context': 'https://schema.org',
    ...siteNode(s, base, locale),
    description: (locale === 'ar' && s.descriptionAr) || s.description || undefined,
    inLanguage: locale,
    image: `${base}/sites/${s.slug}/preview.png`,
  });
}

/** A monument, within its site (whose UNESCO number it carries through containedInPlace). */
export function monumentJsonLd(m: MonumentFacts, base: string, locale: string): Json {
  return compact({
    '@context': 'https://schema.org',
    '@type': 'LandmarksOrHistoricalBuildings',
    '@id': `${base}/monuments/${m.slug}#place`,
    name: locale === 'ar' && m.nameAr ? m.nameAr : m.name,
    alternateName: [...new Set([locale === 'ar' ? m.name : m.nameAr, ...m.altNames.map((a) => a.name)])].filter(
      (n): n is string => !!n && n !== (locale === 'ar' && m.nameAr ? m.nameAr : m.name),
    ),
    url: pageUrl(base, `/monuments/${m.slug}`, locale),
    description: (locale === 'ar' && m.descriptionAr) || m.description || undefined,
    inLanguage: locale,
    image: `${base}/monuments/${m.slug}/preview.png`,
    geo: geo(m),
    identifier: [
      m.wikidataQid ? property('Wikidata', m.wikidataQid) : null,
      m.pleiadesId ? property('Pleiades', m.pleiadesId) : null,
    ].filter(Boolean),
    sameAs: [
      m.wikidataQid ? `https://www.wikidata.org/wiki/${m.wikidataQid}` : null,
      m.pleiadesId ? `https://pleiades.stoa.org/places/${m.pleiadesId}` : null,
    ].filter(Boolean),
    containedInPlace: siteNode(m.site, base, locale),
  });
}

/**
 * The JSON as the text of a `<script type="application/ld+json">`: characters that could end the element or be
 * read as markup are written as \u escapes (the same JSON to a parser).
 */
export function jsonLdText(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
