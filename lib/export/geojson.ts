/**
 * monuments.geojson: a GeoJSON FeatureCollection (RFC 7946: WGS 84, coordinates [longitude, latitude]) of the
 * monuments that have coordinates, for QGIS and web maps. Properties are a subset of monuments.csv.
 */
import { vocabularies } from '../vocab';
import { geojsonProperties, monumentsTable, type ColumnDef } from './columns';
import { BATCH_ROWS } from './csv';

const columns = geojsonProperties.map((name) => monumentsTable.columns.find((c) => c.name === name)!);

/** The stored monuments.csv columns a feature needs (labels are filled in from the vocabulary); the query adds latitude, longitude. */
export const geojsonStoredColumns: string[] = columns.filter((c) => !c.labelOf).map((c) => c.name);

type Value = string | number | boolean | null;

function propertyReader(column: ColumnDef): (row: readonly unknown[]) => Value {
  if (column.labelOf) {
    const index = geojsonStoredColumns.indexOf(column.labelOf.column);
    const lang = column.labelOf.lang;
    const labels = new Map(
      vocabularies[column.vocabulary!].terms.map((t) => [t.code as string, lang === 'ar' ? t.ar : t.en]),
    );
    return (row) => (row[index] == null ? null : (labels.get(String(row[index])) ?? String(row[index])));
  }
  const index = geojsonStoredColumns.indexOf(column.name);
  if (column.type === 'integer' || column.type === 'number')
    return (row) => (row[index] == null ? null : Number(row[index]));
  if (column.type === 'boolean') return (row) => (row[index] == null ? null : Boolean(row[index]));
  return (row) => (row[index] == null ? null : String(row[index]));
}

/**
 * The GeoJSON text as chunks: the collection's opening (with the dataset version and licence as foreign members)
 * at once, then one chunk per batch of features. Rows are [...geojsonStoredColumns, latitude, longitude].
 */
export function* geojsonChunks(
  openRows: () => IterableIterator<unknown[]>,
  meta: { datasetVersion: string | null; licence: string; licenceUrl: string },
): Generator<string, void, undefined> {
  const rows = openRows(); // prepared first, run after the opening is sent (as in csvChunks)
  yield (
    `{"type":"FeatureCollection","name":"heritage-registry-monuments","dataset_version":${JSON.stringify(meta.datasetVersion)},` +
    `"licence":${JSON.stringify(meta.licence)},"licence_url":${JSON.stringify(meta.licenceUrl)},"features":[`
  );
  try {
    const readers = columns.map((c) => [c.name, propertyReader(c)] as const);
    const lat = geojsonStoredColumns.length;
    const idIndex = geojsonStoredColumns.indexOf('monument_id');
    let first = true;
    let batch: string[] = [];
    const flush = () => {
      const text = (first ? '\n' : ',\n') + batch.join(',\n');
      first = false;
      batch = [];
      return text;
    };
    for (const row of rows) {
      const properties: Record<string, Value> = {};
      for (const [name, read] of readers) properties[name] = read(row);
      batch.push(
        JSON.stringify({
          type: 'Feature',
          id: row[idIndex],
          geometry: { type: 'Point', coordinates: [Number(row[lat + 1]), Number(row[lat])] },
          properties,
        }),
      );
      if (batch.length === BATCH_ROWS) yield flush();
    }
    yield `${batch.length ? flush() : ''}\n]}\n`;
  } finally {
    rows.return?.();
  }
}
