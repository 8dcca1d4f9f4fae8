import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { openDatabase, useDatabase, type Db } from '../../db/index';

/**
 * A fresh, migrated SQLite file of this test's own (a copy of the run's base database), made the shared
 * connection so that code under test reads and writes it. Nothing is mocked.
 */
export function freshDatabase(): Db {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'registry-test-')), 'test.db');
  fs.copyFileSync(inject('baseDatabase'), file);
  const db = openDatabase(file);
  useDatabase(db);
  return db;
}
