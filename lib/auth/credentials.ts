import { z } from 'zod';
import { transaction, getDb } from '../../db/index';
import { getUserByEmail } from '../../db/queries/users';
import {
  clearThrottleState,
  forgetThrottleStatesBefore,
  saveThrottleState,
  throttleStates,
} from '../../db/queries/login-throttle';
import { config } from '../config';
import { clientIpFromHeaders } from '../http/client-ip';
import {
  afterClientFailure,
  afterPairFailure,
  clientKey,
  pairForgotten,
  pairKey,
  secondsUntil,
  throttlePolicy,
} from '../sign-in-throttle';
import { verifyAgainstDummy, verifyPassword } from './passwords';
import type { UserRole } from '../vocab';

export const SignInInput = z.object({
  email: z.string().trim().toLowerCase().max(320).pipe(z.email()),
  password: z.string().min(1).max(256),
});

export type SignInResult =
  | { ok: true; user: { id: number; email: string; name: string; role: UserRole; sessionVersion: number } }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; retryAfterSeconds: number };

/** The address a sign-in counts against, from the request's headers (server.js puts the socket's there). */
export function signInClient(headers: Record<string, string | string[] | undefined>): string {
  return clientIpFromHeaders(headers, config().TRUST_PROXY);
}

/**
 * Checks an email and password, throttled per account and client address and per address (lib/sign-in-throttle.ts;
 * counts in SQLite, shared by every worker and kept over a restart). A client that must wait is refused before the
 * password is even checked; a client that has not failed is never held back by another's failures. The answer never
 * says whether the email exists.
 */
export async function authenticate(
  emailInput: unknown,
  passwordInput: unknown,
  clientAddress: string,
  now = new Date(),
): Promise<SignInResult> {
  const parsed = SignInInput.safeParse({ email: emailInput, password: passwordInput });
  if (!parsed.success) return { ok: false, reason: 'invalid' };
  const { email, password } = parsed.data;
  const policy = throttlePolicy(config());
  const pair = pairKey(email, clientAddress);
  const address = clientKey(clientAddress);

  // The attempt counts as a failure from the start, in the same transaction as the check: of many attempts sent at
  // once, only those the pair may still make get as far as the password (workers share the count through SQLite).
  const reserved = transaction((tx) => {
    const states = throttleStates(tx, [pair, address]);
    const pairState = states.get(pair) ?? null;
    const wait = Math.max(
      secondsUntil(states.get(address)?.until ?? null, now),
      pairState && !pairForgotten(pairState, now, policy) ? secondsUntil(pairState.until, now) : 0,
    );
    if (wait > 0) return { wait };
    const counted = afterPairFailure(pairState, now, policy);
    saveThrottleState(tx, pair, counted);
    return { wait: 0, counted };
  });
  if (!reserved.counted) return { ok: false, reason: 'locked', retryAfterSeconds: reserved.wait };

  const db = getDb();
  const user = getUserByEmail(db, email);
  const valid =
    user && !user.disabledAt ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
  if (valid && user) {
    clearThrottleState(db, pair);
    return {
      ok: true,
      user: { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion },
    };
  }
  const client = transaction((tx) => {
    const state = afterClientFailure(throttleStates(tx, [address]).get(address) ?? null, now, policy);
    saveThrottleState(tx, address, state);
    forgetThrottleStatesBefore(tx, new Date(now.getTime() - policy.maxWaitMs));
    return state;
  });
  if (client.failures === policy.clientMaxFailures && client.until)
    // One line per block, for the operator (and tools such as fail2ban); it names the address, never the password.
    console.warn(
      JSON.stringify({
        time: now.toISOString(),
        level: 'warn',
        route: 'sign-in',
        message: `client ${clientAddress} blocked from signing in until ${client.until} after ${client.failures} failed sign-ins`,
      }),
    );
  // This attempt's own wait (others sent at the same time count on their own) or the address's block.
  const retry = Math.max(secondsUntil(reserved.counted.until, now), secondsUntil(client.until, now));
  if (retry > 0) return { ok: false, reason: 'locked', retryAfterSeconds: retry };
  return { ok: false, reason: 'invalid' };
}
