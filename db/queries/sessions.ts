import { and, count, eq, gt, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../index';
import { sessions, type User } from '../schema';

/** How often a session's last activity is written: at most once a minute, so each request stays a read. */
export const TOUCH_INTERVAL_MS = 60_000;

/** Ended sessions stay this long (visible to an administrator's count of recent ones) before they are purged. */
const KEEP_ENDED_MS = 24 * 3600_000;

export interface SessionLimits {
  /** The absolute lifetime, from sign-in. */
  maxAgeMs: number;
  /** How long a session may go unused. */
  idleMs: number;
}

/** Opens a session row for a user who just signed in; also purges rows that ended more than a day ago. */
export function createSession(db: Db, input: { id: string; userId: number } & SessionLimits, now = new Date()): void {
  const at = now.toISOString();
  purgeEndedSessions(db, input.idleMs, now);
  db.insert(sessions)
    .values({
      id: input.id,
      userId: input.userId,
      createdAt: at,
      lastSeenAt: at,
      expiresAt: new Date(now.getTime() + input.maxAgeMs).toISOString(),
    })
    .run();
}

type SessionUserRow = Pick<User, 'id' | 'email' | 'name' | 'role' | 'disabledAt' | 'sessionVersion'> & {
  userId: number;
  lastSeenAt: string;
  expiresAt: string;
  revokedAt: string | null;
};

/** The session and its user, read by the guard on every curator request (prepared once per connection). */
const bySid = new WeakMap<Db['$client'], ReturnType<Db['$client']['prepare']>>();
export function getSessionWithUser(db: Db, sid: string): SessionUserRow | undefined {
  let stmt = bySid.get(db.$client);
  if (!stmt) {
    stmt = db.$client.prepare(
      `SELECT s.user_id AS userId, s.last_seen_at AS lastSeenAt, s.expires_at AS expiresAt, s.revoked_at AS revokedAt,
              u.id, u.email, u.name, u.role, u.disabled_at AS disabledAt, u.session_version AS sessionVersion
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`,
    );
    bySid.set(db.$client, stmt);
  }
  return stmt.get(sid) as SessionUserRow | undefined;
}

/** Whether a session row is still in force at `now`: not revoked, within its lifetime, used recently enough. */
export function sessionLive(
  row: Pick<SessionUserRow, 'revokedAt' | 'expiresAt' | 'lastSeenAt'>,
  idleMs: number,
  now: Date,
): boolean {
  if (row.revokedAt) return false;
  if (row.expiresAt <= now.toISOString()) return false;
  return new Date(row.lastSeenAt).getTime() + idleMs > now.getTime();
}

/** Records activity, unless it was recorded less than a minute ago (then nothing is written). */
export function touchSession(db: Db, sid: string, lastSeenAt: string, now = new Date()): boolean {
  if (new Date(lastSeenAt).getTime() + TOUCH_INTERVAL_MS > now.getTime()) return false;
  const at = now.toISOString();
  return (
    db
      .update(sessions)
      .set({ lastSeenAt: at })
      .where(and(eq(sessions.id, sid), lt(sessions.lastSeenAt, at), isNull(sessions.revokedAt)))
      .run().changes > 0
  );
}

/** Ends one session (signing out). */
export function revokeSession(db: Db, sid: string, now = new Date()): boolean {
  return (
    db
      .update(sessions)
      .set({ revokedAt: now.toISOString() })
      .where(and(eq(sessions.id, sid), isNull(sessions.revokedAt)))
      .run().changes > 0
  );
}

/** Ends every session of a user ("sign out everywhere", and whenever the user's role, password or status changes). */
export function revokeUserSessions(db: Db, userId: number, now = new Date()): number {
  return db
    .update(sessions)
    .set({ revokedAt: now.toISOString() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .run().changes;
}

/** Sessions in force per user (user id → count), for the administrators' list of users. */
export function countLiveSessionsByUser(db: Db, idleMs: number, now = new Date()): Map<number, number> {
  const rows = db
    .select({ userId: sessions.userId, n: count() })
    .from(sessions)
    .where(
      and(
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now.toISOString()),
        gt(sessions.lastSeenAt, new Date(now.getTime() - idleMs).toISOString()),
      ),
    )
    .groupBy(sessions.userId)
    .all();
  return new Map(rows.map((r) => [r.userId, r.n]));
}

/** Deletes sessions that ended (revoked, expired or idle) more than a day ago: the table stays small. */
export function purgeEndedSessions(db: Db, idleMs: number, now = new Date()): number {
  const before = new Date(now.getTime() - KEEP_ENDED_MS).toISOString();
  const idleBefore = new Date(now.getTime() - KEEP_ENDED_MS - idleMs).toISOString();
  return db
    .delete(sessions)
    .where(or(lt(sessions.revokedAt, before), lt(sessions.expiresAt, before), lt(sessions.lastSeenAt, idleBefore)))
    .run().changes;
}
