import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { openDatabase, setSharedDatabase, type Db } from '../../db/index';

/**
 * A fresh, migrated SQLite file of this test's own (a copy of the run's base database), made the shared
 * connection so that code under test reads and writes it. Nothing is mocked.
 */
export function freshDatabase(): Db {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'registry-test-')), 'test.db');
  fs.copyFileSync(inject('baseDatabase'), file);
  const db = openDatabase(file);
  setSharedDatabase(db);
  return db;
}

/**
 * The page scopes a change marked stale (the triggers' change stamps that every server reads): call `start()`
 * before the change, `scopes()` after it. Scopes are 'all', 'monument:<slug>' and 'site:<slug>'.
 */
export function changeStamps(db: Db) {
  let from = 0;
  return {
    start() {
      from = db.$client.prepare('SELECT version FROM registry_state WHERE id = 1').pluck().get() as number;
    },
    scopes(): string[] {
      return db.$client
        .prepare('SELECT scope FROM page_scopes WHERE version > ? ORDER BY scope')
        .pluck()
        .all(from) as string[];
    },
  };
}

/** The scopes of public page paths ('/en/monuments/x' → 'monument:x'; lists and the home page → 'all'). */
export function scopesOf(paths: string[]): string[] {
  return [
    ...new Set(
      paths.map((p) => {
        const m = /^\/(?:en|ar)\/(monuments|sites)\/(.+)$/.exec(p);
        return m ? `${m[1] === 'monuments' ? 'monument' : 'site'}:${m[2]}` : 'all';
      }),
    ),
  ];
}
