import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../index';
import { MIGRATIONS_FOLDER } from '../index';

/** Whether the database answers and every migration in drizzle/ has been applied. */
export function checkDatabaseHealth(db: Db): {
  reachable: boolean;
  migrated: boolean;
  applied: number;
  expected: number;
  error?: string;
} {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  const expected = journal.entries.length;
  try {
    const row = db.$client
      .prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = '__drizzle_migrations'")
      .get() as { n: number };
    const applied = row.n
      ? (db.$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n
      : 0;
    return { reachable: true, migrated: applied === expected, applied, expected };
  } catch (error) {
    return { reachable: false, migrated: false, applied: 0, expected, error: (error as Error).message };
  }
}
