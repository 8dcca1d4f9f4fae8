/**
 * `npm run db:restore -- FILE`: checks FILE (integrity_check, foreign keys, schema version) and only then copies it
 * over DATABASE_URL, keeping the current database beside it. Safe while the server runs: every server process sees
 * the restored data at once (its kept pages are dropped). The evidence images kept beside the backup (FILE.evidence/)
 * are copied back into EVIDENCE_DIR (images already there stay: they are named by their content).
 */
import { databasePath } from '../db/index';
import { restoreDatabase, restoreEvidence } from '../db/backup';
import { evidenceDir } from '../lib/evidence-images/storage';
import { exitOnHelp } from './help';

exitOnHelp([
  'Usage: npm run db:restore -- FILE',
  '',
  'Checks FILE (integrity, foreign keys, schema version) and only then copies it over the database (DATABASE_URL),',
  'keeping the current database beside it. Safe while the server runs. Details: docs/operating.md.',
  'Exit status: 0 restored, 1 refused or failed, 2 wrong usage.',
]);

const file = process.argv[2];
if (!file) {
  console.error('Usage: npm run db:restore -- FILE');
  process.exit(2);
}
restoreDatabase(file, databasePath())
  .then(({ savedCurrentAs }) => {
    console.log(`Restored ${file} into ${databasePath()}.`);
    const copied = restoreEvidence(file, evidenceDir());
    console.log(`Evidence images: ${copied} file(s) brought back into ${evidenceDir()}.`);
    if (savedCurrentAs) console.log(`The database as it was before is kept at ${savedCurrentAs}.`);
  })
  .catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
