/**
 * `npm run release -- --version 2026.12`: cuts a dated release of the published dataset in DATABASE_URL, as the
 * editors' button on /export does: dataset.zip as it stands (with CITATION.cff and datacite.json inside), stored in the
 * database with its SHA-256, and served unchanged at /export/releases/{version}/dataset.zip.
 * Exit status: 0 cut, 1 refused (a version taken or invalid), 2 wrong usage.
 */
import { parseArgs } from 'node:util';
import { databasePath, getDb, migrateDatabase } from '../db/index';
import { config } from '../lib/config';
import { cutRelease } from '../lib/export/releases';

export interface CliResult {
  status: number;
  output: string[];
  errors: string[];
}

const USAGE = [
  'Usage: npm run release -- --version VERSION',
  '',
  'Cuts a dated release of the published dataset: dataset.zip as it stands now, frozen with its SHA-256, licence,',
  'CITATION.cff and datacite.json, and served byte for byte at /export/releases/VERSION/dataset.zip.',
  '',
  'Options:',
  '  --version VERSION  the release name: letters, digits, dots and hyphens (e.g. 2026.12); never reused',
  '  --help             this text',
  '',
  'Reads DATABASE_URL, PUBLIC_BASE_URL, DATA_LICENCE and DATA_LICENCE_URL. Exit status: 0 cut, 1 refused, 2 wrong usage.',
];

export function runReleaseCli(argv: string[]): CliResult {
  let values: { version?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { version: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    return { status: 2, output: [], errors: [(error as Error).message, ...USAGE] };
  }
  if (values.help) return { status: 0, output: USAGE, errors: [] };
  if (values.version === undefined) return { status: 2, output: [], errors: ['--version is required.', ...USAGE] };
  migrateDatabase(getDb());
  const c = config();
  const result = cutRelease({
    version: values.version,
    actor: { agent: 'cli' },
    baseUrl: c.PUBLIC_BASE_URL,
    licence: c.DATA_LICENCE,
    licenceUrl: c.DATA_LICENCE_URL,
  });
  if (!result.ok) return { status: 1, output: [], errors: [result.message] };
  const r = result.release;
  const base = c.PUBLIC_BASE_URL.replace(/\/$/, '');
  return {
    status: 0,
    output: [
      `Release ${r.version} cut at ${r.asOf} (dataset version ${r.datasetVersion ?? 'unversioned'}, ${r.bytes} bytes).`,
      `SHA-256: ${r.sha256}`,
      `Download: ${base}/export/releases/${r.version}/dataset.zip`,
      `Database: ${databasePath()}.`,
    ],
    errors: [],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = runReleaseCli(process.argv.slice(2));
  for (const line of result.output) console.log(line);
  for (const line of result.errors) console.error(line);
  process.exit(result.status);
}
