import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../index';
import { loginThrottle } from '../schema';

export interface ThrottleRule {
  maxFailures: number;
  lockMs: number;
}

/** The latest lock among `keys` still in force at `now`, or null. */
export function activeLock(db: Db, keys: string[], now: Date): Date | null {
  const rows = db.select().from(loginThrottle).where(inArray(loginThrottle.key, keys)).all();
  const until = rows
    .map((r) => r.lockedUntil)
    .filter((u): u is string => !!u && u > now.toISOString())
    .sort()
    .at(-1);
  return until ? new Date(until) : null;
}

/**
 * Counts a failed sign-in for `key`. Failures older than the lock period no longer count; reaching `maxFailures`
 * locks the key for `lockMs` and starts a new count. Returns the lock end when this failure caused a lock.
 */
export function recordLoginFailure(db: Db, key: string, rule: ThrottleRule, now: Date): Date | null {
  const row = db.select().from(loginThrottle).where(eq(loginThrottle.key, key)).get();
  const windowStart = new Date(now.getTime() - rule.lockMs).toISOString();
  const fresh =
    !row || row.firstFailureAt < windowStart || (row.lockedUntil !== null && row.lockedUntil <= now.toISOString());
  const failures = fresh ? 1 : row.failures + 1;
  const locked = failures >= rule.maxFailures ? new Date(now.getTime() + rule.lockMs) : null;
  const values = {
    key,
    failures: locked ? 0 : failures,
    firstFailureAt: fresh || locked ? now.toISOString() : row.firstFailureAt,
    lockedUntil: locked ? locked.toISOString() : fresh ? null : row.lockedUntil,
  };
  db.insert(loginThrottle).values(values).onConflictDoUpdate({ target: loginThrottle.key, set: values }).run();
  return locked;
}

export function clearLoginFailures(db: Db, key: string): void {
  db.delete(loginThrottle).where(eq(loginThrottle.key, key)).run();
}
