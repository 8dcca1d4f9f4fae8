import crypto from 'node:crypto';
import { getDb, transaction } from '../../db/index';
import {
  createSession,
  getSessionWithUser,
  revokeSession,
  revokeUserSessions,
  sessionLive,
  touchSession,
  type SessionLimits,
} from '../../db/queries/sessions';
import { config } from '../config';
import type { UserRole } from '../vocab';

/** What the session cookie carries: the user, the user's session version, and the session row's id. */
export interface SessionClaims {
  uid: number;
  sv: number;
  sid: string;
}

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: UserRole;
}

/** SESSION_MAX_AGE_HOURS and SESSION_IDLE_MINUTES, in milliseconds. */
export function sessionLimits(): SessionLimits {
  const c = config();
  return { maxAgeMs: c.SESSION_MAX_AGE_HOURS * 3600_000, idleMs: c.SESSION_IDLE_MINUTES * 60_000 };
}

/** Opens a session for a user who just signed in; returns its id (random, 192 bits) for the cookie. */
export function openSession(userId: number, now = new Date()): string {
  const id = crypto.randomBytes(24).toString('base64url');
  transaction((tx) => createSession(tx, { id, userId, ...sessionLimits() }, now));
  return id;
}

/**
 * The user a session cookie stands for, or null when the session no longer counts: its row is missing, revoked,
 * past its lifetime or idle too long; the user is disabled; or the user's role or password changed since
 * (session_version). Records activity at most once a minute.
 */
export function sessionUser(claims: SessionClaims, now = new Date()): SessionUser | null {
  const db = getDb();
  const row = getSessionWithUser(db, claims.sid);
  if (!row || row.userId !== claims.uid || row.disabledAt || row.sessionVersion !== claims.sv) return null;
  if (!sessionLive(row, sessionLimits().idleMs, now)) return null;
  try {
    touchSession(db, claims.sid, row.lastSeenAt, now);
  } catch {
    // A busy database must not turn a read into an error; the next request a minute on records the activity.
  }
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}

/** Ends one session (signing out). */
export function endSession(sid: string): void {
  transaction((tx) => revokeSession(tx, sid));
}

/** Ends every session of a user ("sign out everywhere"); returns how many were in force. */
export function endUserSessions(userId: number): number {
  return transaction((tx) => revokeUserSessions(tx, userId));
}
