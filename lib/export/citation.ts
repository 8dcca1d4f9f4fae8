/**
 * How to cite a data package, in the two forms citation tools read: CITATION.cff (Citation File Format 1.2.0, read by
 * GitHub, Zenodo and reference managers) and datacite.json (the DataCite Metadata Schema's properties, as DataCite's
 * own JSON gives them). Both go inside every dataset.zip; a release names its version and its permanent address.
 */
import { PACKAGE_TITLE, licenceId } from './datapackage';

export interface CitationMeta {
  baseUrl: string;
  licence: string;
  licenceUrl: string;
  /** The dataset version (time of the last published change), or null for an empty registry. */
  datasetVersion: string | null;
  /** When this copy was made (a release: the moment it froze). */
  created: Date;
  /** A dated release: its version ("2026.12"). */
  release?: { version: string };
  /** The filters the copy was made with, as URL parameters ("" for everything). */
  query: string;
}

const ABSTRACT =
  'Reported damage to UNESCO World Heritage monuments: sites, monuments with their current status, dated reports, and the sources that support or dispute each report.';

/** The version a citation names: the release's, else the dataset version. */
export function citedVersion(meta: Pick<CitationMeta, 'datasetVersion' | 'release'>): string {
  return meta.release?.version ?? meta.datasetVersion ?? 'unversioned';
}

/** Where this copy can be downloaded again: a release's permanent address, or the live export. */
export function copyUrl(meta: Pick<CitationMeta, 'baseUrl' | 'release' | 'query'>): string {
  const base = meta.baseUrl.replace(/\/$/, '');
  if (meta.release) return `${base}/export/releases/${meta.release.version}/dataset.zip`;
  return `${base}/export/dataset.zip${meta.query ? `?${meta.query}` : ''}`;
}

/** A YAML double-quoted scalar (JSON's string escapes are valid YAML). */
const yaml = (value: string) => JSON.stringify(value);

export function citationCff(meta: CitationMeta): string {
  const base = meta.baseUrl.replace(/\/$/, '');
  const lines = [
    'cff-version: 1.2.0',
    `message: ${yaml('If you use this dataset, please cite it as below.')}`,
    'type: dataset',
    `title: ${yaml(PACKAGE_TITLE)}`,
    'authors:',
    `  - name: ${yaml(PACKAGE_TITLE)}`,
    `version: ${yaml(citedVersion(meta))}`,
    `date-released: ${yaml(meta.created.toISOString().slice(0, 10))}`,
    `license: ${yaml(licenceId(meta.licence))}`,
    `url: ${yaml(meta.release ? `${base}/export/releases` : `${base}/export`)}`,
    `repository-artifact: ${yaml(copyUrl(meta))}`,
    `abstract: ${yaml(ABSTRACT + (meta.query ? ` Filtered with ?${meta.query}.` : ''))}`,
    'keywords:',
    ...['cultural heritage', 'World Heritage', 'damage assessment', 'armed conflict'].map((k) => `  - ${yaml(k)}`),
  ];
  return `${lines.join('\n')}\n`;
}

export function dataCite(meta: CitationMeta) {
  const base = meta.baseUrl.replace(/\/$/, '');
  const issued = meta.created.toISOString().slice(0, 10);
  return {
    schemaVersion: 'http://datacite.org/schema/kernel-4',
    identifiers: [{ identifier: copyUrl(meta), identifierType: 'URL' }],
    creators: [{ name: PACKAGE_TITLE, nameType: 'Organizational' }],
    titles: [{ title: PACKAGE_TITLE, lang: 'en' }],
    publisher: { name: PACKAGE_TITLE },
    publicationYear: issued.slice(0, 4),
    types: { resourceTypeGeneral: 'Dataset', resourceType: 'Frictionless Tabular Data Package' },
    version: citedVersion(meta),
    dates: [
      { date: issued, dateType: 'Issued' },
      ...(meta.datasetVersion ? [{ date: meta.datasetVersion, dateType: 'Updated' }] : []),
    ],
    language: 'en',
    formats: ['application/zip', 'text/csv', 'application/json'],
    rightsList: [{ rights: meta.licence, rightsUri: meta.licenceUrl, rightsIdentifier: licenceId(meta.licence) }],
    descriptions: [
      {
        description: ABSTRACT + (meta.query ? ` Filtered with ?${meta.query}.` : ''),
        descriptionType: 'Abstract',
      },
    ],
    url: meta.release ? `${base}/export/releases` : `${base}/export`,
  };
}
