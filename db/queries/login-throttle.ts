import { eq, inArray, like, sql } from 'drizzle-orm';
import type { Db } from '../index';
import { loginThrottle } from '../schema';
import { pairForgotten, parsePairKey, type ThrottlePolicy, type ThrottleState } from '../../lib/sign-in-throttle';

/**
 * Failed sign-ins, counted in SQLite so that every worker process sees the same counts and a restart keeps them. One
 * row per account and client address (key "account:<email>|client:<address>") and one per address
 * ("client:<address>"); the states are lib/sign-in-throttle.ts's (locked_until holds its `until`).
 */

const toState = (r: typeof loginThrottle.$inferSelect): ThrottleState => ({
  failures: r.failures,
  since: r.firstFailureAt,
  until: r.lockedUntil,
});

/** The stored states of `keys` (absent keys are missing from the map). */
export function throttleStates(db: Db, keys: string[]): Map<string, ThrottleState> {
  const rows = db.select().from(loginThrottle).where(inArray(loginThrottle.key, keys)).all();
  return new Map(rows.map((r) => [r.key, toState(r)]));
}

export function saveThrottleState(db: Db, key: string, state: ThrottleState): void {
  const values = { key, failures: state.failures, firstFailureAt: state.since, lockedUntil: state.until };
  db.insert(loginThrottle).values(values).onConflictDoUpdate({ target: loginThrottle.key, set: values }).run();
}

export function clearThrottleState(db: Db, key: string): void {
  db.delete(loginThrottle).where(eq(loginThrottle.key, key)).run();
}

/**
 * Removes rows nothing reads any more: whose last event (first failure or wait/block end) is older than `before`.
 * Keeps the table small however many addresses and made-up emails an attacker tries.
 */
export function forgetThrottleStatesBefore(db: Db, before: Date): void {
  db.delete(loginThrottle)
    .where(
      sql`max(${loginThrottle.firstFailureAt}, coalesce(${loginThrottle.lockedUntil}, ${loginThrottle.firstFailureAt})) < ${before.toISOString()}`,
    )
    .run();
}

/** What an administrator sees of an account's recent failed sign-ins. */
export interface AccountThrottle {
  /** Failed sign-ins still remembered, over every address. */
  failures: number;
  /** From how many addresses. */
  addresses: number;
  /** The first of them. */
  since: string;
  /** The latest time until which an address must wait before trying this account again, if one still waits. */
  waitingUntil: string | null;
}

/** Remembered failed sign-ins per account (by email, lower case), for the administrators' user list. */
export function accountThrottles(db: Db, now: Date, policy: ThrottlePolicy): Map<string, AccountThrottle> {
  const rows = db.select().from(loginThrottle).where(like(loginThrottle.key, 'account:%|client:%')).all();
  const byEmail = new Map<string, AccountThrottle>();
  for (const row of rows) {
    const pair = parsePairKey(row.key);
    const state = toState(row);
    if (!pair || state.failures <= 0 || pairForgotten(state, now, policy)) continue;
    const waiting = state.until && state.until > now.toISOString() ? state.until : null;
    const seen = byEmail.get(pair.email);
    byEmail.set(pair.email, {
      failures: (seen?.failures ?? 0) + state.failures,
      addresses: (seen?.addresses ?? 0) + 1,
      since: seen && seen.since < state.since ? seen.since : state.since,
      waitingUntil:
        [seen?.waitingUntil ?? null, waiting]
          .filter((w): w is string => !!w)
          .sort()
          .at(-1) ?? null,
    });
  }
  return byEmail;
}
