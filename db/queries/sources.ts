import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../index';
import { sources, type NewSource, type Source } from '../schema';
import { insertRevision, type Actor } from './revisions';

export type SourceInput = Omit<NewSource, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'deletedAt'>;

export function getSourceById(db: Db, id: number): Source | undefined {
  return db.select().from(sources).where(eq(sources.id, id)).get();
}

export function findSourceByTitle(db: Db, title: string): Source | undefined {
  return db.select().from(sources).where(and(eq(sources.title, title), isNull(sources.deletedAt))).get();
}

export function insertSource(db: Db, input: SourceInput, actor: Actor): Source {
  const row = db.insert(sources).values(input).returning().get();
  insertRevision(db, { entityType: 'source', entityId: row.id, action: 'create', actor, before: null, after: row });
  return row;
}
