import { and, asc, count, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../index';
import { users, type User } from '../schema';
import { insertRevision, type Actor } from './revisions';
import { revokeUserSessions } from './sessions';
import type { UserRole } from '../../lib/vocab';

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

/** A user as history records it: never the password hash. */
export type PublicUser = Omit<User, 'passwordHash'>;
export function withoutHash(u: User): PublicUser {
  const { passwordHash: _omit, ...rest } = u;
  return rest;
}

export function getUserById(db: Db, id: number): User | undefined {
  return db.select().from(users).where(eq(users.id, id)).get();
}

/** The row the session guard reads on every curator request (prepared once per connection: it runs on each request). */
const byIdStatements = new WeakMap<Db['$client'], ReturnType<Db['$client']['prepare']>>();
export function getSessionUser(db: Db, id: number) {
  let stmt = byIdStatements.get(db.$client);
  if (!stmt) {
    stmt = db.$client.prepare(
      'SELECT id, email, name, role, disabled_at AS disabledAt, session_version AS sessionVersion FROM users WHERE id = ?',
    );
    byIdStatements.set(db.$client, stmt);
  }
  return stmt.get(id) as Pick<User, 'id' | 'email' | 'name' | 'role' | 'disabledAt' | 'sessionVersion'> | undefined;
}

export function getUserByEmail(db: Db, email: string): User | undefined {
  return db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).get();
}

export function countUsers(db: Db): number {
  return db.select({ n: count() }).from(users).get()!.n;
}

export function listUsers(db: Db): PublicUser[] {
  return db.select().from(users).orderBy(asc(users.email)).all().map(withoutHash);
}

/** Active administrators other than `exceptId`: an admin may not remove the last one (nobody could manage users). */
function otherActiveAdmins(db: Db, exceptId: number): number {
  return db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, 'admin'), isNull(users.disabledAt), ne(users.id, exceptId)))
    .get()!.n;
}

export function insertUser(
  db: Db,
  input: { email: string; name: string; role: UserRole; passwordHash: string },
  actor: Actor,
): PublicUser {
  const row = db
    .insert(users)
    .values({ ...input, email: input.email.trim().toLowerCase(), name: input.name.trim() })
    .returning()
    .get();
  const after = withoutHash(row);
  insertRevision(db, { entityType: 'user', entityId: row.id, action: 'create', actor, before: null, after });
  return after;
}

export type UserChangeResult = { ok: true; user: PublicUser } | { ok: false; reason: 'notFound' | 'lastAdmin' };

/**
 * Changes a user and bumps session_version, so every session issued before the change stops working on the next
 * request (the guard compares the version in the cookie with the row); their session rows are revoked as well.
 */
function changeUser(db: Db, id: number, set: Partial<User>, actor: Actor, guardLastAdmin: boolean): UserChangeResult {
  const before = getUserById(db, id);
  if (!before) return { ok: false, reason: 'notFound' };
  if (guardLastAdmin && before.role === 'admin' && !before.disabledAt && otherActiveAdmins(db, id) === 0)
    return { ok: false, reason: 'lastAdmin' };
  const row = db
    .update(users)
    .set({ ...set, sessionVersion: before.sessionVersion + 1, updatedAt: now })
    .where(eq(users.id, id))
    .returning()
    .get()!;
  revokeUserSessions(db, id);
  insertRevision(db, {
    entityType: 'user',
    entityId: id,
    action: 'update',
    actor,
    before: withoutHash(before),
    after: withoutHash(row),
  });
  return { ok: true, user: withoutHash(row) };
}

export function updateUserRole(db: Db, id: number, role: UserRole, actor: Actor): UserChangeResult {
  const current = getUserById(db, id);
  return changeUser(db, id, { role }, actor, current?.role === 'admin' && role !== 'admin');
}

export function setUserDisabled(db: Db, id: number, disabled: boolean, actor: Actor): UserChangeResult {
  return changeUser(db, id, { disabledAt: disabled ? new Date().toISOString() : null }, actor, disabled);
}

export function setUserPassword(db: Db, id: number, passwordHash: string, actor: Actor): UserChangeResult {
  return changeUser(db, id, { passwordHash }, actor, false);
}
