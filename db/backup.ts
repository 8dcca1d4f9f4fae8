import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS_FOLDER } from './index';
import { copyEvidenceTree } from '../lib/evidence-images/storage';

/** Number of migrations the code expects (drizzle/meta/_journal.json). */
export function expectedMigrationCount(): number {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

/**
 * An online, consistent copy of the live database through SQLite's backup API: it runs while the app serves and
 * writes, and the copy is a snapshot of one moment. Written to FILE.partial, checked, then renamed into place,
 * so FILE is never a half-written backup.
 */
export async function backupDatabase(livePath: string, destination: string): Promise<{ pages: number; bytes: number }> {
  if (!fs.existsSync(livePath)) throw new Error(`No database at ${livePath}`);
  const target = path.resolve(destination);
  if (fs.existsSync(target))
    throw new Error(`${target} already exists; choose a new file name (backups are never overwritten)`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  const source = new Database(livePath, { readonly: true, fileMustExist: true });
  source.pragma('busy_timeout = 5000');
  try {
    const result = await source.backup(partial);
    const check = verifyDatabaseFile(partial);
    if (!check.ok) throw new Error(`backup failed its own check: ${check.problems.join('; ')}`);
    fs.renameSync(partial, target);
    return { pages: result.totalPages, bytes: fs.statSync(target).size };
  } finally {
    source.close();
    fs.rmSync(partial, { force: true });
  }
}

export interface VerifyResult {
  ok: boolean;
  problems: string[];
  migrations: number;
  expected: number;
}

/** integrity_check, foreign_key_check and the schema version (applied migrations) of a database file. */
export function verifyDatabaseFile(file: string): VerifyResult {
  const expected = expectedMigrationCount();
  const problems: string[] = [];
  let migrations = 0;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check') as { integrity_check: string }[];
    if (integrity.length !== 1 || integrity[0]!.integrity_check !== 'ok') {
      problems.push(
        `integrity_check: ${integrity
          .slice(0, 5)
          .map((r) => r.integrity_check)
          .join(', ')}`,
      );
    }
    const fk = db.pragma('foreign_key_check') as unknown[];
    if (fk.length) problems.push(`foreign_key_check: ${fk.length} orphan row(s)`);
    const hasJournal = db
      .prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = '__drizzle_migrations'")
      .get() as { n: number };
    migrations = hasJournal.n
      ? (db.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n
      : 0;
    if (migrations !== expected)
      problems.push(
        `schema version: ${migrations} migration(s) applied, this version of the registry expects ${expected}`,
      );
  } catch (error) {
    problems.push(`not a readable SQLite database: ${(error as Error).message}`);
  } finally {
    db?.close();
  }
  return { ok: problems.length === 0, problems, migrations, expected };
}

/**
 * Restores a backup over the live database after checking it. The current database is first saved beside it
 * (`<name>.before-restore-<time>.db`), so a restore never loses data; the copy into place uses the backup API,
 * which takes SQLite's locks, so a running server waits rather than reading a half-restored file.
 */
export async function restoreDatabase(
  backupFile: string,
  livePath: string,
): Promise<{ savedCurrentAs: string | null }> {
  const check = verifyDatabaseFile(backupFile);
  if (!check.ok) throw new Error(`Refusing to restore ${backupFile}: ${check.problems.join('; ')}`);
  let savedCurrentAs: string | null = null;
  if (fs.existsSync(livePath)) {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    savedCurrentAs = livePath.replace(/(\.db)?$/, `.before-restore-${stamp}.db`);
    await backupDatabase(livePath, savedCurrentAs);
  }
  const source = new Database(backupFile, { readonly: true, fileMustExist: true });
  try {
    await source.backup(livePath);
  } finally {
    source.close();
  }
  // A new epoch tells every running server that the whole file changed: each forgets the pages it kept
  // (lib/change-watcher.js), so the restored data shows at once, without a restart.
  const live = new Database(livePath);
  try {
    live.pragma('busy_timeout = 5000');
    live
      .prepare('UPDATE registry_state SET epoch = lower(hex(randomblob(8))), version = version + 1 WHERE id = 1')
      .run();
  } finally {
    live.close();
  }
  const after = verifyDatabaseFile(livePath);
  if (!after.ok)
    throw new Error(
      `restored database failed its check (${after.problems.join('; ')}); the previous one is at ${savedCurrentAs}`,
    );
  return { savedCurrentAs };
}

/** Where a backup keeps the evidence images beside its database file: `registry.db` → `registry.db.evidence/`. */
export function evidenceBackupFolder(backupFile: string): string {
  return `${path.resolve(backupFile)}.evidence`;
}

/**
 * Copies the evidence images (EVIDENCE_DIR) beside a backup. Files are named by their content, so copying after the
 * database snapshot still holds every image it names (an image attached meanwhile is an extra, harmless file).
 */
export function backupEvidence(evidenceRoot: string, backupFile: string): number {
  return copyEvidenceTree(evidenceRoot, evidenceBackupFolder(backupFile));
}

/** Brings a backup's evidence images back into EVIDENCE_DIR (files already there are kept: same name, same bytes). */
export function restoreEvidence(backupFile: string, evidenceRoot: string): number {
  return copyEvidenceTree(evidenceBackupFolder(backupFile), evidenceRoot);
}
