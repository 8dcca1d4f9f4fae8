import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../index';
import { revisions, type EntityType } from '../schema';
import type { RevisionAction } from '../../lib/vocab';

/** Who made a change: a signed-in user, or a named process (seed, import, command line). */
export type Actor = { userId: number; agent?: undefined } | { userId?: undefined; agent: string };

export interface RevisionInput {
  entityType: EntityType;
  entityId: number;
  action: RevisionAction;
  actor: Actor;
  before: unknown;
  after: unknown;
  comment?: string | null;
}

/** Appends a revision; call it inside the transaction that made the change, so neither exists without the other. */
export function insertRevision(db: Db, r: RevisionInput): void {
  db.insert(revisions).values({
    entityType: r.entityType,
    entityId: r.entityId,
    action: r.action,
    userId: r.actor.userId ?? null,
    agent: r.actor.agent ?? null,
    comment: r.comment ?? null,
    before: r.before ?? null,
    after: r.after ?? null,
  }).run();
}

export function listRevisions(db: Db, entityType: EntityType, entityId: number) {
  return db.select().from(revisions)
    .where(and(eq(revisions.entityType, entityType), eq(revisions.entityId, entityId)))
    .orderBy(desc(revisions.id)).all();
}
