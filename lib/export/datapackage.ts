/**
 * The Frictionless Data Package descriptor (datapackage.json) of the export: the table schemas are generated
 * from lib/export/columns.ts, the same definitions that write the CSV headers and the /export data dictionary.
 * Spec: https://specs.frictionlessdata.io/data-package/ and /tabular-data-package/, /table-schema/.
 */
import { vocabularies } from '../vocab';
import { exportTables, type ColumnDef, type TableDef } from './columns';

export const PACKAGE_NAME = 'heritage-damage-registry';
export const PACKAGE_TITLE = 'Heritage Damage Registry';

export interface PackageMeta {
  /** Dataset version: the time of the last published change (ISO 8601), or null for an empty registry. */
  datasetVersion: string | null;
  /** When this copy was exported. */
  created: Date;
  baseUrl: string;
  licence: string;
  licenceUrl: string;
  /** The filters the export was made with, as URL parameters ("" for everything). */
  query: string;
  includeDrafts: boolean;
  /** A dated release (`npm run release`): the version it is cited by. */
  release?: { version: string };
}

/** Licence identifier in the form the spec asks for (an Open Definition / SPDX id such as "CC-BY-4.0"). */
export function licenceId(licence: string): string {
  return (
    licence
      .trim()
      .replace(/[^-a-zA-Z0-9._]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'licence'
  );
}

/** How to cite a copy of the dataset (English; the /export page shows it in both languages). */
export function datasetCitation(
  meta: Pick<PackageMeta, 'datasetVersion' | 'baseUrl' | 'licence' | 'query'> & {
    release?: { version: string; asOf: string };
  },
): string {
  const base = meta.baseUrl.replace(/\/$/, '');
  const filtered = meta.query ? ` Filtered with ?${meta.query}.` : '';
  if (meta.release) {
    const { version, asOf } = meta.release;
    return `${PACKAGE_TITLE} (${asOf.slice(0, 4)}). ${PACKAGE_TITLE} dataset, release ${version} (${asOf.slice(0, 10)}) [Data set]. ${base}/export/releases/${version}/dataset.zip.${filtered} Licensed under ${meta.licence}.`;
  }
  const year = (meta.datasetVersion ?? '').slice(0, 4) || 'n.d.';
  return `${PACKAGE_TITLE} (${year}). ${PACKAGE_TITLE} dataset, version ${meta.datasetVersion ?? 'unversioned'} [Data set]. ${base}/export.${filtered} Licensed under ${meta.licence}.`;
}

/**
 * A code column's definitions (lib/vocab.ts), so that the package explains its values without the website: the
 * same words as the methodology page.
 */
function definitionsOf(column: ColumnDef): string {
  if (column.role !== 'code' || !column.vocabulary) return '';
  const terms = vocabularies[column.vocabulary].terms as readonly { code: string; definition?: { en: string } }[];
  if (!terms.some((t) => t.definition)) return '';
  const defined = terms.filter((t) => t.definition).map((t) => `${t.code}: ${t.definition!.en}`);
  return ` Values (defined on the registry's methodology page, /methodology): ${defined.join(' ')}`;
}

function field(column: ColumnDef) {
  const constraints: Record<string, unknown> = {};
  if (column.required) constraints.required = true;
  if (column.vocabulary) {
    const terms = vocabularies[column.vocabulary].terms;
    constraints.enum = terms.map((t) => (column.labelOf ? (column.labelOf.lang === 'ar' ? t.ar : t.en) : t.code));
  }
  return {
    name: column.name,
    type: column.type,
    ...(column.format ? { format: column.format } : {}),
    description: column.description.en + definitionsOf(column),
    ...(Object.keys(constraints).length ? { constraints } : {}),
  };
}

export function tableSchema(table: TableDef) {
  return {
    fields: table.columns.map(field),
    missingValues: [''],
    primaryKey: table.primaryKey.length === 1 ? table.primaryKey[0] : [...table.primaryKey],
    ...(table.foreignKeys.length
      ? {
          foreignKeys: table.foreignKeys.map((fk) => ({
            fields: fk.fields.length === 1 ? fk.fields[0] : [...fk.fields],
            reference: {
              resource: fk.resource,
              fields: fk.reference.length === 1 ? fk.reference[0] : [...fk.reference],
            },
          })),
        }
      : {}),
  };
}

export function dataPackage(meta: PackageMeta) {
  const base = meta.baseUrl.replace(/\/$/, '');
  const citation = datasetCitation({
    ...meta,
    release: meta.release ? { version: meta.release.version, asOf: meta.created.toISOString() } : undefined,
  });
  return {
    profile: 'tabular-data-package',
    name: PACKAGE_NAME,
    title: PACKAGE_TITLE,
    description:
      'Reported damage to UNESCO World Heritage monuments: sites, monuments with their current status, dated reports, ' +
      'and the sources that support or dispute each report. Only published records' +
      (meta.includeDrafts ? ', plus draft reports (exported by a signed-in editor; not for citation)' : '') +
      (meta.query ? `, filtered with ?${meta.query}` : '') +
      `. A monument's status is derived from its reports by the rule documented at ${base}/export#status-rule. Cite as: ${citation}`,
    homepage: `${base}/export`,
    version: meta.release?.version ?? meta.datasetVersion ?? 'unversioned',
    ...(meta.release ? { datasetVersion: meta.datasetVersion } : {}),
    created: meta.created.toISOString(),
    licenses: [{ name: licenceId(meta.licence), path: meta.licenceUrl, title: meta.licence }],
    citation,
    filters: meta.query,
    keywords: ['cultural heritage', 'World Heritage', 'damage assessment', 'armed conflict'],
    resources: exportTables.map((table) => ({
      name: table.name,
      path: table.path,
      profile: 'tabular-data-resource',
      title: table.title.en,
      description: table.description.en,
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      dialect: { delimiter: ',', lineTerminator: '\r\n', quoteChar: '"', doubleQuote: true, header: true },
      schema: tableSchema(table),
    })),
  };
}
