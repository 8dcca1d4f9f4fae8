/**
 * `npm run evidence:add -- --report ID --file PATH --kind KIND --credit "…" --licence CODE --alt "…"
 *   [--taken YYYY-MM-DD] [--caption "…"] [--caption-ar "…"] [--source ID] [--keep-original]`
 * attaches one image to a report (docs/curators.md "Evidence images"), as the report's form does: the file is
 * checked (type from its bytes, size, pixels, truncation), its metadata-free variants written under EVIDENCE_DIR, and
 * the attachment recorded with its revision (agent "cli").
 *
 * `npm run evidence:add -- --bulk FOLDER|ZIP [--commit]` attaches many: the folder (or zip) holds the images and an
 * `evidence.csv` naming each file (columns file, report, kind, alt, credit, licence, taken, caption, caption_ar,
 * source, keep_original). Without --commit it is a dry run: every row is checked, every image processed, nothing is
 * stored. With --commit the same checks run first and nothing is attached unless every row passes.
 *
 * Exit status: 0 done (or a clean dry run), 1 refused or invalid, 2 wrong usage.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { databasePath, getDb, migrateDatabase } from '../db/index';
import { getReportById } from '../db/queries/reports';
import { getSourceById } from '../db/queries/sources';
import { config } from '../lib/config';
import { evidenceKinds, evidenceLicences } from '../lib/evidence-images/kinds';
import { processImage, ImageRefusal } from '../lib/evidence-images/process';
import { evidenceDir } from '../lib/evidence-images/storage';
import { parseEvidenceImageForm } from '../lib/inputs/evidence-image';
import { attachEvidence } from '../lib/records/evidence-images';
import type { FieldErrors } from '../lib/forms';

export const USAGE = `Usage: npm run evidence:add -- --report ID --file PATH … (one image), or --bulk FOLDER|ZIP [--commit]

Attach evidence images to reports.

One image:
  npm run evidence:add -- --report ID --file PATH --kind KIND --credit "…" --licence CODE --alt "…"
                          [--taken YYYY-MM-DD] [--caption "…"] [--caption-ar "…"] [--source ID] [--keep-original]

Many images (a folder or a zip with the images and an evidence.csv naming each file):
  npm run evidence:add -- --bulk FOLDER|ZIP            dry run: checks every row and image, stores nothing
  npm run evidence:add -- --bulk FOLDER|ZIP --commit   attaches them all, or none if any row fails
  evidence.csv columns: file, report, kind, alt, credit, licence, taken, caption, caption_ar, source, keep_original

  --report ID        the report the image is evidence for
  --file PATH        a JPEG, PNG, WebP or TIFF (GeoTIFF) file; SVG and other types are refused
  --kind KIND        ${evidenceKinds.join(', ')}
  --credit TEXT      who took or published the image
  --licence CODE     ${evidenceLicences.join(', ')}
                     (all-rights-reserved is shown as "used as evidence")
  --alt TEXT         what the image shows, for readers who cannot see it (required)
  --taken DATE       the day it was taken or imaged (YYYY-MM-DD)
  --caption TEXT     caption in English;  --caption-ar TEXT  caption in Arabic
  --source ID        the registry source the image comes from
  --keep-original    also keep the uploaded file itself, privately (never served; metadata and all)

Every stored variant is stripped of its metadata (EXIF, GPS, XMP, IPTC); the original is not kept unless asked.
Limits: EVIDENCE_MAX_BYTES, EVIDENCE_MAX_PIXELS. Files go to EVIDENCE_DIR (default: evidence next to the database).
Exit status: 0 done, 1 refused or invalid, 2 wrong usage.`;

export interface CliResult {
  status: number;
  output: string[];
  errors: string[];
}

const FIELD_NAMES: Record<string, string> = {
  kind: '--kind',
  captionEn: '--caption',
  captionAr: '--caption-ar',
  altText: '--alt',
  credit: '--credit',
  licence: '--licence',
  takenDate: '--taken',
  sourceId: '--source',
  keepOriginal: '--keep-original',
};
const ERROR_TEXT: Record<string, string> = {
  required: 'is required',
  invalidChoice: 'is not one of the accepted values (see --help)',
  invalidDay: 'must be a day written YYYY-MM-DD',
  notInteger: 'must be a whole number',
  outOfRange: 'is out of range',
  tooLong: 'is too long',
  notFound: 'names no live record',
};

function fieldErrorLines(errors: FieldErrors, names: Record<string, string> = FIELD_NAMES): string[] {
  return Object.entries(errors).map(
    ([field, codes]) => `${names[field] ?? field} ${codes.map((c) => ERROR_TEXT[c] ?? c).join('; ')}`,
  );
}

const reportId = (raw: string | undefined) => (raw && /^\d{1,12}$/.test(raw) && Number(raw) > 0 ? Number(raw) : null);

async function addOne(values: Record<string, string | boolean | undefined>): Promise<CliResult> {
  const output: string[] = [];
  const errors: string[] = [];
  const report = reportId(values.report as string | undefined);
  if (!report) errors.push('--report must be the id of a report');
  const file = values.file as string | undefined;
  if (!file) errors.push('--file is required');
  if (errors.length) return { status: 2, output, errors: [...errors, 'See --help.'] };
  if (!fs.existsSync(file!) || !fs.statSync(file!).isFile())
    return { status: 1, output, errors: [`No file at ${file}`] };
  const form = {
    kind: String(values.kind ?? ''),
    captionEn: String(values.caption ?? ''),
    captionAr: String(values['caption-ar'] ?? ''),
    altText: String(values.alt ?? ''),
    credit: String(values.credit ?? ''),
    licence: String(values.licence ?? ''),
    takenDate: String(values.taken ?? ''),
    sourceId: String(values.source ?? ''),
    keepOriginal: values['keep-original'] ? 'on' : '',
  };
  const size = fs.statSync(file!).size;
  if (size > config().EVIDENCE_MAX_BYTES)
    return {
      status: 1,
      output,
      errors: [`${file}: larger than EVIDENCE_MAX_BYTES (${config().EVIDENCE_MAX_BYTES} bytes)`],
    };
  const outcome = await attachEvidence(report!, fs.readFileSync(file!), form, { agent: 'cli' });
  switch (outcome.kind) {
    case 'invalid':
      return { status: 1, output, errors: fieldErrorLines(outcome.fieldErrors) };
    case 'refused':
      return { status: 1, output, errors: [`${file}: ${outcome.message}`] };
    case 'notFound':
      return { status: 1, output, errors: [`No live report #${report}.`] };
    case 'attached': {
      const e = outcome.evidence;
      output.push(
        `Attached ${path.basename(file!)} to report #${report} as evidence #${e.id} (${e.kind}, ${e.width} × ${e.height}).`,
        `SHA-256 ${e.sha256}; variants in ${path.join(evidenceDir(), e.sha256.slice(0, 2), e.sha256)}. Database: ${databasePath()}.`,
      );
      return { status: 0, output, errors };
    }
  }
}

const CSV_FIELDS: Record<string, string> = {
  kind: 'kind',
  captionEn: 'caption',
  captionAr: 'caption_ar',
  altText: 'alt',
  credit: 'credit',
  licence: 'licence',
  takenDate: 'taken',
  sourceId: 'source',
  keepOriginal: 'keep_original',
};

/** The images and evidence.csv of a folder or a zip, by name. */
function readBundle(location: string): Map<string, () => Uint8Array> {
  const files = new Map<string, () => Uint8Array>();
  if (fs.statSync(location).isDirectory()) {
    for (const name of fs.readdirSync(location))
      if (fs.statSync(path.join(location, name)).isFile())
        files.set(name, () => fs.readFileSync(path.join(location, name)));
    return files;
  }
  const max = config().EVIDENCE_MAX_BYTES;
  const entries = unzipSync(fs.readFileSync(location), {
    // Never inflate an entry larger than an image may be (a zip bomb stops here).
    filter: (f) => !f.name.endsWith('/') && f.originalSize <= max + 1,
  });
  for (const [name, bytes] of Object.entries(entries)) files.set(path.basename(name), () => bytes);
  return files;
}

async function bulk(location: string, commit: boolean): Promise<CliResult> {
  const output: string[] = [];
  const errors: string[] = [];
  if (!fs.existsSync(location)) return { status: 1, output, errors: [`No folder or zip at ${location}`] };
  let bundle: Map<string, () => Uint8Array>;
  try {
    bundle = readBundle(location);
  } catch (error) {
    return { status: 1, output, errors: [`${location}: not a folder or a readable zip (${(error as Error).message})`] };
  }
  const csv = bundle.get('evidence.csv');
  if (!csv) return { status: 1, output, errors: [`${location} has no evidence.csv naming its images`] };
  let rows: Record<string, string>[];
  try {
    rows = parse(Buffer.from(csv()), { columns: true, bom: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    return { status: 1, output, errors: [`evidence.csv: ${(error as Error).message}`] };
  }
  if (rows.length === 0) return { status: 1, output, errors: ['evidence.csv has no rows'] };
  const c = config();
  const db = getDb();
  const planned: { line: number; report: number; bytes: Uint8Array; values: Record<string, string>; file: string }[] =
    [];
  for (const [i, row] of rows.entries()) {
    const line = i + 2;
    const problems: string[] = [];
    const file = path.basename(row.file ?? '');
    const report = reportId(row.report);
    if (!row.file) problems.push('file is required');
    else if (!bundle.has(file)) problems.push(`no file named ${file} beside evidence.csv`);
    if (!report) problems.push('report must be the id of a report');
    else {
      const r = getReportById(db, report);
      if (!r || r.deletedAt) problems.push(`no live report #${report}`);
    }
    const values = Object.fromEntries(Object.entries(CSV_FIELDS).map(([k, col]) => [k, row[col] ?? '']));
    const parsed = parseEvidenceImageForm(values);
    if (!parsed.ok) problems.push(...fieldErrorLines(parsed.fieldErrors, CSV_FIELDS));
    else if (parsed.data.sourceId !== null) {
      const s = getSourceById(db, parsed.data.sourceId);
      if (!s || s.deletedAt) problems.push(`source ${ERROR_TEXT.notFound}`);
    }
    let bytes: Uint8Array | undefined;
    if (bundle.has(file)) {
      bytes = bundle.get(file)!();
      try {
        const p = await processImage(bytes, { maxBytes: c.EVIDENCE_MAX_BYTES, maxPixels: c.EVIDENCE_MAX_PIXELS });
        if (!problems.length) output.push(`line ${line}: ${file} → report #${report} (${p.width} × ${p.height}) ok`);
      } catch (error) {
        if (!(error instanceof ImageRefusal)) throw error;
        problems.push(`${file}: ${error.message}`);
      }
    }
    if (problems.length) errors.push(...problems.map((p) => `line ${line}: ${p}`));
    else planned.push({ line, report: report!, bytes: bytes!, values, file });
  }
  if (errors.length) {
    errors.push(`${errors.length} problem(s) in ${rows.length} row(s): nothing was attached.`);
    return { status: 1, output, errors };
  }
  if (!commit) {
    output.push(`Dry run: ${rows.length} image(s) would be attached. Run again with --commit to attach them.`);
    return { status: 0, output, errors };
  }
  let attached = 0;
  for (const p of planned) {
    const outcome = await attachEvidence(p.report, p.bytes, p.values, { agent: `cli:${path.basename(location)}` });
    if (outcome.kind === 'attached') {
      attached++;
      output.push(`line ${p.line}: ${p.file} attached to report #${p.report} as evidence #${outcome.evidence.id}`);
    } else errors.push(`line ${p.line}: ${p.file} was not attached (${outcome.kind}); the rows before it were.`);
  }
  output.push(`Attached ${attached} of ${planned.length} image(s). Database: ${databasePath()}.`);
  return { status: errors.length ? 1 : 0, output, errors };
}

export async function runCli(argv: string[]): Promise<CliResult> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        help: { type: 'boolean', short: 'h' },
        report: { type: 'string' },
        file: { type: 'string' },
        kind: { type: 'string' },
        credit: { type: 'string' },
        licence: { type: 'string' },
        license: { type: 'string' },
        alt: { type: 'string' },
        taken: { type: 'string' },
        caption: { type: 'string' },
        'caption-ar': { type: 'string' },
        source: { type: 'string' },
        'keep-original': { type: 'boolean' },
        bulk: { type: 'string' },
        commit: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    return { status: 2, output: [], errors: [(error as Error).message, 'See --help.'] };
  }
  const values = parsed.values;
  if (values.help) return { status: 0, output: [USAGE], errors: [] };
  migrateDatabase(getDb());
  if (values.bulk) return bulk(values.bulk, !!values.commit);
  return addOne({ ...values, licence: values.licence ?? values.license });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runCli(process.argv.slice(2)).then((result) => {
    for (const line of result.output) console.log(line);
    for (const line of result.errors) console.error(line);
    process.exit(result.status);
  });
}
