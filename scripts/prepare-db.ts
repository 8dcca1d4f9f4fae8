/** Applies migrations and, unless --no-seed is given, loads the demo data (idempotent). Used by `npm start`, `npm run db:migrate`, `npm run db:seed`. */
import { databasePath, getDb, migrateDatabase } from '../db/index';
import { seedDatabase } from '../db/seed/index';
import { ensureSearchIndexVersion } from '../db/queries/search-index';
import { ensureEvidenceRules } from '../db/queries/evidence-migration';
import { ensureFirstAdmin } from './first-admin';
import { exitOnHelp } from './help';

export function prepareDatabase(options: { seed: boolean }): void {
  migrateDatabase(getDb());
  const reindexed = ensureSearchIndexVersion(getDb());
  if (reindexed > 0) console.log(`Search index rebuilt (${reindexed} entries) for the current text folding.`);
  // Reports published before the evidence rules were enforced: demoted once, each change in the report's history.
  const demoted = ensureEvidenceRules(getDb());
  if (demoted.length > 0) {
    console.log(`Evidence rules: ${demoted.length} published report(s) demoted:`);
    for (const d of demoted)
      console.log(
        `  report ${d.reportId} (${d.monumentSlug}): ${d.rule} → ${d.change === 'draft' ? 'draft' : 'unverified'}`,
      );
  }
  if (options.seed) {
    const { created } = seedDatabase();
    if (created > 0) console.log(`Seeded ${created} demo records into ${databasePath()}.`);
  }
  const admin = ensureFirstAdmin();
  if (admin.created)
    console.log(`Created the first administrator, ${admin.email}, from ADMIN_EMAIL and ADMIN_PASSWORD.`);
  else if (admin.hint) console.log(admin.hint);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  exitOnHelp([
    'Usage: npm run db:seed  |  npm run db:migrate  (tsx scripts/prepare-db.ts [--no-seed])',
    '',
    'Applies the migrations to the database (DATABASE_URL), rebuilds the search index if its text folding changed,',
    'and, unless --no-seed is given (db:migrate), loads the demo data (only into an empty registry).',
    'With ADMIN_EMAIL and ADMIN_PASSWORD it creates the first administrator of a registry without users.',
  ]);
  prepareDatabase({ seed: !process.argv.includes('--no-seed') });
  console.log(`Database ready: ${databasePath()}`);
}
