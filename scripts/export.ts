/**
 * `npm run export -- --out DIR [--query "country=SY&status=destroyed"]`: writes the Frictionless Data Package that
 * /export/dataset.zip serves (datapackage.json and every CSV) into DIR, from one consistent snapshot of the database
 * (DATABASE_URL). The query takes the same parameters as the search page and the downloads.
 */
import fs from 'node:fs';
import path from 'node:path';
import { databasePath } from '../db/index';
import { openExportSnapshot } from '../db/queries/export';
import { config } from '../lib/config';
import { exportTables } from '../lib/export/columns';
import { packageDescriptor, tableChunks, type ExportContext } from '../lib/export/files';
import { parseExportParams } from '../lib/export/params';
import { exitOnHelp } from './help';

export function exportToDirectory(
  dir: string,
  query = '',
  file: string = databasePath(),
): { files: string[]; datasetVersion: string | null } {
  const parsed = parseExportParams(new URLSearchParams(query));
  if (!parsed.ok)
    throw new Error(
      `Invalid --query: ${Object.entries(parsed.errors)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')}`,
    );
  if (parsed.value.includeDrafts)
    throw new Error('Invalid --query: include=drafts is not available from the command line.');
  if (parsed.value.bom)
    throw new Error('Invalid --query: a data package is plain UTF-8 (bom is for downloads opened in Excel).');
  const { PUBLIC_BASE_URL, DATA_LICENCE, DATA_LICENCE_URL } = config();
  fs.mkdirSync(dir, { recursive: true });
  const snapshot = openExportSnapshot(file);
  try {
    const ctx: ExportContext = {
      snapshot,
      params: parsed.value,
      baseUrl: PUBLIC_BASE_URL,
      licence: DATA_LICENCE,
      licenceUrl: DATA_LICENCE_URL,
      now: new Date(),
    };
    const files = ['datapackage.json'];
    fs.writeFileSync(path.join(dir, 'datapackage.json'), `${JSON.stringify(packageDescriptor(ctx), null, 2)}\n`);
    for (const table of exportTables) {
      const fd = fs.openSync(path.join(dir, table.path), 'w');
      try {
        for (const chunk of tableChunks(ctx, table.name)) fs.writeSync(fd, chunk);
      } finally {
        fs.closeSync(fd);
      }
      files.push(table.path);
    }
    return { files, datasetVersion: snapshot.datasetVersion };
  } finally {
    snapshot.close();
  }
}

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i > 0) return process.argv[i + 1];
  const inline = process.argv.find((a) => a.startsWith(`--${name}=`));
  return inline?.slice(name.length + 3);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  exitOnHelp([
    'Usage: npm run export -- --out DIR [--query "country=SY&status=destroyed"]',
    '',
    'Writes the Frictionless Data Package that /export/dataset.zip serves (datapackage.json and every CSV) into DIR,',
    'from one consistent snapshot of the database (DATABASE_URL). --query takes the search page’s parameters.',
    'Exit status: 0 written, 1 failed, 2 wrong usage. Details: docs/export.md.',
  ]);
  const out = argument('out');
  if (!out) {
    console.error('Usage: npm run export -- --out DIR [--query "country=SY&status=destroyed"]');
    process.exit(2);
  }
  try {
    const { files, datasetVersion } = exportToDirectory(path.resolve(out), argument('query') ?? '');
    console.log(
      `Wrote dataset version ${datasetVersion ?? 'unversioned'} to ${path.resolve(out)}: ${files.join(', ')}`,
    );
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
