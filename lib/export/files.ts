/**
 * The downloadable files (/export/{file}) and how each is produced from one export snapshot. Shared by the
 * route handler (app/export/[file]/route.ts) and the command line (`npm run export -- --out DIR`).
 */
import { iterateExportRows, iterateMonumentPoints, type ExportSnapshot } from '../../db/queries/export';
import { exportTable, exportTables, type ExportTableName } from './columns';
import { csvChunks } from './csv';
import { dataPackage, type PackageMeta } from './datapackage';
import { citationCff, dataCite, type CitationMeta } from './citation';
import { geojsonChunks, geojsonStoredColumns } from './geojson';
import { filtersQuery, type ExportParams } from './params';
import { zipChunks } from './zip';

export type ExportFile =
  | { kind: 'csv'; table: ExportTableName; name: string }
  | { kind: 'geojson'; name: 'monuments.geojson' }
  | { kind: 'zip'; name: 'dataset.zip' };

export const exportFiles: readonly ExportFile[] = [
  ...exportTables.map((t) => ({ kind: 'csv' as const, table: t.name, name: t.path })),
  { kind: 'geojson', name: 'monuments.geojson' },
  { kind: 'zip', name: 'dataset.zip' },
];

export function findExportFile(name: string): ExportFile | undefined {
  return exportFiles.find((f) => f.name === name);
}

export function contentType(file: ExportFile): string {
  if (file.kind === 'csv') return 'text/csv; charset=utf-8; header=present';
  if (file.kind === 'geojson') return 'application/geo+json';
  return 'application/zip';
}

/** "2026-11-27T15:00:00Z" → "v2026-11-27T150000Z": a version that is also a valid, sortable file-name part. */
export function versionTag(datasetVersion: string | null): string {
  return datasetVersion ? `v${datasetVersion.replace(/[^0-9A-Za-z-]/g, '')}` : 'unversioned';
}

/** The name a download is saved under, e.g. heritage-registry-reports-v2026-11-27T150000Z.csv. */
export function downloadName(file: ExportFile, datasetVersion: string | null): string {
  const dot = file.name.lastIndexOf('.');
  return `heritage-registry-${file.name.slice(0, dot)}-${versionTag(datasetVersion)}${file.name.slice(dot)}`;
}

export interface ExportContext {
  snapshot: ExportSnapshot;
  params: ExportParams;
  baseUrl: string;
  licence: string;
  licenceUrl: string;
  /** When the export was made (the data package's `created`, the zip entries' time); a release's or as_of's moment. */
  now: Date;
  /** A dated release being cut, or rebuilt at its moment (as_of). */
  release?: { version: string };
}

const queryOptions = (ctx: ExportContext) => ({
  baseUrl: ctx.baseUrl,
  reviewStates: ctx.params.includeDrafts ? (['published', 'draft'] as const) : undefined,
});

/** One CSV of the data package, from the snapshot (no byte-order mark). */
export function tableChunks(ctx: ExportContext, table: ExportTableName): Generator<string, void, undefined> {
  return csvChunks(exportTable(table), () =>
    iterateExportRows(ctx.snapshot, table, ctx.params.filters, queryOptions(ctx)),
  );
}

export function packageDescriptor(ctx: ExportContext) {
  const meta: PackageMeta = {
    datasetVersion: ctx.snapshot.datasetVersion,
    created: ctx.now,
    baseUrl: ctx.baseUrl,
    licence: ctx.licence,
    licenceUrl: ctx.licenceUrl,
    query: filtersQuery(ctx.params.filters),
    includeDrafts: ctx.params.includeDrafts,
    release: ctx.release,
  };
  return dataPackage(meta);
}

function citationMeta(ctx: ExportContext): CitationMeta {
  return {
    baseUrl: ctx.baseUrl,
    licence: ctx.licence,
    licenceUrl: ctx.licenceUrl,
    datasetVersion: ctx.snapshot.datasetVersion,
    created: ctx.now,
    release: ctx.release,
    query: filtersQuery(ctx.params.filters),
  };
}

/** The bytes of a download as chunks, produced one at a time as the reader asks for them. */
export function* exportChunks(file: ExportFile, ctx: ExportContext): Generator<string | Uint8Array, void, undefined> {
  switch (file.kind) {
    case 'csv':
      // Excel opens a UTF-8 CSV without a byte-order mark as a legacy code page (Arabic turns into mojibake).
      if (ctx.params.bom) yield '\uFEFF';
      yield* tableChunks(ctx, file.table);
      return;
    case 'geojson':
      yield* geojsonChunks(
        () => iterateMonumentPoints(ctx.snapshot, geojsonStoredColumns, ctx.params.filters, queryOptions(ctx)),
        { datasetVersion: ctx.snapshot.datasetVersion, licence: ctx.licence, licenceUrl: ctx.licenceUrl },
      );
      return;
    case 'zip':
      yield* zipChunks(
        [
          { name: 'datapackage.json', chunks: () => [`${JSON.stringify(packageDescriptor(ctx), null, 2)}\n`] },
          ...exportTables.map((t) => ({ name: t.path, chunks: () => tableChunks(ctx, t.name) })),
          // How to cite this copy, for citation tools (lib/export/citation.ts).
          { name: 'CITATION.cff', chunks: () => [citationCff(citationMeta(ctx))] },
          { name: 'datacite.json', chunks: () => [`${JSON.stringify(dataCite(citationMeta(ctx)), null, 2)}\n`] },
        ],
        ctx.now,
      );
      return;
  }
}
