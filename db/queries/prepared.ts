import type { Statement } from 'better-sqlite3';
import type { Db } from '../index';

/**
 * Statements prepared once per connection (building and preparing SQL on every request
 * halves throughput). Keyed by connection, so tests that swap the shared connection get their own statements.
 * Bounded, because filter SQL comes in a few hundred shapes (one per combination of filters and list lengths).
 */
const cache = new WeakMap<Db, Map<string, unknown>>();
const MAX_STATEMENTS_PER_CONNECTION = 500;

/** The value `build` made for `key` on this connection, built on first use (for drizzle `.prepare()` queries). */
export function preparedOnce<T>(db: Db, key: string, build: (db: Db) => T): T {
  let statements = cache.get(db);
  if (!statements) {
    statements = new Map();
    cache.set(db, statements);
  }
  if (statements.has(key)) {
    const hit = statements.get(key) as T;
    // Least recently used goes first: move a hit to the end.
    statements.delete(key);
    statements.set(key, hit);
    return hit;
  }
  const made = build(db);
  statements.set(key, made);
  if (statements.size > MAX_STATEMENTS_PER_CONNECTION) statements.delete(statements.keys().next().value as string);
  return made;
}

/** A raw better-sqlite3 statement for this SQL text, prepared once per connection. */
export function statement(db: Db, sqlText: string): Statement {
  return preparedOnce(db, `sql:${sqlText}`, (d) => d.$client.prepare(sqlText));
}
