/**
 * Benchmark of the bulk import (`npm run bench:import`): 100,000 report rows through `npm run import`, as a curator
 * would run it, on a benchmark registry (bench/generate.ts: 10,000 monuments, 102,000 reports of which ~101,000 are
 * not deleted, 2,040 sources; made if missing). Each scenario runs on a fresh copy of that database:
 *
 * 1. create — a file of 100,000 new reports (monument_slug, dates, codes, summaries, two cited sources each): dry run,
 *    then the commit (which plans again inside its transaction, writes 100,000 reports with their revisions and
 *    recomputes each affected monument's status once);
 * 2. re-import — the same file again: every row unchanged, nothing written;
 * 3. update — a file naming all 100,000 existing reports by report_id with a changed summary.
 *
 * Times are wall-clock times of the whole command (process start, reading, decoding, parsing, planning, writing,
 * fsync at commit). Writes its section of bench/RESULTS.md. Options: --runs 1  --no-write.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { stringify } from 'csv-stringify/sync';

const root = path.resolve(__dirname, '..');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const ROWS = 100_000;
const WRITE = !process.argv.includes('--no-write');
const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1] ?? 1) || 1;
const dataDir = path.join(root, 'bench', 'data');
const baseDb = path.join(dataDir, 'registry-import-102000.db');
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));

function ensureBase() {
  if (fs.existsSync(baseDb)) return;
  const made = spawnSync(
    process.execPath,
    [tsx, 'bench/generate.ts', '--monuments', '10000', '--reports', '102000', '--out', baseDb],
    { cwd: root, stdio: 'inherit' },
  );
  if (made.status !== 0) throw new Error('bench/generate.ts failed');
}

function freshCopy(name: string): string {
  const file = path.join(workDir, `${name}.db`);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  const src = new Database(baseDb, { readonly: true });
  src.pragma('wal_checkpoint(TRUNCATE)');
  src.close();
  fs.copyFileSync(baseDb, file);
  return file;
}

/** 100,000 new reports, as a curator's spreadsheet would hold them (deterministic). */
function createFile(db: string): string {
  const c = new Database(db, { readonly: true });
  const monuments = (
    c.prepare('SELECT slug FROM monuments WHERE deleted_at IS NULL ORDER BY id').all() as { slug: string }[]
  ).map((m) => m.slug);
  const sources = (
    c.prepare('SELECT id FROM sources WHERE deleted_at IS NULL ORDER BY id').all() as { id: number }[]
  ).map((s) => s.id);
  c.close();
  const levels = ['destroyed', 'severe_damage', 'moderate_damage', 'possible_damage', 'no_visible_damage'];
  const verification = ['unverified', 'corroborated', 'confirmed', 'disputed'];
  const rows: string[][] = [
    [
      'monument_slug',
      'event_date',
      'damage_level',
      'cause',
      'certainty',
      'verification_status',
      'review_state',
      'summary',
      'summary_ar',
      'supporting_source_ids',
    ],
  ];
  for (let i = 0; i < ROWS; i++) {
    const day = new Date(Date.UTC(2012, 0, 1) + (i % 3650) * 86_400_000).toISOString().slice(0, 10);
    rows.push([
      monuments[(i * 7919) % monuments.length]!,
      i % 3 === 0 ? day.slice(0, 7) : day,
      levels[i % levels.length]!,
      i % 4 === 0 ? 'shelling_airstrike' : 'looting',
      'high',
      verification[i % verification.length]!,
      i % 10 === 0 ? 'draft' : 'published',
      `Imported report ${i}: satellite imagery shows "new" damage, north wall.`,
      `تقرير مستورد ${i}: أضرار جديدة في الجدار الشمالي`,
      `${sources[i % sources.length]};${sources[(i * 31 + 7) % sources.length]}`,
    ]);
  }
  const file = path.join(workDir, 'create-100000.csv');
  fs.writeFileSync(file, stringify(rows, { record_delimiter: '\r\n' }));
  return file;
}

/** Every existing report by id, with its summary changed. */
function updateFile(db: string): string {
  const c = new Database(db, { readonly: true });
  const reports = c
    .prepare('SELECT id, summary FROM reports WHERE deleted_at IS NULL ORDER BY id LIMIT ?')
    .all(ROWS) as { id: number; summary: string }[];
  c.close();
  const rows = [['report_id', 'summary'], ...reports.map((r) => [String(r.id), `${r.summary} (checked again)`])];
  const file = path.join(workDir, 'update-100000.csv');
  fs.writeFileSync(file, stringify(rows, { record_delimiter: '\r\n' }));
  return file;
}

function run(db: string, file: string, dryRun: boolean): { seconds: number; output: string; peakMb: number } {
  // As package.json runs it: node --expose-gc (the import collects garbage every 5,000 rows when it may).
  const args = [
    '--expose-gc',
    '--import',
    'tsx',
    'scripts/import.ts',
    file,
    '--quiet',
    ...(dryRun ? ['--dry-run'] : []),
  ];
  const started = process.hrtime.bigint();
  const child = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: db,
      IMPORT_MAX_BYTES: String(500 * 1024 * 1024),
      IMPORT_MAX_ROWS: String(ROWS),
    },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0) throw new Error(`import failed (${child.status}):\n${child.stdout}\n${child.stderr}`);
  const peakKb = Number(child.stderr.trim().split('\n').at(-1));
  return { seconds, output: child.stdout, peakMb: Math.round(peakKb / 1024) };
}

const count = (db: string, sql: string) => {
  const c = new Database(db, { readonly: true });
  try {
    return (c.prepare(sql).get() as { n: number }).n;
  } finally {
    c.close();
  }
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (s: number) => `${s.toFixed(1)} s`;

function main() {
  ensureBase();
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const results: { name: string; dry: number[]; commit: number[]; peak: number; checks: string }[] = [];

  // 1 and 2: create, then the same file again.
  const create = {
    name: 'create 100,000 new reports',
    dry: [] as number[],
    commit: [] as number[],
    peak: 0,
    checks: '',
  };
  const again = {
    name: 'the same file again (idempotent)',
    dry: [] as number[],
    commit: [] as number[],
    peak: 0,
    checks: '',
  };
  for (let r = 0; r < RUNS; r++) {
    const db = freshCopy('create');
    const file = createFile(db);
    const reportsBefore = count(db, 'SELECT count(*) AS n FROM reports');
    const revisionsBefore = count(db, 'SELECT count(*) AS n FROM revisions');
    create.dry.push(run(db, file, true).seconds);
    const done = run(db, file, false);
    create.commit.push(done.seconds);
    create.peak = Math.max(create.peak, done.peakMb);
    if (!done.output.includes(`${ROWS} created`)) throw new Error(`unexpected output:\n${done.output}`);
    const added = count(db, 'SELECT count(*) AS n FROM reports') - reportsBefore;
    const revisions = count(db, 'SELECT count(*) AS n FROM revisions') - revisionsBefore;
    if (added !== ROWS || revisions !== ROWS)
      throw new Error(`expected ${ROWS} reports and revisions, got ${added} and ${revisions}`);
    create.checks = `${added.toLocaleString('en')} reports and ${revisions.toLocaleString('en')} revisions written`;
    const dry2 = run(db, file, true);
    again.dry.push(dry2.seconds);
    const done2 = run(db, file, false);
    again.commit.push(done2.seconds);
    again.peak = Math.max(again.peak, done2.peakMb);
    if (!done2.output.includes(`0 created, 0 updated, ${ROWS} unchanged`))
      throw new Error(`not idempotent:\n${done2.output}`);
    if (count(db, 'SELECT count(*) AS n FROM revisions') - revisionsBefore !== ROWS)
      throw new Error('the second import wrote revisions');
    again.checks = `0 created, 0 updated, ${ROWS.toLocaleString('en')} unchanged; no revision written`;
  }
  results.push(create, again);

  const update = {
    name: 'update 100,000 existing reports (summary)',
    dry: [] as number[],
    commit: [] as number[],
    peak: 0,
    checks: '',
  };
  for (let r = 0; r < RUNS; r++) {
    const db = freshCopy('update');
    const file = updateFile(db);
    const revisionsBefore = count(db, 'SELECT count(*) AS n FROM revisions');
    update.dry.push(run(db, file, true).seconds);
    const done = run(db, file, false);
    update.commit.push(done.seconds);
    update.peak = Math.max(update.peak, done.peakMb);
    const revisions = count(db, 'SELECT count(*) AS n FROM revisions') - revisionsBefore;
    if (!done.output.includes(`${ROWS} updated`) || revisions !== ROWS)
      throw new Error(`unexpected update result (${revisions} revisions):\n${done.output}`);
    update.checks = `${revisions.toLocaleString('en')} revisions written`;
  }
  results.push(update);

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const sizes = `create file ${(fs.statSync(path.join(workDir, 'create-100000.csv')).size / 1e6).toFixed(1)} MB, update file ${(fs.statSync(path.join(workDir, 'update-100000.csv')).size / 1e6).toFixed(1)} MB`;
  const section = `<!-- bench:import:start -->
## Import: 100,000 report rows (\`npm run import\`)

Command: \`npm run bench:import\` (${RUNS} run${RUNS > 1 ? 's' : ''} per scenario${RUNS > 1 ? ', medians' : ''}). Run ${new Date().toISOString().slice(0, 16)}Z on
${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 1e9)} GB RAM, Node ${process.version}; load average at start ${load}
(the machine is shared with other work). Database: \`bench/generate.ts --monuments 10000 --reports 102000\` (10,000 monuments,
102,000 reports of which ~101,000 not deleted, 2,040 sources), a fresh copy per scenario; ${sizes}.

Each figure is the wall-clock time of the whole command, \`npm run import -- FILE [--dry-run] --quiet\`: process start,
decoding, parsing, planning every row against the database, and for the commit planning again inside its one
transaction, writing every record with its revision (the registry's write functions), recomputing each affected
monument's status once, and the commit's fsync. Target: under 60 s.

| scenario | dry run | commit | peak RSS (commit) | checked |
|---|---|---|---|---|
${results.map((r) => `| ${r.name} | ${fmt(median(r.dry))} | **${fmt(median(r.commit))}** | ${r.peak} MB | ${r.checks} |`).join('\n')}

All runs (seconds): ${results.map((r) => `${r.name}: dry ${r.dry.map((s) => s.toFixed(1)).join(', ')}; commit ${r.commit.map((s) => s.toFixed(1)).join(', ')}`).join(' — ')}.
<!-- bench:import:end -->`;
  console.log(`\n${section}\n`);
  fs.rmSync(workDir, { recursive: true, force: true });
  if (!WRITE) return;
  const file = path.join(root, 'bench', 'RESULTS.md');
  const current = fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8')
    : '# Benchmark results\n\nEach benchmark writes its own section; sections are independent.\n';
  const pattern = /<!-- bench:import:start -->[\s\S]*?<!-- bench:import:end -->/;
  fs.writeFileSync(
    file,
    pattern.test(current) ? current.replace(pattern, section) : `${current.trimEnd()}\n\n${section}\n`,
  );
  console.log(`Wrote ${path.relative(root, file)}`);
}

if (require.main === module) main();
