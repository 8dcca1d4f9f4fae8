import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'drizzle');

/** The database file from DATABASE_URL ("./data/registry.db" by default; a "file:" prefix is accepted). */
export function databasePath(): string {
  const url = process.env.DATABASE_URL || './data/registry.db';
  const file = url.startsWith('file:') ? url.slice('file:'.length) : url;
  return file === ':memory:' ? file : path.resolve(file);
}

/**
 * Opens a connection with the settings every connection needs:
 * - WAL: readers never block the writer, so pages keep serving while curators save;
 * - synchronous=FULL: a write acknowledged to a user survives power loss, not just a process crash
 *   (NORMAL in WAL mode can lose the last transactions on power loss; our writes are few, so the fsync is cheap);
 * - foreign_keys: SQLite leaves them off per connection unless asked;
 * - busy_timeout: a second writer waits for the lock instead of failing with SQLITE_BUSY.
 */
export function openDatabase(file: string, options: { readonly?: boolean } = {}): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  sqlite.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    // The serving connection keeps hot pages (indexes of 100k monuments, 1M reports) in its own 32 MB cache instead of
    // re-reading them through the OS on every lookup. Read-only connections (exports) keep the small default, so a
    // streamed export's memory stays flat.
    sqlite.pragma('cache_size = -32768');
    // Reads through a memory map instead of read() calls: a search touching thousands of index pages that are in the OS
    // cache but not in SQLite's copies them no more (bench/search.ts: p99 17 → 13 ms at 100k monuments). Writes still
    // go through the journal as before; the map is address space, its pages the OS's file cache.
    sqlite.pragma('mmap_size = 1073741824');
  }
  sqlite.pragma('foreign_keys = ON');
  return drizzle(sqlite, { schema }) as Db;
}

export function migrateDatabase(db: Db): void {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}

let current: Db | undefined;

/** The one shared connection, opened on first use (never at import time: `next build` imports route modules). */
export function getDb(): Db {
  current ??= openDatabase(databasePath());
  return current;
}

/**
 * The file the shared connection reads (or would open): a streamed export opens its own read-only connection to
 * the same file, because an open `.iterate()` makes any other statement on its connection throw "connection is busy".
 */
export function currentDatabaseFile(): string {
  return current ? current.$client.name : databasePath();
}

/** Points the shared connection at another database (tests give each file its own migrated copy). */
export function setSharedDatabase(db: Db): void {
  current = db;
}

/** Runs `fn` in one IMMEDIATE transaction: the write lock is taken up front, so two writers queue instead of deadlocking. */
export function transaction<T>(fn: (db: Db) => T): T {
  const db = getDb();
  return db.$client.transaction(() => fn(db)).immediate();
}
