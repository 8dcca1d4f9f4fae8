/**
 * `npm run import -- FILE [--dry-run] [--type sites|monuments|reports|sources] [--encoding utf-8|windows-1252] [--allow-lossy] [--verbose|--quiet]`
 * Imports a registry CSV (the export's columns) into DATABASE_URL, as /admin/import does: prints the plan (rows
 * to create, update with their changed fields, skip; unchanged rows are counted, listed with --verbose; --quiet lists
 * no rows) and every
 * problem, then applies it in one transaction, or nothing. Revisions name the agent "import:FILE".
 * Exit status: 0 done (or a clean dry run), 1 problems or a failed import, 2 wrong usage.
 *
 * A running server shows command-line writes at once: the database tells it which pages changed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { databasePath, getDb, migrateDatabase } from '../db/index';
import { commitImport, dryRun, importLimits } from '../lib/import/run';
import { noticeText, problemText } from '../lib/import/messages';
import { englishTranslator } from '../lib/import/english';
import type { ImportPlan, ImportSettings } from '../lib/import/plan';
import {
  importTypes,
  type EncodingChoice,
  type FieldChange,
  type ImportKind,
  type ImportType,
} from '../lib/import/types';

const ENCODINGS: Record<string, EncodingChoice> = {
  auto: 'auto',
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'latin-1': 'windows-1252',
  latin1: 'windows-1252',
};

export interface CliResult {
  status: number;
  output: string[];
  errors: string[];
}

const quote = (v: string) => (v === '' ? '∅' : JSON.stringify(v));
/** Values this long are shown on lines of their own, whole (never cut: two long values differing at the end must differ). */
const INLINE = 80;

/** The plan as text lines (also what the tests read). */
export function planLines(plan: ImportPlan, options: { verbose?: boolean; quiet?: boolean } = {}): string[] {
  const t = englishTranslator();
  const out: string[] = [];
  if (plan.type && plan.encoding) {
    out.push(
      t('plan.file', {
        name: plan.settings.fileName,
        rows: plan.totalRows,
        type: plan.type,
        encoding: t(`encodings.${plan.encoding}`),
        delimiter: plan.delimiter ?? 'comma',
      }),
    );
  }
  for (const n of plan.notices) out.push(`Note: ${noticeText(t, n)}`);
  const listed = options.quiet ? [] : plan.rows.filter((r) => options.verbose || r.action !== 'unchanged');
  if (listed.length) {
    out.push('', 'Row\tAction\tRecord\tChanges');
    for (const r of listed) {
      const short = r.changes.filter((c) => c.before.length <= INLINE && c.after.length <= INLINE);
      const long = r.changes.filter((c) => !short.includes(c));
      const lost = (c: FieldChange) => (c.lossy ? ` ${t('plan.lossy')}` : '');
      const changes = short.map((c) => `${c.column}: ${quote(c.before)} → ${quote(c.after)}${lost(c)}`).join('; ');
      const reason = r.reason ? t(`skip.${r.reason}`) : '';
      out.push(`${r.row}\t${t(`actions.${r.action}`)}\t${r.id ? `#${r.id} ` : ''}${r.label}\t${changes || reason}`);
      for (const c of long) {
        out.push(`\t${c.column}:${lost(c)}`);
        if (c.before !== '') out.push(`\t  - ${quote(c.before)}`);
        out.push(`\t  + ${quote(c.after)}`);
      }
    }
  }
  out.push('', t('plan.counts', { ...plan.counts }));
  return out;
}

export function problemLines(plan: ImportPlan): string[] {
  const t = englishTranslator();
  const out = plan.problems.map((p) => {
    const where =
      p.row !== null
        ? `row ${p.row}${p.line !== null && p.line !== p.row ? ` (line ${p.line})` : ''}${p.column ? `, column ${p.column}` : ''}`
        : p.column
          ? `column ${p.column}`
          : p.line !== null
            ? `line ${p.line}`
            : 'file';
    return `${where}: ${problemText(t, p)}`;
  });
  if (plan.problemCount > plan.problems.length)
    out.push(t('plan.problemsMore', { shown: plan.problems.length, count: plan.problemCount }));
  return out;
}

function importHelp(kind: ImportKind): string[] {
  return [
    kind === 'whc'
      ? 'Imports the UNESCO World Heritage List export (whc.unesco.org/en/list, CSV) as sites, by UNESCO number: only the fields UNESCO is the source of are written.'
      : 'Imports a registry CSV (the columns of /export: sites, monuments, reports or sources) into DATABASE_URL.',
    'Prints the plan (rows to create, update with their changed values, skip) and every problem of every row, then',
    'applies it in one transaction, or nothing. Revisions name the agent "import:FILE". Details: docs/import.md.',
    '',
    'Options:',
    '  --dry-run            print the plan and problems; write nothing',
    ...(kind === 'whc'
      ? []
      : [`  --type TYPE          the record type (${importTypes.join(', ')}); default: from the header`]),
    '  --encoding ENC       auto (default: UTF-8, else Windows-1252, said so), utf-8, or windows-1252 (cp1252)',
    '  --allow-lossy        let changes replace letters with "?" or "\uFFFD" (refused without it)',
    '  --verbose            list unchanged rows too',
    '  --quiet              list no rows, only counts and problems',
    '  -h, --help           this text',
    '',
    'Exit status: 0 done (or a clean dry run), 1 problems or a failed import, 2 wrong usage.',
  ];
}

export function runImportCli(argv: string[], kind: ImportKind): CliResult {
  const output: string[] = [];
  const errors: string[] = [];
  const usage =
    kind === 'whc'
      ? 'Usage: npm run import:whc -- FILE [--dry-run] [--encoding utf-8|windows-1252] [--allow-lossy] [--verbose|--quiet]'
      : `Usage: npm run import -- FILE [--dry-run] [--type ${importTypes.join('|')}] [--encoding utf-8|windows-1252] [--allow-lossy] [--verbose|--quiet]`;
  let values: {
    'dry-run'?: boolean;
    type?: string;
    encoding?: string;
    verbose?: boolean;
    quiet?: boolean;
    'allow-lossy'?: boolean;
    help?: boolean;
  };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean' },
        type: { type: 'string' },
        encoding: { type: 'string' },
        verbose: { type: 'boolean' },
        quiet: { type: 'boolean' },
        'allow-lossy': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { status: 2, output, errors: [(error as Error).message, usage] };
  }
  if (values.help) return { status: 0, output: [usage, '', ...importHelp(kind)], errors };
  const file = positionals[0];
  if (!file || positionals.length > 1) return { status: 2, output, errors: [usage] };
  const encoding = ENCODINGS[(values.encoding ?? 'auto').toLowerCase()];
  if (!encoding)
    return { status: 2, output, errors: [`--encoding: one of auto, utf-8, windows-1252 (cp1252).`, usage] };
  let type: ImportType | 'auto' = 'auto';
  if (values.type !== undefined) {
    if (kind === 'whc') return { status: 2, output, errors: ['--type: the UNESCO list always holds sites.', usage] };
    if (!(importTypes as readonly string[]).includes(values.type))
      return { status: 2, output, errors: [`--type: one of ${importTypes.join(', ')}.`, usage] };
    type = values.type as ImportType;
  }
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return { status: 2, output, errors: [`No such file: ${file}`] };
  }
  // Only the rows this command lists are kept in the plan (none with --quiet): see ImportLimits.keptRows.
  const limits = { ...importLimits(), keptRows: values.quiet ? 0 : Infinity };
  const t = englishTranslator();
  if (size > limits.maxBytes)
    return {
      status: 1,
      output,
      errors: [`file: ${t('problems.fileTooLarge', { size, max: limits.maxBytes })} (IMPORT_MAX_BYTES)`],
    };
  const bytes = fs.readFileSync(file);
  const settings: ImportSettings = {
    kind,
    type,
    encoding,
    fileName: path.basename(file),
    allowLossy: !!values['allow-lossy'],
  };
  migrateDatabase(getDb());
  // A bulk job: reads go through SQLite's own page cache (cache_size), not a memory map of the whole file, so the
  // command's memory does not grow with the size of the database it reads.
  getDb().$client.pragma('mmap_size = 0');
  const agent = kind === 'whc' ? `import:whc:${settings.fileName}` : `import:${settings.fileName}`;

  if (values['dry-run']) {
    const plan = dryRun(bytes, settings, null, limits);
    output.push(...planLines(plan, values));
    if (plan.problemCount) {
      errors.push(t('plan.problemsTitle', { count: plan.problemCount }), ...problemLines(plan));
      return { status: 1, output, errors };
    }
    output.push('Dry run: nothing was written.');
    return { status: 0, output, errors };
  }
  let result;
  try {
    result = commitImport(bytes, settings, { agent }, { limits });
  } catch (error) {
    return { status: 1, output, errors: [t('result.failed', { reason: (error as Error).message })] };
  }
  output.push(...planLines(result.plan, values));
  if (!result.committed) {
    errors.push(
      t('plan.problemsTitle', { count: result.plan.problemCount }),
      ...problemLines(result.plan),
      t('result.problems'),
    );
    return { status: 1, output, errors };
  }
  const { counts } = result.plan;
  output.push(t('result.committed', { name: settings.fileName, ...counts }) + ` Database: ${databasePath()}.`);
  return { status: 0, output, errors };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = runImportCli(process.argv.slice(2), 'csv');
  for (const line of result.output) console.log(line);
  for (const line of result.errors) console.error(line);
  process.exit(result.status);
}
