/**
 * Sign-in throttling without account lock-out (docs/security.md "Sign-in throttling"): failures slow down the client
 * that makes them, never the account as a whole, so an attacker cannot keep the rightful user out.
 * - Per account and client address ("pair"): the first `freeFailures` failures cost nothing; from then on each one
 *   makes the pair wait 1 s, 2 s, 4 s… up to `maxWaitMs`, during which it is refused without a password check. A
 *   pair's failures are forgotten once it has stayed quiet for `maxWaitMs` after its last wait ended, or at once
 *   when it signs in.
 * - Per client address over all accounts: `clientMaxFailures` failures within `maxWaitMs` block the address for
 *   `maxWaitMs`.
 * Pure functions of the stored state and an explicit `now`; the database layer stores the states.
 */

export interface ThrottlePolicy {
  /** Failures an account and client may make before waits begin (LOGIN_MAX_FAILURES). */
  freeFailures: number;
  /** Failures an address may make over all accounts before it is blocked (LOGIN_IP_MAX_FAILURES). */
  clientMaxFailures: number;
  /** The longest wait, how long a block lasts, and the memory of failures (LOGIN_LOCK_MINUTES). */
  maxWaitMs: number;
}

export const FIRST_WAIT_MS = 1_000;

export function throttlePolicy(c: {
  LOGIN_MAX_FAILURES: number;
  LOGIN_IP_MAX_FAILURES: number;
  LOGIN_LOCK_MINUTES: number;
}): ThrottlePolicy {
  return {
    freeFailures: c.LOGIN_MAX_FAILURES,
    clientMaxFailures: c.LOGIN_IP_MAX_FAILURES,
    maxWaitMs: c.LOGIN_LOCK_MINUTES * 60_000,
  };
}

/** What is stored for an account and client, or for a client: ISO timestamps, as in the login_throttle table. */
export interface ThrottleState {
  failures: number;
  /** The first failure still remembered. */
  since: string;
  /** Pair: no attempt before this (the last failure plus its wait). Client: blocked until this, or null. */
  until: string | null;
}

/** The wait a pair must keep after its `failures`-th remembered failure. */
export function pairWaitMs(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeFailures) return 0;
  // Capped before doubling, so that a huge count cannot overflow to Infinity or NaN.
  const doublings = Math.min(failures - policy.freeFailures, 40);
  return Math.min(policy.maxWaitMs, FIRST_WAIT_MS * 2 ** doublings);
}

/** Whether a pair's failures no longer count at `now`. */
export function pairForgotten(state: ThrottleState, now: Date, policy: ThrottlePolicy): boolean {
  const quietSince = Date.parse(state.until ?? state.since);
  return now.getTime() - quietSince >= policy.maxWaitMs;
}

/** A pair's state after one more failure at `now`. */
export function afterPairFailure(state: ThrottleState | null, now: Date, policy: ThrottlePolicy): ThrottleState {
  const base = state && !pairForgotten(state, now, policy) ? state : null;
  const failures = (base?.failures ?? 0) + 1;
  return {
    failures,
    since: base?.since ?? now.toISOString(),
    until: new Date(now.getTime() + pairWaitMs(failures, policy)).toISOString(),
  };
}

/** A client address's state after one more failure at `now` (over all accounts). */
export function afterClientFailure(state: ThrottleState | null, now: Date, policy: ThrottlePolicy): ThrottleState {
  const windowStart = now.getTime() - policy.maxWaitMs;
  const fresh =
    !state ||
    Date.parse(state.since) < windowStart ||
    (state.until !== null && Date.parse(state.until) <= now.getTime());
  const failures = fresh ? 1 : state.failures + 1;
  const blocked = failures >= policy.clientMaxFailures;
  return {
    failures,
    since: fresh ? now.toISOString() : state.since,
    until: blocked ? new Date(now.getTime() + policy.maxWaitMs).toISOString() : fresh ? null : state.until,
  };
}

/** How long to wait at `now` before `until`, in whole seconds (at least 1), or 0 when it has passed. */
export function secondsUntil(until: string | null, now: Date): number {
  if (!until) return 0;
  const ms = Date.parse(until) - now.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}

/** The row keys: one per account and client address, one per address. */
export const pairKey = (email: string, client: string) => `account:${email}|client:${client}`;
export const clientKey = (client: string) => `client:${client}`;

/** The account and address of a pair's key, or null for another kind of key. */
export function parsePairKey(key: string): { email: string; client: string } | null {
  if (!key.startsWith('account:')) return null;
  const i = key.lastIndexOf('|client:');
  if (i < 0) return null;
  return { email: key.slice('account:'.length, i), client: key.slice(i + '|client:'.length) };
}
