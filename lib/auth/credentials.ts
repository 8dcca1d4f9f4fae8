import { z } from 'zod';
import { transaction, getDb } from '../../db/index';
import { getUserByEmail } from '../../db/queries/users';
import { activeLock, clearLoginFailures, recordLoginFailure } from '../../db/queries/login-throttle';
import { config } from '../config';
import { verifyAgainstDummy, verifyPassword } from './passwords';
import type { UserRole } from '../vocab';

export const SignInInput = z.object({
  email: z.string().trim().toLowerCase().max(320).pipe(z.email()),
  password: z.string().min(1).max(256),
});

export type SignInResult =
  | { ok: true; user: { id: number; email: string; name: string; role: UserRole; sessionVersion: number } }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; retryAfterMinutes: number };

export { clientIp } from '../http/client-ip';

const minutesUntil = (until: Date, now: Date) => Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));

/**
 * Checks an email and password, throttled per account and per IP address (failures are counted in SQLite, so a
 * restart does not reset them). A locked account or address is refused before the password is even checked, and
 * the answer never says whether the email exists.
 */
export async function authenticate(
  emailInput: unknown,
  passwordInput: unknown,
  ip: string,
  now = new Date(),
): Promise<SignInResult> {
  const parsed = SignInInput.safeParse({ email: emailInput, password: passwordInput });
  if (!parsed.success) return { ok: false, reason: 'invalid' };
  const { email, password } = parsed.data;
  const c = config();
  const lockMs = c.LOGIN_LOCK_MINUTES * 60_000;
  const accountKey = `account:${email}`;
  const ipKey = `ip:${ip}`;
  const db = getDb();

  const lock = activeLock(db, [accountKey, ipKey], now);
  if (lock) return { ok: false, reason: 'locked', retryAfterMinutes: minutesUntil(lock, now) };

  const user = getUserByEmail(db, email);
  const valid =
    user && !user.disabledAt ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
  if (valid && user) {
    clearLoginFailures(db, accountKey);
    return {
      ok: true,
      user: { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion },
    };
  }
  const locked = transaction((tx) => {
    const a = recordLoginFailure(tx, accountKey, { maxFailures: c.LOGIN_MAX_FAILURES, lockMs }, now);
    const b = recordLoginFailure(tx, ipKey, { maxFailures: c.LOGIN_IP_MAX_FAILURES, lockMs }, now);
    return a ?? b;
  });
  if (locked) return { ok: false, reason: 'locked', retryAfterMinutes: minutesUntil(locked, now) };
  return { ok: false, reason: 'invalid' };
}
