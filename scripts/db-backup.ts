/**
 * `npm run db:backup -- FILE`: an online, consistent backup of DATABASE_URL while the app keeps serving, and a copy of
 * the evidence images (EVIDENCE_DIR) in FILE.evidence/.
 */
import { databasePath } from '../db/index';
import { backupDatabase, backupEvidence, evidenceBackupFolder } from '../db/backup';
import { evidenceDir } from '../lib/evidence-images/storage';
import { exitOnHelp } from './help';

exitOnHelp([
  'Usage: npm run db:backup -- FILE',
  '',
  'Writes an online, consistent copy of the database (DATABASE_URL) to FILE while the app keeps serving, then checks',
  'its integrity and schema. Example: npm run db:backup -- backups/registry-2026-11-27.db',
  'Exit status: 0 written, 1 failed, 2 wrong usage. Details: docs/operating.md.',
]);

const file = process.argv[2];
if (!file) {
  console.error('Usage: npm run db:backup -- FILE   (e.g. backups/registry-2026-11-27.db)');
  process.exit(2);
}
backupDatabase(databasePath(), file)
  .then(({ bytes }) => {
    console.log(`Backup written to ${file} (${(bytes / 1e6).toFixed(1)} MB), integrity and schema checked.`);
    const copied = backupEvidence(evidenceDir(), file);
    console.log(`Evidence images: ${copied} file(s) copied to ${evidenceBackupFolder(file)}.`);
  })
  .catch((error: Error) => {
    console.error(`Backup failed: ${error.message}`);
    process.exit(1);
  });
